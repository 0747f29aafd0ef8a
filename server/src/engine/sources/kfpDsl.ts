// Kubeflow Pipelines v2 Python DSL, read statically: components (`@dsl.component`,
// `@dsl.container_component`), pipelines (`@dsl.pipeline`), the tasks a pipeline body creates
// by calling components, their dependencies (outputs passed as arguments, `.after()`), output
// artifacts (`Output[Model]`, `OutputPath('Dataset')`), base images and `packages_to_install`,
// parameter defaults, and Vertex AI / KFP client submissions with schedules. Facts use the
// names the compiler gives (pipeline `name=`, tasks named after their component, `-2` for
// reuse; `kfp-output` artifacts `<task>.<output>`), so a pipeline and its compiled YAML agree.
import { collectPythonSettings } from './pythonSettings';
import type { SiblingReader, SourceAdapter, SourceFile } from './adapter';
import type { ArtifactKind, FileFacts, Stage } from '../model/facts';
import { remark, type StageNote } from '../model/stageNotes';

import { basename, dirname, joinPath } from '../text/paths';
import { get, items, mappings, parseYaml, str as yamlStr } from '../text/yaml';
import type { CallArgs, SyntaxNode } from '../text/python';
import {
  callArgs,
  callName,
  elements,
  initPython,
  isStorageUri,
  parameterNames,
  shortName,
  stringValue,
  readPythonFile,
} from '../text/python';
import { guessRole } from './roles';
import { splitImage } from './images';
import {
  ModuleEvaluator,
  withItems,
  PipelineFacts,
  Scope,
  directionOf,
  isLiteral,
  parameterDefaultNode,
  pathRef,
  type DictValue,
  type EvalCtx,
  type FnValue,
  type ListValue,
  type LiteralValue,
  type OpaqueValue,
  type StrValue,
} from './python';

const KFP_IMPORT = /^\s*(?:from\s+kfp(?:\.v2)?(?:\.dsl)?\s+import\b|import\s+kfp\b)/m;
const KFP_DECORATOR = /^\s*@(?:(?:kfp\.)?(?:v2\.)?dsl\.)?(?:component|container_component|pipeline)\b/m;

export const kfpDslAdapter: SourceAdapter = {
  format: 'kfp-dsl',
  displayName: 'Kubeflow Pipelines (Python DSL)',
  globs: ['**/*.py'],
  contributes: { ownable: true, orchestrator: true },
  detect: (file) => /\.py$/i.test(file.path) && KFP_IMPORT.test(file.text) && KFP_DECORATOR.test(file.text),
  init: () => initPython(),
  parse: (file, siblings) => parseKfpDsl(file, siblings),
};

export function parseKfpDsl(file: SourceFile, siblings: SiblingReader): FileFacts {
  return readPythonFile(file, 'kfp-dsl', 'this pipeline file', (root, index, facts) => {
    new KfpReader(new PipelineFacts(file.path, file.text, index, facts), siblings).read(root);
    const stated = new Set(facts.values.map((v) => `${v.key}\u0000${v.range.range.start.line}:${v.range.range.start.character}`));
    const settings: FileFacts['values'] = [];
    collectPythonSettings(root, index, file.path, settings);
    facts.values.push(...settings.filter((v) => !stated.has(`${v.key}\u0000${v.range.range.start.line}:${v.range.range.start.character}`)));
  });
}

interface Output {
  name: string;
  /** Artifacts are written by every task; parameters only show where a task reads them. */
  artifact: boolean;
  kind?: ArtifactKind;
}

interface Component {
  name: string;
  /** The decorated function; absent for a component loaded from its YAML spec. */
  def?: SyntaxNode;
  /** A YAML spec's container image and input names. */
  image?: string;
  inputs?: string[];
  options?: CallArgs;
  decorator: string;
  outputs: Output[];
  scope: Scope<Value>;
  /** Tasks made from it so far (its defaults and pins are stated once, on the first). */
  tasks: number;
}

interface PipelineFn {
  name: string;
  def: SyntaxNode;
  scope: Scope<Value>;
  done: boolean;
}

interface Task {
  stage: Stage;
  component?: Component;
  /**
   * The module of a component defined elsewhere: its inputs are unknown here, so the pipeline
   * parameters it is given are not stated as its parameters (they may be some of many).
   */
  elsewhere?: string;
}

