// GitHub Actions workflows: jobs with `needs`, `on.schedule` crons, artifacts passed with
// upload/download-artifact, `dvc pull/repro`, `aws s3 cp`/`gsutil cp`, `python x.py` steps,
// container images and action versions. Detected by folder and content, so a workflow
// saved as `.py` is still read as the YAML it is.
import type { SourceAdapter, SourceFile } from './adapter';
import { emptyFacts, stageId, type FileFacts, type RunLimit, type SourceRef, type Stage } from '../model/facts';
import type { StageNote } from '../model/stageNotes';
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
  pairOf,
  type YamlFile,
  type YamlNode,
  subRef,
} from '../text/yaml';
import { addLimits, yamlLimit } from './runLimits';
import { basename, normalizePath, stripExtension } from '../text/paths';
import { yamlCommandMentions } from './commandMentions';
import { guessRole, kindOfPath } from './roles';
import { shellCommands } from './shell';
import { readScriptCommand } from './ciScript';
import { splitImage } from './images';
import { pushTo } from '../text/collections';

export const githubActionsAdapter: SourceAdapter = {
  format: 'github-actions',
  displayName: 'GitHub Actions',
  globs: ['**/.github/workflows/*'],
  contributes: { ownable: true, orchestrator: true, ci: true, pipelineNoun: 'workflow' },
  detect: (file) =>
    /(^|\/)\.github\/workflows\/[^/]+$/.test(file.path) && /^jobs\s*:/m.test(file.text) && /^(on|"on"|'on'|true)\s*:/m.test(file.text),
  parse: parseWorkflow,
};

interface Workflow {
  y: YamlFile;
  facts: FileFacts;
  name: string;
  /** Artifact name -> paths uploaded under it. */
  uploads: Map<string, string[]>;
  downloads: Array<{ stage: string; name: string; path?: string }>;
}

function parseWorkflow(file: SourceFile): FileFacts {
  const y = parseYaml(file.path, file.text);
  const facts = emptyFacts(file.path, 'github-actions');
  facts.problems.push(...y.problems);
  for (const root of mappings(y)) {
    const name = str(y, get(root, 'name')) ?? stripExtension(basename(file.path));
    const wf: Workflow = { y, facts, name, uploads: new Map(), downloads: [] };
    readTriggers(wf, get(root, 'on') ?? get(root, 'true'));
    const jobs = entries(get(root, 'jobs'));
    for (const [jobId, job, pair] of jobs) readJob(wf, jobId, job, refOf(y, pair.key));
    for (const [jobId, job] of jobs) readNeeds(wf, jobId, job);
    dropDownloadedReads(wf);
    collectValues(y, get(root, 'env'), 'env', facts.values);
  }
  return facts;
}

function readTriggers(wf: Workflow, on: YamlNode | undefined): void {
  const { y, facts } = wf;
  const events: Array<[string, YamlNode | undefined, SourceRef]> = [];
  for (const s of items(on)) events.push([str(y, s) ?? '', undefined, refOf(y, s)]);
  const single = str(y, on);
  if (single) events.push([single, undefined, refOf(y, on)]);
  for (const [event, body, pair] of entries(on)) events.push([event, body, refOf(y, pair.key)]);
  for (const [event, body, at] of events) {
    if (event === 'schedule') {
      for (const entry of items(body)) {
        const cron = get(entry, 'cron');
        const expression = str(y, cron);
        if (expression)
          facts.schedules.push({ pipeline: wf.name, file: facts.file, kind: 'cron', expression, timezone: 'UTC', range: refOf(y, cron) });
      }
    } else if (event) {
      facts.schedules.push({
        pipeline: wf.name,
        file: facts.file,
        kind: event === 'workflow_dispatch' ? 'manual' : 'event',
        expression: event,
        range: at,
      });
    }
  }
}

function readJob(wf: Workflow, jobId: string, job: YamlNode | undefined, at: SourceRef): void {
  const { y, facts } = wf;
  const id = stageId(facts.file, wf.name, jobId);
  const steps = items(get(job, 'steps'));
  const runs = steps.map((s) => str(y, get(s, 'run')) ?? '').filter(Boolean);
  const displayName = str(y, get(job, 'name')) ?? jobId;
  const stage: Stage & { notes: StageNote[] } = {
    id,
    name: jobId,
    pipeline: wf.name,
    role: guessRole(`${jobId} ${displayName}`, runs.join('\n')),
    range: at,
    command: runs.join('\n') || undefined,
    notes: [],
  };
  addLimits(stage, jobTimeout(y, job));
  // A deployment environment's protection rules (required reviewers, wait timers) live in the repository's settings, not here.
  const environment = str(y, get(job, 'environment')) ?? str(y, get(get(job, 'environment'), 'name'));
  if (environment) stage.notes.push({ kind: 'deployment-environment', name: environment });
  facts.stages.push(stage);
  readContainer(wf, id, stage, job);
  readReusableWorkflow(wf, id, job);
  collectValues(y, get(job, 'env'), `jobs.${jobId}.env`, facts.values, { stage: id });
  for (const step of steps) readStep(wf, id, jobId, step, stage.notes);
}

/** A job that calls a reusable workflow of another repository (`org/repo/.github/workflows/x.yml@ref`) runs the code at that ref. */
function readReusableWorkflow(wf: Workflow, stage: string, job: YamlNode | undefined): void {
  const node = get(job, 'uses');
  const uses = str(wf.y, node);
  if (!uses || !node || uses.startsWith('./') || uses.includes('${{')) return;
  const [name, ref] = uses.split('@');
  wf.facts.versions.push({ subject: 'action', name, version: ref, range: refOf(wf.y, node), stage });
}

