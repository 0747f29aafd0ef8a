// Dagster definitions, read statically. Software-defined assets are stocks: each `@asset` is the
// stage that materializes its asset key (the function's name, or `name=`/`key=`, under
// `key_prefix`), and reads the assets it depends on — `deps=[...]`, `ins={...: AssetIn(...)}`,
// and every parameter that is no context, config or resource (Dagster takes such a parameter's
// name for the upstream asset's key). `@multi_asset` materializes each of its `outs`/`specs`. Ops
// called in a `@job` (or a `@graph` made into one) are that job's stages, ordered by the outputs
// they pass. `define_asset_job` selects assets; `ScheduleDefinition`, `@schedule` and
// `AutomationCondition.on_cron` put them on a clock (schedules go to the selected asset stages
// defined in this file); `@asset_sensor` runs a job after an asset materializes. What asset and
// op bodies read and write comes from the shared code-I/O scan.
import { collectPythonSettings } from './pythonSettings';
import type { SourceAdapter, SourceFile } from './adapter';
import type { ArtifactRef, FileFacts, Schedule, Stage } from '../model/facts';
import type { CallArgs, SyntaxNode } from '../text/python';
import { callArgs, callName, dictEntries, elements, initPython, shortName, stringValue, readPythonFile } from '../text/python';
import { guessRole } from './roles';
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

const DAGSTER_IMPORT = /^[ \t]*(?:from[ \t]+dagster(?:\.[\w.]+)?[ \t]+import\b|import[ \t]+dagster\b)/m;

export const dagsterAdapter: SourceAdapter = {
  format: 'dagster',
  displayName: 'Dagster',
  globs: ['**/*.py'],
  // A stage's pipeline is its op job, or its asset group (assets run in whichever jobs select them).
  contributes: { ownable: true, orchestrator: true, pipelineNoun: 'job or asset group' },
  detect: (file) => /\.py$/i.test(file.path) && DAGSTER_IMPORT.test(file.text),
  init: () => initPython(),
  parse: (file) => parseDagster(file),
};

export function parseDagster(file: SourceFile): FileFacts {
  return readPythonFile(file, 'dagster', 'this Dagster module', (root, index, facts) => {
    new DagsterReader(new PipelineFacts(file.path, file.text, index, facts)).read(root);
    collectPythonSettings(root, index, file.path, facts.values);
  });
}

interface Asset {
  key: string;
  group: string;
  stage: Stage;
}

interface OpDef {
  name: string;
  def: SyntaxNode;
  decorator: DecoratorCall;
  scope: Scope<Value>;
}

interface GraphDef {
  name: string;
  def: SyntaxNode;
  scope: Scope<Value>;
}

/** A job: op stages, or the asset stages its selection names in this file (undefined: not known here). */
interface Job {
  name: string;
  stages?: Stage[];
}

type Value =
  | StrValue
  | ListValue<Value>
  | DictValue<Value>
  | LiteralValue
  | OpaqueValue
  | FnValue<Value>
  | { kind: 'asset'; asset: Asset }
  | { kind: 'assets'; assets: Asset[] }
  | { kind: 'key'; key: string }
  | { kind: 'op'; op: OpDef }
  | { kind: 'graph'; graph: GraphDef }
  | { kind: 'job'; job: Job }
  | { kind: 'output'; stage: Stage }
  | { kind: 'selection'; assets?: Asset[] }
  | { kind: 'method'; target: Value; method: string };

interface Ctx extends EvalCtx<Value> {
  /** The job whose body (or graph) is running. */
  job?: { name: string; stages: Map<string, Stage> };
}

/** Parameter types that are Dagster's own, not upstream assets: the context, resources, config. */
const NOT_AN_INPUT_TYPE = /(Context|Resource|ResourceParam\[.*\]|Config|IOManager|Client|Connection|Session)$/;

class DagsterReader extends ModuleEvaluator<Value, Ctx> {
  private readonly assets: Asset[] = [];
  private readonly resourceClasses = new Set<string>();

  constructor(private readonly out: PipelineFacts) {
    super();
  }

  /** Names the module is imported as (`import dagster as dg`): decorators are `@dg.asset` or bare `@asset`. */
  private readonly modules = new Set(['dagster']);

