// GitLab CI/CD pipelines (`.gitlab-ci.yml` and the files it includes), read as GitLab's CI YAML
// reference defines them: every top-level key that is not a global keyword is a job (a name
// starting with `.` is a hidden job, a template that never runs); a job runs in its `stage`
// (`test` when unset) after every job of the earlier stages, or right after its `needs` when it
// states them; `extends` and `default:` merge into the job (maps merged, other values replaced);
// `artifacts:paths` are files the job hands to later jobs; `rules`/`only` say which pipeline
// sources (pushes, merge requests, schedules) run it. Schedules' cron lines live in the
// project's settings, not in the file.
import type { SiblingReader, SourceAdapter, SourceFile } from './adapter';
import { emptyFacts, stageId, type FileFacts, type RunLimit, type SourceRef, type Stage } from '../model/facts';
import { remark, type StageNote } from '../model/stageNotes';
import {
  parseYaml,
  mappings,
  get,
  entries,
  items,
  str,
  refOf,
  collectValues,
  isMap,
  isSeq,
  isScalar,
  subRef,
  type YamlFile,
  type YamlNode,
} from '../text/yaml';
import { shellCommands } from './shell';
import { readScriptCommand, type ScriptContext } from './ciScript';
import { imageInSetting, imagePin, splitImage } from './images';
import { guessRole, kindOfPath } from './roles';
import { addLimits } from './runLimits';
import {
  GLOBAL_KEYWORDS,
  includesOf,
  localPath,
  readProject,
  type GitLabProject,
  type Include,
  type JobDef,
  type ProjectFile,
} from './gitlabProject';
import { dirname } from '../text/paths';
import { durationMinutes } from './durations';

export const gitlabCiAdapter: SourceAdapter = {
  format: 'gitlab-ci',
  displayName: 'GitLab CI',
  globs: ['**/.gitlab-ci.yml', '**/.gitlab-ci.yaml', '**/*.gitlab-ci.yml', '**/.gitlab/**/*.yml', '**/.gitlab/**/*.yaml'],
  contributes: { ownable: true, orchestrator: true, ci: true },
  detect: (file) => /\.ya?ml$/i.test(file.path) && (isMainFile(file) || looksLikeJobs(file.text)),
  parse: parseGitLabCi,
};

function isMainFile(file: SourceFile): boolean {
  return /(^|\/)([\w.-]*\.)?gitlab-ci\.ya?ml$/.test(file.path) && /^[\w.$-][^\n:]*:/m.test(file.text);
}

// Other formats with jobs and scripts: GitHub Actions and CircleCI (`jobs:`), Bitbucket
// (`pipelines:`), Travis (`language:`, top-level `script:`), Cloud Build and Drone (`steps:`),
// Kubernetes manifests, Taskfile (`tasks:`), Docker Compose (`services:` with no script).
const OTHER_FORMAT = /^(on|"on"|jobs|pipelines|language|script|steps|apiVersion|kind|tasks|version|matrix|dist|os)\s*:/m;
const JOB_KEY = /^(script|trigger|extends)$/;

/**
 * An included file has no name of its own: it is GitLab CI when a top-level entry is a job,
 * a map whose first-level keys include `script`, `trigger` or `extends`.
 */
function looksLikeJobs(text: string): boolean {
  if (OTHER_FORMAT.test(text) || !/^\s+(script|trigger|extends)\s*:/m.test(text)) return false;
  let top: string | undefined;
  let indent = -1;
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*(#|$)/.test(line)) continue;
    const m = /^(\s*)(-\s+)?([\w.:$/()[\] -]+?)\s*:(\s|$)/.exec(line);
    if (!m) continue;
    if (m[1] === '' && !m[2]) {
      top = m[3];
      indent = -1;
      continue;
    }
    if (top === undefined || GLOBAL_KEYWORDS.has(top) || m[2]) continue;
    if (indent < 0) indent = m[1].length;
    if (m[1].length !== indent) continue;
    if (JOB_KEY.test(m[3])) return true;
  }
  return false;
}

