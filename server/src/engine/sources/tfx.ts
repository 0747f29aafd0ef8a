// TFX pipelines, read statically: the components a pipeline-building function creates
// (ExampleGen variants, StatisticsGen, SchemaGen, ExampleValidator, Transform, Trainer, Tuner,
// Evaluator, InfraValidator, Pusher, BulkInferrer, Importer, custom `@component` functions),
// the channels they pass (`examples=example_gen.outputs['examples']`: a read, a write and an
// order), the `components=[...]` the Pipeline is given, `.with_id()` and `add_upstream_node()`,
// ExampleGen `input_base` and `query`, Importer `source_uri`, and a Pusher's push destination.
//
// A Resolver reads from ML Metadata the artifacts that earlier runs of this pipeline produced
// (the latest Model, the latest blessed one): it reads those components' outputs without
// waiting for them. A Resolver feeding a Trainer's `base_model` (warm start) or an Evaluator's
// `baseline_model` thereby closes a loop from a run's outputs into the next run's inputs.
import type { SourceAdapter, SourceFile } from './adapter';
import type { ArtifactKind, ArtifactRef, FileFacts, Stage, StageRole } from '../model/facts';
import type { CallArgs, SyntaxNode } from '../text/python';
import { callArgs, callName, initPython, readPythonFile, shortName, stringValue } from '../text/python';
import { basename } from '../text/paths';
import { guessRole } from './roles';
import { splitImage } from './images';
import { addRegistryAccess } from './registry/facts';
import {
  ModuleEvaluator,
  PipelineFacts,
  Scope,
  pathRef,
  sqlIo,
  type DictValue,
  type EvalCtx,
  type FnValue,
  type ListValue,
  type LiteralValue,
  type OpaqueValue,
  type StrValue,
} from './python';

