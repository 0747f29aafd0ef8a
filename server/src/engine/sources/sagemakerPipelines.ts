// SageMaker Pipelines (the Python SDK), read statically: the steps a pipeline-building function
// creates (ProcessingStep, TrainingStep, TuningStep, TransformStep, CreateModelStep, ModelStep,
// RegisterModel, LambdaStep, QualityCheckStep, ConditionStep, FailStep, ...), the `steps=[...]`
// the Pipeline is given (and the steps a ConditionStep runs), `step.properties...` references
// (a read of that step's output and an order, as the SDK infers it), `depends_on` and
// `add_depends_on`, ProcessingInput/ProcessingOutput/TrainingInput/TransformInput S3 URIs,
// ParameterString/Integer/Float/Boolean defaults, container images (`image_uri=`,
// `image_uris.retrieve(framework, version=...)`), and model registration into a model package
// group (the SageMaker registry stock, sources/registry). A ConditionStep tests evaluation
// metrics (`JsonGet` of an evaluation step's property file): it reads them and gates the steps
// it runs. With a PipelineSession, `processor.run(...)`, `estimator.fit(...)` and
// `model.register(...)` return a step's arguments (`step_args=`): they are read the same way.
import type { SourceAdapter, SourceFile } from './adapter';
import type { ArtifactKind, ArtifactRef, FileFacts, Stage, StageRole } from '../model/facts';
import type { CallArgs, SyntaxNode } from '../text/python';
import { callArgs, callName, initPython, isStorageUri, readPythonFile, shortName, stringValue } from '../text/python';
import { basename } from '../text/paths';
import { guessRole } from './roles';
import { splitImage } from './images';
import { registryCall, type ArgValue } from './registry/calls';
import { addRegistryAccess } from './registry/facts';
import {
  ModuleEvaluator,
  PipelineFacts,
  Scope,
  isLiteral,
  pathRef,
  type DictValue,
  type EvalCtx,
  type FnValue,
  type ListValue,
  type LiteralValue,
  type OpaqueValue,
  type StrValue,
} from './python';

const SAGEMAKER_WORKFLOW_IMPORT =
  /^[ \t]*(?:from[ \t]+sagemaker\.workflow\.(?:pipeline|steps|step_collections|model_step|condition_step|lambda_step|quality_check_step|clarify_check_step|fail_step)[ \t]+import|import[ \t]+sagemaker\.workflow\b)/m;

