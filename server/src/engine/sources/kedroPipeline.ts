// Kedro pipeline modules (`pipelines/<name>/pipeline.py`), read statically: every
// `node(func, inputs, outputs, name=...)` is a stage, its datasets are artifacts of the catalog,
// `params:x` inputs are references to parameters. Modular pipelines
// (`pipeline(pipe, namespace=..., inputs=..., outputs=..., parameters=...)`) rename datasets the
// way Kedro does, so the stages the module returns carry the names Kedro will use.
import type { SourceAdapter, SourceFile } from './adapter';
import type { ArtifactRef, FileFacts, Reference, Stage } from '../model/facts';
import { stageId } from '../model/facts';
import { remark } from '../model/stageNotes';
import { type LineIndex } from '../text/lineIndex';
import { basename, dirname, stripExtension } from '../text/paths';
import {
  argument,
  callArgs,
  callName,
  dictEntries,
  dottedName,
  elements,
  initPython,
  nodeRef,
  shortName,
  stringValue,
  readPythonFile,
} from '../text/python';
import type { CallArgs, PyString, SyntaxNode } from '../text/python';
import { guessRole } from './roles';
import { ModuleEvaluator, Scope } from './python';
import type { DictValue, EvalCtx, FnValue, ListValue, LiteralValue, OpaqueValue, StrValue } from './python';

// A DAG that runs Kedro nodes (kedro-airflow) is an Airflow file.
const AIRFLOW_IMPORT = /^\s*(?:from|import)\s+airflow\b/m;
const KEDRO_IMPORT = /^\s*(?:from\s+kedro\.pipeline\b|import\s+kedro\.pipeline\b|from\s+kedro\.pipeline\.modular_pipeline\b)/m;

