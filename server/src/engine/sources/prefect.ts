// Prefect flows, read statically: `@flow` functions are pipelines, the `@task` functions a flow
// calls are its stages (called directly, `.submit()` or `.map()`), ordered by the results passed
// from one to another and by `wait_for=`; a flow called from a flow is a subflow. Task options
// (`retries`, `cache_key_fn`, `timeout_seconds`) become notes and limits; what task and flow code
// reads and writes comes from the shared code-I/O scan. Deployments made in Python —
// `flow.serve(...)`, `flow.deploy(...)`, `flow.from_source(...).deploy(...)`, `to_deployment`
// with `deploy()`/`serve()`, Prefect 2's `Deployment.build_from_flow(...)` — give the flow its
// schedules (`cron=`, `interval=`, `rrule=`, `schedules=[Cron(...), Interval(...)]`) and the
// image it runs in. A pipeline is named after its flow function, which is how `prefect.yaml`
// entrypoints (`path.py:function`) name it (sources/prefectYaml.ts).
import { collectPythonSettings } from './pythonSettings';
import type { SourceAdapter, SourceFile } from './adapter';
import type { FileFacts, Schedule, Stage } from '../model/facts';
import type { CallArgs, SyntaxNode } from '../text/python';
import { callArgs, callName, elements, initPython, parameterNames, shortName, stringValue, readPythonFile } from '../text/python';
import { dirname, joinPath } from '../text/paths';
import { guessRole } from './roles';
import { splitImage } from './images';
import { decoratedFunction, type DecoratorCall } from './python/decoratorCalls';
import {
  ModuleEvaluator,
  PipelineFacts,
  Scope,
  type DictValue,
  type EvalCtx,
  type FnValue,
  type ListValue,
  type LiteralValue,
  type OpaqueValue,
  type StrValue,
} from './python';

const PREFECT_IMPORT = /^[ \t]*(?:from[ \t]+prefect(?:\.[\w.]+)?[ \t]+import\b|import[ \t]+prefect\b)/m;

export const prefectAdapter: SourceAdapter = {
  format: 'prefect',
  displayName: 'Prefect',
  globs: ['**/*.py'],
  contributes: { ownable: true, orchestrator: true, pipelineNoun: 'flow' },
  detect: (file) => /\.py$/i.test(file.path) && PREFECT_IMPORT.test(file.text),
  init: () => initPython(),
  parse: (file) => parsePrefect(file),
};

export function parsePrefect(file: SourceFile): FileFacts {
  return readPythonFile(file, 'prefect', 'this flow file', (root, index, facts) => {
    new PrefectReader(new PipelineFacts(file.path, file.text, index, facts)).read(root);
    collectPythonSettings(root, index, file.path, facts.values);
  });
}

interface TaskDef {
  name: string;
  def: SyntaxNode;
  decorator: DecoratorCall;
  scope: Scope<Value>;
  called: boolean;
}

interface FlowDef {
  /** The flow function's name: what entrypoints and the pipeline are named by. */
  fn: string;
  def: SyntaxNode;
  decorator: DecoratorCall;
  scope: Scope<Value>;
  stages: Stage[];
  done: boolean;
}

/** A deployment of a flow: of one defined here, or of an entrypoint in another file. */
interface DeploymentOf {
  flow?: FlowDef;
  /** Workspace path (this file's, when the source is remote) and function of a `from_source` entrypoint. */
  entrypoint?: { file: string; fn: string };
  options?: CallArgs;
  scope: Scope<Value>;
  /** A git source the worker clones before every run: `source="https://…git"` or `GitRepository(url=…, branch=…, commit_sha=…)`. */
  clone?: { url: string; branch?: string; sha?: string; node: SyntaxNode };
}