interface Pipeline extends ScriptContext {
  y: YamlFile;
  project: GitLabProject;
  self: ProjectFile | undefined;
  /** Image references with CI variables Loopwise cannot resolve, for one notice. */
  unresolvedImages: string[];
  /** Facts already stated for a YAML node (an image written once is one pin). */
  seenImages: Set<YamlNode>;
  /** Each job's stage, once computed. */
  stageOfJob: Map<string, string>;
}

function parseGitLabCi(file: SourceFile, siblings: SiblingReader): FileFacts {
  const y = parseYaml(file.path, file.text);
  const facts = emptyFacts(file.path, 'gitlab-ci');
  facts.problems.push(...y.problems);
  const root = mappings(y)[0];
  if (!root) return facts;
  const project = readProject(file.path, y, siblings);
  const self = project.files.find((f) => f.path === file.path);
  const name = str(y, get(get(project.files[0]?.root, 'workflow'), 'name')) ?? 'gitlab-ci';
  const p: Pipeline = { y, facts, name, project, self, unresolvedImages: [], seenImages: new Set(), stageOfJob: new Map() };
  if (project.main === file.path) readWorkflow(p, root);
  readIncludes(p, root);
  collectValues(y, get(root, 'variables'), 'variables', facts.values);
  pinImageVariables(p, get(root, 'variables'), undefined);
  collectValues(y, get(get(root, 'default'), 'variables'), 'default.variables', facts.values);
  for (const node of [get(root, 'image'), get(get(root, 'default'), 'image')]) pinImage(p, node, globalVariables(p), undefined);
  for (const [jobName, node, pair] of entries(root)) {
    if (GLOBAL_KEYWORDS.has(jobName)) continue;
    if (jobName.startsWith('.')) readTemplate(p, jobName, node);
    else readJob(p, jobName, node, refOf(y, pair.key));
  }
  notice(p, root);
  return facts;
}

/** `variables:` that name an image with a tag (`BASE_IMAGE: nvcr.io/nvidia/nemo:nightly`) are version pins too. */
function pinImageVariables(p: Pipeline, node: YamlNode | undefined, stage: string | undefined): void {
  for (const [name, value] of entries(node)) {
    const valueNode = isMap(value) ? get(value, 'value') : value;
    const pin = imageInSetting(name, str(p.y, valueNode) ?? '');
    if (pin && valueNode) p.facts.versions.push({ subject: 'image', ...pin, range: refOf(p.y, valueNode), stage });
  }
}

/** A hidden job runs only through the jobs that extend it: its literal values and images are still stated here. */
function readTemplate(p: Pipeline, name: string, node: YamlNode | undefined): void {
  collectValues(p.y, get(node, 'variables'), `${name}.variables`, p.facts.values);
  pinImageVariables(p, get(node, 'variables'), undefined);
  const vars = { ...globalVariables(p), ...literalVariables(p.y, get(node, 'variables')) };
  pinImage(p, get(node, 'image'), vars, undefined);
  for (const s of items(get(node, 'services'))) pinImage(p, s, vars, undefined);
}

type Effective = Map<string, { node: YamlNode | undefined; file: ProjectFile }>;

/** The job as GitLab runs it: `default:` (unless `inherit: default: false`), then its `extends` chain, then its own keys. */
function effectiveJob(p: Pipeline, def: JobDef): Effective {
  const out: Effective = new Map();
  const inherit = get(get(def.node, 'inherit'), 'default');
  if (str(def.file.y, inherit) !== 'false') {
    for (const f of p.project.files) {
      for (const key of ['image', 'services', 'before_script', 'after_script', 'cache']) {
        const v = get(f.root, key);
        if (v) out.set(key, { node: v, file: f });
      }
      for (const [key, v] of entries(get(f.root, 'default'))) out.set(key, { node: v, file: f });
    }
  }
  mergeExtends(p, def, out, new Set());
  return out;
}

