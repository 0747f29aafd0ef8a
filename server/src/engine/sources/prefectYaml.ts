// Prefect's `prefect.yaml`, read as `prefect deploy` reads it: each entry of `deployments:` deploys
// the flow its `entrypoint` names (`path/to/file.py:flow_function`, relative to the folder
// `prefect deploy` runs in, the file's own), on the schedules it states (`schedule:` in Prefect 2,
// `schedules:` with `cron`/`interval`/`rrule` and `timezone`), in the image of its work pool's
// `job_variables`. The `pull:` steps (the file's, or a deployment's own) run before every flow
// run: a `git_clone` step clones `repository` at `branch` (or the default branch) unless it names
// a `commit_sha`. A deployment's schedules go to the flow's pipeline in the entrypoint's file, so
// the flow's stages run on that clock.
import type { SiblingReader, SourceAdapter, SourceFile } from './adapter';
import { emptyFacts, stageId, type FileFacts, type Schedule, type Stage } from '../model/facts';
import { remark } from '../model/stageNotes';
import { entries, get, items, mappings, parseYaml, refOf, str, type YamlFile, type YamlNode } from '../text/yaml';
import { dirname, joinPath } from '../text/paths';
import { splitImage } from './images';

export const prefectYamlAdapter: SourceAdapter = {
  format: 'prefect-yaml',
  displayName: 'Prefect deployments (prefect.yaml)',
  globs: ['**/prefect.yaml', '**/prefect.yml', '**/*.prefect.yaml'],
  contributes: { ownable: true },
  detect: (file) =>
    /(^|\/)([\w.-]*\.)?prefect\.ya?ml$/i.test(file.path) &&
    /^deployments\s*:/m.test(file.text) &&
    !/^(apiVersion|kind)\s*:/m.test(file.text),
  parse: (file, siblings) => parsePrefectYaml(file, siblings),
};

interface Project {
  y: YamlFile;
  facts: FileFacts;
  name: string;
  siblings: SiblingReader;
}

export function parsePrefectYaml(file: SourceFile, siblings: SiblingReader): FileFacts {
  const y = parseYaml(file.path, file.text);
  const facts = emptyFacts(file.path, 'prefect-yaml');
  facts.problems.push(...y.problems);
  const root = mappings(y)[0];
  if (!root) return facts;
  const p: Project = { y, facts, name: str(y, get(root, 'name')) ?? 'prefect.yaml', siblings };
  const shared = get(root, 'pull');
  const sharedClone = pullCommand(y, shared);
  const deployments = items(get(root, 'deployments'));
  // The file's pull steps run before every run of a deployment that has none of its own: one stage for them, reported once.
  if (sharedClone && deployments.some((d) => !get(d, 'pull'))) {
    const stage = newStage(p, p.name, 'pull', shared as YamlNode);
    stage.command = sharedClone;
    stage.notes = [remark('pull steps run before every flow run of the deployments that state none')];
  }
  for (const d of deployments) deployment(p, d);
  return facts;
}

function newStage(p: Project, pipeline: string, name: string, node: YamlNode): Stage {
  const stage: Stage = { id: stageId(p.facts.file, pipeline, name), name, pipeline, role: 'other', range: refOf(p.y, node) };
  p.facts.stages.push(stage);
  return stage;
}