export const kedroPipelineAdapter: SourceAdapter = {
  format: 'kedro-pipeline',
  displayName: 'Kedro',
  globs: ['**/*.py'],
  contributes: { ownable: true, orchestrator: true },
  detect: (file) =>
    /\.py$/i.test(file.path) &&
    !AIRFLOW_IMPORT.test(file.text) &&
    (KEDRO_IMPORT.test(file.text) ||
      (file.text.includes('kedro') && /\b[Nn]ode\s*\(/.test(file.text) && /\b[Pp]ipeline\s*\(/.test(file.text))),
  init: () => initPython(),
  parse: (file) => parseKedroPipeline(file),
};

export function parseKedroPipeline(file: SourceFile): FileFacts {
  return readPythonFile(file, 'kedro-pipeline', 'this pipeline', (root, index, facts) => {
    new PipelineReader(file.path, index, facts).read(root);
  });
}

/** The pipeline a module defines: its folder (`pipelines/data_processing/pipeline.py`), else its file name. */
export function kedroPipelineName(path: string): string {
  const folder = basename(dirname(path));
  return folder && folder !== 'pipelines' && folder !== 'src' ? folder : stripExtension(basename(path));
}

/** A dataset or parameter name as a node states it, and where. */
interface Port {
  name: string;
  node: SyntaxNode;
  dynamic: boolean;
  /** Why the name Kedro will use is not known for certain (a run-time namespace or rename). */
  uncertain?: string;
}

/** A node, with the renames of the modular pipelines around it already applied. */
interface NodeSpec {
  call: SyntaxNode;
  func: string;
  funcNode: SyntaxNode;
  name?: Port;
  inputs: Port[];
  outputs: Port[];
  dynamic: boolean;
}

interface Renames {
  namespace?: string;
  /** The namespace is computed at run time (a variable, an f-string): names under it are unknown. */
  dynamicNamespace?: string;
  /** Dataset names kept or renamed (`inputs=`/`outputs=` of `pipeline()`). */
  datasets: Map<string, string>;
  /** Parameter names kept or renamed (`parameters=`). */
  params: Map<string, string>;
  /** Parameters whose new name is computed at run time (`f"params:{name}.x"`, kept in `params` with its `{…}`). */
  dynamicParams: Set<string>;
}

/**
 * The nodes an expression stands for. `foreign` marks a pipeline built (at least partly) by code
 * of another module (`base()`, `mip.create_pipeline()`), whose nodes this module cannot see.
 */
type Pipeline = NodeSpec[] & { foreign?: boolean };

type KedroValue =
  | StrValue
  | ListValue<KedroValue>
  | DictValue<KedroValue>
  | LiteralValue
  | OpaqueValue
  | FnValue<KedroValue>
  | { kind: 'pipeline'; nodes: Pipeline };
type Ctx = EvalCtx<KedroValue>;
type Lookup = Scope<KedroValue>['lookup'];

/**
 * The module runs on the shared evaluator (python/evaluator); Kedro's `node()` and `pipeline()`
 * are its call hook. Every function body runs where it is defined (`create_pipeline` is called
 * by Kedro, not by the module) and what any of them returns is the module's pipeline.
 */
class PipelineReader extends ModuleEvaluator<KedroValue, Ctx> {
  private readonly created: NodeSpec[] = [];
  /** A node as `pipeline(..., namespace=...)` renamed it: followed when no pipeline is returned. */
  private readonly renamedFrom = new Map<NodeSpec, NodeSpec>();
  private readonly returns: KedroValue[] = [];
  private readonly pipeline: string;

  constructor(
    private readonly file: string,
    private readonly index: LineIndex,
    private readonly facts: FileFacts,
  ) {
    super();
    this.pipeline = kedroPipelineName(file);
  }

  read(root: SyntaxNode): void {
    this.block(root, { scope: new Scope<KedroValue>(), inLoop: false, returns: this.returns });
    const returned = this.returns.flatMap((v) => pipelineOf(v) ?? []);
    // A module that returns no pipeline (a dict of pipelines, say) still states its nodes, as the
    // modular pipelines it built them into renamed them.
    const nodes = returned.length > 0 ? returned : this.created.map((spec) => this.latest(spec));
    const names = new Set<string>();
    for (const spec of nodes) this.emit(spec, names);
  }

  private latest(spec: NodeSpec): NodeSpec {
    for (let next = this.renamedFrom.get(spec); next; next = this.renamedFrom.get(spec)) spec = next;
    return spec;
  }

  protected override bindFunction(def: SyntaxNode, value: KedroValue, ctx: Ctx): void {
    super.bindFunction(def, value, ctx);
    const body = def.childForFieldName('body');
    if (body) this.block(body, { ...ctx, scope: new Scope<KedroValue>(ctx.scope) });
  }

  /** `nodes += [node(...)]` adds to a pipeline. */
  protected override added(a: KedroValue | undefined, b: KedroValue | undefined): KedroValue | undefined {
    const nodes = pipelineOf(a);
    const more = pipelineOf(b) ?? [];
    if (!nodes) return { kind: 'pipeline', nodes: [...more] };
    nodes.push(...more);
    return { kind: 'pipeline', nodes };
  }

  /** `a + b` of pipelines joins their nodes. */
  protected override binary(node: SyntaxNode, ctx: Ctx): KedroValue | undefined {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    return pipelineValue(concat([left ? this.expr(left, ctx) : undefined, right ? this.expr(right, ctx) : undefined].map(pipelineOf)));
  }

  protected call(node: SyntaxNode, ctx: Ctx): KedroValue | undefined {
    const short = shortName(callName(node));
    const args = callArgs(node);
    if (short === 'node' || short === 'Node') return pipelineValue(this.nodeCall(node, args, ctx));
    if (short === 'pipeline' || short === 'Pipeline' || short === 'ModularPipeline') {
      const pipe = argument(args, 'pipe', 0) ?? args.keywords.get('nodes');
      const nodes: Pipeline = pipe ? (pipelineOf(this.expr(pipe, ctx)) ?? foreign()) : [];
      return pipelineValue(this.renamed(nodes, args, ctx.scope.lookup));
    }
    if (short === 'sum' && args.positional[0]) return pipelineValue(pipelineOf(this.expr(args.positional[0], ctx)));
    return this.passThrough(args, ctx);
  }

  private nodeCall(node: SyntaxNode, args: CallArgs, ctx: Ctx): Pipeline {
    const lookup = ctx.scope.lookup;
    const funcNode = argument(args, 'func', 0) ?? node;
    const inputs = argument(args, 'inputs', 1);
    const outputs = argument(args, 'outputs', 2);
    const nameNode = argument(args, 'name', 3);
    const name = nameNode ? stringValue(nameNode, lookup) : undefined;
    const spec: NodeSpec = {
      call: node,
      func: funcNode.type === 'lambda' ? 'lambda' : shortName(dottedName(funcNode) ?? funcNode.text),
      funcNode,
      name: nameNode && name ? { name: name.value, node: nameNode, dynamic: name.dynamic } : undefined,
      inputs: inputs ? this.ports(inputs, lookup) : [],
      outputs: outputs ? this.ports(outputs, lookup) : [],
      dynamic: ctx.inLoop,
    };
    this.created.push(spec);
    return [spec];
  }

  /** `"a"`, `["a", "b"]`, `{"arg": "a"}` (the dataset names), `None`. */
  private ports(node: SyntaxNode, lookup: Lookup): Port[] {
    const values = node.type === 'dictionary' ? dictEntries(node).map((e) => e.value) : elements(node);
    const ports: Port[] = [];
    for (const v of values) {
      const s: PyString | undefined = stringValue(v, lookup);
      if (s) ports.push({ name: s.value, node: v, dynamic: s.dynamic });
    }
    return ports;
  }

  private renamed(nodes: Pipeline, args: CallArgs, lookup: Lookup): Pipeline {
    const namespaceNode = args.keywords.get('namespace');
    const namespace = namespaceNode ? stringValue(namespaceNode, lookup) : undefined;
    const renames: Renames = { datasets: new Map(), params: new Map(), dynamicParams: new Set() };
    if (namespaceNode && namespaceNode.type !== 'none') {
      if (namespace && !namespace.dynamic) renames.namespace = namespace.value;
      else renames.dynamicNamespace = namespaceNode.text;
    }
    for (const key of ['inputs', 'outputs']) this.mapping(args.keywords.get(key), lookup, renames.datasets);
    const parameters = args.keywords.get('parameters');
    this.mapping(parameters, lookup, renames.params, renames.dynamicParams);
    if (nodes.foreign) this.defineForeignRenames(renames, namespaceNode, parameters);
    if (!renames.namespace && !renames.dynamicNamespace && renames.datasets.size === 0 && renames.params.size === 0) return nodes;
    const out: Pipeline = nodes.map((spec) => this.rename(spec, renames));
    if (nodes.foreign) out.foreign = true;
    return out;
  }

  /**
   * A pipeline of another module wrapped here: its nodes' parameters reach Kedro under this
   * namespace or these mapped names. Recorded so that the other module's `params:x` is checked
   * against them (scope `kedro:namespace`: the namespaces, `*` when computed at run time;
   * `kedro:renamed`: the inner names `parameters=` maps).
   */
  private defineForeignRenames(renames: Renames, namespaceNode: SyntaxNode | undefined, parameters: SyntaxNode | undefined): void {
    if (namespaceNode && (renames.namespace || renames.dynamicNamespace)) {
      const name = renames.namespace ?? '*';
      this.facts.definitions.push({ kind: 'param', name, scope: 'kedro:namespace', range: nodeRef(this.index, this.file, namespaceNode) });
    }
    if (!parameters) return;
    const range = nodeRef(this.index, this.file, parameters);
    for (const name of renames.params.keys()) {
      this.facts.definitions.push({ kind: 'param', name, scope: 'kedro:renamed', range });
    }
  }

  /** `"a"`, `["a"]`, `{"a"}` keep names; `{"old": "new"}` renames; a run-time target goes to `dynamic`. */
  private mapping(node: SyntaxNode | undefined, lookup: Lookup, into: Map<string, string>, dynamic?: Set<string>): void {
    if (!node) return;
    if (node.type === 'dictionary') {
      for (const e of dictEntries(node)) {
        const target = stringValue(e.value, lookup);
        into.set(strip(e.key), target ? strip(target.value) : `{${e.value.text}}`);
        if (!target || target.dynamic) dynamic?.add(strip(e.key));
      }
      return;
    }
    for (const e of elements(node)) {
      const s = stringValue(e, lookup)?.value;
      if (s !== undefined) into.set(strip(s), strip(s));
    }
  }

  private rename(spec: NodeSpec, renames: Renames): NodeSpec {
    const renamed = this.renamedSpec(spec, renames);
    this.renamedFrom.set(spec, renamed);
    return renamed;
  }

  private renamedSpec(spec: NodeSpec, renames: Renames): NodeSpec {
    const port = (p: Port): Port => renamePort(p, renames);
    const prefix = renames.namespace ?? (renames.dynamicNamespace ? `{${renames.dynamicNamespace}}` : undefined);
    const name =
      spec.name && prefix
        ? { ...spec.name, name: `${prefix}.${spec.name.name}`, dynamic: spec.name.dynamic || !renames.namespace }
        : spec.name;
    return {
      ...spec,
      dynamic: spec.dynamic || !!renames.dynamicNamespace,
      name,
      func: spec.name || !prefix ? spec.func : `${prefix}.${spec.func}`,
      inputs: spec.inputs.map(port),
      outputs: spec.outputs.map(port),
    };
  }

  // --- facts ---------------------------------------------------------------------------------

  private emit(spec: NodeSpec, names: Set<string>): void {
    const base = spec.name?.name ?? spec.func;
    let name = base;
    for (let n = 1; names.has(name); n++) name = `${base}__${n}`;
    names.add(name);
    const stage: Stage = {
      id: stageId(this.file, this.pipeline, name),
      name,
      pipeline: this.pipeline,
      role: roleOf(name, spec.func),
      range: nodeRef(this.index, this.file, spec.name?.node ?? spec.funcNode),
      command: spec.func,
    };
    if (spec.dynamic || spec.name?.dynamic) stage.dynamic = true;
    if (!spec.name) stage.notes = [remark('unnamed')];
    this.facts.stages.push(stage);
    for (const p of spec.inputs) this.port(stage, p, 'reads');
    for (const p of spec.outputs) this.port(stage, p, 'writes');
  }

  private port(stage: Stage, port: Port, direction: 'reads' | 'writes'): void {
    const range = nodeRef(this.index, this.file, port.node);
    if (direction === 'reads' && port.name.startsWith('params:')) {
      const reference: Reference = { kind: 'param', name: port.name.slice('params:'.length), scope: 'kedro', range, stage: stage.id };
      const uncertain = port.uncertain ?? (port.dynamic ? 'the name is computed at run time' : undefined);
      if (uncertain) reference.uncertain = uncertain;
      this.facts.references.push(reference);
      return;
    }
    if (direction === 'reads' && port.name === 'parameters') {
      // All parameters at once: a reference to every definition in the scope.
      this.facts.references.push({ kind: 'param', name: '*', scope: 'kedro', range, stage: stage.id });
      return;
    }
    const artifact: ArtifactRef = { scheme: 'dataset', name: port.name };
    if (port.dynamic) artifact.dynamic = true;
    this.facts.io.push({ stage: stage.id, direction, artifact, range });
  }
}

function strip(name: string): string {
  return name.startsWith('params:') ? name.slice('params:'.length) : name;
}

/** The nodes a value stands for: a pipeline, or a list of them (parts this module cannot read make it foreign). */
function pipelineOf(value: KedroValue | undefined): Pipeline | undefined {
  if (value?.kind === 'pipeline') return value.nodes;
  return value?.kind === 'list' ? concat(value.items.map(pipelineOf)) : undefined;
}

function pipelineValue(nodes: Pipeline | undefined): KedroValue | undefined {
  return nodes ? { kind: 'pipeline', nodes } : undefined;
}

function concat(parts: Array<Pipeline | undefined>): Pipeline | undefined {
  if (!parts.some((p) => p !== undefined)) return undefined;
  const out: Pipeline = parts.flatMap((p) => p ?? []);
  if (parts.some((p) => p === undefined || p.foreign)) out.foreign = true;
  return out;
}

function foreign(): Pipeline {
  const out: Pipeline = [];
  out.foreign = true;
  return out;
}

/**
 * Kedro's namespacing (`_rename` in its modular pipelines): kept or renamed names first, then
 * the namespace prefix; `parameters` (the whole dictionary) is never renamed. A namespace or
 * rename computed at run time leaves `{…}` in the name and the port uncertain.
 */
function renamePort(port: Port, renames: Renames): Port {
  const { name } = port;
  if (name === 'parameters') return port;
  const dynamicPrefix = renames.dynamicNamespace ? `{${renames.dynamicNamespace}}` : undefined;
  if (name.startsWith('params:')) {
    const param = name.slice('params:'.length);
    const mapped = renames.params.get(param);
    if (mapped !== undefined && renames.dynamicParams.has(param))
      return uncertainPort(port, `params:${mapped}`, 'its `parameters=` mapping is computed at run time');
    if (mapped !== undefined) return { ...port, name: `params:${mapped}` };
    if (renames.namespace) return { ...port, name: `params:${renames.namespace}.${param}` };
    return dynamicPrefix
      ? uncertainPort(port, `params:${dynamicPrefix}.${param}`, `its namespace \`${renames.dynamicNamespace}\` is computed at run time`)
      : port;
  }
  // A transcoded dataset (`table@spark`) is mapped by its base name and keeps its suffix.
  const at = name.indexOf('@');
  const base = at < 0 ? name : name.slice(0, at);
  const mapped = renames.datasets.get(name) ?? (at < 0 ? undefined : renames.datasets.get(base));
  if (mapped !== undefined) {
    const full = renames.datasets.has(name) ? mapped : `${mapped}${name.slice(at)}`;
    return { ...port, name: full, dynamic: port.dynamic || full.includes('{') };
  }
  if (renames.namespace) return { ...port, name: `${renames.namespace}.${name}` };
  return dynamicPrefix ? { ...port, name: `${dynamicPrefix}.${name}`, dynamic: true } : port;
}

function uncertainPort(port: Port, name: string, why: string): Port {
  return { ...port, name, dynamic: true, uncertain: port.uncertain ?? why };
}

function roleOf(name: string, func: string): Stage['role'] {
  const role = guessRole(name, func);
  if (role !== 'other') return role;
  return /(^|_)load/i.test(`${name} ${func}`) ? 'ingest' : 'transform';
}