function mergeExtends(p: Pipeline, def: JobDef, out: Effective, seen: Set<string>): void {
  if (seen.has(def.name) || seen.size > 11) return; // GitLab allows 11 levels of extends
  seen.add(def.name);
  const ext = get(def.node, 'extends');
  for (const parent of isSeq(ext) ? items(ext) : ext ? [ext] : []) {
    const target = p.project.jobs.get(str(def.file.y, parent) ?? '');
    if (target) mergeExtends(p, target, out, seen);
  }
  for (const [key, value] of entries(def.node)) {
    if (key === 'extends') continue;
    const before = out.get(key);
    if (isMap(value) && before && isMap(before.node) && before.file === def.file) {
      // Maps merge key by key; kept as the later map, which is what a job's own keys override.
      out.set(key, { node: mergedMap(before.node, value), file: def.file });
    } else out.set(key, { node: value, file: def.file });
  }
}

function mergedMap(base: YamlNode, over: YamlNode): YamlNode {
  if (!isMap(base) || !isMap(over)) return over;
  const merged = over.clone() as typeof over;
  for (const item of base.items) {
    const key = isScalar(item.key) ? String(item.key.value) : undefined;
    if (key !== undefined && !get(over, key)) merged.items.push(item);
  }
  return merged;
}

function readJob(p: Pipeline, jobName: string, node: YamlNode | undefined, at: SourceRef): void {
  const { y, facts, project } = p;
  const def = project.jobs.get(jobName) ?? { name: jobName, file: p.self ?? { path: facts.file, y, root: mappings(y)[0] }, node };
  const job = effectiveJob(p, def);
  const id = stageId(facts.file, p.name, jobName);
  const stageName = textOf(job.get('stage')) ?? 'test';
  const scriptLines = ['before_script', 'script', 'after_script'].flatMap((k) => scriptOf(p, job.get(k)));
  const command = scriptLines.map((l) => l.text).join('\n');
  const named = guessRole(jobName);
  const stage: Stage & { notes: StageNote[] } = {
    id,
    name: jobName,
    pipeline: p.name,
    role: named !== 'other' ? named : guessRole(stageName, command),
    range: at,
    command: command || undefined,
    notes: [remark(`stage: ${stageName}`)],
  };
  const vars = { ...globalVariables(p), ...literalVariables(y, get(node, 'variables')) };
  const image = imageName(job.get('image'));
  if (image) stage.image = expand(image, vars) ?? image;
  addLimits(stage, jobTimeout(job));
  if (job.get('trigger')) stage.notes.push(remark('triggers a downstream pipeline'));
  if (job.get('parallel')) stage.notes.push(remark('parallel: runs as several jobs'));
  if (textOf(job.get('when')) === 'manual') stage.notes.push(remark('when: manual'));
  facts.stages.push(stage);
  collectValues(y, get(node, 'variables'), `${jobName}.variables`, facts.values, { stage: id });
  pinImageVariables(p, get(node, 'variables'), id);
  pinImage(p, get(node, 'image'), vars, id);
  for (const s of items(get(node, 'services'))) pinImage(p, s, vars, id);
  for (const line of scriptLines)
    for (const cmd of shellCommands(line.text)) {
      const where = line.file === p.self && line.node ? (subRef(y, line.node, cmd.text) ?? refOf(y, line.node)) : at;
      readScriptCommand(p, id, jobName, cmd, where, stage.notes);
    }
  const jobVars = {
    ...vars,
    ...literalVariables(job.get('variables')?.file.y ?? y, job.get('variables')?.node),
    ...literalVariables(y, get(node, 'variables')),
  };
  readArtifacts(p, id, jobName, job, jobVars, at);
  readTrigger(p, id, job, jobVars, at);
  readDownloads(p, id, job);
  readOrder(p, def, id, stageName, job, at);
  readJobSchedule(p, id, job);
}

interface ScriptLine {
  text: string;
  node: YamlNode | undefined;
  file: ProjectFile;
}