type Value =
  | StrValue
  | ListValue<Value>
  | DictValue<Value>
  | LiteralValue
  | OpaqueValue
  | FnValue<Value>
  | { kind: 'task'; task: TaskDef }
  | { kind: 'flow'; flow: FlowDef }
  | { kind: 'run'; stage: Stage }
  | { kind: 'method'; target: Value; method: string }
  | { kind: 'deployment'; of: DeploymentOf }
  | { kind: 'schedule'; node: SyntaxNode; schedule: Omit<Schedule, 'pipeline' | 'file' | 'range'> };

interface Ctx extends EvalCtx<Value> {
  flow?: FlowDef;
  /** Stages of the running flow by task or subflow name. */
  stages?: Map<string, Stage>;
  /** The stage the flow last called directly: a direct call returns when its run is done, so the next one starts after it. */
  sequence?: { last?: Stage };
}

const SCHEDULE_CALLS = new Set(['Cron', 'CronSchedule', 'Interval', 'IntervalSchedule', 'RRule', 'RRuleSchedule']);

class PrefectReader extends ModuleEvaluator<Value, Ctx> {
  private readonly flows: FlowDef[] = [];
  private readonly tasks: TaskDef[] = [];
  private readonly deployments: Array<{ of: DeploymentOf; args: CallArgs; ctx: Ctx; how: string }> = [];
  private readonly seenDeployments = new Set<number>();

  constructor(private readonly out: PipelineFacts) {
    super();
  }

  read(root: SyntaxNode): void {
    this.block(root, { scope: new Scope<Value>(), inLoop: false });
    for (const flow of this.flows) this.runFlow(flow);
    // A module of tasks that no flow here calls: each task is still a stage (flows elsewhere call it).
    if (this.flows.length === 0) for (const task of this.tasks) this.libraryTask(task);
    for (const d of this.deployments) this.deployment(d.of, d.args, d.ctx, d.how);
  }

  // --- definitions -----------------------------------------------------------------------------

  protected override decorated(node: SyntaxNode, ctx: Ctx): void {
    const found = decoratedFunction(node);
    const nameNode = found?.def.childForFieldName('name');
    const decorator = found?.decorators.find((d) => /^(prefect\.)?(flow|task)$/.test(d.name));
    if (!found || !nameNode || !decorator) return super.decorated(node, ctx);
    if (decorator.short === 'task') {
      const task: TaskDef = {
        name: this.optionName(decorator, ctx) ?? nameNode.text,
        def: found.def,
        decorator,
        scope: ctx.scope,
        called: false,
      };
      this.tasks.push(task);
      return this.bindFunction(found.def, { kind: 'task', task }, ctx);
    }
    const flow: FlowDef = { fn: nameNode.text, def: found.def, decorator, scope: ctx.scope, stages: [], done: false };
    this.flows.push(flow);
    this.bindFunction(found.def, { kind: 'flow', flow }, ctx);
  }

  private optionName(decorator: DecoratorCall, ctx: Ctx): string | undefined {
    const node = decorator.args?.keywords.get('name');
    const name = node ? stringValue(node, ctx.scope.lookup) : undefined;
    return name && !name.dynamic ? name.value : undefined;
  }

  // --- flow bodies -----------------------------------------------------------------------------

  private runFlow(flow: FlowDef): void {
    if (flow.done) return;
    flow.done = true;
    const scope = new Scope<Value>(flow.scope);
    for (const p of parameterNames(flow.def)) scope.set(p, undefined);
    const body = flow.def.childForFieldName('body');
    const stages = new Map<string, Stage>();
    if (body) this.block(body, { scope, inLoop: false, flow, stages, sequence: {} });
    // The flow's own code (outside tasks) reads and writes too: one stage for it, kept when it does, or when it calls no task.
    const own = this.out.stage(flow.fn, flow.fn, flow.def.childForFieldName('name') ?? flow.def, guessRole(flow.fn), `@flow ${flow.fn}`);
    const before = this.out.facts.io.length;
    if (body) this.out.scanCode(own, body, new Scope(flow.scope));
    if (stages.size > 0 && this.out.facts.io.length === before) this.out.facts.stages.splice(this.out.facts.stages.indexOf(own), 1);
    else {
      this.options(own, flow.decorator, 'pipeline');
      stages.set(flow.fn, own);
    }
    flow.stages = [...stages.values()];
  }

