// Facts: what one file says about the system, each with the exact source range it came from.
// Adapters (engine/sources) produce FileFacts; nothing else reads files.

import type { StageNote } from './stageNotes';
export type { StageNote } from './stageNotes';

/** 0-based line and UTF-16 character, as in LSP. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A place in the workspace. `file` is a workspace-relative POSIX path. */
export interface SourceRef {
  file: string;
  range: Range;
}

export type Format =
  | 'dvc'
  | 'dvc-params'
  | 'github-actions'
  | 'gitlab-ci'
  | 'tekton'
  | 'cloud-build'
  | 'codeowners'
  | 'card'
  | 'airflow'
  | 'kfp'
  | 'argo'
  | 'kedro-catalog'
  | 'kedro-params'
  | 'kedro-credentials'
  | 'kedro-pipeline'
  | 'feast-config'
  | 'feast'
  | 'mlflow'
  | 'hydra'
  | 'kserve'
  | 'bentoml'
  | 'kubernetes'
  | 'kfp-dsl'
  | 'metaflow'
  | 'tfx'
  | 'sagemaker-pipelines'
  | 'prefect'
  | 'prefect-yaml'
  | 'dagster'
  | 'azureml'
  | 'seldon'
  | 'ray-serve'
  | 'zenml'
  | 'flyte'
  | 'zenml-config'
  /** A Python file of a pipeline SDK no adapter reads (sources/pythonSdkNotice.ts). */
  | 'python-sdk'
  /** A file Loopwise skipped (too large, binary). */
  | 'other';

/** What a stage does for the ML system; rules use it (serving stages need fallbacks, training needs seeds). */
export type StageRole = 'train' | 'serve' | 'deploy' | 'evaluate' | 'label' | 'ingest' | 'transform' | 'report' | 'other';

/** A flow: a DVC stage, a workflow job, an Airflow task, a KFP/Argo task, a Kedro node, a serving component. */
export interface Stage {
  /** Unique in the workspace: `<file>#<pipeline>/<name>`. */
  id: string;
  name: string;
  /** The pipeline, workflow, DAG or service the stage belongs to. */
  pipeline: string;
  role: StageRole;
  range: SourceRef;
  command?: string;
  /** Folder the command runs in, when the format says (DVC `wdir`); else the file's folder. */
  cwd?: string;
  image?: string;
  /** Set when the stage's identity or I/O could not be resolved statically (loops, f-strings). */
  dynamic?: boolean;
  /** What the format states about how the stage runs: branches, conditions, probes, sensors (model/stageNotes.ts). */
  notes?: StageNote[];
  /** How long the orchestrator lets the stage (or its whole pipeline) run before stopping it. */
  limits?: RunLimit[];
  /** Definitions the orchestrator fetches at run time from a repository at a named ref (a Tekton git resolver's `revision`). */
  fetches?: RemoteFetch[];
}

/** A task or pipeline definition fetched at run time: `url` at `ref` (as resolved from a param default, when it was one). */
export interface RemoteFetch {
  url: string;
  ref: string;
  /** The definition's path in that repository. */
  path?: string;
  /** The param whose default gave the ref. */
  param?: string;
  range: SourceRef;
}

/**
 * A time limit after which the orchestrator stops a run and fails it: Airflow `execution_timeout`
 * and `dagrun_timeout`, GitHub Actions `timeout-minutes` (360 when absent), Argo and Kubernetes
 * `activeDeadlineSeconds`.
 */
export interface RunLimit {
  minutes: number;
  /** `run` counts from the stage's own start; `pipeline` from the start of the pipeline's run. */
  scope: 'run' | 'pipeline';
  /** What states it, for messages: `` `activeDeadlineSeconds: 1800` ``, a format default. */
  origin: string;
  /** Where the file states it; absent when it is the format's default. */
  range?: SourceRef;
}

export type ArtifactKind = 'data' | 'features' | 'model' | 'labels' | 'predictions' | 'metrics' | 'report' | 'code' | 'world' | 'unknown';

/** How an artifact is named in the file it comes from. Identity (model/identity.ts) normalises it. */
export type ArtifactScheme =
  | 'path' // a repo-relative or absolute file or folder
  | 'uri' // s3://, gs://, az://, hdfs://, http(s)://
  | 'table' // db.schema.table in SQL or config
  | 'dataset' // an Airflow Dataset, a Kedro catalog entry
  | 'feature-view' // a Feast feature view or feature service
  | 'model' // a registry model name
  | 'ci-artifact' // a GitHub Actions upload/download-artifact name
  | 'xcom' // an in-DAG value passed between Airflow tasks
  | 'kfp-output' // a KFP task output
  | 'named'; // anything else with a name