/** `script:` as GitLab runs it: a string or a list, nested lists flattened, `!reference [job, key]` resolved. */
function scriptOf(p: Pipeline, entry: { node: YamlNode | undefined; file: ProjectFile } | undefined, depth = 0): ScriptLine[] {
  if (!entry?.node || depth > 10) return [];
  const { node, file } = entry;
  const tag = (node as { tag?: string }).tag;
  if (tag === '!reference' && isSeq(node)) {
    const [jobName, ...path] = items(node).map((i) => str(file.y, i) ?? '');
    const target = p.project.jobs.get(jobName);
    let value: YamlNode | undefined = target?.node;
    for (const key of path) value = get(value, key);
    return target ? scriptOf(p, { node: value, file: target.file }, depth + 1) : [];
  }
  if (isSeq(node)) return items(node).flatMap((i) => scriptOf(p, { node: i, file }, depth + 1));
  const text = str(file.y, node);
  return text ? [{ text, node, file }] : [];
}

/**
 * A job's `artifacts:` are kept per job: each file at `paths` (and `reports`, but for `dotenv`,
 * which becomes variables) is a CI artifact of that job, downloaded by later jobs (stage order,
 * `dependencies`, `needs`) or named by a child pipeline's `trigger: include: artifact`.
 */
function readArtifacts(p: Pipeline, id: string, jobName: string, job: Effective, vars: Record<string, string>, at: SourceRef): void {
  const entry = job.get('artifacts');
  if (!entry?.node) return;
  for (const { path, node } of archived(entry))
    p.facts.io.push({
      stage: id,
      direction: 'writes',
      artifact: artifactOf(p, jobName, expand(path, vars) ?? path),
      range: entry.file === p.self && node ? refOf(p.y, node) : at,
    });
}

function artifactOf(p: Pipeline, jobName: string, path: string) {
  return {
    scheme: 'ci-artifact' as const,
    name: path,
    scope: `${p.project.main}#${jobName}`,
    kind: kindOfPath(path),
    dynamic: path.includes('$') || undefined,
  };
}

function archived(entry: { node: YamlNode | undefined; file: ProjectFile }): Array<{ path: string; node: YamlNode | undefined }> {
  const out: Array<{ path: string; node: YamlNode | undefined }> = [];
  const add = (node: YamlNode | undefined) => {
    for (const n of isSeq(node) ? items(node) : node ? [node] : []) {
      const path = str(entry.file.y, n);
      if (path) out.push({ path, node: n });
    }
  };
  add(get(entry.node, 'paths'));
  for (const [kind, report] of entries(get(entry.node, 'reports'))) if (kind !== 'dotenv') add(report);
  return out;
}

/** `trigger:` starts a child pipeline from a file of this project, or from the artifacts of an earlier job. */
function readTrigger(p: Pipeline, id: string, job: Effective, vars: Record<string, string>, at: SourceRef): void {
  const entry = job.get('trigger');
  if (!entry?.node) return;
  for (const inc of includesOf(entry.file.y, get(entry.node, 'include') ? entry.node : undefined)) {
    const range = entry.file === p.self ? refOf(p.y, inc.node) : at;
    if (inc.kind === 'local') {
      const name = localPath(dirname(p.project.main), inc.target);
      p.facts.io.push({ stage: id, direction: 'reads', artifact: { scheme: 'path', name, kind: 'code' }, range });
    } else if (inc.kind === 'artifact') {
      const source = str(entry.file.y, get(inc.node, 'job'));
      if (!source || !p.project.jobs.has(source)) continue;
      const file = expand(inc.target, vars) ?? inc.target;
      const artifacts = effectiveJob(p, p.project.jobs.get(source)!).get('artifacts');
      const variable = (artifacts ? archived(artifacts) : []).some((a) => a.path.includes('$'));
      const artifact = artifactOf(p, source, file);
      p.facts.io.push({
        stage: id,
        direction: 'reads',
        artifact: { ...artifact, dynamic: artifact.dynamic ?? (variable || undefined) },
        range,
      });
    }
  }
}