const TFX_IMPORT = /^[ \t]*(?:from[ \t]+tfx(?:\.[\w.]+)?[ \t]+import|import[ \t]+tfx)\b/m;
/** A pipeline file builds components or a pipeline; a module file (`run_fn`, `preprocessing_fn`) only imports utilities. */
const TFX_PIPELINE =
  /\b(?:\w*ExampleGen|StatisticsGen|SchemaGen|Trainer|Transform|Evaluator|Pusher|Resolver(?:Node)?|Importer(?:Node)?|Pipeline)\s*\(/;

export const tfxAdapter: SourceAdapter = {
  format: 'tfx',
  displayName: 'TFX',
  globs: ['**/*.py'],
  contributes: { ownable: true, orchestrator: true },
  detect: (file) => /\.py$/i.test(file.path) && TFX_IMPORT.test(file.text) && TFX_PIPELINE.test(file.text),
  init: () => initPython(),
  parse: (file) => parseTfx(file),
};

export function parseTfx(file: SourceFile): FileFacts {
  return readPythonFile(file, 'tfx', 'this pipeline file', (root, index, facts) => {
    new TfxReader(new PipelineFacts(file.path, file.text, index, facts)).read(root);
  });
}

/** Standard components: their role and their outputs' artifact types (TFX's component specs). */
const STANDARD: Array<[RegExp, StageRole, Record<string, string>]> = [
  [/ExampleGen$/, 'ingest', { examples: 'Examples' }],
  [/^Importer(Node)?$/, 'ingest', {}],
  [/^StatisticsGen$/, 'other', { statistics: 'ExampleStatistics' }],
  [/^(Import)?SchemaGen$/, 'other', { schema: 'Schema' }],
  [/^ExampleValidator$/, 'other', { anomalies: 'ExampleAnomalies' }],
  [/^Transform$/, 'transform', { transformed_examples: 'Examples', transform_graph: 'TransformGraph' }],
  [/^Trainer$/, 'train', { model: 'Model', model_run: 'ModelRun' }],
  [/^Tuner$/, 'train', { best_hyperparameters: 'HyperParameters' }],
  [/^(Evaluator|ModelValidator)$/, 'evaluate', { evaluation: 'ModelEvaluation', blessing: 'ModelBlessing' }],
  [/^InfraValidator$/, 'evaluate', { blessing: 'InfraBlessing' }],
  [/^Pusher$/, 'deploy', { pushed_model: 'PushedModel' }],
  [/^BulkInferrer$/, 'serve', { inference_result: 'InferenceResult', output_examples: 'Examples' }],
  [/^Resolver(Node)?$/, 'other', {}],
];
/** A TFMA change threshold (`tfma.GenericChangeThreshold`, `change_threshold=`): a blessing that compares with the baseline. */
const CHANGE_THRESHOLD = /\b(?:change_threshold|GenericChangeThreshold)\b/;
const OUTPUT_KINDS: Array<[RegExp, ArtifactKind]> = [
  [/model/i, 'model'],
  [/blessing|evaluation|statistics|anomalies/i, 'metrics'],
  [/inference/i, 'predictions'],
  [/examples/i, 'data'],
];

interface Input {
  key: string;
  channel: Channel;
  node: SyntaxNode;
}

interface Component {
  cls: string;
  id: string;
  node: SyntaxNode;
  args: CallArgs;
  inputs: Input[];
  /** A Resolver's queries: output key -> artifact type (`model=Channel(type=Model)`). */
  queries: Array<{ key: string; type: string; node: SyntaxNode; producer?: Component }>;
  upstream: Array<{ component: Component; node: SyntaxNode }>;
  /** Where the component writes outside ML Metadata (a Pusher's filesystem destination). */
  destinations: Array<{ value: StrValue; node: SyntaxNode }>;
  /** A cloud Pusher's serving args: the model it deploys (`model_name` of AI Platform / Vertex serving args). */
  servingModels: Array<{ name: string; dynamic: boolean; node: SyntaxNode }>;
  /** A custom `@component` function: its body's code I/O. */
  def?: SyntaxNode;
  scope: Scope<Value>;
  pipeline?: string;
}

interface Channel {
  component: Component;
  key: string;
}

type Value =
  | StrValue
  | ListValue<Value>
  | DictValue<Value>
  | LiteralValue
  | OpaqueValue
  | FnValue<Value>
  | { kind: 'component'; component: Component }
  | { kind: 'outputs'; component: Component }
  | { kind: 'channel'; channel: Channel }
  | { kind: 'method'; component: Component; method: string }
  | { kind: 'append'; list: ListValue<Value> }
  | { kind: 'channelType'; type: string; producer?: Component }
  | { kind: 'componentId'; component: Component }
  | { kind: 'destination'; value: StrValue; node: SyntaxNode }
  | { kind: 'customClass'; def: SyntaxNode; scope: Scope<Value> }
  | { kind: 'module'; name: string }
  | { kind: 'tfxClass'; name: string }
  | { kind: 'pending'; component: Component };

/** Modules whose functions make no components: TFX's own, the standard library, the libraries pipeline files use for settings. */
const NOT_COMPONENT_MODULES =
  /^(tfx|tensorflow\w*|ml_metadata|absl|kfp|apache_beam|google|typing|os|sys|json|logging|pathlib|datetime|time|re|math|collections|functools|itertools|distutils|urllib|numpy|pandas)(\.|$)/;

interface Ctx extends EvalCtx<Value> {
  /** Channels the `tfx.dsl.Cond(...)` blocks around the current statement test. */
  conditions?: Input[];
}

class TfxReader extends ModuleEvaluator<Value, Ctx> {
  private readonly created: Component[] = [];
  private readonly ran = new Set<number>();
  private readonly functions: SyntaxNode[] = [];
  private readonly fnNames: string[] = [];

  constructor(private readonly out: PipelineFacts) {
    super();
  }

  read(root: SyntaxNode): void {
    const scope = new Scope<Value>();
    this.block(root, { scope, inLoop: false });
    // A pipeline-building function the module never calls (a runner in another file does) runs with its defaults.
    for (const def of this.functions)
      if (!this.ran.has(def.startIndex) && /\bPipeline\s*\(/.test(def.text))
        this.runFunction(
          { kind: 'fn', def, scope },
          { positional: [], keywords: new Map(), keywordAt: new Map() },
          { scope, inLoop: false },
        );
  }

  protected override bindFunction(def: SyntaxNode, value: Value, ctx: Ctx): void {
    if (def.parent?.type === 'module' || def.parent?.parent?.type === 'module') this.functions.push(def);
    super.bindFunction(def, value, ctx);
  }

  protected override decorated(node: SyntaxNode, ctx: Ctx): void {
    const def = node.childForFieldName('definition');
    const decorators = node.namedChildren.filter((c) => c?.type === 'decorator').map((d) => d!.text);
    if (def?.type === 'function_definition' && decorators.some((d) => /^@(?:[\w.]+\.)?component\b/.test(d)))
      return this.bindFunction(def, { kind: 'customClass', def, scope: ctx.scope }, ctx);
    super.decorated(node, ctx);
  }

  protected override runFunction(callee: FnValue<Value>, args: CallArgs, ctx: Ctx): Value | undefined {
    this.ran.add(callee.def.startIndex);
    this.fnNames.push(callee.def.childForFieldName('name')?.text ?? '');
    try {
      return super.runFunction(callee, args, ctx);
    } finally {
      this.fnNames.pop();
    }
  }

  // --- expressions ---------------------------------------------------------------------------

  protected override member(target: Value | undefined, name: string): Value | undefined {
    if (target?.kind === 'module') return { kind: 'module', name: `${target.name}.${name}` };
    if (target?.kind === 'pending' && (name === 'outputs' || name === 'with_id' || name.startsWith('add_upstream')))
      return this.member(this.materialize(target.component), name);
    if (target?.kind === 'component') {
      if (name === 'outputs') return { kind: 'outputs', component: target.component };
      if (name === 'id') return { kind: 'componentId', component: target.component };
      return { kind: 'method', component: target.component, method: name };
    }
    // `example_gen.outputs.examples`, as TFX before 1.0 allowed.
    if (target?.kind === 'outputs') return { kind: 'channel', channel: { component: target.component, key: name } };
    // `channel.future()[0].custom_property('blessed')`: a placeholder of the channel, resolved at run time.
    if (target?.kind === 'channel') return target;
    if (target?.kind === 'list' && (name === 'append' || name === 'extend')) return { kind: 'append', list: target };
    return undefined;
  }

  protected override subscripted(target: Value | undefined, node: SyntaxNode, ctx: Ctx): Value | undefined {
    if (target?.kind === 'channel') return target;
    if (target?.kind !== 'outputs') return undefined;
    const key = node.childrenForFieldName('subscript')[0];
    const str = key ? stringValue(key, ctx.scope.lookup) : undefined;
    return str && !str.dynamic ? { kind: 'channel', channel: { component: target.component, key: str.value } } : undefined;
  }

  /** `a if cond else b`, `a or b`: a channel either way is what the component is given. */
  protected override combine(values: Array<Value | undefined>): Value | undefined {
    return values.find((v) => v?.kind === 'channel' || v?.kind === 'component');
  }

  protected override binary(node: SyntaxNode, ctx: Ctx): Value | undefined {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    const l = left ? this.expr(left, ctx) : undefined;
    const r = right ? this.expr(right, ctx) : undefined;
    // `components + [pusher]`: the pipeline's component list.
    if (l?.kind === 'list' && r?.kind === 'list') return { kind: 'list', items: [...l.items, ...r.items] };
    return super.binary(node, ctx);
  }

  protected call(node: SyntaxNode, ctx: Ctx): Value | undefined {
    const fn = node.childForFieldName('function');
    const name = callName(node) ?? (fn?.type === 'attribute' ? (fn.childForFieldName('attribute')?.text ?? '') : '');
    const short = shortName(name);
    const args = callArgs(node);
    const callee = fn ? this.expr(fn, ctx) : undefined;
    switch (callee?.kind) {
      case 'channel':
        return callee;
      case 'method':
        return this.componentMethod(callee.component, callee.method, args, ctx);
      case 'append':
        for (const a of args.positional) {
          const v = this.expr(a, ctx);
          if (v?.kind === 'list') callee.list.items.push(...v.items);
          else callee.list.items.push(v);
        }
        return undefined;
      case 'tfxClass':
        if (STANDARD.some(([re]) => re.test(callee.name))) return this.component(callee.name, node, args, ctx);
        break;
      case 'customClass':
        return this.component(callee.def.childForFieldName('name')?.text ?? short, node, args, ctx, callee);
      case 'fn':
        return this.runFunction(callee, args, ctx);
      case 'module': {
        // `custom_components.uploader(...)`: a component defined in another module, once the file uses it as one.
        const made = this.component(short, node, args, ctx);
        this.created.pop();
        return made.kind === 'component' ? { kind: 'pending', component: made.component } : made;
      }
      default:
        break;
    }
    if (STANDARD.some(([re]) => re.test(short))) return this.component(short, node, args, ctx);
    if (short === 'Channel') {
      const type = args.keywords.get('type') ?? args.keywords.get('type_name') ?? args.positional[0];
      const producerNode = args.keywords.get('producer_component_id');
      const producer = producerNode ? this.expr(producerNode, ctx) : undefined;
      if (!type) return undefined;
      return {
        kind: 'channelType',
        type: shortName(type.text),
        ...(producer?.kind === 'componentId' ? { producer: producer.component } : {}),
      };
    }
    if (short === 'Pipeline') return this.pipeline(node, args, ctx);
    if (/^Kubeflow(V2)?DagRunnerConfig$/.test(short)) this.runnerImage(args, ctx);
    if (short === 'Filesystem') {
      const dir = args.keywords.get('base_directory');
      const str = dir ? stringValue(dir, ctx.scope.lookup) : undefined;
      if (dir && str) return { kind: 'destination', value: { kind: 'str', str, origins: [dir.startIndex] }, node: dir };
    }
    if (short === 'PushDestination') {
      const fs = args.keywords.get('filesystem');
      return fs ? this.expr(fs, ctx) : undefined;
    }
    if (short === 'join' || short === 'str' || (fn?.type === 'attribute' && fn.text.endsWith('.format'))) {
      const str = stringValue(node, ctx.scope.lookup);
      if (str) return { kind: 'str', str, origins: [node.startIndex] };
    }
    return this.passThrough(args, ctx);
  }

  /** `KubeflowV2DagRunnerConfig(default_image=...)`, `KubeflowDagRunnerConfig(tfx_image=...)`: the image every component runs in. */
  private runnerImage(args: CallArgs, ctx: Ctx): void {
    for (const key of ['default_image', 'tfx_image']) {
      const node = args.keywords.get(key);
      const image = node ? stringValue(node, ctx.scope.lookup) : undefined;
      if (node && image && !image.dynamic)
        this.out.facts.versions.push({ subject: 'image', ...splitImage(image.value), range: this.out.ref(node) });
    }
  }

  // --- components ----------------------------------------------------------------------------

  private component(cls: string, node: SyntaxNode, args: CallArgs, ctx: Ctx, custom?: { def: SyntaxNode }): Value {
    const values = this.argumentValues(args, ctx);
    const instance = args.keywords.get('instance_name');
    const instanceName = instance ? stringValue(instance, ctx.scope.lookup)?.value : undefined;
    const component: Component = {
      cls,
      // TFX names a component after its class (`Trainer`), or `Class.instance_name` before `with_id` existed.
      id: instanceName ? `${cls}.${instanceName}` : cls,
      node,
      args,
      inputs: [],
      queries: [],
      upstream: [],
      destinations: [],
      servingModels: [],
      def: custom?.def,
      scope: ctx.scope,
    };
    for (const [key, value] of values.keywords) {
      const at = args.keywords.get(key)!;
      if (value?.kind === 'channel') component.inputs.push({ key, channel: value.channel, node: at });
      else if (value?.kind === 'channelType') component.queries.push({ key, type: value.type, node: at, producer: value.producer });
      else if (value?.kind === 'destination') component.destinations.push({ value: value.value, node: value.node });
    }
    const customConfig = args.keywords.get('custom_config');
    if (cls === 'Pusher' && customConfig) this.servingArgs(component, customConfig, ctx);
    // Inside `with tfx.dsl.Cond(...)` the component runs only when the condition on those channels holds.
    for (const c of ctx.conditions ?? []) component.inputs.push(c);
    this.created.push(component);
    return { kind: 'component', component };
  }

  /**
   * `custom_config={SERVING_ARGS_KEY: {'model_name': 'penguin', ...}}`: the cloud Pusher deploys to that
   * model (its keys are SDK constants, so every entry's value is looked at).
   */
  private servingArgs(component: Component, node: SyntaxNode, ctx: Ctx): void {
    if (node.type !== 'dictionary') return;
    for (const pair of node.namedChildren) {
      const valueNode = pair?.type === 'pair' ? pair.childForFieldName('value') : undefined;
      const value = valueNode ? this.expr(valueNode, ctx) : undefined;
      if (value?.kind !== 'dict') continue;
      const model = value.entries.find((e) => e.key === 'model_name');
      if (model?.value?.kind === 'str')
        component.servingModels.push({ name: model.value.str.value, dynamic: model.value.str.dynamic, node: model.node });
    }
  }

  /** `with tfx.dsl.Cond(evaluator.outputs['blessing'].future()[0].custom_property('blessed') == 1):`. */
  protected override withStatement(node: SyntaxNode, ctx: Ctx): void {
    const clause = node.namedChildren.find((c) => c?.type === 'with_clause');
    const conditions = [...(ctx.conditions ?? [])];
    for (const item of clause?.namedChildren ?? []) {
      const value = item?.type === 'with_item' ? item.childForFieldName('value') : undefined;
      if (value?.type !== 'call' || shortName(callName(value)) !== 'Cond') continue;
      const test = callArgs(value).positional[0];
      const channel = test ? this.expr(test, ctx) : undefined;
      if (test && channel?.kind === 'channel') conditions.push({ key: 'Cond', channel: channel.channel, node: test });
    }
    if (conditions.length === (ctx.conditions?.length ?? 0)) return super.withStatement(node, ctx);
    const body = node.childForFieldName('body');
    if (body) this.block(body, { ...ctx, conditions });
  }

  private componentMethod(component: Component, method: string, args: CallArgs, ctx: Ctx): Value | undefined {
    const values = this.argumentValues(args, ctx);
    if (method === 'with_id') {
      const id = args.positional[0] ? stringValue(args.positional[0], ctx.scope.lookup) : undefined;
      if (id && !id.dynamic) component.id = id.value;
      return { kind: 'component', component };
    }
    if (method === 'add_upstream_node' || method === 'add_upstream_nodes') {
      values.positional.forEach((v, i) => {
        const items = v?.kind === 'list' ? v.items : [v];
        for (const item of items)
          if (item?.kind === 'component') component.upstream.push({ component: item.component, node: args.positional[i] });
      });
    }
    return undefined;
  }

  private materialize(component: Component): Value {
    if (!this.created.includes(component)) this.created.push(component);
    return { kind: 'component', component };
  }

  /** `from src.pipelines import components as custom_components`: names whose calls may make components. */
  protected override otherStatement(node: SyntaxNode, ctx: Ctx): void {
    if (node.type === 'import_from_statement') {
      const module = node.childForFieldName('module_name')?.text ?? '';
      const tfx = /^tfx(\.|$)/.test(module);
      if (NOT_COMPONENT_MODULES.test(module) && !tfx) return;
      for (const n of node.childrenForFieldName('name')) {
        if (!n) continue;
        const [name, alias] =
          n.type === 'aliased_import' ? [n.childForFieldName('name')?.text, n.childForFieldName('alias')?.text] : [n.text, n.text];
        // `from tfx.v1.extensions.google_cloud_ai_platform import Trainer as VertexTrainer`: still a Trainer.
        if (name && alias && tfx && alias !== name) ctx.scope.set(alias, { kind: 'tfxClass', name });
        else if (name && alias && !tfx) ctx.scope.set(alias, { kind: 'module', name: `${module}.${name}` });
      }
    }
  }

  // --- the pipeline --------------------------------------------------------------------------

  private pipeline(node: SyntaxNode, args: CallArgs, ctx: Ctx): Value | undefined {
    const values = this.argumentValues(args, ctx);
    const nameValue = values.keywords.get('pipeline_name');
    const fnName = this.fnNames[this.fnNames.length - 1];
    const name = nameValue?.kind === 'str' ? nameValue.str.value : fnName || basename(this.out.file).replace(/\.py$/i, '');
    const listed = flatten(values.keywords.get('components'), (c) => this.materialize(c));
    // Components not handed over by name (a list built elsewhere) are those this function made.
    const unassigned = this.created.filter((c) => c.pipeline === undefined && !listed.includes(c));
    // Alternatives for one id in if/else branches (a local or a cloud Trainer) are the same stage: the file states each.
    const members = listed.length ? [...listed, ...unassigned.filter((c) => listed.some((l) => l.id === c.id))] : unassigned;
    new PipelineEmitter(this.out, name, members).emit();
    return undefined;
  }
}

function flatten(value: Value | undefined, materialize: (c: Component) => Value): Component[] {
  if (value?.kind === 'pending') materialize(value.component);
  if (value?.kind === 'component' || value?.kind === 'pending') return [value.component];
  if (value?.kind === 'list') return value.items.flatMap((v) => flatten(v, materialize));
  return [];
}

function roleOf(cls: string, id: string): StageRole {
  return STANDARD.find(([re]) => re.test(cls))?.[1] ?? guessRole(id, cls);
}

function outputsOf(cls: string): Record<string, string> {
  return STANDARD.find(([re]) => re.test(cls))?.[2] ?? {};
}

function outputKind(key: string): ArtifactKind | undefined {
  return OUTPUT_KINDS.find(([re]) => re.test(key))?.[1];
}

/** One pipeline's components as stages: a component id is one stage (alternatives for one id merge). */
class PipelineEmitter {
  private readonly stages = new Map<Component, Stage>();

  constructor(
    private readonly out: PipelineFacts,
    private readonly name: string,
    private readonly members: Component[],
  ) {}

  emit(): void {
    const byId = new Map<string, Stage>();
    for (const c of this.members) {
      if (this.stages.has(c)) continue;
      c.pipeline = this.name;
      const stage =
        byId.get(c.id) ?? this.out.stage(this.name, c.id, c.node.childForFieldName('function') ?? c.node, roleOf(c.cls, c.id), c.cls);
      byId.set(c.id, stage);
      this.stages.set(c, stage);
    }
    for (const [c, stage] of this.stages) this.component(c, stage);
  }

  private artifact(producer: Stage, key: string): ArtifactRef {
    const kind = outputKind(key);
    return { scheme: 'kfp-output', name: `${producer.name}.${key}`, scope: `${this.out.file}#${this.name}`, ...(kind ? { kind } : {}) };
  }

  private component(c: Component, stage: Stage): void {
    for (const input of c.inputs) {
      const producer = this.stages.get(input.channel.component);
      if (!producer) continue;
      this.out.order(producer, stage, 'channel', this.out.ref(input.node));
      if (input.key === 'baseline_model' && !CHANGE_THRESHOLD.test(this.out.text)) {
        // TFMA compares against the baseline only for change thresholds: with none, the blessing does not depend on it.
        this.out.note(stage, 'baseline_model gives diff metrics only (no change threshold)');
        continue;
      }
      const artifact = this.artifact(producer, input.channel.key);
      this.out.io(producer, 'writes', { ...artifact }, producer.range);
      this.out.io(stage, 'reads', artifact, this.out.ref(input.node));
    }
    for (const up of c.upstream) {
      const before = this.stages.get(up.component);
      if (before) this.out.order(before, stage, 'add_upstream_node', this.out.ref(up.node));
    }
    this.resolver(c, stage);
    this.external(c, stage);
    if (c.def) {
      const body = c.def.childForFieldName('body');
      if (body) this.out.scanCode(stage, body, new Scope(c.scope));
    }
  }

  /**
   * A Resolver's query reads what earlier runs wrote: the outputs of this pipeline's components
   * of that artifact type. No order: it does not wait for them in this run.
   */
  private resolver(c: Component, stage: Stage): void {
    for (const query of c.queries) {
      for (const [other, producer] of this.stages) {
        if (query.producer && query.producer !== other) continue;
        for (const [key, type] of Object.entries(outputsOf(other.cls))) {
          if (type !== query.type || other === c) continue;
          const artifact = this.artifact(producer, key);
          this.out.io(producer, 'writes', { ...artifact }, producer.range);
          this.out.io(stage, 'reads', artifact, this.out.ref(query.node));
        }
      }
      this.out.note(stage, `resolves the latest ${query.type} of earlier runs`);
    }
  }

  /** ExampleGen `input_base` and `query`, Importer `source_uri`, a Pusher's filesystem destination. */
  private external(c: Component, stage: Stage): void {
    const lookup = c.scope.lookup;
    for (const key of ['input_base', 'source_uri']) {
      const node = c.args.keywords.get(key);
      const str = node ? stringValue(node, lookup) : undefined;
      if (node && str && str.value) this.out.io(stage, 'reads', pathRef(str), this.out.ref(node));
    }
    const query = c.args.keywords.get('query');
    const sql = query ? stringValue(query, lookup) : undefined;
    if (query && sql)
      for (const t of sqlIo(sql.value, query, sql.dynamic, this.out.index, this.out.file))
        this.out.io(stage, t.direction, t.artifact, t.range);
    for (const d of c.destinations) this.out.io(stage, 'writes', { ...pathRef(d.value.str), kind: 'model' }, this.out.ref(d.node));
    for (const m of c.servingModels)
      addRegistryAccess(
        this.out.facts,
        stage.id,
        { direction: 'writes', registry: 'vertex', name: m.name, dynamic: m.dynamic || undefined },
        this.out.ref(m.node),
      );
  }
}