  read(root: SyntaxNode): void {
    for (const m of this.out.text.matchAll(/^[ \t]*import[ \t]+dagster[ \t]+as[ \t]+(\w+)/gm)) this.modules.add(m[1]);
    this.block(root, { scope: new Scope<Value>(), inLoop: false });
  }

  // --- definitions -----------------------------------------------------------------------------

  /** `class Db(ConfigurableResource)` / `class MyConfig(Config)`: parameters of these types are no assets. */
  protected override otherStatement(node: SyntaxNode): void {
    if (node.type !== 'class_definition') return;
    const bases = node.childForFieldName('superclasses')?.text ?? '';
    const name = node.childForFieldName('name')?.text;
    if (name && /\b(ConfigurableResource|ConfigurableIOManager|Config|Permissive\w*|IOManager)\b/.test(bases))
      this.resourceClasses.add(name);
  }

  protected override decorated(node: SyntaxNode, ctx: Ctx): void {
    const found = decoratedFunction(node);
    const nameNode = found?.def.childForFieldName('name');
    if (!found || !nameNode) return super.decorated(node, ctx);
    for (const d of found.decorators) {
      if (d.name.includes('.') && !this.modules.has(d.name.slice(0, d.name.lastIndexOf('.')))) continue;
      switch (d.short) {
        case 'asset':
          return this.bindFunction(found.def, { kind: 'asset', asset: this.asset(found.def, nameNode, d, ctx) }, ctx);
        case 'multi_asset':
          return this.bindFunction(found.def, { kind: 'assets', assets: this.multiAsset(found.def, nameNode, d, ctx) }, ctx);
        case 'op':
          return this.bindFunction(
            found.def,
            { kind: 'op', op: { name: this.named(d, ctx) ?? nameNode.text, def: found.def, decorator: d, scope: ctx.scope } },
            ctx,
          );
        case 'graph':
          return this.bindFunction(
            found.def,
            { kind: 'graph', graph: { name: this.named(d, ctx) ?? nameNode.text, def: found.def, scope: ctx.scope } },
            ctx,
          );
        case 'job':
          return this.bindFunction(
            found.def,
            { kind: 'job', job: this.opJob(this.named(d, ctx) ?? nameNode.text, found.def, ctx.scope) },
            ctx,
          );
        case 'schedule':
          this.schedule(d.args, d.node, ctx, d.args?.keywords.get('name') ? undefined : nameNode.text);
          return super.decorated(node, ctx);
        case 'asset_sensor':
        case 'sensor':
          this.sensor(d, ctx, nameNode.text);
          return super.decorated(node, ctx);
        default:
          break;
      }
    }
    super.decorated(node, ctx);
  }

  private named(d: DecoratorCall, ctx: Ctx): string | undefined {
    const node = d.args?.keywords.get('name');
    const name = node ? stringValue(node, ctx.scope.lookup) : undefined;
    return name && !name.dynamic ? name.value : undefined;
  }

  // --- assets ----------------------------------------------------------------------------------

  private asset(def: SyntaxNode, nameNode: SyntaxNode, d: DecoratorCall, ctx: Ctx): Asset {
    const args = d.args;
    const explicit = args?.keywords.get('key');
    const key =
      (explicit && this.keyOf(explicit, ctx)) ?? this.prefixed(args?.keywords.get('key_prefix'), this.named(d, ctx) ?? nameNode.text, ctx);
    const asset = this.newAsset(key, nameNode, d, ctx, `@asset ${key}`);
    this.out.io(asset.stage, 'writes', this.assetRef(key), this.out.ref(nameNode));
    this.upstream(asset.stage, def, args, ctx);
    this.assetOptions(asset.stage, args, ctx);
    const body = def.childForFieldName('body');
    if (body) this.out.scanCode(asset.stage, body, new Scope(ctx.scope));
    return asset;
  }