  private libraryTask(task: TaskDef): void {
    const nameNode = task.def.childForFieldName('name') ?? task.def;
    const stage = this.out.stage('tasks', task.name, nameNode, guessRole(task.name), `@task ${task.name}`);
    this.out.note(stage, 'a task no flow in this file calls');
    this.options(stage, task.decorator, 'run');
    const body = task.def.childForFieldName('body');
    if (body) this.out.scanCode(stage, body, new Scope(task.scope));
  }

  /** `retries=`, `cache_key_fn=`, `timeout_seconds=` of `@task(...)` or `@flow(...)`. */
  private options(stage: Stage, decorator: DecoratorCall, scope: 'run' | 'pipeline'): void {
    const args = decorator.args;
    if (!args) return;
    for (const key of ['retries', 'cache_key_fn', 'cache_policy', 'persist_result'])
      if (args.keywords.has(key)) this.out.note(stage, `${key}=${args.keywords.get(key)?.text}`);
    const timeout = args.keywords.get('timeout_seconds');
    const seconds = timeout && (timeout.type === 'integer' || timeout.type === 'float') ? Number(timeout.text) : 0;
    if (timeout && seconds > 0)
      (stage.limits ??= []).push({
        minutes: seconds / 60,
        scope,
        origin: `\`timeout_seconds=${timeout.text}\``,
        range: this.out.ref(timeout),
      });
  }

  // --- calls -----------------------------------------------------------------------------------

  protected override member(target: Value | undefined, name: string): Value | undefined {
    if (!target) return undefined;
    if (target.kind === 'run' && (name === 'result' || name === 'wait')) return { kind: 'method', target, method: name };
    if (target.kind === 'task' || target.kind === 'flow' || target.kind === 'deployment') return { kind: 'method', target, method: name };
    return undefined;
  }

  protected override combine(values: Array<Value | undefined>): Value | undefined {
    const runs = values.filter((v): v is Value => v?.kind === 'run' || v?.kind === 'list');
    return runs.length === 1 ? runs[0] : runs.length ? { kind: 'list', items: runs } : undefined;
  }

  protected override subscripted(target: Value | undefined): Value | undefined {
    return target?.kind === 'run' ? target : undefined;
  }

  protected call(node: SyntaxNode, ctx: Ctx): Value | undefined {
    const fn = node.childForFieldName('function');
    const args = callArgs(node);
    const callee = fn ? this.expr(fn, ctx) : undefined;
    if (callee?.kind === 'task') return this.invokeTask(callee.task, node, args, ctx, 'call');
    if (callee?.kind === 'flow') return this.invokeSubflow(callee.flow, node, args, ctx);
    if (callee?.kind === 'method') return this.method(callee.target, callee.method, node, args, ctx);
    if (callee?.kind === 'fn') return this.runFunction(callee, args, ctx);
    if (fn?.type === 'attribute' && ctx.flow) this.collect(fn, args, ctx);
    const short = shortName(callName(node) ?? (fn?.type === 'attribute' ? (fn.childForFieldName('attribute')?.text ?? '') : ''));
    if (SCHEDULE_CALLS.has(short)) return this.scheduleValue(short, node, args, ctx);
    if (short === 'build_from_flow') return this.buildFromFlow(node, args, ctx);
    if (short === 'from_source') return this.fromSource(args, ctx);
    if ((short === 'deploy' || short === 'serve') && !fn?.text.includes('.'))
      return this.deployAll(node, args, ctx, short === 'deploy' ? '`deploy(...)`' : '`serve(...)`');
    return this.passThrough(args, ctx);
  }