export interface ArtifactRef {
  scheme: ArtifactScheme;
  /** The name as written (after resolving template parameters where their value is known). */
  name: string;
  /** Folder that relative paths are resolved against (workspace-relative). */
  base?: string;
  /** Scope for names that are only unique inside one pipeline (ci-artifact, xcom). */
  scope?: string;
  kind?: ArtifactKind;
  dynamic?: boolean;
  /** A registry access through an alias, stage or tag (`@champion`, `Production`, `latest`): it follows (a read) or moves (a write) that pointer. */
  pointer?: string;
  /** A registry write that promotes or approves a version (stage transition, alias, approval status) rather than adding one. */
  promotes?: boolean;
}

/** A declared artifact, with what the file says about it (type, versioning). */
export interface ArtifactDecl {
  ref: ArtifactRef;
  range: SourceRef;
  label?: string;
  description?: string;
}

export interface IO {
  stage: string;
  direction: 'reads' | 'writes';
  artifact: ArtifactRef;
  range: SourceRef;
  /**
   * The output is kept across runs and the stage works on its own previous copy (DVC `persist: true`:
   * a checkpoint, a resumable study, an append-only log): its writer is also its reader.
   */
  persistent?: true;
}

/** Pure ordering: `needs`, `>>`, `dependencies`, `dependentTasks`, Dataset schedules, sensors. */
export interface Order {
  before: string;
  after: string;
  via: string;
  range: SourceRef;
}

export interface Schedule {
  /** Stage id or pipeline name the schedule applies to; every stage of the pipeline inherits it. */
  pipeline: string;
  file: string;
  kind: 'cron' | 'preset' | 'interval' | 'event' | 'dataset' | 'manual' | 'none';
  expression: string;
  timezone?: string;
  range: SourceRef;
}

/** A configuration value: a parameter, a setting, an argument. The raw material for configuration debt. */
export interface ConfigValue {
  /** Dotted key path inside its file (`train.seed`, `jobs.train.env.DB_PASSWORD`). */
  key: string;
  value: string | number | boolean | null;
  /** Whether this value is a declared parameter that other files may reference. */
  isParam?: boolean;
  /** The comment on or directly above the value, if any. */
  comment?: string;
  range: SourceRef;
  /** Range of the key, for messages that point at the name. */
  keyRange?: SourceRef;
  /** The stage the value configures, if any. */
  stage?: string;
  /** The value is the name of something defined elsewhere (Kedro `credentials: <key of credentials.yml>`), not a literal. */
  reference?: string;
}

/** A reference to something defined elsewhere: `${train.seed}`, `params: [x]`, `view:feature`. */
export interface Reference {
  kind: 'param' | 'feature' | 'column' | 'dataset' | 'artifact';
  /** The name referenced (for a feature: `view:feature`). */
  name: string;
  /** Where the definitions it may resolve to live: params file for DVC, `*` for workspace-wide. */
  scope?: string;
  range: SourceRef;
  stage?: string;
  /**
   * What Loopwise assumed to read this as a reference, when the format itself does not say so
   * (a setting's value taken for Feast feature references): a dangling one is then a warning.
   */
  assumed?: string;
  /**
   * The format falls back to a default when it does not resolve (OmegaConf's `oc.select`), or takes
   * the value from the command that runs it (Argo's `argo submit -p`), which no workspace file holds.
   */
  optional?: boolean;
  /**
   * Why the name is not known for certain (a namespace or rename computed at run time); `{…}`
   * in the name stands for the unknown part. Such a reference is never reported as an error.
   */
  uncertain?: string;
  /**
   * The reference uses the value without making its file a tracked dependency: a DVC `${}`
   * resolved from a `vars` file (DVC tracks only the default params.yaml's values).
   */
  untracked?: boolean;
}

/** A definition a Reference can resolve to (params, feature view fields, columns). */
export interface Definition {
  kind: Reference['kind'];
  name: string;
  scope?: string;
  range: SourceRef;
}

