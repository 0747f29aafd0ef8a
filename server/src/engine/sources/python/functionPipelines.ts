// SDKs whose pipelines are decorated functions calling decorated step functions (ZenML's
// `@pipeline`/`@step`, Flyte's `@workflow`/`@task`): a pipeline body is evaluated, each step
// call is a stage, an output handed to another step is data passed between them (and an
// order), `.after(x)` and `a >> b` are orders. What an SDK adds (decorator options, schedules)
// goes through the hooks its adapter implements.
import type { ArtifactRef, Stage } from '../../model/facts';
import type { CallArgs, SyntaxNode } from '../../text/python';
import { callArgs, callName, parameterNames, shortName, stringValue } from '../../text/python';
import { guessRole } from '../roles';
import { ModuleEvaluator, type EvalCtx } from './evaluator';
import { type PipelineFacts, isLiteral } from './pipelineFacts';
import { Scope, type DictValue, type FnValue, type ListValue, type LiteralValue, type OpaqueValue, type StrValue } from './values';

export interface StepFn {
  name: string;
  def: SyntaxNode;
  decorator: string;
  options?: CallArgs;
  scope: Scope<StepValue>;
  /** Stages made from it so far: its options and pins are stated once, on the first. */
  stages: number;
}

export interface PipelineFn {
  name: string;
  def: SyntaxNode;
  decorator: string;
  options?: CallArgs;
  scope: Scope<StepValue>;
  done: boolean;
}

export type StepValue =
  | StrValue
  | ListValue<StepValue>
  | DictValue<StepValue>
  | LiteralValue
  | OpaqueValue
  | FnValue<StepValue>
  | { kind: 'step'; step: StepFn }
  | { kind: 'pipeline'; fn: PipelineFn }
  | { kind: 'invocation'; stage: Stage }
  | { kind: 'output'; stage: Stage; key: string }
  | { kind: 'method'; stage: Stage; method: string }
  | { kind: 'imported'; module: string; name: string }
  | { kind: 'sdk'; name: string; args: CallArgs };

export interface PipelineCtx extends EvalCtx<StepValue> {
  pipeline?: { fn: PipelineFn; names: Map<string, number> };
}

/** What an SDK says: which decorators make steps and pipelines, and what their options mean. */
export interface FunctionPipelineSdk {
  stepDecorators: ReadonlySet<string>;
  pipelineDecorators: ReadonlySet<string>;
  /** Modules whose functions are no steps when a pipeline body calls them. */
  libraryModules: RegExp;
  /** How the n-th call of one step in a pipeline is named (ZenML `train_2`, Flyte `n1`). */
  stageName(step: string, n: number): string;
  /** A step's decorator options, on its first stage (or with no stage, for a step no pipeline here calls). */
  stepOptions(out: PipelineFacts, step: StepFn, stage: Stage | undefined): void;
  /** A pipeline's decorator options. */
  pipelineOptions?(out: PipelineFacts, fn: PipelineFn, stages: Stage[]): void;
  /** A call the SDK gives meaning outside pipeline bodies (schedules, launch plans): returns a value when it took it. */
  sdkCall?(reader: FunctionPipelineReader, short: string, node: SyntaxNode, args: CallArgs, ctx: PipelineCtx): StepValue | undefined;
}

export class FunctionPipelineReader extends ModuleEvaluator<StepValue, PipelineCtx> {
  readonly steps: StepFn[] = [];
  readonly pipelines: PipelineFn[] = [];
  private readonly stagesOf = new Map<PipelineFn, Stage[]>();

  constructor(
    readonly out: PipelineFacts,
    private readonly sdk: FunctionPipelineSdk,
  ) {
    super();
  }

  read(root: SyntaxNode): void {
    this.block(root, { scope: new Scope<StepValue>(), inLoop: false });
    for (const fn of this.pipelines) this.runPipeline(fn);
    for (const s of this.steps) if (s.stages === 0) this.sdk.stepOptions(this.out, s, undefined);
  }

  /** The value of an expression in module scope (a workflow named by a launch plan). */
  evaluate(node: SyntaxNode, ctx: PipelineCtx): StepValue | undefined {
    return this.expr(node, ctx);
  }

  // --- definitions -----------------------------------------------------------------------------