  /** `results.append(task(...))`, `futures.extend(...)`: the list now carries those runs. */
  private collect(fn: SyntaxNode, args: CallArgs, ctx: Ctx): void {
    const object = fn.childForFieldName('object');
    const method = fn.childForFieldName('attribute')?.text ?? '';
    if (object?.type !== 'identifier' || !/^(append|extend|add|insert|update)$/.test(method)) return;
    const added = this.passThrough(args, ctx);
    if (added) ctx.scope.set(object.text, this.combine([ctx.scope.get(object.text), added]));
  }

  private method(target: Value, method: string, node: SyntaxNode, args: CallArgs, ctx: Ctx): Value | undefined {
    if (target.kind === 'task') {
      if (method === 'submit') return this.invokeTask(target.task, node, args, ctx, 'submit');
      if (method === 'map') return this.invokeTask(target.task, node, args, ctx, 'map');
      if (method === 'with_options') return target;
      if (method === 'fn') return this.invokeTask(target.task, node, args, ctx, 'call');
    }
    if (target.kind === 'run') {
      this.passThrough(args, ctx);
      return target;
    }
    if (target.kind === 'flow') {
      if (method === 'with_options') return target;
      if (method === 'serve' || method === 'deploy')
        return this.pendDeployment({ flow: target.flow, scope: ctx.scope }, node, args, ctx, `\`${target.flow.fn}.${method}(...)\``);
      if (method === 'to_deployment') return { kind: 'deployment', of: { flow: target.flow, options: args, scope: ctx.scope } };
    }
    if (target.kind === 'deployment') {
      if (method === 'deploy' || method === 'serve')
        return this.pendDeployment({ ...target.of, options: args }, node, args, ctx, `\`.${method}(...)\``);
      if (method === 'to_deployment') return { kind: 'deployment', of: { ...target.of, options: args } };
    }
    return this.passThrough(args, ctx);
  }

  /** A task run inside a flow: one stage per task per flow, ordered after the runs whose results it takes. */
  private invokeTask(task: TaskDef, node: SyntaxNode, args: CallArgs, ctx: Ctx, how: 'call' | 'submit' | 'map'): Value | undefined {
    const values = this.argumentValues(args, ctx);
    if (!ctx.flow || !ctx.stages) return undefined;
    let stage = ctx.stages.get(task.name);
    if (!stage) {
      stage = this.out.stage(
        ctx.flow.fn,
        task.name,
        node.childForFieldName('function') ?? node,
        guessRole(task.name),
        `@task ${task.name}`,
      );
      ctx.stages.set(task.name, stage);
      this.sequential(stage, node, ctx, how === 'call');
      this.options(stage, task.decorator, 'run');
      const body = task.def.childForFieldName('body');
      if (body) this.out.scanCode(stage, body, this.bodyScope(task, values));
    }
    task.called = true;
    if (how === 'map') {
      stage.dynamic = true;
      this.out.note(stage, 'mapped over its inputs (`.map`)');
    } else if (ctx.inLoop) stage.dynamic = true;
    this.inputs(stage, args, values);
    return { kind: 'run', stage };
  }

  /** A flow called from a flow: one stage in the caller for the subflow run (the subflow is read as its own pipeline too). */
  private invokeSubflow(flow: FlowDef, node: SyntaxNode, args: CallArgs, ctx: Ctx): Value | undefined {
    const values = this.argumentValues(args, ctx);
    if (!ctx.flow || !ctx.stages || flow === ctx.flow) return undefined;
    let stage = ctx.stages.get(flow.fn);
    if (!stage) {
      stage = this.out.stage(ctx.flow.fn, flow.fn, node.childForFieldName('function') ?? node, guessRole(flow.fn), `@flow ${flow.fn}`);
      this.out.note(stage, `subflow ${flow.fn}`);
      ctx.stages.set(flow.fn, stage);
      this.sequential(stage, node, ctx, true);
    }
    if (ctx.inLoop) stage.dynamic = true;
    this.inputs(stage, args, values);
    return { kind: 'run', stage };
  }