function deployment(p: Project, d: YamlNode): void {
  const y = p.y;
  const name = str(y, get(d, 'name'));
  const entryNode = get(d, 'entrypoint');
  const entry = str(y, entryNode);
  if (!name || !entry) return;
  const stage = newStage(p, p.name, name, (get(d, 'name') ?? d) as YamlNode);
  const command = pullCommand(y, get(d, 'pull'));
  if (command) stage.command = command;
  stage.notes = [remark(`deploys ${entry}`)];
  const target = flowOf(p, entry, entryNode as YamlNode);
  for (const s of schedules(y, d)) {
    p.facts.schedules.push({
      ...s.schedule,
      pipeline: target ? target.fn : stage.id,
      file: target ? target.file : p.facts.file,
      range: refOf(y, s.node),
    });
  }
  const imageNode = get(get(get(d, 'work_pool'), 'job_variables'), 'image');
  const image = str(y, imageNode);
  if (image && imageNode) {
    stage.image = image;
    if (!/\{\{/.test(image)) p.facts.versions.push({ subject: 'image', ...splitImage(image), range: refOf(y, imageNode), stage: stage.id });
  }
}

/** The flow an entrypoint names, when its file is in the workspace and defines the function; a warning when it is not. */
function flowOf(p: Project, entry: string, node: YamlNode): { file: string; fn: string } | undefined {
  const m = /^(.+\.py):(\w+)$/.exec(entry.trim());
  if (!m || /\{\{/.test(entry)) return undefined;
  const file = joinPath(dirname(p.facts.file), m[1]);
  const text = p.siblings.read(file);
  const fn = m[2];
  if (text !== undefined && new RegExp(`^[ \\t]*(?:async[ \\t]+)?def[ \\t]+${fn}[ \\t]*\\(`, 'm').test(text)) return { file, fn };
  p.facts.problems.push({
    message:
      text === undefined
        ? `\`entrypoint: ${entry}\` names \`${m[1]}\`, which is not in the workspace next to this prefect.yaml: \`prefect deploy\` run from this folder cannot load the flow (assumed: entrypoints are relative to the folder of prefect.yaml).`
        : `\`entrypoint: ${entry}\`: \`${m[1]}\` defines no function \`${fn}\`, so \`prefect deploy\` cannot load the flow.`,
    range: refOf(p.y, node),
    severity: 'warning',
  });
  return undefined;
}

/** `schedule: {cron: ...}` (Prefect 2) and `schedules: [{cron|interval|rrule, timezone}]`. */
function schedules(y: YamlFile, d: YamlNode): Array<{ node: YamlNode; schedule: Omit<Schedule, 'pipeline' | 'file' | 'range'> }> {
  const found: Array<{ node: YamlNode; schedule: Omit<Schedule, 'pipeline' | 'file' | 'range'> }> = [];
  const one = get(d, 'schedule');
  for (const s of [...(one ? [one] : []), ...items(get(d, 'schedules'))]) {
    if (str(y, get(s, 'active')) === 'false') continue;
    const tz = str(y, get(s, 'timezone'));
    const timezone = tz ? { timezone: tz } : {};
    const cron = str(y, get(s, 'cron'));
    const interval = str(y, get(s, 'interval'));
    const rrule = str(y, get(s, 'rrule'));
    if (cron) found.push({ node: get(s, 'cron') as YamlNode, schedule: { kind: 'cron', expression: cron, ...timezone } });
    else if (interval)
      found.push({ node: get(s, 'interval') as YamlNode, schedule: { kind: 'interval', expression: interval, ...timezone } });
    else if (rrule)
      found.push({ node: get(s, 'rrule') as YamlNode, schedule: { kind: 'event', expression: `RRULE ${rrule}`, ...timezone } });
  }
  return found;
}

/**
 * What a `git_clone` pull step runs, as the command it is (`git clone --depth 1 --branch B repo`,
 * then a checkout of `commit_sha` when it names one); undefined when no step clones.
 */
function pullCommand(y: YamlFile, pull: YamlNode | undefined): string | undefined {
  const commands: string[] = [];
  for (const step of items(pull)) {
    for (const [key, value] of entries(step)) {
      if (!/\.git_clone(_project)?$/.test(key)) continue;
      const repository = str(y, get(value, 'repository'));
      if (!repository) continue;
      const branch = str(y, get(value, 'branch'));
      const sha = str(y, get(value, 'commit_sha'));
      commands.push(`git clone --depth 1${branch ? ` --branch ${branch}` : ''} ${repository}`);
      if (sha) commands.push(`git checkout ${sha}`);
    }
  }
  return commands.length ? commands.join(' && ') : undefined;
}