  private multiAsset(def: SyntaxNode, nameNode: SyntaxNode, d: DecoratorCall, ctx: Ctx): Asset[] {
    const args = d.args;
    const name = this.named(d, ctx) ?? nameNode.text;
    const first = this.newAsset(name, nameNode, d, ctx, `@multi_asset ${name}`);
    const assets: Asset[] = [];
    const outs = args?.keywords.get('outs');
    for (const e of outs ? dictEntries(outs) : []) {
      const out = e.value.type === 'call' ? callArgs(e.value) : undefined;
      const explicit = out?.keywords.get('key');
      const key = (explicit && this.keyOf(explicit, ctx)) ?? this.prefixed(out?.keywords.get('key_prefix'), e.key, ctx);
      this.out.io(first.stage, 'writes', this.assetRef(key), this.out.ref(e.value));
      assets.push({ ...first, key });
    }
    const specs = args?.keywords.get('specs');
    for (const spec of specs ? elements(specs) : []) {
      if (spec.type !== 'call') continue;
      const specArgs = callArgs(spec);
      const keyNode = specArgs.keywords.get('key') ?? specArgs.positional[0];
      const key = keyNode ? this.keyOf(keyNode, ctx) : undefined;
      if (!key) continue;
      this.out.io(first.stage, 'writes', this.assetRef(key), this.out.ref(spec));
      assets.push({ ...first, key });
      const deps = specArgs.keywords.get('deps');
      if (deps) this.deps(first.stage, deps, ctx);
    }
    this.upstream(first.stage, def, args, ctx);
    this.assetOptions(first.stage, args, ctx);
    const body = def.childForFieldName('body');
    if (body) this.out.scanCode(first.stage, body, new Scope(ctx.scope));
    return assets.length ? assets : [first];
  }

  private newAsset(key: string, nameNode: SyntaxNode, d: DecoratorCall, ctx: Ctx, command: string): Asset {
    const groupNode = d.args?.keywords.get('group_name');
    const group = (groupNode && stringValue(groupNode, ctx.scope.lookup)?.value) || 'default';
    const stage = this.out.stage(group, key, nameNode, guessRole(key), command);
    if (ctx.inLoop) stage.dynamic = true;
    const asset: Asset = { key, group, stage };
    this.assets.push(asset);
    return asset;
  }

  private assetRef(key: string): ArtifactRef {
    return { scheme: 'dataset', name: key };
  }

  /** `key_prefix="raw"` or `["a", "b"]` before a name. */
  private prefixed(prefix: SyntaxNode | undefined, name: string, ctx: Ctx): string {
    if (!prefix) return name;
    const parts = elements(prefix).map((e) => stringValue(e, ctx.scope.lookup)?.value);
    return parts.every((p) => p !== undefined) ? [...parts, name].join('/') : name;
  }

  /** An asset key as written: `"a"`, `["a", "b"]`, `AssetKey(["a", "b"])`, `AssetKey("a")`, an asset function. */
  private keyOf(node: SyntaxNode, ctx: Ctx): string | undefined {
    if (node.type === 'call' && /^(AssetKey|AssetDep|AssetSpec)$/.test(shortName(callName(node)))) {
      const a = callArgs(node);
      const inner = a.keywords.get('path') ?? a.keywords.get('asset') ?? a.keywords.get('key') ?? a.positional[0];
      return inner ? this.keyOf(inner, ctx) : undefined;
    }
    if (node.type === 'list' || node.type === 'tuple') {
      const parts = elements(node).map((e) => stringValue(e, ctx.scope.lookup));
      return parts.length && parts.every((p) => p && !p.dynamic) ? parts.map((p) => p?.value).join('/') : undefined;
    }
    const str = stringValue(node, ctx.scope.lookup);
    if (str) return str.dynamic ? undefined : str.value;
    const v = this.expr(node, ctx);
    if (v?.kind === 'asset') return v.asset.key;
    return v?.kind === 'key' ? v.key : undefined;
  }

  /** `deps=[...]`, `ins={"x": AssetIn(...)}` and the parameters named after upstream assets. */
  private upstream(stage: Stage, def: SyntaxNode, args: CallArgs | undefined, ctx: Ctx): void {
    const deps = args?.keywords.get('deps');
    if (deps) this.deps(stage, deps, ctx);
    const ins = args?.keywords.get('ins');
    const named = new Set<string>();
    for (const e of ins ? dictEntries(ins) : []) {
      named.add(e.key);
      const a = e.value.type === 'call' ? callArgs(e.value) : undefined;
      const keyNode = a?.keywords.get('key') ?? a?.positional[0];
      const key = keyNode ? this.keyOf(keyNode, ctx) : this.prefixed(a?.keywords.get('key_prefix'), e.key, ctx);
      if (key) this.out.io(stage, 'reads', this.assetRef(key), this.out.ref(e.value));
    }
    for (const p of def.childForFieldName('parameters')?.namedChildren ?? []) {
      if (!p) continue;
      const id = p.type === 'identifier' ? p : (p.childForFieldName('name') ?? p.namedChildren.find((c) => c?.type === 'identifier'));
      const name = id?.text;
      if (!id || !name || named.has(name) || name === 'context' || name === 'config' || p.type.includes('default')) continue;
      const type = p.childForFieldName('type')?.text.replace(/\s+/g, '');
      if (type && (NOT_AN_INPUT_TYPE.test(type) || this.resourceClasses.has(type.replace(/^\w+\./, '')))) continue;
      this.out.io(stage, 'reads', this.assetRef(name), this.out.ref(id));
    }
  }