  /** A first direct call starts after the direct call before it (a later call of the same task adds no order: it would make a cycle). */
  private sequential(stage: Stage, node: SyntaxNode, ctx: Ctx, direct: boolean): void {
    if (!ctx.sequence || !direct) return;
    if (ctx.sequence.last) this.out.order(ctx.sequence.last, stage, 'direct call', this.out.ref(node));
    ctx.sequence.last = stage;
  }

  /** Results passed as arguments and `wait_for=[...]`: the runs this one comes after. */
  private inputs(
    stage: Stage,
    args: CallArgs,
    values: { positional: Array<Value | undefined>; keywords: Map<string, Value | undefined> },
  ): void {
    const link = (value: Value | undefined, node: SyntaxNode, waitOnly: boolean): void => {
      if (value?.kind === 'list') {
        const nodes = elements(node);
        value.items.forEach((item, i) => link(item, nodes[i] ?? node, waitOnly));
        return;
      }
      if (value?.kind !== 'run' || value.stage === stage) return;
      const range = this.out.ref(node);
      this.out.order(value.stage, stage, waitOnly ? 'wait_for' : 'result', range);
      if (waitOnly) return;
      const artifact = { scheme: 'xcom' as const, name: `${value.stage.name}.result`, scope: `${this.out.file}#${value.stage.pipeline}` };
      this.out.io(value.stage, 'writes', { ...artifact }, value.stage.range);
      this.out.io(stage, 'reads', artifact, range);
    };
    args.positional.forEach((a, i) => link(values.positional[i], a, false));
    for (const [key, a] of args.keywords) link(values.keywords.get(key), a, key === 'wait_for');
  }

  private bodyScope(
    task: TaskDef,
    values: { positional: Array<Value | undefined>; keywords: Map<string, Value | undefined> },
  ): Scope<Value> {
    const scope = new Scope<Value>(task.scope);
    const params = parameterNames(task.def);
    for (const p of params) scope.set(p, this.parameterDefault(task.def, p));
    params.forEach(
      (p, i) => i < values.positional.length && scope.set(p, values.positional[i]?.kind === 'str' ? values.positional[i] : undefined),
    );
    for (const [k, v] of values.keywords) if (params.includes(k)) scope.set(k, v?.kind === 'str' ? v : undefined);
    return scope;
  }

  // --- deployments -----------------------------------------------------------------------------

  /** `Cron("0 * * * *", timezone=...)`, `CronSchedule(cron=...)`, `Interval(timedelta(...))`, `IntervalSchedule(interval=...)`. */
  private scheduleValue(short: string, node: SyntaxNode, args: CallArgs, ctx: Ctx): Value | undefined {
    const tzNode = args.keywords.get('timezone');
    const tz = tzNode ? stringValue(tzNode, ctx.scope.lookup)?.value : undefined;
    const timezone = tz ? { timezone: tz } : {};
    if (short.startsWith('Cron')) {
      const cronNode = args.keywords.get('cron') ?? args.positional[0];
      const cron = cronNode ? stringValue(cronNode, ctx.scope.lookup) : undefined;
      if (!cron || cron.dynamic) return undefined;
      return { kind: 'schedule', node, schedule: { kind: 'cron', expression: cron.value, ...timezone } };
    }
    if (short.startsWith('Interval')) {
      const interval = args.keywords.get('interval') ?? args.positional[0];
      return interval ? { kind: 'schedule', node, schedule: { kind: 'interval', expression: interval.text, ...timezone } } : undefined;
    }
    // An RRule is a calendar rule, not a clock this reader simulates: noted as an event-like schedule.
    const rrule = args.keywords.get('rrule') ?? args.positional[0];
    const rule = rrule ? stringValue(rrule, ctx.scope.lookup) : undefined;
    return rule ? { kind: 'schedule', node, schedule: { kind: 'event', expression: `RRULE ${rule.value}`, ...timezone } } : undefined;
  }