/** `dependencies:` (and `needs:` with `artifacts: true`) name the jobs whose artifacts a job downloads. */
function readDownloads(p: Pipeline, id: string, job: Effective): void {
  const named: Array<[string, YamlNode, ProjectFile]> = [];
  const deps = job.get('dependencies');
  for (const n of items(deps?.node)) named.push([str(deps!.file.y, n) ?? '', n, deps!.file]);
  const needs = job.get('needs');
  for (const n of items(needs?.node))
    if (str(needs!.file.y, get(n, 'artifacts')) === 'true') named.push([str(needs!.file.y, get(n, 'job')) ?? '', n, needs!.file]);
  for (const [name, node, file] of named) {
    const source = p.project.jobs.get(name);
    const entry = source && effectiveJob(p, source).get('artifacts');
    const range = file === p.self ? refOf(p.y, node) : p.facts.stages.find((s) => s.id === id)!.range;
    for (const { path } of entry ? archived(entry) : [])
      p.facts.io.push({ stage: id, direction: 'reads', artifact: artifactOf(p, name, path), range });
  }
}

/** `needs` orders a job after the jobs it names; without it, after every job of the closest earlier stage that has jobs. */
function readOrder(p: Pipeline, def: JobDef, id: string, stageName: string, job: Effective, at: SourceRef): void {
  const { facts, project } = p;
  const needs = job.get('needs');
  const ids = (name: string) => {
    const target = project.jobs.get(name);
    return target ? [stageId(target.file.path, p.name, name)] : [];
  };
  if (needs) {
    for (const n of isSeq(needs.node) ? items(needs.node) : []) {
      const name = str(needs.file.y, n) ?? str(needs.file.y, get(n, 'job'));
      if (!name || get(n, 'pipeline') || get(n, 'project')) continue;
      const range = needs.file === p.self ? refOf(p.y, n) : at;
      const found = ids(name);
      for (const before of found) facts.orders.push({ before, after: id, via: 'needs', range });
      const optional = str(needs.file.y, get(n, 'optional')) === 'true';
      if (!found.length && !optional) missing(p, range, `\`needs: ${name}\`: no job of this pipeline is named \`${name}\``);
    }
    return;
  }
  const position = project.stages.indexOf(stageName);
  if (position < 0) {
    if (project.complete && def.file === p.self)
      missing(p, refOf(p.y, get(def.node, 'stage') ?? def.node), `\`stage: ${stageName}\` is not in the pipeline's \`stages:\``);
    return;
  }
  for (let i = position - 1; i >= 0; i--) {
    const earlier = [...project.jobs.values()].filter((j) => !j.name.startsWith('.') && stageOf(p, j) === project.stages[i]);
    for (const j of earlier) facts.orders.push({ before: stageId(j.file.path, p.name, j.name), after: id, via: 'stage', range: at });
    if (earlier.length) break;
  }
}

function stageOf(p: Pipeline, def: JobDef): string {
  let stage = p.stageOfJob.get(def.name);
  if (stage === undefined) {
    stage = textOf(effectiveJob(p, def).get('stage')) ?? 'test';
    p.stageOfJob.set(def.name, stage);
  }
  return stage;
}

/** A name GitLab cannot resolve refuses the whole pipeline; certain only when every file of the pipeline was read. */
function missing(p: Pipeline, range: SourceRef, what: string): void {
  if (!p.project.complete) return;
  p.facts.problems.push({ message: `${what}: GitLab refuses to create the pipeline.`, range, severity: 'error' });
}