/** Something that should carry a version: an image, a model, a package, an action, a feature view. */
export interface VersionPin {
  subject: 'image' | 'model' | 'package' | 'action' | 'feature-view' | 'dataset';
  name: string;
  version?: string;
  /** The version is a registry alias, stage or tag: a pointer that moves when another version is promoted. */
  moving?: boolean;
  /** A system package (`apk`, `apt`, `yum`, `dnf`, `microdnf`), versioned by the distribution's repository. */
  installer?: string;
  range: SourceRef;
  stage?: string;
}

/** A CODEOWNERS rule (pattern -> owners) in file order. */
export interface OwnerRule {
  /** Folder the CODEOWNERS file governs (its repository root); patterns are relative to it. */
  base: string;
  pattern: string;
  owners: string[];
  order: number;
  range: SourceRef;
}

/** An owner stated next to the thing it owns (Airflow `owner`, BentoML `labels.owner`, Feast `tags.team`). */
export interface OwnerClaim {
  subject: string;
  owner: string;
  range: SourceRef;
}

export interface ParseProblem {
  message: string;
  range: SourceRef;
  severity: 'error' | 'warning' | 'info';
  /** The file does not parse (YAML/Python syntax): its last good facts are kept. */
  syntax?: boolean;
  /** Loopwise itself failed on the file (a bug to report), not the file. */
  internal?: boolean;
  /** The file is a template (Helm, Jinja, cookiecutter, kapitan): its language. */
  template?: string;
  /** The file uses this pipeline SDK, which no adapter reads: said once per SDK (`loopwise/unsupported-sdk`). */
  unsupportedSdk?: string;
  /** Set with `template` when only part of the file was read (template statement lines left out). */
  partial?: boolean;
}

/**
 * A place where a file names a stage or an artifact without saying it is read or written: the
 * Python variable holding an Airflow task, a path inside a shell command. Navigation only: it
 * links to a node the facts made, never makes one.
 */
export interface Mention {
  range: SourceRef;
  stage?: string;
  artifact?: ArtifactRef;
}

/** Everything an adapter learned from one file. */
export interface FileFacts {
  file: string;
  format: Format;
  stages: Stage[];
  artifacts: ArtifactDecl[];
  io: IO[];
  orders: Order[];
  schedules: Schedule[];
  values: ConfigValue[];
  references: Reference[];
  definitions: Definition[];
  versions: VersionPin[];
  ownerRules: OwnerRule[];
  ownerClaims: OwnerClaim[];
  problems: ParseProblem[];
  /** Suppression comments found in the file. */
  suppressions: Suppression[];
  /** Card facts (only for mlsystem.yaml). */
  card?: import('../card/card').Card;
  /**
   * The file does not parse and no earlier version did: what it defines is unknown (a partial
   * parse may miss keys), so references into it are not judged.
   */
  incomplete?: boolean;
  /** KServe ServingRuntimes and ClusterServingRuntimes declared in the file. */
  servingRuntimes?: ServingRuntime[];
  /** Other places the file names a stage or an artifact (navigation). */
  mentions?: Mention[];
  /** Keys of option mappings the format applies by name (Airflow `default_args`), for `config/unknown-key`. */
  optionKeys?: OptionKey[];
}

/** A key as written in an options mapping that a format reads by name. */
export interface OptionKey {
  /** Which mapping: `airflow-default-args`. */
  scope: 'airflow-default-args';
  key: string;
  /** The key as written, quotes included (`'retry'`). */
  raw: string;
  range: SourceRef;
}

/** A KServe (Cluster)ServingRuntime: the container that serves the models of InferenceServices that use it. */
export interface ServingRuntime {
  name: string;
  /** `supportedModelFormats` names with `autoSelect: true`: the formats it serves when an InferenceService names no runtime. */
  autoSelectFormats: string[];
  /** The probes its containers declare (readinessProbe, livenessProbe, startupProbe). */
  probes: string[];
  range: SourceRef;
}

export interface Suppression {
  ruleId: string;
  reason?: string;
  until?: string;
  /** The line the suppression covers (0-based). */
  line: number;
  range: SourceRef;
}

export function emptyFacts(file: string, format: Format): FileFacts {
  return {
    file,
    format,
    stages: [],
    artifacts: [],
    io: [],
    orders: [],
    schedules: [],
    values: [],
    references: [],
    definitions: [],
    versions: [],
    ownerRules: [],
    ownerClaims: [],
    problems: [],
    suppressions: [],
  };
}

export function stageId(file: string, pipeline: string, name: string): string {
  return `${file}#${pipeline}/${name}`;
}