  /** `flow.from_source(source=..., entrypoint="path.py:fn")`: the flow of another file (resolved when the source is a local folder). */
  private fromSource(args: CallArgs, ctx: Ctx): Value {
    this.passThrough(args, ctx);
    const sourceNode = args.keywords.get('source') ?? args.positional[0];
    const entryNode = args.keywords.get('entrypoint') ?? args.positional[1];
    const source = sourceNode ? stringValue(sourceNode, ctx.scope.lookup) : undefined;
    const entry = entryNode ? stringValue(entryNode, ctx.scope.lookup) : undefined;
    const m = entry && !entry.dynamic ? /^(.+\.py):(\w+)$/.exec(entry.value) : undefined;
    const local = source && !source.dynamic && !/^[a-z][a-z0-9+.-]*:\/\/|^git@/i.test(source.value);
    // A remote source's flow is in another repository: its schedules stay on this file, under the function's name.
    const entrypoint = m
      ? { file: local ? joinPath(joinPath(dirname(this.out.file), source.value), m[1]) : this.out.file, fn: m[2] }
      : undefined;
    const clone = sourceNode ? this.gitSource(sourceNode, ctx) : undefined;
    return { kind: 'deployment', of: { ...(entrypoint ? { entrypoint } : {}), ...(clone ? { clone } : {}), scope: ctx.scope } };
  }

  private gitSource(node: SyntaxNode, ctx: Ctx): DeploymentOf['clone'] {
    const repo = node.type === 'call' && shortName(callName(node)) === 'GitRepository' ? callArgs(node) : undefined;
    const urlNode = repo ? (repo.keywords.get('url') ?? repo.positional[0]) : node;
    const url = urlNode ? stringValue(urlNode, ctx.scope.lookup) : undefined;
    if (!url || url.dynamic || !/^(https?:\/\/|git@|ssh:\/\/)/.test(url.value) || (!repo && !/\.git$/.test(url.value))) return undefined;
    const text = (key: string): string | undefined => {
      const n = repo?.keywords.get(key);
      const v = n ? stringValue(n, ctx.scope.lookup) : undefined;
      return v && !v.dynamic ? v.value : undefined;
    };
    const branch = text('branch');
    const sha = text('commit_sha');
    return { url: url.value, ...(branch ? { branch } : {}), ...(sha ? { sha } : {}), node };
  }

  /** Prefect 2: `Deployment.build_from_flow(flow=f, name=..., schedule=..., infrastructure=DockerContainer(image=...))`. */
  private buildFromFlow(node: SyntaxNode, args: CallArgs, ctx: Ctx): Value | undefined {
    const flowNode = args.keywords.get('flow') ?? args.positional[0];
    const flow = flowNode ? this.expr(flowNode, ctx) : undefined;
    if (flow?.kind !== 'flow') return this.passThrough(args, ctx);
    this.pendDeployment({ flow: flow.flow, scope: ctx.scope }, node, args, ctx, '`Deployment.build_from_flow(...)`');
    return { kind: 'deployment', of: { flow: flow.flow, options: args, scope: ctx.scope } };
  }

  /** `deploy(d1, d2, image=...)` / `serve(d1, d2)`: the deployments made with `to_deployment`. */
  private deployAll(node: SyntaxNode, args: CallArgs, ctx: Ctx, how: string): Value | undefined {
    const values = this.argumentValues(args, ctx);
    for (const v of values.positional) if (v?.kind === 'deployment') this.pendDeployment(v.of, node, args, ctx, how);
    return undefined;
  }

  private pendDeployment(of: DeploymentOf, node: SyntaxNode, args: CallArgs, ctx: Ctx, how: string): Value | undefined {
    const key = node.startIndex;
    if (!this.seenDeployments.has(key)) {
      this.seenDeployments.add(key);
      this.deployments.push({ of, args, ctx, how });
    }
    return undefined;
  }