type Value =
  | StrValue
  | ListValue<Value>
  | DictValue<Value>
  | LiteralValue
  | OpaqueValue
  | FnValue<Value>
  | { kind: 'component'; component: Component }
  | { kind: 'pipeline'; fn: PipelineFn }
  | { kind: 'task'; task: Task }
  | { kind: 'output'; task: Task; key: string }
  | { kind: 'outputs'; task: Task }
  | { kind: 'method'; task: Task; method: string }
  | { kind: 'param'; name: string; node: SyntaxNode }
  | { kind: 'imported'; module: string; name: string }
  | { kind: 'pending'; call: PendingCall }
  | { kind: 'job'; pipeline?: string }
  | { kind: 'jobmethod'; pipeline?: string; method: string };

/**
 * A call in a pipeline body to a function imported from another module: a component defined
 * there, or a compile-time helper. It becomes a task once the body uses it as one (`.after()`,
 * `.outputs`, a setter) or calls it for its effect alone, as components are.
 */
interface PendingCall {
  name: string;
  module: string;
  node: SyntaxNode;
  args: CallArgs;
  values: { positional: Array<Value | undefined>; keywords: Map<string, Value | undefined> };
  ctx: Ctx;
  task?: Task;
}

interface Ctx extends EvalCtx<Value> {
  pipeline?: { name: string; names: Map<string, number> };
  notes: StageNote[];
}

const COMPONENT_DECORATORS = new Set(['component', 'container_component']);
const TASK_SETTERS = /^(set_|add_|ignore_upstream_failure$)/;
const ARTIFACT_KINDS: Array<[RegExp, ArtifactKind]> = [
  [/Model$/, 'model'],
  [/Metrics$/, 'metrics'],
  [/^(HTML|Markdown)$/, 'report'],
  [/Dataset$/, 'data'],
];
const ARTIFACT_TYPE = /^(?:\w+\.)*(Artifact|Dataset|Model|Metrics|ClassificationMetrics|SlicedClassificationMetrics|HTML|Markdown)$/;

/** A component input that names a container image (`train_container_uri`, `image`), and what an image reference looks like. */
const IMAGE_INPUT = /(^|_)(image|container_uri|container_image|image_uri)$/i;
const IMAGE_REF = /^[a-z0-9][a-z0-9.-]*(:\d+)?\/[\w./-]+(:[\w.-]+|@sha256:[0-9a-f]+)?$/i;

/** Modules whose functions are no pipeline components. */
const NOT_COMPONENT_MODULES =
  /^(kfp|typing|os|sys|json|pathlib|datetime|time|re|math|logging|collections|functools|itertools|uuid|random|string|google\.cloud\.aiplatform)(\.|$)/;

