// Flyte workflows (flytekit), read statically: `@task` and `@dynamic` functions are stages when
// a `@workflow` body calls them, outputs handed to another task are data passed between them,
// `a >> b` orders them; task options (`container_image=`, `ImageSpec(packages=[...])`,
// `cache=`/`cache_version=`, `requests=`, `retries=`), `reference_task`s (defined in another
// project), launch plans with `CronSchedule`/`FixedRate` schedules, and what task code reads
// and writes (the code-I/O scan).
import { collectPythonSettings } from './pythonSettings';
import type { SourceAdapter, SourceFile } from './adapter';
import type { FileFacts, Stage } from '../model/facts';
import type { CallArgs, SyntaxNode } from '../text/python';
import { initPython, readPythonFile, stringValue } from '../text/python';
import {
  FunctionPipelineReader,
  PipelineFacts,
  isLiteral,
  type FunctionPipelineSdk,
  type PipelineCtx,
  type StepFn,
  type StepValue,
} from './python';

const FLYTE_IMPORT = /^[ \t]*(?:from[ \t]+flytekit(?:\.[\w.]+)?[ \t]+import|import[ \t]+flytekit)\b/m;
const FLYTE_DECORATOR = /^[ \t]*@(?:flytekit\.|fl\.)?(?:task|workflow|dynamic|reference_task)\b/m;

export const flyteAdapter: SourceAdapter = {
  format: 'flyte',
  displayName: 'Flyte',
  globs: ['**/*.py'],
  contributes: { ownable: true, orchestrator: true, pipelineNoun: 'workflow' },
  detect: (file) => /\.py$/i.test(file.path) && FLYTE_IMPORT.test(file.text) && FLYTE_DECORATOR.test(file.text),
  init: () => initPython(),
  parse: (file) => parseFlyte(file),
};

export function parseFlyte(file: SourceFile): FileFacts {
  return readPythonFile(file, 'flyte', 'this workflow file', (root, index, facts) => {
    const out = new PipelineFacts(file.path, file.text, index, facts);
    new FunctionPipelineReader(out, FLYTE).read(root);
    collectPythonSettings(root, index, file.path, facts.values);
  });
}

const FLYTE: FunctionPipelineSdk = {
  stepDecorators: new Set(['task', 'dynamic', 'reference_task']),
  pipelineDecorators: new Set(['workflow']),
  libraryModules: /^(flytekit|typing|os|sys|json|pathlib|datetime|time|re|math|logging|collections|functools|dataclasses)(\.|$)/,
  stageName: (step, n) => (n === 1 ? step : `${step}-${n}`),
  stepOptions: taskOptions,
  sdkCall,
};

function taskOptions(out: PipelineFacts, step: StepFn, stage: Stage | undefined): void {
  const o = step.options?.keywords;
  if (step.decorator === 'reference_task') {
    const version = o?.get('version');
    if (stage)
      out.note(
        stage,
        `reference task${version ? ` version ${stringValue(version)?.value ?? version.text}` : ''}, defined in another project`,
      );
    return;
  }
  if (stage && step.decorator === 'dynamic') {
    stage.dynamic = true;
    out.note(stage, '@dynamic: builds its sub-workflow at run time');
  }
  const image = o?.get('container_image');
  const str = image ? stringValue(image, step.scope.lookup) : undefined;
  if (image && stage && str) out.image(stage, image, step.scope.lookup);
  else if (image && stage && image.type === 'identifier') stage.image = image.text;
  const cache = o?.get('cache');
  if (stage && cache && cache.type !== 'false') out.note(stage, 'cached');
  const version = o?.get('cache_version');
  if (version && isLiteral(version)) out.value(`${step.name}.cache_version`, version, undefined, stage ? { stage: stage.id } : {});
  const requests = o?.get('requests');
  if (stage && requests) out.note(stage, `requests ${requests.text.replace(/\s+/g, ' ')}`);
  const retries = o?.get('retries');
  if (stage && retries && isLiteral(retries)) out.note(stage, `retries ${retries.text}`);
}

function sdkCall(reader: FunctionPipelineReader, short: string, node: SyntaxNode, args: CallArgs, ctx: PipelineCtx): StepValue | undefined {
  if (short === 'ImageSpec') return imageSpec(reader, args, ctx);
  if (short === 'CronSchedule' || short === 'FixedRate') return { kind: 'sdk', name: short, args };
  if (short === 'get_or_create' || short === 'LaunchPlan') return launchPlan(reader, args, ctx);
  return undefined;
}

/** `ImageSpec(base_image=..., packages=["pandas", "scikit-learn==1.4"])`: the image a task is built in. */
function imageSpec(reader: FunctionPipelineReader, args: CallArgs, ctx: PipelineCtx): StepValue {
  const packages = args.keywords.get('packages');
  if (packages) reader.out.packages(undefined, packages, ctx.scope.lookup);
  const python = args.keywords.get('python_version');
  const version = python ? stringValue(python, ctx.scope.lookup) : undefined;
  if (python && version && !version.dynamic)
    reader.out.facts.versions.push({ subject: 'package', name: 'python', version: version.value, range: reader.out.ref(python) });
  return { kind: 'sdk', name: 'ImageSpec', args };
}

/** `LaunchPlan.get_or_create(workflow=wf, name=..., schedule=CronSchedule(schedule="0 * * * *"))`. */
function launchPlan(reader: FunctionPipelineReader, args: CallArgs, ctx: PipelineCtx): StepValue | undefined {
  const wfNode = args.keywords.get('workflow') ?? args.positional[0];
  const wf = wfNode ? reader.evaluate(wfNode, ctx) : undefined;
  const scheduleNode = args.keywords.get('schedule');
  const schedule = scheduleNode ? reader.evaluate(scheduleNode, ctx) : undefined;
  if (wf?.kind !== 'pipeline' || schedule?.kind !== 'sdk') return { kind: 'opaque' };
  const s = schedule.args.keywords;
  if (schedule.name === 'CronSchedule') {
    const cron = s.get('schedule') ?? s.get('cron_expression') ?? schedule.args.positional[0];
    const expression = cron ? stringValue(cron, ctx.scope.lookup) : undefined;
    if (cron && expression)
      reader.out.facts.schedules.push({
        pipeline: wf.fn.name,
        file: reader.out.file,
        kind: 'cron',
        expression: expression.value,
        range: reader.out.ref(cron),
      });
  } else {
    const duration = s.get('duration') ?? schedule.args.positional[0];
    if (duration)
      reader.out.facts.schedules.push({
        pipeline: wf.fn.name,
        file: reader.out.file,
        kind: 'interval',
        expression: duration.text,
        range: reader.out.ref(duration),
      });
  }
  return { kind: 'opaque' };
}