  private deps(stage: Stage, node: SyntaxNode, ctx: Ctx): void {
    for (const element of elements(node)) {
      const v = element.type === 'identifier' ? ctx.scope.get(element.text) : undefined;
      const keys = v?.kind === 'assets' ? v.assets.map((a) => a.key) : [this.keyOf(element, ctx)];
      for (const key of keys) if (key) this.out.io(stage, 'reads', this.assetRef(key), this.out.ref(element));
    }
  }

  /** `retry_policy`, `automation_condition=AutomationCondition.on_cron(...)`. */
  private assetOptions(stage: Stage, args: CallArgs | undefined, ctx: Ctx): void {
    if (!args) return;
    if (args.keywords.has('retry_policy')) this.out.note(stage, 'retry_policy');
    const condition = args.keywords.get('automation_condition');
    if (condition?.type !== 'call') return;
    const short = shortName(callName(condition) ?? condition.childForFieldName('function')?.text);
    const first = callArgs(condition).positional[0] ?? callArgs(condition).keywords.get('cron_schedule');
    const cron = first ? stringValue(first, ctx.scope.lookup) : undefined;
    const tzNode = callArgs(condition).keywords.get('cron_timezone');
    const tz = tzNode ? stringValue(tzNode, ctx.scope.lookup)?.value : undefined;
    if (short === 'on_cron' && cron && !cron.dynamic)
      this.pushSchedule(stage.id, { kind: 'cron', expression: cron.value, ...(tz ? { timezone: tz } : {}) }, first as SyntaxNode);
    else if (short === 'eager')
      this.pushSchedule(stage.id, { kind: 'dataset', expression: 'AutomationCondition.eager(): after its upstream assets' }, condition);
  }

  // --- ops and jobs ------------------------------------------------------------------------------

  /** `@job def j(): c(b(a()))`: its ops are stages of pipeline `j`, ordered by the outputs passed. */
  private opJob(name: string, def: SyntaxNode, scope: Scope<Value>): Job {
    const stages = new Map<string, Stage>();
    const body = def.childForFieldName('body');
    if (body) this.block(body, { scope: new Scope(scope), inLoop: false, job: { name, stages } });
    return { name, stages: [...stages.values()] };
  }

  private invokeOp(op: OpDef, node: SyntaxNode, args: CallArgs, ctx: Ctx): Value | undefined {
    const values = this.argumentValues(args, ctx);
    if (!ctx.job) return undefined;
    let stage = ctx.job.stages.get(op.name);
    if (!stage) {
      stage = this.out.stage(ctx.job.name, op.name, node.childForFieldName('function') ?? node, guessRole(op.name), `@op ${op.name}`);
      ctx.job.stages.set(op.name, stage);
      if (op.decorator.args?.keywords.has('retry_policy')) this.out.note(stage, 'retry_policy');
      const body = op.def.childForFieldName('body');
      if (body) this.out.scanCode(stage, body, new Scope(op.scope));
    }
    if (ctx.inLoop) stage.dynamic = true;
    const link = (v: Value | undefined, at: SyntaxNode): void => {
      if (v?.kind === 'list') return v.items.forEach((item, i) => link(item, elements(at)[i] ?? at));
      if (v?.kind !== 'output' || v.stage === stage) return;
      const artifact: ArtifactRef = { scheme: 'xcom', name: `${v.stage.name}.result`, scope: `${this.out.file}#${v.stage.pipeline}` };
      this.out.io(v.stage, 'writes', { ...artifact }, v.stage.range);
      this.out.io(stage as Stage, 'reads', artifact, this.out.ref(at));
      this.out.order(v.stage, stage as Stage, 'output', this.out.ref(at));
    };
    args.positional.forEach((a, i) => link(values.positional[i], a));
    for (const [k, a] of args.keywords) link(values.keywords.get(k), a);
    return { kind: 'output', stage };
  }