/** GitHub cancels a job after `timeout-minutes`, 360 when the job states none. */
const DEFAULT_JOB_TIMEOUT = 360;

function jobTimeout(y: YamlFile, job: YamlNode | undefined): RunLimit | undefined {
  if (isMap(job) && pairOf(job, 'timeout-minutes')) return yamlLimit(y, job, 'timeout-minutes', 'minutes', 'run');
  if (get(job, 'uses') !== undefined) return undefined; // a reusable workflow's jobs carry their own limits
  return { minutes: DEFAULT_JOB_TIMEOUT, scope: 'run', origin: "GitHub's default `timeout-minutes`" };
}

function readContainer(wf: Workflow, stage: string, target: { image?: string }, job: YamlNode | undefined): void {
  const container = get(job, 'container');
  const imageNode = isMap(container) ? get(container, 'image') : container;
  const image = str(wf.y, imageNode);
  if (image && imageNode) {
    target.image = image;
    addImage(wf, image, refOf(wf.y, imageNode), stage);
  }
  for (const [, service] of entries(get(job, 'services'))) {
    const node = get(service, 'image');
    const img = str(wf.y, node);
    if (img && node) addImage(wf, img, refOf(wf.y, node), stage);
  }
}

function addImage(wf: Workflow, image: string, range: SourceRef, stage: string): void {
  if (image.includes('${{')) return;
  const { name, version } = splitImage(image);
  wf.facts.versions.push({ subject: 'image', name, version, range, stage });
}

function readStep(wf: Workflow, stage: string, jobId: string, step: YamlNode, notes: StageNote[]): void {
  const { y, facts } = wf;
  const usesNode = get(step, 'uses');
  const uses = str(y, usesNode);
  collectValues(y, get(step, 'env'), `jobs.${jobId}.steps.env`, facts.values, { stage });
  collectValues(y, get(step, 'with'), `jobs.${jobId}.steps.with`, facts.values, { stage });
  if (uses && usesNode) readAction(wf, stage, uses, step, refOf(y, usesNode));
  const runNode = get(step, 'run');
  const run = str(y, runNode);
  if (run && runNode) {
    (facts.mentions ??= []).push(...yamlCommandMentions(y, runNode, workingDirectory(wf, step)));
    for (const cmd of shellCommands(run))
      readScriptCommand(wf, stage, jobId, cmd, subRef(y, runNode, cmd.text) ?? refOf(y, runNode), notes);
  }
}

/** The folder a `run:` starts in: the step's `working-directory` when it is a plain path, else the repository root. */
function workingDirectory(wf: Workflow, step: YamlNode): string | undefined {
  const dir = str(wf.y, get(step, 'working-directory'));
  if (dir === undefined) return '';
  return dir.includes('${{') ? undefined : normalizePath(dir);
}

function readAction(wf: Workflow, stage: string, uses: string, step: YamlNode, at: SourceRef): void {
  const { y, facts } = wf;
  if (uses.startsWith('docker://')) return addImage(wf, uses.slice('docker://'.length), at, stage);
  if (!uses.startsWith('./')) {
    const [name, ref] = uses.split('@');
    facts.versions.push({ subject: 'action', name, version: ref, range: at, stage });
  }
  const withNode = get(step, 'with');
  const artifactName = str(y, get(withNode, 'name')) ?? 'artifact';
  const scope = facts.file;
  if (/^actions\/upload-artifact(@|$)/.test(uses)) {
    for (const line of (str(y, get(withNode, 'path')) ?? '')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)) {
      if (!line.startsWith('!')) pushTo(wf.uploads, artifactName, line);
      if (!line.startsWith('!'))
        facts.io.push({
          stage,
          direction: 'reads',
          artifact: { scheme: 'path', name: line, kind: kindOfPath(line) },
          range: refOf(y, get(withNode, 'path')),
        });
    }
    facts.io.push({ stage, direction: 'writes', artifact: { scheme: 'ci-artifact', name: artifactName, scope }, range: at });
  } else if (/^actions\/download-artifact(@|$)/.test(uses)) {
    wf.downloads.push({ stage, name: artifactName, path: str(y, get(withNode, 'path')) });
    facts.io.push({ stage, direction: 'reads', artifact: { scheme: 'ci-artifact', name: artifactName, scope }, range: at });
  }
}

/**
 * A job that downloads a CI artifact reads its files from that artifact, not from whichever
 * stage wrote the same path elsewhere: those reads are already the artifact read.
 */
function dropDownloadedReads(wf: Workflow): void {
  if (wf.downloads.length === 0) return;
  const fromDownload = (io: FileFacts['io'][number]) =>
    io.direction === 'reads' &&
    io.artifact.scheme === 'path' &&
    wf.downloads.some(
      (d) =>
        (io.stage === d.stage || io.stage.startsWith(`${d.stage}/`)) &&
        (d.path ? under(io.artifact.name, d.path) : (wf.uploads.get(d.name) ?? []).includes(io.artifact.name)),
    );
  wf.facts.io = wf.facts.io.filter((io) => !fromDownload(io));
}

function under(file: string, folder: string): boolean {
  const f = file.replace(/^\.\//, '');
  const d = folder.replace(/^\.\//, '').replace(/\/+$/, '');
  return d === '' || d === '.' || f === d || f.startsWith(`${d}/`);
}

function readNeeds(wf: Workflow, jobId: string, job: YamlNode | undefined): void {
  const { y, facts } = wf;
  const needs = get(job, 'needs');
  const list = items(needs).length ? items(needs) : needs ? [needs] : [];
  for (const n of list) {
    const other = str(y, n);
    if (other)
      facts.orders.push({
        before: stageId(facts.file, wf.name, other),
        after: stageId(facts.file, wf.name, jobId),
        via: 'needs',
        range: refOf(y, n),
      });
  }
}
