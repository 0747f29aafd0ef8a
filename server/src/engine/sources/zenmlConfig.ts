// ZenML run configurations (the YAML given to `pipeline.with_options(config_path=...)` or
// `zenml pipeline run --config`), detected by content: top-level keys ZenML's run configuration
// has, with `steps:` entries holding step keys, `settings: docker:` or `schedule:`. Each
// `steps.<name>.parameters.<p>` names a parameter of the step called `<name>` (the invocation id
// ZenML gives a step called once): a reference to the step function's parameter (sources/zenml.ts),
// assumed, so an unmatched one is a warning. Settings, `model:` and schedules are values.
import type { SourceAdapter, SourceFile } from './adapter';
import { emptyFacts, type FileFacts } from '../model/facts';
import { collectValues, entries, get, keyText, mappings, parseYaml, refOf, str, strings, type YamlFile, type YamlNode } from '../text/yaml';
import { splitImage } from './images';
import { isMap, isSeq } from 'yaml';
import { zenmlStepScope } from './zenml';

/** Top-level keys of ZenML's pipeline run configuration. */
const RUN_KEYS = new Set([
  'run_name',
  'enable_cache',
  'enable_artifact_metadata',
  'enable_artifact_visualization',
  'enable_step_logs',
  'enable_pipeline_logs',
  'schedule',
  'build',
  'steps',
  'settings',
  'tags',
  'extra',
  'model',
  'parameters',
  'retry',
  'failure_hook_source',
  'success_hook_source',
  'substitutions',
  'cache_policy',
  'environment',
  'secrets',
]);
/** Keys of one step's configuration under `steps.<name>`. */
const STEP_KEYS = new Set([
  'parameters',
  'settings',
  'enable_cache',
  'experiment_tracker',
  'step_operator',
  'outputs',
  'extra',
  'model',
  'retry',
  'enable_artifact_metadata',
  'enable_artifact_visualization',
  'enable_step_logs',
  'failure_hook_source',
  'success_hook_source',
  'substitutions',
  'cache_policy',
  'environment',
  'secrets',
  'name',
]);

export const zenmlConfigAdapter: SourceAdapter = {
  format: 'zenml-config',
  displayName: 'ZenML run configuration',
  globs: ['**/*.{yaml,yml}'],
  contributes: { ownable: true },
  detect: (file) =>
    /\.ya?ml$/i.test(file.path) && /^(steps|settings|schedule)[ \t]*:/m.test(file.text) && isRunConfig(parseYaml(file.path, file.text)),
  parse: parseZenmlConfig,
};

function topKeys(root: YamlNode): string[] {
  return entries(root).map(([k]) => k);
}

/** Every top-level key is one of the run configuration's, and a ZenML-only shape is there. */
function isRunConfig(y: YamlFile): boolean {
  const root = mappings(y)[0];
  if (!root || !topKeys(root).every((k) => RUN_KEYS.has(k))) return false;
  const steps = get(root, 'steps');
  const stepShaped =
    isMap(steps) &&
    entries(steps).length > 0 &&
    entries(steps).every(([, v]) => isMap(v) && entries(v).every(([k]) => STEP_KEYS.has(k))) &&
    entries(steps).some(([, v]) => get(v, 'parameters') !== undefined || get(v, 'settings') !== undefined);
  const docker = get(get(root, 'settings'), 'docker') !== undefined;
  const schedule = get(get(root, 'schedule'), 'cron_expression') !== undefined;
  return stepShaped || docker || schedule;
}

function parseZenmlConfig(file: SourceFile): FileFacts {
  const y = parseYaml(file.path, file.text);
  const facts = emptyFacts(file.path, 'zenml-config');
  facts.problems.push(...y.problems);
  const root = mappings(y)[0];
  if (!root) return facts;
  for (const [key, value] of entries(root)) if (key !== 'steps') collectValues(y, value, key, facts.values);
  for (const [step, config] of entries(get(root, 'steps'))) {
    collectValues(y, config, `steps.${step}`, facts.values);
    for (const [param, , pair] of entries(get(config, 'parameters'))) {
      if (!keyText(pair.key)) continue;
      facts.references.push({
        kind: 'param',
        name: param,
        scope: zenmlStepScope(step),
        range: refOf(y, pair.key as YamlNode),
        assumed: `that \`${step}\` is the step function of that name, the invocation id ZenML gives a step called once in its pipeline`,
      });
    }
  }
  dockerSettings(y, get(get(root, 'settings'), 'docker'), facts);
  for (const [, config] of entries(get(root, 'steps'))) dockerSettings(y, get(get(config, 'settings'), 'docker'), facts);
  const cron = get(get(root, 'schedule'), 'cron_expression');
  const expression = str(y, cron);
  if (cron && expression) facts.schedules.push({ pipeline: file.path, file: file.path, kind: 'cron', expression, range: refOf(y, cron) });
  return facts;
}

/** `settings.docker`: `parent_image` and a `requirements` list are the image and packages the steps run with. */
function dockerSettings(y: YamlFile, docker: YamlNode | undefined, facts: FileFacts): void {
  const parent = get(docker, 'parent_image');
  const image = str(y, parent);
  if (parent && image) facts.versions.push({ subject: 'image', ...splitImage(image), range: refOf(y, parent) });
  const requirements = get(docker, 'requirements');
  if (!requirements || !isSeq(requirements)) return;
  for (const r of strings(y, requirements)) {
    const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*(?:\[[^\]]*\])?)\s*(.*?)\s*$/.exec(r.value);
    if (!m || /^(-|git\+|https?:)/.test(r.value.trim())) continue;
    const spec = m[2].replace(/;.*$/, '').trim();
    facts.versions.push({ subject: 'package', name: m[1], ...(spec ? { version: spec } : {}), range: refOf(y, r.node) });
  }
}