  // --- calls -----------------------------------------------------------------------------------

  protected override member(target: Value | undefined, name: string): Value | undefined {
    if (target?.kind === 'output') return target;
    if (target && target.kind !== 'str' && target.kind !== 'literal') return { kind: 'method', target, method: name };
    return undefined;
  }

  protected override binary(node: SyntaxNode, ctx: Ctx): Value | undefined {
    const op = node.childForFieldName('operator')?.type;
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    const l = left ? this.expr(left, ctx) : undefined;
    const r = right ? this.expr(right, ctx) : undefined;
    if (l?.kind === 'selection' && r?.kind === 'selection') {
      if (!l.assets || !r.assets) return { kind: 'selection' };
      if (op === '|') return { kind: 'selection', assets: [...new Set([...l.assets, ...r.assets])] };
      if (op === '-') return { kind: 'selection', assets: l.assets.filter((a) => !r.assets?.includes(a)) };
      if (op === '&') return { kind: 'selection', assets: l.assets.filter((a) => r.assets?.includes(a)) };
      return { kind: 'selection' };
    }
    return super.binary(node, ctx);
  }

  protected call(node: SyntaxNode, ctx: Ctx): Value | undefined {
    const fn = node.childForFieldName('function');
    const args = callArgs(node);
    const callee = fn ? this.expr(fn, ctx) : undefined;
    if (callee?.kind === 'op') return this.invokeOp(callee.op, node, args, ctx);
    if (callee?.kind === 'graph' && ctx.job) {
      const body = callee.graph.def.childForFieldName('body');
      if (body) this.block(body, { ...ctx, scope: new Scope(callee.graph.scope) });
      return undefined;
    }
    if (callee?.kind === 'fn') return this.runFunction(callee, args, ctx);
    if (callee?.kind === 'method') return this.method(callee.target, callee.method, args, ctx);
    const short = shortName(callName(node) ?? fn?.childForFieldName('attribute')?.text);
    if (short === 'AssetKey') {
      const key = this.keyOf(node, ctx);
      return key ? { kind: 'key', key } : undefined;
    }
    if (short === 'define_asset_job') return this.assetJob(args, ctx);
    if (short === 'ScheduleDefinition' || short === 'build_schedule_from_partitioned_job') {
      this.schedule(args, node, ctx);
      return undefined;
    }
    if (fn?.type === 'attribute' && /(^|\.)AssetSelection$/.test(fn.childForFieldName('object')?.text ?? ''))
      return this.selection(short, args, ctx);
    return this.passThrough(args, ctx);
  }

  private method(target: Value, method: string, args: CallArgs, ctx: Ctx): Value | undefined {
    if (target.kind === 'graph' && method === 'to_job') {
      const nameNode = args.keywords.get('name');
      const name = (nameNode && stringValue(nameNode, ctx.scope.lookup)?.value) ?? target.graph.name;
      return { kind: 'job', job: this.opJob(name, target.graph.def, target.graph.scope) };
    }
    // `.downstream()`, `.upstream()`, `.required_multi_asset_neighbors()`: assets this file alone does not tell.
    if (target.kind === 'selection') return { kind: 'selection' };
    return this.passThrough(args, ctx);
  }

  /** `AssetSelection.assets("a", b_fn)`, `.keys(...)`, `.groups("g")`, `.all()`: the assets of this file it names. */
  private selection(short: string, args: CallArgs, ctx: Ctx): Value {
    // Selections name assets of the whole code location: with none defined here, nothing is known.
    if (this.assets.length === 0) return { kind: 'selection' };
    if (short === 'all') return { kind: 'selection', assets: [...this.assets] };
    if (short === 'groups') {
      const groups = args.positional.map((a) => stringValue(a, ctx.scope.lookup)?.value);
      return { kind: 'selection', assets: this.assets.filter((a) => groups.includes(a.group)) };
    }
    if (short === 'assets' || short === 'keys') {
      const keys = args.positional.flatMap((a) => {
        const v = a.type === 'identifier' ? ctx.scope.get(a.text) : undefined;
        return v?.kind === 'assets' ? v.assets.map((x) => x.key) : [this.keyOf(a, ctx)];
      });
      const here = this.assets.filter((a) => keys.includes(a.key));
      // A key defined in another module: the selection's other assets are not known here.
      if (keys.some((k) => k === undefined || !here.some((a) => a.key === k))) return { kind: 'selection' };
      return { kind: 'selection', assets: here };
    }
    return { kind: 'selection' };
  }