  protected override decorated(node: SyntaxNode, ctx: PipelineCtx): void {
    const def = node.childForFieldName('definition');
    const nameNode = def?.childForFieldName('name');
    if (!def || def.type !== 'function_definition' || !nameNode) return;
    for (const decorator of node.namedChildren) {
      const expression = decorator?.type === 'decorator' ? decorator.namedChildren.find((c) => c && c.type !== 'comment') : undefined;
      if (!expression) continue;
      const call = expression.type === 'call' ? expression : undefined;
      const name = (call ? callName(call) : expression.text) ?? '';
      const short = shortName(name);
      const options = call ? callArgs(call) : undefined;
      // Options may build SDK objects (`DockerSettings(...)`, `ImageSpec(...)`) the SDK reads.
      if (options && (this.sdk.pipelineDecorators.has(short) || this.sdk.stepDecorators.has(short))) this.passThrough(options, ctx);
      if (this.sdk.pipelineDecorators.has(short)) {
        const nameArg = options?.keywords.get('name');
        const pipelineName = (nameArg && stringValue(nameArg, ctx.scope.lookup)?.value) ?? nameNode.text;
        const fn: PipelineFn = { name: pipelineName, def, decorator: short, options, scope: ctx.scope, done: false };
        this.pipelines.push(fn);
        return this.bindFunction(def, { kind: 'pipeline', fn }, ctx);
      }
      if (this.sdk.stepDecorators.has(short)) {
        const nameArg = options?.keywords.get('name');
        const stepName = (nameArg && stringValue(nameArg, ctx.scope.lookup)?.value) ?? nameNode.text;
        const step: StepFn = { name: stepName, def, decorator: short, options, scope: ctx.scope, stages: 0 };
        this.steps.push(step);
        return this.bindFunction(def, { kind: 'step', step }, ctx);
      }
    }
    super.decorated(node, ctx);
  }

  /** `from module import name [as alias]`: names a pipeline body may call as steps. */
  protected override otherStatement(node: SyntaxNode, ctx: PipelineCtx): void {
    if (node.type !== 'import_from_statement') return;
    const module = node.childForFieldName('module_name')?.text ?? '';
    for (const n of node.childrenForFieldName('name')) {
      if (!n) continue;
      const [name, alias] =
        n.type === 'aliased_import' ? [n.childForFieldName('name')?.text, n.childForFieldName('alias')?.text] : [n.text, n.text];
      if (name && alias) ctx.scope.set(alias, { kind: 'imported', module, name });
    }
  }

  private runPipeline(fn: PipelineFn): void {
    if (fn.done) return;
    fn.done = true;
    this.stagesOf.set(fn, []);
    const scope = new Scope<StepValue>(fn.scope);
    for (const p of parameterNames(fn.def)) scope.set(p, undefined);
    const body = fn.def.childForFieldName('body');
    if (body) this.block(body, { scope, inLoop: false, pipeline: { fn, names: new Map() } });
    this.sdk.pipelineOptions?.(this.out, fn, this.stagesOf.get(fn) ?? []);
  }

  // --- expressions ---------------------------------------------------------------------------

  protected override member(target: StepValue | undefined, name: string): StepValue | undefined {
    if (target?.kind === 'invocation') return { kind: 'method', stage: target.stage, method: name };
    if (target?.kind === 'output') return { kind: 'method', stage: target.stage, method: name };
    return undefined;
  }

  protected override subscripted(target: StepValue | undefined, node: SyntaxNode): StepValue | undefined {
    if (target?.kind !== 'invocation' && target?.kind !== 'output') return undefined;
    const key = node.childrenForFieldName('subscript')[0];
    return { kind: 'output', stage: target.stage, key: key?.text ?? 'output' };
  }

  /** `a >> b`: b runs after a (Flyte's chaining of promises). */
  protected override binary(node: SyntaxNode, ctx: PipelineCtx): StepValue | undefined {
    const op = node.childForFieldName('operator');
    if (op?.type !== '>>' && op?.type !== '<<') return super.binary(node, ctx);
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    const l = left ? this.expr(left, ctx) : undefined;
    const r = right ? this.expr(right, ctx) : undefined;
    const [before, after] = op.type === '>>' ? [l, r] : [r, l];
    const b = this.stageOf(before);
    const a = this.stageOf(after);
    if (b && a) this.out.order(b, a, op.type, this.out.ref(node));
    return r;
  }

  /** `a, b = split(x)`: each name is one output of the step, by position. */
  protected override bind(target: SyntaxNode, value: StepValue | undefined, ctx: PipelineCtx): void {
    const unpacked = ['pattern_list', 'tuple_pattern', 'list_pattern'].includes(target.type);
    if (!unpacked || value?.kind !== 'invocation') return super.bind(target, value, ctx);
    target.namedChildren.forEach((n, i) => {
      if (n?.type === 'identifier') ctx.scope.set(n.text, { kind: 'output', stage: value.stage, key: String(i) });
    });
  }

  /** Loops and comprehensions in a pipeline body bind a step's output, item by item. */
  protected override loopTarget(iterated: StepValue | undefined): StepValue | undefined {
    return iterated?.kind === 'invocation' || iterated?.kind === 'output' ? iterated : undefined;
  }

  protected override combine(values: Array<StepValue | undefined>): StepValue | undefined {
    return values.find((v) => v?.kind === 'invocation' || v?.kind === 'output');
  }

