// Google Cloud Build configs (`cloudbuild.yaml` and any build config with top-level `steps:`),
// read as Cloud Build's build configuration schema defines them: each step runs the container
// image `name` with `args` (after its `entrypoint`, or the image's own), in `dir` under the
// build's workspace; a step with no `waitFor` waits for every step before it, `waitFor: ['-']`
// starts it with the build, and `waitFor` ids must name earlier steps. `images:` are pushed and
// `artifacts.objects` uploaded when all steps are done; `substitutions` are the build's parameters.
import type { SourceAdapter, SourceFile } from './adapter';
import { emptyFacts, stageId, type FileFacts, type SourceRef, type Stage } from '../model/facts';
import { remark } from '../model/stageNotes';
import { parseYaml, mappings, get, items, str, refOf, collectValues, subRef, type YamlFile, type YamlNode } from '../text/yaml';
import { shellCommands, type ShellCommand } from './shell';
import { readScriptCommand } from './ciScript';
import { guessRole, kindOfPath } from './roles';
import { addLimits } from './runLimits';
import { goDurationMinutes } from './durations';
import { basename, stripExtension } from '../text/paths';
import { imageInSetting, imagePin } from './images';

export const cloudBuildAdapter: SourceAdapter = {
  format: 'cloud-build',
  displayName: 'Google Cloud Build',
  // Cloud Build takes any file name (`gcloud builds submit --config`): named ones activate, any YAML may be one.
  globs: ['**/cloudbuild*.{yaml,yml}', '**/*.cloudbuild.{yaml,yml}', '**/*.{yaml,yml}'],
  contributes: { ownable: true, orchestrator: true, ci: true, containers: true },
  detect: (file) =>
    /\.ya?ml$/i.test(file.path) &&
    /^steps\s*:/m.test(file.text) &&
    !/^(apiVersion|kind|jobs|on|pool|trigger|stages|pipelines|pipeline|version|workflow)\s*:/m.test(file.text) &&
    /^\s*-\s*name\s*:\s*["']?[\w$.{}-]+(\.[\w-]+)*\//m.test(file.text) &&
    /^\s+(args|entrypoint|waitFor|script)\s*:/m.test(file.text),
  parse: parseCloudBuild,
};

interface Build {
  y: YamlFile;
  facts: FileFacts;
  name: string;
  unresolved: string[];
}

function parseCloudBuild(file: SourceFile): FileFacts {
  const y = parseYaml(file.path, file.text);
  const facts = emptyFacts(file.path, 'cloud-build');
  facts.problems.push(...y.problems);
  const root = mappings(y)[0];
  if (!root) return facts;
  const b: Build = { y, facts, name: stripExtension(basename(file.path)), unresolved: [] };
  collectValues(y, get(root, 'substitutions'), 'substitutions', facts.values);
  collectValues(y, get(root, 'options'), 'options', facts.values);
  const stages: Stage[] = [];
  const ids = new Map<string, Stage>();
  items(get(root, 'steps')).forEach((step, i) => {
    const stage = readStep(b, step, i);
    const waitFor = get(step, 'waitFor');
    const waits = items(waitFor).map((w) => [str(y, w) ?? '', w] as const);
    if (!waitFor)
      for (const before of stages) facts.orders.push({ before: before.id, after: stage.id, via: 'step order', range: stage.range });
    for (const [id, node] of waits) {
      if (id === '-') continue;
      const before = ids.get(id);
      if (before) facts.orders.push({ before: before.id, after: stage.id, via: 'waitFor', range: refOf(y, node) });
      else
        facts.problems.push({
          message: `\`waitFor: ${id}\` names no earlier step's \`id\`: Cloud Build rejects the build config.`,
          range: refOf(y, node),
          severity: 'error',
        });
    }
    stages.push(stage);
    const id = str(y, get(step, 'id'));
    if (id) ids.set(id, stage);
  });
  const timeout = str(y, get(root, 'timeout'));
  const minutes = goDurationMinutes(timeout ?? '');
  if (minutes)
    for (const s of stages)
      addLimits(s, { minutes, scope: 'pipeline', origin: `\`timeout: ${timeout}\``, range: refOf(y, get(root, 'timeout')) });
  readOutputs(b, root, stages);
  if (b.unresolved.length)
    facts.problems.push({
      message: `Not fully read: builder images whose tag is a substitution (${[...new Set(b.unresolved)].slice(0, 3).join(', ')}) were not checked for a pinned version.`,
      range: refOf(y, root.items[0]?.key as YamlNode),
      severity: 'info',
    });
  return facts;
}

function readStep(b: Build, step: YamlNode, index: number): Stage {
  const { y, facts } = b;
  const idNode = get(step, 'id');
  const nameNode = get(step, 'name');
  const image = str(y, nameNode) ?? '';
  const name = str(y, idNode) ?? `step ${index}`;
  const argNodes = items(get(step, 'args'));
  const args = argNodes.map((a) => str(y, a) ?? '');
  const entrypoint = str(y, get(step, 'entrypoint'));
  const command = [entrypoint ?? toolOf(image), ...args].join(' ').trim();
  const script = str(y, get(step, 'script'));
  const stage: Stage = {
    id: stageId(facts.file, b.name, name),
    name,
    pipeline: b.name,
    role: 'other',
    range: refOf(y, idNode ?? nameNode ?? step),
    command: script ?? command,
    image: image || undefined,
    notes: [],
  };
  stage.role = guessRole(name, stage.command ?? '');
  const dir = str(y, get(step, 'dir'));
  if (dir) stage.notes!.push(remark(`dir: ${dir}`));
  const stepTimeout = str(y, get(step, 'timeout'));
  const minutes = goDurationMinutes(stepTimeout ?? '');
  if (minutes) addLimits(stage, { minutes, scope: 'run', origin: `\`timeout: ${stepTimeout}\``, range: refOf(y, get(step, 'timeout')) });
  facts.stages.push(stage);
  if (nameNode && image) {
    const pin = imagePin(image);
    if (pin) facts.versions.push({ subject: 'image', ...pin, range: refOf(y, nameNode), stage: stage.id });
    else b.unresolved.push(image);
  }
  for (const entry of items(get(step, 'env'))) {
    const text = str(y, entry) ?? '';
    const eq = text.indexOf('=');
    if (eq <= 0) continue;
    facts.values.push({
      key: `steps[${index}].env.${text.slice(0, eq)}`,
      value: text.slice(eq + 1),
      range: refOf(y, entry),
      stage: stage.id,
    });
    const pin = imageInSetting(text.slice(0, eq), text.slice(eq + 1));
    if (pin) facts.versions.push({ subject: 'image', ...pin, range: refOf(y, entry), stage: stage.id });
  }
  for (const [cmd, at] of commandsOf(b, step, image, entrypoint, args, argNodes))
    readScriptCommand({ facts, name: b.name }, stage.id, name, cmd, at, stage.notes!);
  if (!stage.notes!.length) delete stage.notes;
  return stage;
}

/** What the step runs: a `script`, a shell's `-c` argument, or the entrypoint (or builder) with its args. */
function commandsOf(
  b: Build,
  step: YamlNode,
  image: string,
  entrypoint: string | undefined,
  args: string[],
  argNodes: YamlNode[],
): Array<[ShellCommand, SourceRef]> {
  const { y } = b;
  const scriptNode = get(step, 'script');
  const shell = entrypoint === undefined || /^(\/bin\/)?(ba)?sh$/.test(entrypoint);
  const c = args.indexOf('-c');
  const [node, text] = scriptNode
    ? [scriptNode, str(y, scriptNode) ?? '']
    : shell && c >= 0 && args[c + 1] !== undefined
      ? [argNodes[c + 1], args[c + 1]]
      : [undefined, undefined];
  if (node && text !== undefined) return shellCommands(text).map((cmd) => [cmd, subRef(y, node, cmd.text) ?? refOf(y, node)]);
  const argv = [entrypoint ?? toolOf(image), ...args];
  if (!argv[0]) return [];
  return [[{ argv, text: argv.join(' ') }, refOf(y, get(step, 'args') ?? get(step, 'name') ?? step)]];
}

/** The builder's tool: `gcr.io/cloud-builders/gsutil` runs gsutil, `python:3.11` runs python. */
function toolOf(image: string): string {
  return basename(image.replace(/[@:][^/]*$/, ''));
}

/** `images:` are pushed and `artifacts.objects.paths` uploaded to `location` after the last step. */
function readOutputs(b: Build, root: YamlNode, stages: Stage[]): void {
  const { y, facts } = b;
  const last = stages[stages.length - 1];
  if (!last) return;
  for (const node of items(get(root, 'images'))) {
    const image = str(y, node);
    if (image)
      facts.io.push({
        stage: last.id,
        direction: 'writes',
        artifact: { scheme: 'named', name: image, kind: 'code' },
        range: refOf(y, node),
      });
  }
  const objects = get(get(root, 'artifacts'), 'objects');
  const location = str(y, get(objects, 'location'));
  for (const node of items(get(objects, 'paths'))) {
    const path = str(y, node);
    if (!path) continue;
    const range = refOf(y, node);
    facts.io.push({ stage: last.id, direction: 'reads', artifact: { scheme: 'path', name: path, kind: kindOfPath(path) }, range });
    if (location)
      facts.io.push({
        stage: last.id,
        direction: 'writes',
        artifact: {
          scheme: 'uri',
          name: `${location.replace(/\/+$/, '')}/${basename(path)}`,
          kind: kindOfPath(path),
          dynamic: location.includes('$') || undefined,
        },
        range,
      });
  }
}