  /** A deployment's schedules and image, on the flow it deploys (after the flows ran, so their stages exist). */
  private deployment(of: DeploymentOf, args: CallArgs, ctx: Ctx, how: string): void {
    const own = of.options && of.options !== args ? [of.options, args] : [args];
    const pipeline = of.flow?.fn ?? of.entrypoint?.fn;
    const file = of.flow ? this.out.file : of.entrypoint?.file;
    if (of.clone) this.cloneStage(of.clone, args, ctx, pipeline);
    for (const options of own) {
      for (const key of ['cron', 'interval', 'rrule', 'schedule', 'schedules']) {
        const node = options.keywords.get(key);
        if (node && pipeline && file) this.schedules(key, node, ctx, pipeline, file);
      }
      const infra = options.keywords.get('infrastructure');
      const image =
        options.keywords.get('image') ??
        (infra?.type === 'call' ? callArgs(infra).keywords.get('image') : undefined) ??
        this.jobImage(options.keywords.get('job_variables'));
      if (image) this.image(image, ctx, of.flow, how);
    }
  }

  /** The git clone a worker runs before each run of a deployment from a git source, as the command it is. */
  private cloneStage(clone: NonNullable<DeploymentOf['clone']>, args: CallArgs, ctx: Ctx, flow: string | undefined): void {
    const nameNode = args.keywords.get('name') ?? args.positional[0];
    const name = (nameNode && stringValue(nameNode, ctx.scope.lookup)?.value) ?? flow ?? 'deployment';
    const stage = this.out.stage('deployments', name, clone.node, 'other');
    stage.command = `git clone --depth 1${clone.branch ? ` --branch ${clone.branch}` : ''} ${clone.url}${clone.sha ? ` && git checkout ${clone.sha}` : ''}`;
    this.out.note(stage, `clones ${clone.url} before every run of ${flow ? `flow ${flow}` : 'the flow'}`);
  }

  private jobImage(node: SyntaxNode | undefined): SyntaxNode | undefined {
    if (node?.type !== 'dictionary') return undefined;
    for (const pair of node.namedChildren) {
      const key = pair?.type === 'pair' ? pair.childForFieldName('key') : undefined;
      if (key && stringValue(key)?.value === 'image') return pair?.childForFieldName('value') ?? undefined;
    }
    return undefined;
  }

  private schedules(key: string, node: SyntaxNode, ctx: Ctx, pipeline: string, file: string): void {
    const push = (s: Omit<Schedule, 'pipeline' | 'file' | 'range'>, at: SyntaxNode): void => {
      this.out.facts.schedules.push({ ...s, pipeline, file, range: this.out.ref(at) });
    };
    for (const element of key === 'schedules' || node.type === 'list' ? elements(node) : [node]) {
      if (key === 'cron') {
        const cron = stringValue(element, ctx.scope.lookup);
        if (cron && !cron.dynamic) push({ kind: 'cron', expression: cron.value }, element);
      } else if (key === 'interval') push({ kind: 'interval', expression: element.text }, element);
      else if (key === 'rrule') {
        const rule = stringValue(element, ctx.scope.lookup);
        if (rule) push({ kind: 'event', expression: `RRULE ${rule.value}` }, element);
      } else {
        const v = this.expr(element, ctx);
        if (v?.kind === 'schedule') push(v.schedule, v.node);
      }
    }
  }

  /** The image a deployment runs the flow in: a version pin, and the image of the flow's stages. */
  private image(node: SyntaxNode, ctx: Ctx, flow: FlowDef | undefined, how: string): void {
    const image = stringValue(node, ctx.scope.lookup);
    if (!image) return;
    for (const stage of flow?.stages ?? []) stage.image = image.value;
    if (image.dynamic) return;
    this.out.facts.versions.push({
      subject: 'image',
      ...splitImage(image.value),
      range: this.out.ref(node),
      ...(flow?.stages[0] ? { stage: flow.stages[0].id } : {}),
    });
    for (const stage of flow?.stages ?? []) this.out.note(stage, `runs in image ${image.value} (${how})`);
  }
}