  protected call(node: SyntaxNode, ctx: PipelineCtx): StepValue | undefined {
    const fn = node.childForFieldName('function');
    const short = shortName(callName(node) ?? (fn?.type === 'attribute' ? (fn.childForFieldName('attribute')?.text ?? '') : ''));
    const args = callArgs(node);
    const callee = fn ? this.expr(fn, ctx) : undefined;
    switch (callee?.kind) {
      case 'step':
        return this.invoke(callee.step.name, node, args, ctx, callee.step);
      case 'method':
        return this.method(callee.stage, callee.method, args, ctx);
      case 'fn':
        return this.runFunction(callee, args, ctx);
      case 'imported':
        if (ctx.pipeline && !this.sdk.libraryModules.test(callee.module) && /^[a-z_]/.test(callee.name))
          return this.invoke(callee.name, node, args, ctx, undefined, callee.module);
        break;
      default:
        break;
    }
    const taken = this.sdk.sdkCall?.(this, short, node, args, ctx);
    if (taken) return taken;
    return this.passThrough(args, ctx);
  }

  private stageOf(v: StepValue | undefined): Stage | undefined {
    return v?.kind === 'invocation' || v?.kind === 'output' || v?.kind === 'method' ? v.stage : undefined;
  }

  /** `.after(x)` (ZenML), `.with_overrides(...)` and other chained setters return the same stage. */
  private method(stage: Stage, method: string, args: CallArgs, ctx: PipelineCtx): StepValue {
    const values = this.argumentValues(args, ctx);
    if (method === 'after') {
      values.positional.forEach((v, i) => {
        const before = this.stageOf(v);
        if (before) this.out.order(before, stage, 'after', this.out.ref(args.positional[i]));
      });
    }
    return { kind: 'invocation', stage };
  }

  private invoke(name: string, node: SyntaxNode, args: CallArgs, ctx: PipelineCtx, step?: StepFn, module?: string): StepValue | undefined {
    if (!ctx.pipeline) return this.passThrough(args, ctx);
    const values = this.argumentValues(args, ctx);
    const names = ctx.pipeline.names;
    const n = (names.get(name) ?? 0) + 1;
    names.set(name, n);
    const pipeline = ctx.pipeline.fn;
    const stage = this.out.stage(pipeline.name, this.sdk.stageName(name, n), node.childForFieldName('function') ?? node, guessRole(name));
    stage.command = step ? `@${step.decorator} ${step.name}` : name;
    this.stagesOf.get(pipeline)?.push(stage);
    if (ctx.inLoop) stage.dynamic = true;
    if (module) this.out.note(stage, `step from ${module}`);
    const params = step ? parameterNames(step.def) : [];
    args.positional.forEach((a, i) => this.argument(stage, params[i], values.positional[i], a));
    for (const [key, a] of args.keywords) this.argument(stage, key, values.keywords.get(key), a);
    if (step) {
      if (step.stages++ === 0) this.sdk.stepOptions(this.out, step, stage);
      const body = step.def.childForFieldName('body');
      if (body) this.out.scanCode(stage, body, new Scope(step.scope));
    }
    return { kind: 'invocation', stage };
  }

  /** Scoped to this file's pipeline: the outputs live in the run (an artifact store), not at a path. */
  outputRef(stage: Stage, key: string): ArtifactRef {
    return { scheme: 'xcom', name: `${stage.name}.${key}`, scope: `${this.out.file}#${stage.pipeline}` };
  }

  /** An argument: another step's output (data passed, an order), `after=` (ZenML), or a literal parameter. */
  private argument(stage: Stage, input: string | undefined, value: StepValue | undefined, node: SyntaxNode): void {
    if (input === 'after' || input === 'id') {
      if (input === 'after') for (const v of value?.kind === 'list' ? value.items : [value]) this.afterArgument(stage, v, node);
      return;
    }
    if (value?.kind === 'list') {
      for (const item of value.items) this.argument(stage, undefined, item, node);
      return;
    }
    if (value?.kind === 'invocation' || value?.kind === 'output') {
      const producer = value.stage;
      const artifact = this.outputRef(producer, value.kind === 'output' ? value.key : 'output');
      this.out.io(producer, 'writes', { ...artifact }, producer.range);
      this.out.io(stage, 'reads', artifact, this.out.ref(node));
      this.out.order(producer, stage, 'output', this.out.ref(node));
      return;
    }
    if (input && isLiteral(node)) this.out.value(`${stage.pipeline}.${stage.name}.${input}`, node, undefined, { stage: stage.id });
  }

  private afterArgument(stage: Stage, value: StepValue | undefined, node: SyntaxNode): void {
    const before = this.stageOf(value);
    if (before) this.out.order(before, stage, 'after', this.out.ref(node));
    else if (value?.kind === 'str') {
      // `after="load"`: the invocation id of a step in this pipeline.
      const named = this.out.facts.stages.find((s) => s.pipeline === stage.pipeline && s.name === value.str.value);
      if (named) this.out.order(named, stage, 'after', this.out.ref(node));
    }
  }
}