// `$CI_PIPELINE_SOURCE == "schedule"` and its spellings (`==`, single or double quotes).
const SOURCE_TEST = /\$\{?CI_PIPELINE_SOURCE\}?\s*(==|!=)\s*["']([\w-]+)["']/g;

/** The pipeline sources a list of rules admits: those named by an `if` whose rule does not say `when: never`. */
function admittedSources(y: YamlFile, rules: YamlNode | undefined): Array<{ source: string; node: YamlNode }> {
  const out: Array<{ source: string; node: YamlNode }> = [];
  for (const rule of items(rules)) {
    if (str(y, get(rule, 'when')) === 'never') continue;
    const cond = get(rule, 'if');
    const text = str(y, cond) ?? '';
    for (const m of text.matchAll(SOURCE_TEST)) if (m[1] === '==' && cond) out.push({ source: m[2], node: cond });
  }
  return out;
}

/** `workflow:rules` say which events create pipelines at all. */
function readWorkflow(p: Pipeline, root: YamlNode): void {
  const rules = get(get(root, 'workflow'), 'rules');
  const seen = new Set<string>();
  for (const { source, node } of admittedSources(p.y, rules)) {
    if (seen.has(source)) continue;
    seen.add(source);
    p.facts.schedules.push({
      pipeline: p.name,
      file: p.facts.file,
      kind: source === 'web' ? 'manual' : 'event',
      expression: source,
      range: refOf(p.y, node),
    });
  }
}

/** A job whose every rule asks for a scheduled pipeline (or `only: [schedules]`) runs only on the project's schedules. */
function readJobSchedule(p: Pipeline, id: string, job: Effective): void {
  const rules = job.get('rules');
  const only = job.get('only');
  let at: YamlNode | undefined;
  if (rules && isSeq(rules.node)) {
    const admitted = admittedSources(rules.file.y, rules.node);
    const live = items(rules.node).filter((r) => str(rules.file.y, get(r, 'when')) !== 'never');
    if (live.length && admitted.length === live.length && admitted.every((a) => a.source === 'schedule')) at = admitted[0].node;
  } else if (only) {
    const refs = isSeq(only.node) ? only.node : get(only.node, 'refs');
    const names = items(refs).map((r) => str(only.file.y, r));
    if (names.length && names.every((n) => n === 'schedules')) at = only.node;
  }
  if (!at) return;
  p.facts.schedules.push({
    pipeline: id,
    file: p.facts.file,
    kind: 'event',
    expression: 'schedule',
    range: rules?.file === p.self || only?.file === p.self ? refOf(p.y, at) : p.facts.stages.find((s) => s.id === id)!.range,
  });
}

function readIncludes(p: Pipeline, root: YamlNode): void {
  for (const inc of includesOf(p.y, root)) {
    pinInclude(p, inc);
    if (inc.kind !== 'local' || /[*$]/.test(inc.target)) continue;
    const path = localPath(dirname(p.project.main), inc.target);
    if (
      !p.project.files.some((f) => f.path === path) &&
      p.project.main === p.facts.file &&
      p.project.unread.includes(`local: ${inc.target} (not in the workspace)`)
    )
      p.facts.problems.push({
        message: `\`include: ${inc.target}\`: no such file in this project (looked for ${path}); GitLab refuses to create the pipeline.`,
        range: refOf(p.y, inc.node),
        severity: 'warning',
      });
  }
}

/**
 * Configuration included from another project runs as part of this pipeline: `ref:` pins it
 * (without one, GitLab takes the project's default branch as it is now); a CI/CD component
 * is pinned by the version after its `@`.
 */
function pinInclude(p: Pipeline, inc: Include): void {
  if (inc.kind === 'project') {
    const refNode = get(inc.node, 'ref');
    const files = get(inc.node, 'file');
    const file =
      str(p.y, files) ??
      items(files)
        .map((f) => str(p.y, f))
        .join(', ');
    const name = file ? `${inc.target}:${file}` : inc.target;
    p.facts.versions.push({ subject: 'action', name, version: str(p.y, refNode), range: refOf(p.y, refNode ?? get(inc.node, 'project')) });
  } else if (inc.kind === 'component' && !inc.target.includes('$')) {
    const at = inc.target.lastIndexOf('@');
    const name = at > 0 ? inc.target.slice(0, at) : inc.target;
    const version = at > 0 ? inc.target.slice(at + 1).replace(/^~/, '') : undefined;
    p.facts.versions.push({ subject: 'action', name, version, range: refOf(p.y, get(inc.node, 'component')) });
  }
}

/** One coverage notice per file: what Loopwise could not read, so silence about it does not read as a check passed. */
function notice(p: Pipeline, root: YamlNode): void {
  const parts: string[] = [];
  const remote = [...new Set(p.project.unread.filter((u) => !u.endsWith('(not in the workspace)')))];
  if (remote.length && p.project.main === p.facts.file)
    parts.push(
      `included configuration outside this workspace (${remote.slice(0, 3).join(', ')}${remote.length > 3 ? ', …' : ''}) was not read`,
    );
  if (p.project.standalone)
    parts.push('no `.gitlab-ci.yml` of this workspace includes this file, so jobs and templates it uses from elsewhere were not resolved');
  if (p.unresolvedImages.length)
    parts.push(
      `image names built from CI variables (${[...new Set(p.unresolvedImages)].slice(0, 3).join(', ')}) were not checked for a pinned version`,
    );
  if (p.facts.schedules.some((s) => s.expression === 'schedule'))
    parts.push("the cron of GitLab's scheduled pipelines is set in the project's settings, not in this file, so their timing is unknown");
  if (!parts.length) return;
  p.facts.problems.push({
    message: `Not fully read: ${parts.join('; ')}.`,
    range: refOf(p.y, (isMap(root) ? root.items[0]?.key : root) as YamlNode),
    severity: 'info',
  });
}

function textOf(entry: { node: YamlNode | undefined; file: ProjectFile } | undefined): string | undefined {
  return entry ? str(entry.file.y, entry.node) : undefined;
}

function imageName(entry: { node: YamlNode | undefined; file: ProjectFile } | undefined): string | undefined {
  if (!entry?.node) return undefined;
  return str(entry.file.y, entry.node) ?? str(entry.file.y, get(entry.node, 'name'));
}

/** An `image:` written in this file is a version pin, once, where it is written. */
function pinImage(p: Pipeline, node: YamlNode | undefined, vars: Record<string, string>, stage: string | undefined): void {
  const nameNode = isMap(node) ? get(node, 'name') : node;
  const raw = str(p.y, nameNode);
  if (!raw || !nameNode || p.seenImages.has(nameNode)) return;
  p.seenImages.add(nameNode);
  const expanded = expand(raw, vars);
  const pin = expanded ? splitImage(expanded) : imagePin(raw);
  if (!pin) {
    p.unresolvedImages.push(raw);
    return;
  }
  p.facts.versions.push({ subject: 'image', ...pin, range: refOf(p.y, nameNode), stage });
}

/** `$VAR` and `${VAR}` replaced from the variables in scope; undefined when one is not a literal known here. */
function expand(text: string, vars: Record<string, string>): string | undefined {
  let unknown = false;
  const out = text.replace(/\$\{?(\w+)\}?/g, (_, name: string) => {
    if (vars[name] === undefined || vars[name].includes('$')) unknown = true;
    return vars[name] ?? '';
  });
  return unknown ? undefined : out;
}

function globalVariables(p: Pipeline): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of p.project.files.length ? p.project.files : []) Object.assign(out, literalVariables(f.y, get(f.root, 'variables')));
  return out;
}

function literalVariables(y: YamlFile, node: YamlNode | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of entries(node)) {
    const text = str(y, value) ?? str(y, get(value, 'value'));
    if (text !== undefined) out[name] = text;
  }
  return out;
}

/** `timeout: 3h 30m`: GitLab stops the job after it. Without one, the project's setting applies (unknown here). */
function jobTimeout(job: Effective): RunLimit | undefined {
  const entry = job.get('timeout');
  const text = textOf(entry);
  if (!entry || !text) return undefined;
  const minutes = durationMinutes(text);
  if (minutes === undefined || minutes <= 0) return undefined;
  return { minutes, scope: 'run', origin: `\`timeout: ${text}\``, range: refOf(entry.file.y, entry.node) };
}