export const sagemakerPipelinesAdapter: SourceAdapter = {
  format: 'sagemaker-pipelines',
  displayName: 'SageMaker Pipelines',
  globs: ['**/*.py'],
  contributes: { ownable: true, orchestrator: true, containers: true },
  detect: (file) => /\.py$/i.test(file.path) && SAGEMAKER_WORKFLOW_IMPORT.test(file.text) && /\b\w*Step\s*\(/.test(file.text),
  init: () => initPython(),
  parse: (file) => parseSagemakerPipelines(file),
};

export function parseSagemakerPipelines(file: SourceFile): FileFacts {
  return readPythonFile(file, 'sagemaker-pipelines', 'this pipeline file', (root, index, facts) => {
    new SagemakerReader(new PipelineFacts(file.path, file.text, index, facts)).read(root);
  });
}

const STEP_ROLES: Record<string, StageRole> = {
  TrainingStep: 'train',
  TuningStep: 'train',
  TransformStep: 'serve',
  CreateModelStep: 'deploy',
  ConditionStep: 'evaluate',
  ClarifyCheckStep: 'evaluate',
};

interface Step {
  cls: string;
  name: string;
  node: SyntaxNode;
  nameNode?: SyntaxNode;
  /** What the step's arguments hold, walked when the pipeline is emitted. */
  args: Array<{ key: string; value: Value | undefined; node: SyntaxNode }>;
  /** Steps a ConditionStep runs, by branch. */
  branches: Array<{ via: string; steps: Step[]; node: SyntaxNode }>;
  dependsOn: Array<{ step: Step; node: SyntaxNode }>;
  dependsOnNames: Array<{ name: string; node: SyntaxNode }>;
  skipCheck?: boolean;
}

/** A SageMaker object a step is built from: a processor, an estimator, a model, a transformer, a tuner. */
interface SdkObject {
  cls: string;
  args: Array<{ key: string; value: Value | undefined; node: SyntaxNode }>;
  /** `model.register(...)`: the registration it stands for. */
  register?: { args: CallArgs; values: Map<string, Value | undefined>; node: SyntaxNode };
  /** `model.create(...)`, `transformer.transform(...)`. */
  op?: string;
}

type Value =
  | StrValue
  | ListValue<Value>
  | DictValue<Value>
  | LiteralValue
  | OpaqueValue
  | FnValue<Value>
  | { kind: 'step'; step: Step }
  | { kind: 'stepName'; step: Step }
  | { kind: 'props'; step: Step; path: string[]; metrics?: boolean }
  | { kind: 'param'; name: string; value: Value | undefined }
  | { kind: 'object'; object: SdkObject }
  | { kind: 'objMethod'; object: SdkObject; method: string }
  | { kind: 'io'; direction: 'reads' | 'writes'; location?: { value: Value | undefined; node: SyntaxNode }; output?: string }
  | { kind: 'propertyFile'; output: string }
  | { kind: 'image'; label: string }
  | { kind: 'bag'; items: Array<Value | undefined> }
  | { kind: 'append'; list: ListValue<Value> };

type Ctx = EvalCtx<Value>;

const OBJECT_CLASS =
  /^(\w*Processor|Estimator|XGBoost|PyTorch|TensorFlow|SKLearn|HuggingFace|MXNet|Chainer|RLEstimator|AlgorithmEstimator|Transformer|HyperparameterTuner|\w*Model)$/;
const NOT_OBJECT = /^(ModelMetrics|ModelStep|ModelQualityCheckConfig|ModelExplainabilityCheckConfig|ModelBiasCheckConfig|ModelConfig)$/;
/** Arguments that hold an S3 location a step reads or writes. */
const LOCATION_KEYS = /^(output_path|destination|s3_data|source|data|model_data|inputs)$/;
const STEP_ARG_METHODS = new Set(['run', 'fit', 'register', 'create', 'transform', 'transformer']);
/** Arguments that attach metadata to a registration, not inputs the step waits for. */
const METADATA_ARGS = new Set(['model_metrics', 'drift_check_baselines', 'metadata_properties', 'customer_metadata_properties']);

class SagemakerReader extends ModuleEvaluator<Value, Ctx> {
  private readonly steps: Step[] = [];
  private readonly ran = new Set<number>();
  private readonly functions: SyntaxNode[] = [];
  private readonly fnNames: string[] = [];
  private readonly emitted = new Set<Step>();

  constructor(private readonly out: PipelineFacts) {
    super();
  }

  read(root: SyntaxNode): void {
    const scope = new Scope<Value>();
    this.block(root, { scope, inLoop: false });
    // `get_pipeline(...)` is called by the project's runner, elsewhere: it runs here with its defaults.
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
    if (target?.kind === 'step') {
      if (name === 'properties') return { kind: 'props', step: target.step, path: [] };
      if (name === 'name') return { kind: 'stepName', step: target.step };
      if (name === 'add_depends_on')
        return { kind: 'objMethod', object: { cls: '__step__', args: [] }, method: `depends:${this.steps.indexOf(target.step)}` };
      return undefined;
    }
    if (target?.kind === 'props') return { ...target, path: [...target.path, name] };
    if (target?.kind === 'object') return { kind: 'objMethod', object: target.object, method: name };
    if (target?.kind === 'list' && (name === 'append' || name === 'extend')) return { kind: 'append', list: target };
    return undefined;
  }

  protected override subscripted(target: Value | undefined, node: SyntaxNode, ctx: Ctx): Value | undefined {
    if (target?.kind !== 'props') return undefined;
    const key = node.childrenForFieldName('subscript')[0];
    const str = key ? stringValue(key, ctx.scope.lookup) : undefined;
    return { ...target, path: [...target.path, str && !str.dynamic ? str.value : '*'] };
  }

  /** What an expression built from these values carries: every step reference in it. */
  protected override combine(values: Array<Value | undefined>): Value | undefined {
    const kept = values.filter((v) => v !== undefined && v.kind !== 'opaque');
    return kept.length ? { kind: 'bag', items: kept } : undefined;
  }

  protected override binary(node: SyntaxNode, ctx: Ctx): Value | undefined {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    const op = node.childForFieldName('operator');
    const l = left ? this.expr(left, ctx) : undefined;
    const r = right ? this.expr(right, ctx) : undefined;
    if (op?.type === '+' && l?.kind === 'list' && r?.kind === 'list') return { kind: 'list', items: [...l.items, ...r.items] };
    return super.binary(node, ctx);
  }

  protected call(node: SyntaxNode, ctx: Ctx): Value | undefined {
    const fn = node.childForFieldName('function');
    const name = callName(node) ?? (fn?.type === 'attribute' ? (fn.childForFieldName('attribute')?.text ?? '') : '');
    const short = shortName(name);
    const args = callArgs(node);
    const callee = fn ? this.expr(fn, ctx) : undefined;
    if (callee?.kind === 'fn') return this.runFunction(callee, args, ctx);
    if (callee?.kind === 'append') {
      for (const a of args.positional) {
        const v = this.expr(a, ctx);
        if (short === 'extend' && v?.kind === 'list') callee.list.items.push(...v.items);
        else callee.list.items.push(v);
      }
      return undefined;
    }
    if (callee?.kind === 'objMethod') return this.objectMethod(callee.object, callee.method, node, args, ctx);
    // `step_tuning.get_top_model_s3_uri(top_k=0, s3_bucket=...)`: the best training job's model.
    if (short === 'get_top_model_s3_uri' && fn?.type === 'attribute') {
      const object = fn.childForFieldName('object');
      const step = object ? this.expr(object, ctx) : undefined;
      if (step?.kind === 'step') return { kind: 'props', step: step.step, path: ['BestTrainingJob'] };
    }
    if (/Step$/.test(short) || short === 'RegisterModel') return this.step(short, node, args, ctx);
    if (short === 'Pipeline') return this.pipeline(args, ctx);
    if (/^Parameter(String|Integer|Float|Boolean)$/.test(short)) return this.parameter(args, ctx);
    if (short === 'ProcessingInput' || short === 'TrainingInput' || short === 'TransformInput' || short === 'ProcessingOutput')
      return this.ioObject(short, args, ctx);
    if (short === 'PropertyFile') {
      const output = args.keywords.get('output_name');
      return { kind: 'propertyFile', output: (output && stringValue(output, ctx.scope.lookup)?.value) ?? 'output' };
    }
    if (short === 'JsonGet') return this.jsonGet(args, ctx);
    if (short === 'retrieve' && /image_uris/.test(name)) return this.imageUri(args, ctx);
    if (OBJECT_CLASS.test(short) && !NOT_OBJECT.test(short)) return this.object(short, args, ctx);
    if (short === 'join' || short === 'str' || (fn?.type === 'attribute' && fn.text.endsWith('.format'))) {
      const str = stringValue(node, ctx.scope.lookup);
      if (str) return { kind: 'str', str, origins: [node.startIndex] };
    }
    return this.passThrough(args, ctx);
  }

  private keywordValues(args: CallArgs, ctx: Ctx): Array<{ key: string; value: Value | undefined; node: SyntaxNode }> {
    const out = args.positional.map((node, i) => ({ key: `${i}`, value: this.expr(node, ctx), node }));
    for (const [key, node] of args.keywords) out.push({ key, value: METADATA_ARGS.has(key) ? undefined : this.expr(node, ctx), node });
    return out;
  }

  private object(cls: string, args: CallArgs, ctx: Ctx): Value {
    return { kind: 'object', object: { cls, args: this.keywordValues(args, ctx) } };
  }

  private objectMethod(object: SdkObject, method: string, node: SyntaxNode, args: CallArgs, ctx: Ctx): Value | undefined {
    const dependsOn = /^depends:(\d+)$/.exec(method);
    if (dependsOn) {
      const step = this.steps[Number(dependsOn[1])];
      const first = args.positional[0];
      const v = first ? this.expr(first, ctx) : undefined;
      if (step && first) this.addDependencies(step, v, first);
      return undefined;
    }
    if (!STEP_ARG_METHODS.has(method)) {
      this.passThrough(args, ctx);
      return undefined;
    }
    const made: SdkObject = { cls: object.cls, args: [...object.args, ...this.keywordValues(args, ctx)], op: method };
    if (method === 'register') {
      const values = new Map<string, Value | undefined>();
      for (const [k, n] of args.keywords) if (!METADATA_ARGS.has(k)) values.set(k, this.expr(n, ctx));
      made.register = { args, values, node };
    }
    if (method === 'transformer') made.cls = 'Transformer';
    return { kind: 'object', object: made };
  }

  private parameter(args: CallArgs, ctx: Ctx): Value {
    const nameNode = args.keywords.get('name') ?? args.positional[0];
    const name = (nameNode && stringValue(nameNode, ctx.scope.lookup)?.value) ?? 'parameter';
    const d = args.keywords.get('default_value') ?? args.positional[1];
    const value = d ? this.expr(d, ctx) : undefined;
    if (d && isLiteral(d)) this.out.value(`Parameters.${name}`, d, nameNode);
    return { kind: 'param', name, value };
  }

  private ioObject(cls: string, args: CallArgs, ctx: Ctx): Value {
    const direction = cls === 'ProcessingOutput' ? 'writes' : 'reads';
    const key =
      cls === 'ProcessingOutput' ? 'destination' : cls === 'TrainingInput' ? 's3_data' : cls === 'TransformInput' ? 'data' : 'source';
    const node = args.keywords.get(key) ?? (cls === 'ProcessingOutput' ? undefined : args.positional[0]);
    const output = args.keywords.get('output_name');
    return {
      kind: 'io',
      direction,
      ...(node ? { location: { value: this.expr(node, ctx), node } } : {}),
      ...(output ? { output: stringValue(output, ctx.scope.lookup)?.value } : {}),
    };
  }

  /** `JsonGet(step_name=step_eval.name, property_file=report, json_path=...)`: reads the evaluation step's property file. */
  private jsonGet(args: CallArgs, ctx: Ctx): Value | undefined {
    const stepNode = args.keywords.get('step_name') ?? args.keywords.get('step');
    const step = stepNode ? this.expr(stepNode, ctx) : undefined;
    const fileNode = args.keywords.get('property_file');
    const file = fileNode ? this.expr(fileNode, ctx) : undefined;
    const target = step?.kind === 'step' || step?.kind === 'stepName' ? step.step : undefined;
    if (!target) return undefined;
    return { kind: 'props', step: target, path: ['PropertyFiles', file?.kind === 'propertyFile' ? file.output : 'output'], metrics: true };
  }

  /** `sagemaker.image_uris.retrieve(framework="xgboost", version="1.0-1")`: an AWS image, pinned by `version`. */
  private imageUri(args: CallArgs, ctx: Ctx): Value | undefined {
    const frameworkNode = args.keywords.get('framework') ?? args.positional[0];
    const framework = frameworkNode ? stringValue(frameworkNode, ctx.scope.lookup) : undefined;
    const versionNode = args.keywords.get('version') ?? args.positional[2];
    const version = versionNode ? stringValue(versionNode, ctx.scope.lookup) : undefined;
    if (!framework || framework.dynamic) return undefined;
    const name = `sagemaker-${framework.value}`;
    if (versionNode && version && !version.dynamic)
      this.out.facts.versions.push({ subject: 'image', name, version: version.value, range: this.out.ref(versionNode) });
    return { kind: 'image', label: version ? `${name}:${version.value}` : name };
  }

  // --- steps ---------------------------------------------------------------------------------

  private step(cls: string, node: SyntaxNode, args: CallArgs, ctx: Ctx): Value {
    const nameNode = args.keywords.get('name') ?? args.positional[0];
    const name = nameNode ? stringValue(nameNode, ctx.scope.lookup) : undefined;
    const step: Step = {
      cls,
      name: name && !name.dynamic ? name.value : cls,
      node,
      nameNode,
      args: [],
      branches: [],
      dependsOn: [],
      dependsOnNames: [],
    };
    for (const a of this.keywordValues(args, ctx)) {
      if (a.key === 'if_steps' || a.key === 'else_steps') {
        step.branches.push({ via: a.key, steps: stepsOf(a.value), node: a.node });
        continue;
      }
      if (a.key === 'depends_on') {
        this.addDependencies(step, a.value, a.node);
        continue;
      }
      if (a.key === 'skip_check') step.skipCheck = a.node.type === 'true';
      step.args.push(a);
    }
    this.steps.push(step);
    return { kind: 'step', step };
  }

  private addDependencies(step: Step, value: Value | undefined, node: SyntaxNode): void {
    const items = value?.kind === 'list' ? value.items : [value];
    for (const item of items) {
      if (item?.kind === 'step') step.dependsOn.push({ step: item.step, node });
      else if (item?.kind === 'str') step.dependsOnNames.push({ name: item.str.value, node });
    }
  }

  private pipeline(args: CallArgs, ctx: Ctx): Value | undefined {
    const nameNode = args.keywords.get('name') ?? args.positional[0];
    const nameValue = nameNode ? this.expr(nameNode, ctx) : undefined;
    const fnName = this.fnNames[this.fnNames.length - 1];
    const name =
      nameValue?.kind === 'str' && !nameValue.str.dynamic
        ? nameValue.str.value
        : nameValue?.kind === 'param' && nameValue.value?.kind === 'str'
          ? nameValue.value.str.value
          : fnName || basename(this.out.file).replace(/\.py$/i, '');
    const stepsNode = args.keywords.get('steps');
    const listed = stepsNode ? stepsOf(this.expr(stepsNode, ctx)) : [];
    // The steps a ConditionStep runs and those named in `depends_on` belong to the pipeline too.
    const members: Step[] = [];
    const add = (s: Step) => {
      if (members.includes(s)) return;
      members.push(s);
      for (const b of s.branches) b.steps.forEach(add);
      for (const d of s.dependsOn) add(d.step);
    };
    listed.forEach(add);
    new StepEmitter(
      this.out,
      name,
      members.filter((s) => !this.emitted.has(s)),
    ).emit();
    members.forEach((s) => this.emitted.add(s));
    return undefined;
  }
}

function stepsOf(value: Value | undefined): Step[] {
  if (value?.kind === 'step') return [value.step];
  if (value?.kind === 'list' || value?.kind === 'bag') return value.items.flatMap(stepsOf);
  return [];
}

/** What a `step.properties...` path names: a processing output by name, the model artifacts, a property file. */
function outputKey(path: string[]): { key: string; kind?: ArtifactKind } {
  const outputs = path.indexOf('Outputs');
  if (outputs >= 0 && path[outputs + 1] && path[outputs + 1] !== '*') return { key: path[outputs + 1] };
  if (path[0] === 'ModelArtifacts') return { key: 'model', kind: 'model' };
  if (path[0] === 'PropertyFiles') return { key: path[1] ?? 'output', kind: 'metrics' };
  if (path[0] === 'TransformOutput') return { key: 'transform', kind: 'predictions' };
  if (path[0] === 'BestTrainingJob' || path[0] === 'TrainingJobSummaries') return { key: 'model', kind: 'model' };
  return { key: path[0] ?? 'properties' };
}

function roleOf(step: Step): StageRole {
  if (step.cls === 'QualityCheckStep') return step.skipCheck ? 'other' : 'evaluate';
  // Registering a model package or creating a model is the step that makes a model deployable.
  if (step.cls === 'RegisterModel') return 'deploy';
  if (step.args.some((a) => a.value?.kind === 'object' && (a.value.object.op === 'register' || a.value.object.op === 'create')))
    return 'deploy';
  return STEP_ROLES[step.cls] ?? guessRole(step.name);
}

/** One pipeline's steps as stages: references become reads and orders, registrations registry writes. */
class StepEmitter {
  private readonly stages = new Map<Step, Stage>();

  constructor(
    private readonly out: PipelineFacts,
    private readonly name: string,
    private readonly members: Step[],
  ) {}

  emit(): void {
    const byName = new Map<string, Stage>();
    for (const step of this.members) {
      const stage = byName.get(step.name) ?? this.out.stage(this.name, step.name, step.nameNode ?? step.node, roleOf(step), step.cls);
      byName.set(step.name, stage);
      this.stages.set(step, stage);
    }
    for (const [step, stage] of this.stages) {
      for (const a of step.args) this.walk(stage, a.value, a.node, a.key, 0);
      for (const b of step.branches)
        for (const target of b.steps) {
          const after = this.stages.get(target);
          if (!after) continue;
          this.out.order(stage, after, b.via, this.out.ref(b.node));
          this.out.note(after, `${b.via === 'if_steps' ? 'if' : 'else'} ${step.name}`);
        }
      for (const d of step.dependsOn) {
        const before = this.stages.get(d.step);
        if (before) this.out.order(before, stage, 'depends_on', this.out.ref(d.node));
      }
      for (const d of step.dependsOnNames) {
        const before = byName.get(d.name);
        if (before) this.out.order(before, stage, 'depends_on', this.out.ref(d.node));
      }
      if (step.cls === 'RegisterModel') this.register(stage, step.args, step.node);
    }
  }

  private artifact(producer: Stage, key: string, kind?: ArtifactKind): ArtifactRef {
    return { scheme: 'kfp-output', name: `${producer.name}.${key}`, scope: `${this.out.file}#${this.name}`, ...(kind ? { kind } : {}) };
  }

  /** Everything a step argument holds: step references, S3 locations, images, registrations. */
  private walk(stage: Stage, value: Value | undefined, node: SyntaxNode, key: string, depth: number): void {
    if (!value || depth > 12) return;
    switch (value.kind) {
      case 'props':
        return this.reference(stage, value.step, value.path, node, value.metrics);
      case 'step':
      case 'stepName':
        return;
      case 'param':
        return this.walk(stage, value.value, node, key, depth + 1);
      case 'str':
        if (isStorageUri(value.str.value) && LOCATION_KEYS.test(key)) {
          const writes = key === 'output_path' || key === 'destination';
          // An estimator's or transformer's `output_path` is where its own job writes, not a step that only uses it (RegisterModel).
          if (key === 'output_path' && stage.role !== 'train' && stage.role !== 'serve') return;
          this.out.io(stage, writes ? 'writes' : 'reads', pathRef(value.str), this.out.ref(node));
        }
        if (key === 'image_uri' && !value.str.dynamic) this.image(stage, value.str.value, node);
        return;
      case 'image':
        if (key === 'image_uri' && !stage.image) stage.image = value.label;
        return;
      case 'io': {
        const location = value.location;
        if (location) this.walk(stage, location.value, location.node, value.direction === 'writes' ? 'destination' : 'source', depth + 1);
        return;
      }
      case 'object':
        for (const a of value.object.args) this.walk(stage, a.value, a.node, a.key, depth + 1);
        if (value.object.register)
          this.register(
            stage,
            [...value.object.register.values].map(([k, v]) => ({ key: k, value: v, node: value.object.register!.args.keywords.get(k)! })),
            value.object.register.node,
          );
        return;
      case 'list':
      case 'bag':
        for (const item of value.items) this.walk(stage, item, node, key, depth + 1);
        return;
      case 'dict':
        for (const e of value.entries) this.walk(stage, e.value, e.node, key, depth + 1);
        return;
      default:
        return;
    }
  }

  /** A processor or estimator used by several steps states its image once. */
  private image(stage: Stage, image: string, node: SyntaxNode): void {
    stage.image = image;
    const range = this.out.ref(node);
    const stated = this.out.facts.versions.some(
      (v) =>
        v.subject === 'image' &&
        v.range.range.start.line === range.range.start.line &&
        v.range.range.start.character === range.range.start.character,
    );
    if (!stated) this.out.facts.versions.push({ subject: 'image', ...splitImage(image), range, stage: stage.id });
  }

  /** `step.properties.ModelArtifacts.S3ModelArtifacts`: the step reads that output, after it (the SDK adds the dependency). */
  private reference(stage: Stage, step: Step, path: string[], node: SyntaxNode, metrics?: boolean): void {
    const producer = this.stages.get(step);
    if (!producer || producer === stage) return;
    const { key, kind } = outputKey(path);
    const artifact = this.artifact(producer, key, metrics ? 'metrics' : kind);
    this.out.io(producer, 'writes', { ...artifact }, producer.range);
    this.out.io(stage, 'reads', artifact, this.out.ref(node));
    this.out.order(producer, stage, 'properties', this.out.ref(node));
  }

  /** A model package registered into a group: the SageMaker registry stock (approved when `approval_status` says so). */
  private register(stage: Stage, args: Array<{ key: string; value: Value | undefined; node: SyntaxNode }>, node: SyntaxNode): void {
    const evaluated = new Map<string, ArgValue | undefined>();
    for (const a of args) {
      const v = a.value?.kind === 'param' ? a.value.value : a.value;
      if (v?.kind === 'str') evaluated.set(a.key, { value: v.str.value, dynamic: v.str.dynamic });
    }
    for (const access of registryCall('RegisterModel', { positional: [], keywords: evaluated })) {
      const from = args.find((a) => a.key === access.from)?.node ?? node;
      addRegistryAccess(this.out.facts, stage.id, access, this.out.ref(from));
    }
  }
}
