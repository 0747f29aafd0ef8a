// ZenML pipelines, read statically: `@step` functions are stages when a `@pipeline` body calls
// them (steps imported from another module too), outputs handed to another step are artifacts
// passed between them, `.after(x)` and `after=` order them; decorator options (`enable_cache`,
// `settings={"docker": DockerSettings(parent_image=..., requirements=[...])}`, step operators,
// experiment trackers), `Schedule(cron_expression=...)` given to `with_options`, and what step
// code reads and writes (the code-I/O scan). A step's parameters are definitions a run-config
// YAML's `steps.<name>.parameters` resolve to (sources/zenmlConfig.ts).
import { collectPythonSettings } from './pythonSettings';
import type { SourceAdapter, SourceFile } from './adapter';
import type { FileFacts, Stage } from '../model/facts';
import type { CallArgs, SyntaxNode } from '../text/python';
import { initPython, parameterNames, readPythonFile, stringValue } from '../text/python';
import { splitImage } from './images';
import {
  FunctionPipelineReader,
  PipelineFacts,
  type FunctionPipelineSdk,
  type PipelineCtx,
  type PipelineFn,
  type StepFn,
  type StepValue,
} from './python';

const ZENML_IMPORT = /^[ \t]*(?:from[ \t]+zenml(?:\.[\w.]+)?[ \t]+import|import[ \t]+zenml)\b/m;
const ZENML_DECORATOR = /^[ \t]*@(?:zenml\.)?(?:step|pipeline)\b/m;

export const zenmlAdapter: SourceAdapter = {
  format: 'zenml',
  displayName: 'ZenML',
  globs: ['**/*.py'],
  contributes: { ownable: true, orchestrator: true, pipelineNoun: 'pipeline' },
  detect: (file) => /\.py$/i.test(file.path) && ZENML_IMPORT.test(file.text) && ZENML_DECORATOR.test(file.text),
  init: () => initPython(),
  parse: (file) => parseZenml(file),
};

export function parseZenml(file: SourceFile): FileFacts {
  return readPythonFile(file, 'zenml', 'this pipeline file', (root, index, facts) => {
    const out = new PipelineFacts(file.path, file.text, index, facts);
    const reader = new FunctionPipelineReader(out, ZENML);
    reader.read(root);
    for (const step of reader.steps) stepParameters(out, step);
    collectPythonSettings(root, index, file.path, facts.values);
  });
}

/** The scope a run-config YAML's `steps.<name>.parameters.<p>` resolves in. */
export function zenmlStepScope(step: string): string {
  return `zenml-step:${step}`;
}

const ZENML: FunctionPipelineSdk = {
  stepDecorators: new Set(['step']),
  pipelineDecorators: new Set(['pipeline']),
  libraryModules:
    /^(zenml|typing|typing_extensions|os|sys|json|pathlib|datetime|time|re|math|logging|collections|functools|dataclasses)(\.|$)/,
  stageName: (step, n) => (n === 1 ? step : `${step}_${n}`),
  stepOptions,
  pipelineOptions,
  sdkCall,
};

/** Each parameter of a step: a name its run config may set. */
function stepParameters(out: PipelineFacts, step: StepFn): void {
  for (const p of step.def.childForFieldName('parameters')?.namedChildren ?? []) {
    if (!p) continue;
    const id = p.type === 'identifier' ? p : (p.childForFieldName('name') ?? p.namedChildren.find((c) => c?.type === 'identifier'));
    if (!id || !parameterNames(step.def).includes(id.text)) continue;
    out.facts.definitions.push({ kind: 'param', name: id.text, scope: zenmlStepScope(step.name), range: out.ref(id) });
  }
}

function cacheNote(out: PipelineFacts, options: CallArgs | undefined, stages: Stage[]): void {
  const flag = options?.keywords.get('enable_cache');
  if (flag?.type === 'false') for (const s of stages) out.note(s, 'cache disabled');
}

function stepOptions(out: PipelineFacts, step: StepFn, stage: Stage | undefined): void {
  if (!stage) return;
  cacheNote(out, step.options, [stage]);
  for (const key of ['step_operator', 'experiment_tracker']) {
    const v = step.options?.keywords.get(key);
    if (v) out.note(stage, `${key} ${stringValue(v, step.scope.lookup)?.value ?? v.text}`);
  }
}

function pipelineOptions(out: PipelineFacts, fn: PipelineFn, stages: Stage[]): void {
  cacheNote(out, fn.options, stages);
}

function sdkCall(reader: FunctionPipelineReader, short: string, node: SyntaxNode, args: CallArgs, ctx: PipelineCtx): StepValue | undefined {
  if (short === 'DockerSettings') return dockerSettings(reader, args, ctx);
  if (short === 'Schedule') return { kind: 'sdk', name: short, args };
  if (short === 'with_options') return withOptions(reader, node, args, ctx);
  return undefined;
}

/** `DockerSettings(parent_image="...", requirements=["pandas", ...])`: the image every step of the pipeline runs in. */
function dockerSettings(reader: FunctionPipelineReader, args: CallArgs, ctx: PipelineCtx): StepValue {
  const out = reader.out;
  const parent = args.keywords.get('parent_image');
  const image = parent ? stringValue(parent, ctx.scope.lookup) : undefined;
  if (parent && image && !image.dynamic) out.facts.versions.push({ subject: 'image', ...splitImage(image.value), range: out.ref(parent) });
  const requirements = args.keywords.get('requirements');
  if (requirements && (requirements.type === 'list' || requirements.type === 'tuple'))
    out.packages(undefined, requirements, ctx.scope.lookup);
  return { kind: 'sdk', name: 'DockerSettings', args };
}

/** `training_pipeline.with_options(schedule=Schedule(cron_expression="0 3 * * *"))`. */
function withOptions(reader: FunctionPipelineReader, node: SyntaxNode, args: CallArgs, ctx: PipelineCtx): StepValue | undefined {
  const object = node.childForFieldName('function')?.childForFieldName('object');
  const target = object ? reader.evaluate(object, ctx) : undefined;
  const scheduleNode = args.keywords.get('schedule');
  const schedule = scheduleNode ? reader.evaluate(scheduleNode, ctx) : undefined;
  if (target?.kind !== 'pipeline') return undefined;
  if (schedule?.kind === 'sdk' && schedule.name === 'Schedule') {
    const cron = schedule.args.keywords.get('cron_expression');
    const expression = cron ? stringValue(cron, ctx.scope.lookup) : undefined;
    const interval = schedule.args.keywords.get('interval_second');
    const out = reader.out;
    if (cron && expression)
      out.facts.schedules.push({
        pipeline: target.fn.name,
        file: out.file,
        kind: 'cron',
        expression: expression.value,
        range: out.ref(cron),
      });
    else if (interval)
      out.facts.schedules.push({
        pipeline: target.fn.name,
        file: out.file,
        kind: 'interval',
        expression: interval.text,
        range: out.ref(interval),
      });
  }
  return target;
}