/** The compiler's name for a component or pipeline function: `train_model` -> `train-model`. */
function sanitize(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function artifactKind(type: string): ArtifactKind {
  return ARTIFACT_KINDS.find(([re]) => re.test(type))?.[1] ?? 'unknown';
}

/** Outputs a component declares: `Output[T]` and `OutputPath(T)` parameters, and a return annotation. */
function componentOutputs(def: SyntaxNode): Output[] {
  const outputs: Output[] = [];
  for (const p of def.childForFieldName('parameters')?.namedChildren ?? []) {
    if (!p || (p.type !== 'typed_parameter' && p.type !== 'typed_default_parameter')) continue;
    const name =
      p.type === 'typed_parameter' ? p.namedChildren.find((c) => c?.type === 'identifier')?.text : p.childForFieldName('name')?.text;
    const type = p.childForFieldName('type')?.text.replace(/\s+/g, '') ?? '';
    if (!name) continue;
    const output = /^(?:\w+\.)*Output\[(?:\w+\.)*(\w+)/.exec(type);
    if (output) {
      outputs.push({ name, artifact: true, kind: artifactKind(output[1]) });
      continue;
    }
    const path = /^(?:\w+\.)*OutputPath\((.*)\)$/.exec(type);
    if (path) {
      const t = path[1].replace(/^["']|["']$/g, '');
      const artifact = ARTIFACT_TYPE.test(t);
      outputs.push({ name, artifact, ...(artifact ? { kind: artifactKind(t) } : {}) });
    }
  }
  const returns = def.childForFieldName('return_type')?.text.replace(/\s+/g, '');
  if (returns && returns !== 'None') {
    const artifact = /^(?:\w+\.)*(Artifact|Dataset|Model|Metrics|HTML|Markdown)$/.exec(returns);
    if (!/^(?:\w+\.)*(NamedTuple|ContainerSpec)\b/.test(returns))
      outputs.push({ name: 'Output', artifact: !!artifact, ...(artifact ? { kind: artifactKind(artifact[1]) } : {}) });
  }
  return outputs;
}

class KfpReader extends ModuleEvaluator<Value, Ctx> {
  private readonly pipelines: PipelineFn[] = [];
  private readonly components: Component[] = [];
  /** Argument dicts already read (a call evaluated again, as a loop's or a helper's, states them once). */
  private readonly seenValues = new Set<number>();
  /** Compiled package paths (by file name) -> pipeline name, from `Compiler().compile(...)`. */
  private readonly compiled = new Map<string, string>();

  constructor(
    private readonly out: PipelineFacts,
    private readonly siblings: SiblingReader,
  ) {
    super();
  }

  read(root: SyntaxNode): void {
    this.block(root, { scope: new Scope<Value>(), inLoop: false, notes: [] });
    for (const fn of this.pipelines) this.runPipeline(fn);
    // Components no pipeline here uses (a components module): their pins still count.
    for (const c of this.components) if (c.tasks === 0) this.componentPins(c, undefined);
  }

  // --- definitions -----------------------------------------------------------------------------

  protected override decorated(node: SyntaxNode, ctx: Ctx): void {
    const def = node.childForFieldName('definition');
    const nameNode = def?.childForFieldName('name');
    if (!def || def.type !== 'function_definition' || !nameNode) return;
    for (const decorator of node.namedChildren) {
      const expression = decorator?.type === 'decorator' ? decorator.namedChildren.find((c) => c && c.type !== 'comment') : undefined;
      if (!expression) continue;
      const call = expression.type === 'call' ? expression : undefined;
      const name = (call ? callName(call) : expression.text) ?? '';
      const short = shortName(name);
      if (!/^((kfp\.)?(v2\.)?dsl\.)?\w+$/.test(name)) continue;
      if (COMPONENT_DECORATORS.has(short)) {
        const component: Component = {
          name: nameNode.text,
          def,
          options: call ? callArgs(call) : undefined,
          decorator: name,
          outputs: componentOutputs(def),
          scope: ctx.scope,
          tasks: 0,
        };
        this.components.push(component);
        return this.bindFunction(def, { kind: 'component', component }, ctx);
      }
      if (short === 'pipeline') {
        const args = call ? callArgs(call) : undefined;
        const nameArg = args?.keywords.get('name');
        const pipelineName = (nameArg && stringValue(nameArg, ctx.scope.lookup)?.value) ?? sanitize(nameNode.text);
        const fn: PipelineFn = { name: pipelineName, def, scope: ctx.scope, done: false };
        this.pipelines.push(fn);
        return this.bindFunction(def, { kind: 'pipeline', fn }, ctx);
      }
    }
    super.decorated(node, ctx);
  }

  private runPipeline(fn: PipelineFn): void {
    if (fn.done) return;
    fn.done = true;
    const scope = new Scope<Value>(fn.scope);
    for (const p of parameterNames(fn.def)) {
      const nameNode = this.parameterNode(fn.def, p);
      scope.set(p, nameNode ? { kind: 'param', name: p, node: nameNode } : undefined);
      if (nameNode) this.out.facts.definitions.push({ kind: 'param', name: p, scope: this.out.file, range: this.out.ref(nameNode) });
      const d = parameterDefaultNode(fn.def, p);
      if (d && isLiteral(d)) this.out.value(p, d, nameNode, { isParam: true });
    }
    const body = fn.def.childForFieldName('body');
    if (body) this.block(body, { scope, inLoop: false, notes: [], pipeline: { name: fn.name, names: new Map() } });
  }

  private parameterNode(def: SyntaxNode, name: string): SyntaxNode | undefined {
    for (const p of def.childForFieldName('parameters')?.namedChildren ?? []) {
      if (!p) continue;
      const id = p.type === 'identifier' ? p : (p.childForFieldName('name') ?? p.namedChildren.find((c) => c?.type === 'identifier'));
      if (id?.text === name) return id;
    }
    return undefined;
  }

  // --- control flow inside pipelines ---------------------------------------------------------

  protected override withStatement(node: SyntaxNode, ctx: Ctx): void {
    const inner: Ctx = { ...ctx, notes: [...ctx.notes] };
    for (const { expression, alias } of withItems(node)) {
      const short = expression.type === 'call' ? shortName(callName(expression)) : '';
      const first = expression.type === 'call' ? callArgs(expression).positional[0] : undefined;
      if (short === 'Condition' || short === 'If' || short === 'Elif')
        inner.notes.push({ kind: 'condition', keyword: 'condition', expression: first?.text ?? expression.text });
      else if (short === 'Else') inner.notes.push({ kind: 'condition', keyword: 'condition', expression: 'else' });
      else if (short === 'ParallelFor') {
        inner.notes.push(remark('ParallelFor: fans out'));
        inner.inLoop = true;
      } else if (short === 'ExitHandler') inner.notes.push(remark('in exit handler'));
      const v = short === 'ParallelFor' ? undefined : this.expr(expression, ctx);
      if (alias) this.bind(alias, v, inner);
    }
    const body = node.childForFieldName('body');
    if (body) this.block(body, inner);
  }

  // --- expressions ---------------------------------------------------------------------------

  protected override member(target: Value | undefined, name: string): Value | undefined {
    if (target?.kind === 'pending' && (name === 'output' || name === 'outputs' || name === 'after' || TASK_SETTERS.test(name))) {
      const task = this.materialize(target.call);
      return task ? this.member({ kind: 'task', task }, name) : undefined;
    }
    if (target?.kind === 'task') {
      if (name === 'output') return { kind: 'output', task: target.task, key: 'Output' };
      if (name === 'outputs') return { kind: 'outputs', task: target.task };
      return { kind: 'method', task: target.task, method: name };
    }
    if (target?.kind === 'job') return { kind: 'jobmethod', pipeline: target.pipeline, method: name };
    return undefined;
  }

  protected override subscripted(target: Value | undefined, node: SyntaxNode, ctx: Ctx): Value | undefined {
    if (target?.kind !== 'outputs') return undefined;
    const key = node.childrenForFieldName('subscript')[0];
    const str = key ? stringValue(key, ctx.scope.lookup) : undefined;
    return str && !str.dynamic ? { kind: 'output', task: target.task, key: str.value } : undefined;
  }

  protected call(node: SyntaxNode, ctx: Ctx): Value | undefined {
    const fn = node.childForFieldName('function');
    // `Compiler().compile(...)`: a method of a computed object still has its own name.
    const name = callName(node) ?? (fn?.type === 'attribute' ? (fn.childForFieldName('attribute')?.text ?? '') : '');
    const short = shortName(name);
    const args = callArgs(node);
    const callee = fn ? this.expr(fn, ctx) : undefined;
    switch (callee?.kind) {
      case 'component':
        return this.invokeComponent(callee.component, node, args, ctx);
      case 'pipeline':
        return this.invokePipeline(callee.fn, node, args, ctx);
      case 'method':
        return this.taskMethod(callee.task, callee.method, node, args, ctx);
      case 'jobmethod':
        return this.jobMethod(callee.pipeline, callee.method, args, ctx);
      case 'fn':
        return this.runFunction(callee, args, ctx);
      case 'imported':
        if (ctx.pipeline && !NOT_COMPONENT_MODULES.test(callee.module))
          return {
            kind: 'pending',
            call: { name: callee.name, module: callee.module, node, args, values: this.argumentValues(args, ctx), ctx },
          };
        break;
      default:
        break;
    }
    if (/^load_component_from_(text|file)$/.test(short)) return this.loadComponent(short, args, ctx);
    if (short === 'compile') this.compile(args, ctx);
    if (short === 'PipelineJob') return this.pipelineJob(args, ctx);
    if (short === 'PipelineJobSchedule') return this.jobSchedule(args, ctx);
    if (short === 'create_recurring_run' || short === 'create_run_from_pipeline_func' || short === 'create_run_from_pipeline_package')
      return this.clientRun(short, args, ctx);
    return this.stringCall(node, ctx) ?? this.passThrough(args, ctx);
  }

  /** `components.load_component_from_text("""name: ...""")` or `_from_file('component.yaml')`: a component from its YAML spec. */
  private loadComponent(short: string, args: CallArgs, ctx: Ctx): Value | undefined {
    const arg = args.positional[0] ?? args.keywords.get('text') ?? args.keywords.get('filename');
    const str = arg ? stringValue(arg, ctx.scope.lookup) : undefined;
    if (!str || str.dynamic) return undefined;
    const text = short.endsWith('text') ? str.value : this.siblings.read(joinPath(dirname(this.out.file), str.value));
    if (text === undefined) return undefined;
    const y = parseYaml(this.out.file, text);
    const spec = mappings(y)[0];
    const name = yamlStr(y, get(spec, 'name'));
    if (!name) return undefined;
    const outputs = items(get(spec, 'outputs')).flatMap((o) => {
      const n = yamlStr(y, get(o, 'name'));
      const type = yamlStr(y, get(o, 'type')) ?? '';
      const artifact = !/^(String|Integer|Float|Boolean|JsonObject|JsonArray|str|int|float|bool)$/i.test(type);
      return n ? [{ name: n, artifact, ...(artifact && type ? { kind: artifactKind(type) } : {}) }] : [];
    });
    const inputs = items(get(spec, 'inputs')).flatMap((i) => yamlStr(y, get(i, 'name')) ?? []);
    const image = yamlStr(y, get(get(get(spec, 'implementation'), 'container'), 'image'));
    const component: Component = { name, decorator: short, outputs, scope: ctx.scope, tasks: 0, inputs, ...(image ? { image } : {}) };
    return { kind: 'component', component };
  }

  /** `from module import name [as alias]`: names a pipeline body may call as components. */
  protected override otherStatement(node: SyntaxNode, ctx: Ctx): void {
    if (node.type !== 'import_from_statement') return;
    const module = node.childForFieldName('module_name')?.text ?? '';
    for (const n of node.childrenForFieldName('name')) {
      if (!n) continue;
      const [name, alias] =
        n.type === 'aliased_import' ? [n.childForFieldName('name')?.text, n.childForFieldName('alias')?.text] : [n.text, n.text];
      if (name && alias) ctx.scope.set(alias, { kind: 'imported', module, name });
    }
  }

  /** A pipeline body's statement that only calls an imported function: a component run for its effect. */
  protected override expressionStatement(node: SyntaxNode, ctx: Ctx): void {
    if (node.type !== 'call') return super.expressionStatement(node, ctx);
    const v = this.expr(node, ctx);
    if (v?.kind === 'pending') this.materialize(v.call);
  }

  private materialize(call: PendingCall): Task | undefined {
    if (call.task) return call.task;
    const task = this.newTask(sanitize(call.name), call.node, call.name, call.ctx);
    if (!task) return undefined;
    call.task = task;
    task.elsewhere = call.module;
    this.out.note(task.stage, `component from ${call.module}`);
    call.args.positional.forEach((a, i) => this.argument(task, undefined, call.values.positional[i], a));
    for (const [key, a] of call.args.keywords) this.argument(task, key, call.values.keywords.get(key), a);
    return task;
  }

  // --- tasks -----------------------------------------------------------------------------------

  private taskName(base: string, ctx: Ctx): string {
    const names = ctx.pipeline?.names ?? new Map<string, number>();
    const n = (names.get(base) ?? 0) + 1;
    names.set(base, n);
    return n === 1 ? base : `${base}-${n}`;
  }

  private newTask(name: string, node: SyntaxNode, command: string, ctx: Ctx, component?: Component): Task | undefined {
    if (!ctx.pipeline) return undefined;
    const stage = this.out.stage(ctx.pipeline.name, this.taskName(name, ctx), node.childForFieldName('function') ?? node, 'other', command);
    stage.role = guessRole(stage.name, component?.name ?? '');
    if (ctx.inLoop) stage.dynamic = true;
    for (const note of ctx.notes) this.out.note(stage, note);
    return { stage, component };
  }

  private invokeComponent(component: Component, node: SyntaxNode, args: CallArgs, ctx: Ctx): Value | undefined {
    const values = this.argumentValues(args, ctx);
    const task = this.newTask(sanitize(component.name), node, `@${component.decorator}`, ctx, component);
    if (!task) return undefined;
    const first = component.tasks++ === 0;
    const base = component.options?.keywords.get('base_image');
    const image = component.image ?? (base ? stringValue(base, component.scope.lookup)?.value : undefined);
    if (image) task.stage.image = image;
    for (const output of component.outputs)
      if (output.artifact) this.writeOutput(task, output.name, output.kind, this.outputNode(component, output.name) ?? node);
    if (first) this.componentSettings(component, task);
    const params = component.def ? parameterNames(component.def) : (component.inputs ?? []);
    args.positional.forEach((a, i) => this.argument(task, params[i], values.positional[i], a));
    for (const [key, a] of args.keywords) this.argument(task, key, values.keywords.get(key), a);
    const body = component.def?.childForFieldName('body');
    if (body && component.def && !component.decorator.endsWith('container_component'))
      this.out.scanCode(task.stage, body, this.parameterScope(component.def, component.scope, values, params));
    return { kind: 'task', task };
  }

  /** Outputs are scoped to this file's pipeline: its compiled YAML, read too, is the same pipeline, not a second producer. */
  private outputScope(stage: Stage): string {
    return `${this.out.file}#${stage.pipeline}`;
  }

  /** A pipeline used as a component: one task for the sub-DAG (the pipeline is read on its own too). */
  private invokePipeline(fn: PipelineFn, node: SyntaxNode, args: CallArgs, ctx: Ctx): Value | undefined {
    const values = this.argumentValues(args, ctx);
    const task = this.newTask(sanitize(fn.def.childForFieldName('name')?.text ?? fn.name), node, `@dsl.pipeline ${fn.name}`, ctx);
    if (!task) return undefined;
    this.out.note(task.stage, `sub-DAG ${fn.name}`);
    const params = parameterNames(fn.def);
    args.positional.forEach((a, i) => this.argument(task, params[i], values.positional[i], a));
    for (const [key, a] of args.keywords) this.argument(task, key, values.keywords.get(key), a);
    return { kind: 'task', task };
  }

  private outputNode(component: Component, name: string): SyntaxNode | undefined {
    if (!component.def) return undefined;
    if (name === 'Output') return component.def.childForFieldName('return_type') ?? undefined;
    return this.parameterNode(component.def, name);
  }

  private writeOutput(task: Task, key: string, kind: ArtifactKind | undefined, node: SyntaxNode): void {
    const artifact = {
      scheme: 'kfp-output' as const,
      name: `${task.stage.name}.${key}`,
      scope: this.outputScope(task.stage),
      ...(kind ? { kind } : {}),
    };
    this.out.io(task.stage, 'writes', artifact, this.out.ref(node));
  }

  /** A component's base image and `packages_to_install`. */
  private componentPins(component: Component, stage: Stage | undefined): void {
    const options = component.options;
    const lookup = component.scope.lookup;
    for (const key of ['base_image', 'target_image']) {
      const node = options?.keywords.get(key);
      if (!node) continue;
      if (stage) this.out.image(stage, node, lookup);
      else {
        const image = stringValue(node, lookup);
        if (image && !image.dynamic)
          this.out.facts.versions.push({ subject: 'image', ...splitImage(image.value), range: this.out.ref(node) });
      }
    }
    const packages = options?.keywords.get('packages_to_install');
    if (packages) this.out.packages(stage, packages, lookup);
  }

  /** Base image, packages and input defaults, stated once per component. */
  private componentSettings(component: Component, task: Task): void {
    this.componentPins(component, task.stage);
    if (component.image) {
      this.out.facts.versions.push({ subject: 'image', ...splitImage(component.image), range: task.stage.range, stage: task.stage.id });
    }
    const def = component.def;
    if (!def) return;
    if (component.decorator.endsWith('container_component')) this.containerSpec(component, task);
    const compName = `comp-${sanitize(component.name)}`;
    for (const p of parameterNames(def)) {
      const d = parameterDefaultNode(def, p);
      if (d && isLiteral(d)) this.out.value(`components.${compName}.${p}`, d, this.parameterNode(def, p), { stage: task.stage.id });
    }
  }

  /** `return dsl.ContainerSpec(image=..., command=[...], args=[...])`. */
  private containerSpec(component: Component, task: Task): void {
    const body = component.def?.childForFieldName('body');
    for (const statement of body?.namedChildren ?? []) {
      const call = statement?.type === 'return_statement' ? statement.namedChildren[0] : undefined;
      if (call?.type !== 'call' || shortName(callName(call)) !== 'ContainerSpec') continue;
      const args = callArgs(call);
      const image = args.keywords.get('image') ?? args.positional[0];
      if (image) this.out.image(task.stage, image, component.scope.lookup);
      const parts = ['command', 'args'].flatMap((k) => {
        const n = args.keywords.get(k);
        return n ? elements(n).map((e) => stringValue(e)?.value ?? `{${e.text}}`) : [];
      });
      if (parts.length) task.stage.command = parts.join(' ');
    }
  }

  /** What a task argument brings in: another task's output (a read and an order), a pipeline parameter, a constant. */
  private argument(task: Task, input: string | undefined, value: Value | undefined, node: SyntaxNode): void {
    if (!value) return;
    if (value.kind === 'output' || value.kind === 'task') {
      const producer = value.task;
      const key = value.kind === 'output' ? value.key : 'Output';
      const declared = producer.component?.outputs.find((o) => o.name === key);
      const artifact = { scheme: 'kfp-output' as const, name: `${producer.stage.name}.${key}`, scope: this.outputScope(producer.stage) };
      if (declared?.kind) Object.assign(artifact, { kind: declared.kind });
      if (!declared?.artifact) {
        const declaration = producer.component ? this.outputNode(producer.component, key) : undefined;
        this.out.io(producer.stage, 'writes', { ...artifact }, declaration ? this.out.ref(declaration) : producer.stage.range);
      }
      this.out.io(task.stage, 'reads', artifact, this.out.ref(node));
      const via = !declared ? 'output' : declared.artifact ? 'taskOutputArtifact' : 'taskOutputParameter';
      this.out.order(producer.stage, task.stage, via, this.out.ref(node));
      return;
    }
    if (value.kind === 'param') {
      this.out.facts.references.push({
        kind: 'param',
        name: value.name,
        scope: this.out.file,
        range: this.out.ref(node),
        ...(task.elsewhere ? {} : { stage: task.stage.id }),
      });
      return;
    }
    if (value.kind === 'list') {
      const nodes = node.type === 'list' || node.type === 'tuple' ? elements(node) : [];
      value.items.forEach((item, i) => this.argument(task, undefined, item, nodes[i] ?? node));
      return;
    }
    if (value.kind === 'dict') {
      for (const e of value.entries) this.argument(task, undefined, e.value, e.node);
      return;
    }
    if (!input) return;
    if (value.kind === 'str' && IMAGE_INPUT.test(input) && IMAGE_REF.test(value.str.value) && !value.str.dynamic)
      this.out.facts.versions.push({ subject: 'image', ...splitImage(value.str.value), range: this.out.ref(node), stage: task.stage.id });
    if (value.kind === 'str' && isStorageUri(value.str.value))
      this.out.io(task.stage, directionOf(input), pathRef(value.str), this.out.ref(node));
    else if ((value.kind === 'str' || value.kind === 'literal') && isLiteral(node))
      this.out.value(`root.dag.tasks.${task.stage.name}.inputs.parameters.${input}`, node, undefined, { stage: task.stage.id });
  }

  /** `.after(a, b)`, `.set_caching_options(False)`, `.set_env_variable(...)`; setters return the task. */
  private taskMethod(task: Task, method: string, node: SyntaxNode, args: CallArgs, ctx: Ctx): Value | undefined {
    const values = this.argumentValues(args, ctx);
    if (method === 'after') {
      values.positional.forEach((v, i) => {
        const before = v?.kind === 'task' ? v.task : undefined;
        if (before) this.out.order(before.stage, task.stage, 'after', this.out.ref(args.positional[i]));
      });
      return { kind: 'task', task };
    }
    if (method === 'set_caching_options') {
      const flag = args.keywords.get('enable_caching') ?? args.positional[0];
      if (flag?.type === 'false') this.out.note(task.stage, 'cache disabled');
    }
    if (method === 'set_env_variable') {
      const key = args.keywords.get('name') ?? args.positional[0];
      const value = args.keywords.get('value') ?? args.positional[1];
      const name = key ? stringValue(key, ctx.scope.lookup)?.value : undefined;
      if (name && value && isLiteral(value))
        this.out.value(`root.dag.tasks.${task.stage.name}.env.${name}`, value, key, { stage: task.stage.id });
    }
    if (method === 'set_retry') this.out.note(task.stage, 'retries');
    return TASK_SETTERS.test(method) ? { kind: 'task', task } : undefined;
  }

  // --- submission ------------------------------------------------------------------------------

  /** `Compiler().compile(pipeline_func=p, package_path='p.yaml')`: the package is that pipeline. */
  private compile(args: CallArgs, ctx: Ctx): void {
    const fnNode = args.keywords.get('pipeline_func') ?? args.positional[0];
    const pathNode = args.keywords.get('package_path') ?? args.positional[1];
    const fn = fnNode ? this.expr(fnNode, ctx) : undefined;
    const path = pathNode ? stringValue(pathNode, ctx.scope.lookup) : undefined;
    if (fn?.kind === 'pipeline' && path && !path.dynamic) this.compiled.set(basename(path.value), fn.fn.name);
  }

  private pipelineOf(node: SyntaxNode | undefined, ctx: Ctx): string | undefined {
    if (!node) return undefined;
    const path = stringValue(node, ctx.scope.lookup);
    return path && !path.dynamic ? this.compiled.get(basename(path.value)) : undefined;
  }

  /** `aiplatform.PipelineJob(template_path=..., parameter_values={...})`: a run of a compiled pipeline. */
  private pipelineJob(args: CallArgs, ctx: Ctx): Value {
    this.passThrough(args, ctx);
    const pipeline = this.pipelineOf(args.keywords.get('template_path'), ctx);
    this.parameterValues(args.keywords.get('parameter_values'), pipeline);
    return { kind: 'job', pipeline };
  }

  private parameterValues(node: SyntaxNode | undefined, pipeline: string | undefined): void {
    if (node?.type !== 'dictionary' || this.seenValues.has(node.startIndex)) return;
    this.seenValues.add(node.startIndex);
    for (const pair of node.namedChildren) {
      const key = pair?.type === 'pair' ? pair.childForFieldName('key') : undefined;
      const value = pair?.childForFieldName('value');
      const name = key ? stringValue(key)?.value : undefined;
      if (name && value && key && isLiteral(value)) this.out.value(`parameter_values.${name}`, value, key);
      if (name && key && pipeline) this.out.facts.references.push({ kind: 'param', name, scope: this.out.file, range: this.out.ref(key) });
    }
  }

  /** `job.create_schedule(cron=...)`, `job.submit()`. */
  private jobMethod(pipeline: string | undefined, method: string, args: CallArgs, ctx: Ctx): Value | undefined {
    this.passThrough(args, ctx);
    if (method === 'create_schedule') this.cron(pipeline, args.keywords.get('cron') ?? args.keywords.get('cron_expression'), ctx);
    return undefined;
  }

  private jobSchedule(args: CallArgs, ctx: Ctx): Value | undefined {
    const job = args.keywords.get('pipeline_job') ?? args.positional[0];
    const v = job ? this.expr(job, ctx) : undefined;
    this.cron(v?.kind === 'job' ? v.pipeline : undefined, args.keywords.get('cron'), ctx);
    return v?.kind === 'job' ? { kind: 'job', pipeline: v.pipeline } : undefined;
  }

  /** `kfp.Client().create_recurring_run(cron_expression=..., pipeline_package_path=...)`. */
  private clientRun(short: string, args: CallArgs, ctx: Ctx): Value | undefined {
    const fnNode = args.keywords.get('pipeline_func') ?? (short === 'create_run_from_pipeline_func' ? args.positional[0] : undefined);
    const fn = fnNode ? this.expr(fnNode, ctx) : undefined;
    const pipeline =
      fn?.kind === 'pipeline'
        ? fn.fn.name
        : this.pipelineOf(args.keywords.get('pipeline_package_path') ?? args.keywords.get('package_file'), ctx);
    this.parameterValues(args.keywords.get('params') ?? args.keywords.get('arguments'), pipeline);
    if (short === 'create_recurring_run') this.cron(pipeline, args.keywords.get('cron_expression'), ctx);
    return undefined;
  }

  private cron(pipeline: string | undefined, node: SyntaxNode | undefined, ctx: Ctx): void {
    const cron = node ? stringValue(node, ctx.scope.lookup) : undefined;
    if (!pipeline || !node || !cron) return;
    this.out.facts.schedules.push({ pipeline, file: this.out.file, kind: 'cron', expression: cron.value, range: this.out.ref(node) });
  }
}
