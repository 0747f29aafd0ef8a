import type { FileFacts, Format } from '../model/facts';

/** Read access to other workspace files, for formats whose meaning spans files (DVC params). */
export interface SiblingReader {
  /** The text of a workspace-relative file, or undefined if it does not exist. Records the dependency. */
  read(path: string): string | undefined;
}

export interface SourceFile {
  /** Workspace-relative POSIX path. */
  path: string;
  text: string;
}

/**
 * One adapter per file format. `detect` looks at the path and the content (never the
 * extension alone); `parse` turns the file into Facts and never throws on bad input: it
 * reports ParseProblems instead.
 */
export interface SourceAdapter {
  format: Format;
  /** What users call this format, e.g. 'GitLab CI'. */
  displayName?: string;
  /** Workspace-relative glob patterns (picomatch) of files that may be this format: candidates, watchers, activation. */
  globs?: string[];
  /** What the format's files mean to the rules; absent means none of it. */
  contributes?: FormatContribution;
  detect(file: SourceFile): boolean;
  parse(file: SourceFile, siblings: SiblingReader): FileFacts;
  /** One-time asynchronous setup (tree-sitter's WASM). Called once per process before parse. */
  init?(): Promise<void>;
}

/**
 * One place per format: the rules' format tables derive from this (sources/formats.ts), so a new
 * adapter brings its own answers instead of being added to lists in rules.
 */
export interface FormatContribution {
  /** Its files are pipeline or configuration files a team should own (ownership/unowned). */
  ownable?: boolean;
  /** It runs stages: data passed from one such system to another crosses a hand-off (pipeline/cross-orchestrator-handoff). */
  orchestrator?: boolean;
  /**
   * Its serving stages are online endpoints: `always` (KServe, BentoML), or `long-running`
   * (Kubernetes: a Deployment serves, a Job or CronJob runs to completion).
   */
  serving?: 'always' | 'long-running';
  /** Its stages run as Kubernetes pods: `env` entries are container env vars, host paths are the node's. */
  pods?: boolean;
  /** Every stage runs in a container image, stated or not (a Tekton or Cloud Build step). */
  containers?: boolean;
  /** A CI service whose jobs run shell commands: a job that runs `dvc repro` hosts DVC's pipeline. */
  ci?: boolean;
  /**
   * Its platform checks the health of its serving stages when the file states no probe (Seldon's
   * operator, KubeRay and Azure ML add default readiness and liveness probes): what does, for readers.
   */
  defaultProbes?: string;
  /** What the format calls one scheduled pipeline in messages: `DAG`, `workflow`, `CronJob`. */
  pipelineNoun?: string;
}