  /** `define_asset_job(name=..., selection=...)`: the asset stages of this file it selects. */
  private assetJob(args: CallArgs, ctx: Ctx): Value {
    const nameNode = args.keywords.get('name') ?? args.positional[0];
    const name = (nameNode && stringValue(nameNode, ctx.scope.lookup)?.value) ?? 'asset_job';
    const selectionNode = args.keywords.get('selection') ?? args.positional[1];
    if (!selectionNode) return { kind: 'job', job: { name, ...(this.assets.length ? { stages: this.assets.map((a) => a.stage) } : {}) } };
    const v = this.expr(selectionNode, ctx);
    let assets: Asset[] | undefined;
    if (v?.kind === 'selection') assets = v.assets;
    else if (selectionNode.type === 'list' || selectionNode.type === 'tuple' || selectionNode.type === 'string') {
      const keys = elements(selectionNode).map((e) => this.keyOf(e, ctx));
      const here = this.assets.filter((a) => keys.includes(a.key));
      if (keys.every((k) => k !== undefined && here.some((a) => a.key === k))) assets = here;
    }
    return { kind: 'job', job: { name, ...(assets ? { stages: assets.map((a) => a.stage) } : {}) } };
  }

  // --- schedules and sensors ---------------------------------------------------------------------

  /** A job's clock: on each stage of the job this file defines, else on the job's name (its stages are elsewhere). */
  private schedule(args: CallArgs | undefined, node: SyntaxNode, ctx: Ctx, fallbackJob?: string): void {
    const cronNode = args?.keywords.get('cron_schedule') ?? args?.positional[0];
    const cron = cronNode ? stringValue(cronNode, ctx.scope.lookup) : undefined;
    const tzNode = args?.keywords.get('execution_timezone');
    const tz = tzNode ? stringValue(tzNode, ctx.scope.lookup)?.value : undefined;
    const jobNode = args?.keywords.get('job') ?? args?.keywords.get('target');
    const job = jobNode ? this.expr(jobNode, ctx) : undefined;
    if (!cron || cron.dynamic || !cronNode) return;
    const schedule = { kind: 'cron' as const, expression: cron.value, ...(tz ? { timezone: tz } : {}) };
    const stages = job?.kind === 'job' ? job.job.stages : job?.kind === 'asset' ? [job.asset.stage] : undefined;
    if (stages) for (const stage of stages) this.pushSchedule(stage.id, schedule, cronNode);
    else this.pushSchedule(job?.kind === 'job' ? job.job.name : (jobNode?.text ?? fallbackJob ?? 'schedule'), schedule, cronNode);
  }

  /** `@asset_sensor(asset_key=..., job=...)`: the job runs after the asset materializes; `@sensor(job=...)`: on an event. */
  private sensor(d: DecoratorCall, ctx: Ctx, name: string): void {
    const args = d.args;
    const jobNode = args?.keywords.get('job') ?? args?.keywords.get('target');
    const job = jobNode ? this.expr(jobNode, ctx) : undefined;
    const stages = job?.kind === 'job' ? job.job.stages : undefined;
    const keyNode = args?.keywords.get('asset_key');
    const key = keyNode ? this.keyOf(keyNode, ctx) : undefined;
    const schedule: Omit<Schedule, 'pipeline' | 'file' | 'range'> =
      d.short === 'asset_sensor' && key
        ? { kind: 'dataset', expression: `asset_sensor ${name} on ${key}` }
        : { kind: 'event', expression: `sensor ${name}` };
    for (const stage of stages ?? []) {
      this.pushSchedule(stage.id, schedule, d.node);
      const producer = key ? this.assets.find((a) => a.key === key) : undefined;
      if (producer) this.out.order(producer.stage, stage, 'asset_sensor', this.out.ref(keyNode as SyntaxNode));
    }
  }

  private pushSchedule(pipeline: string, schedule: Omit<Schedule, 'pipeline' | 'file' | 'range'>, node: SyntaxNode): void {
    this.out.facts.schedules.push({ ...schedule, pipeline, file: this.out.file, range: this.out.ref(node) });
  }
}
