// Feast feature repositories (`feature_definitions.py` and friends), read statically.
// Each feature view is a stock (ArtifactRef scheme 'feature-view') written by one stage, its
// materialisation, which reads the view's data source; on-demand views and feature services
// are stages that read the views they name. Schema fields become definitions (`view:field`)
// that serving code (a KServe transformer's feature refs) can resolve against.
import type { SiblingReader, SourceAdapter, SourceFile } from './adapter';
import type { ArtifactRef, FileFacts, Stage } from '../model/facts';
import { stageId } from '../model/facts';
import { isUri } from '../model/identity';
import { type LineIndex } from '../text/lineIndex';
import { dirname, joinPath } from '../text/paths';
import {
  argument,
  callArgs,
  callName,
  dictEntries,
  elements,
  initPython,
  nodeRef,
  shortName,
  stringValue,
  readPythonFile,
} from '../text/python';
import type { CallArgs, PyString, SyntaxNode } from '../text/python';
import { ModuleEvaluator, Scope, isPlaceholder, sqlTables } from './python';
import type { DictValue, EvalCtx, FnValue, ListValue, LiteralValue, OpaqueValue, StrValue } from './python';

const FEAST_IMPORT = /^\s*(?:from|import)\s+feast\b/m;
const FEAST_DEFINITION =
  /\b(?:FeatureView|BatchFeatureView|StreamFeatureView|OnDemandFeatureView|LabelView|FeatureService|Entity|\w+Source)\s*\(|@(?:on_demand|stream|batch)_feature_view\b/;
// An Airflow DAG that materialises a feature store imports feast too: it is a DAG.
const AIRFLOW_IMPORT = /^\s*(?:from|import)\s+airflow\b/m;

export const feastAdapter: SourceAdapter = {
  format: 'feast',
  displayName: 'Feast',
  globs: ['**/*.py'],
  contributes: { ownable: true },
  detect: (file) =>
    /\.py$/i.test(file.path) &&
    file.text.includes('feast') &&
    FEAST_IMPORT.test(file.text) &&
    FEAST_DEFINITION.test(file.text) &&
    !AIRFLOW_IMPORT.test(file.text),
  init: () => initPython(),
  parse: (file, siblings) => parseFeast(file, siblings),
};

export function parseFeast(file: SourceFile, siblings: SiblingReader): FileFacts {
  return readPythonFile(file, 'feast', 'these feature definitions', (root, index, facts) => {
    new FeatureRepoReader(file.path, index, facts, projectName(file, siblings)).read(root);
  });
}

/** The project: `feature_store.yaml` next to the file, else `Project(name=...)`, else 'feast'. */
function projectName(file: SourceFile, siblings: SiblingReader): string {
  const store = siblings.read(joinPath(dirname(file.path), 'feature_store.yaml'));
  const fromStore = store ? /^project:\s*["']?([\w.-]+)/m.exec(store)?.[1] : undefined;
  if (fromStore) return fromStore;
  return /\bProject\(\s*name\s*=\s*["']([\w.-]+)["']/.exec(file.text)?.[1] ?? 'feast';
}

// ---------------------------------------------------------------------------------------------

interface Located {
  ref: ArtifactRef;
  node: SyntaxNode;
}

interface ViewValue {
  kind: 'view';
  name: string;
  stage?: Stage;
}
type FeastValue =
  | StrValue
  | ListValue<FeastValue>
  | DictValue<FeastValue>
  | LiteralValue
  | OpaqueValue
  | FnValue<FeastValue>
  | { kind: 'entity'; joinKeys: string[] }
  | { kind: 'source'; name?: string; data: Located[] }
  | ViewValue
  | { kind: 'projection'; view: ViewValue; features: Array<{ name: string; node: SyntaxNode }> };
type Ctx = EvalCtx<FeastValue>;

const VIEW_CALLS = new Set([
  'FeatureView',
  'BatchFeatureView',
  'StreamFeatureView',
  'OnDemandFeatureView',
  'LabelView',
  'SortedFeatureView',
]);
const VIEW_DECORATORS = new Set(['on_demand_feature_view', 'stream_feature_view', 'batch_feature_view']);
const VERSION_KEYS = ['version', 'feature_view_version', 'model_version'];

/** The module runs on the shared evaluator (python/evaluator); Feast's calls are its hook. */
class FeatureRepoReader extends ModuleEvaluator<FeastValue, Ctx> {
  private readonly base: string;
  /** The context of the call being read (its scope resolves names in the call's arguments). */
  private ctx: Ctx = { scope: new Scope<FeastValue>(), inLoop: false };

  constructor(
    private readonly file: string,
    private readonly index: LineIndex,
    private readonly facts: FileFacts,
    private readonly project: string,
  ) {
    super();
    this.base = dirname(file);
  }

  private get lookup(): (name: string) => PyString | undefined {
    return this.ctx.scope.lookup;
  }

  read(root: SyntaxNode): void {
    this.block(root, this.ctx);
  }

  private ref(node: SyntaxNode) {
    return nodeRef(this.index, this.file, node);
  }

  /** `@on_demand_feature_view(sources=..., schema=...)` on a function: a view named after it. */
  protected override decorated(node: SyntaxNode, ctx: Ctx): void {
    const def = node.childForFieldName('definition');
    const nameNode = def?.childForFieldName('name');
    if (!def || !nameNode) return;
    for (const decorator of node.namedChildren) {
      const call = decorator?.type === 'decorator' ? decorator.namedChildren.find((c) => c?.type === 'call') : undefined;
      const short = call ? shortName(callName(call)) : '';
      if (!call || !VIEW_DECORATORS.has(short)) continue;
      const view = this.within(ctx, () =>
        this.featureView(callArgs(call), short === 'on_demand_feature_view' ? 'OnDemandFeatureView' : short, {
          name: nameNode.text,
          node: nameNode,
        }),
      );
      if (view) ctx.scope.set(nameNode.text, view);
      return;
    }
    super.decorated(node, ctx);
  }

  /** `view[["a", "b"]]`: a view with some of its features. */
  protected override subscripted(view: FeastValue | undefined, node: SyntaxNode): FeastValue | undefined {
    if (view?.kind !== 'view') return undefined;
    const features = node.childrenForFieldName('subscript').flatMap((s) => (s ? elements(s) : []));
    const selected = features.map((f) => ({ name: stringValue(f)?.value ?? '', node: f })).filter((f) => f.name !== '');
    return { kind: 'projection', view, features: selected };
  }

  protected call(node: SyntaxNode, ctx: Ctx): FeastValue | undefined {
    return this.within(ctx, () => this.feastCall(node, ctx));
  }

  private within<T>(ctx: Ctx, read: () => T): T {
    const outer = this.ctx;
    this.ctx = ctx;
    try {
      return read();
    } finally {
      this.ctx = outer;
    }
  }

  private feastCall(node: SyntaxNode, ctx: Ctx): FeastValue | undefined {
    const short = shortName(callName(node));
    const args = callArgs(node);
    if (short === 'Entity') return this.entity(args);
    if (VIEW_CALLS.has(short)) return this.featureView(args, short);
    if (short === 'FeatureService') return this.featureService(args);
    if (short.endsWith('Source')) return this.source(args);
    const fn = node.childForFieldName('function');
    if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'with_name') {
      const object = fn.childForFieldName('object');
      return object ? this.expr(object, ctx) : undefined;
    }
    const callee = fn ? this.expr(fn, ctx) : undefined;
    if (callee?.kind === 'fn') return this.runFunction(callee, args, ctx);
    return this.passThrough(args, ctx);
  }

  // --- entities and sources ------------------------------------------------------------------

  private entity(args: CallArgs): FeastValue {
    const keysNode = args.keywords.get('join_keys') ?? args.keywords.get('join_key');
    const joinKeys: string[] = [];
    for (const k of keysNode ? elements(keysNode) : []) {
      const key = stringValue(k, this.lookup);
      if (!key) continue;
      joinKeys.push(key.value);
      this.facts.definitions.push({ kind: 'column', name: key.value, range: this.ref(k) });
    }
    if (joinKeys.length === 0) {
      const nameNode = argument(args, 'name', 0);
      const name = nameNode ? stringValue(nameNode, this.lookup)?.value : undefined;
      if (name) joinKeys.push(name);
    }
    return { kind: 'entity', joinKeys };
  }

  /** A data source and the stocks behind it: a file, a table, a query's tables, a push source's batch source. */
  private source(args: CallArgs): FeastValue {
    const nameNode = args.keywords.get('name');
    const name = nameNode ? stringValue(nameNode, this.lookup)?.value : undefined;
    const data: Located[] = [];
    const path = args.keywords.get('path') ?? args.keywords.get('file_url');
    const pathStr = path ? stringValue(path, this.lookup) : undefined;
    if (path && pathStr) data.push({ ref: this.pathRef(pathStr), node: path });
    const table = args.keywords.get('table') ?? args.keywords.get('table_ref');
    const tableStr = table ? stringValue(table, this.lookup) : undefined;
    if (table && tableStr) data.push({ ref: this.tableRef(this.qualified(args, tableStr.value), tableStr.dynamic), node: table });
    const query = args.keywords.get('query');
    const queryStr = query ? stringValue(query, this.lookup) : undefined;
    if (query && queryStr)
      for (const t of sqlTables(queryStr.value))
        if (t.direction === 'reads') data.push({ ref: this.tableRef(t.name, t.dynamic), node: query });
    const topic = args.keywords.get('topic') ?? args.keywords.get('stream_name');
    const topicStr = topic ? stringValue(topic, this.lookup) : undefined;
    if (topic && topicStr) data.push({ ref: { scheme: 'named', name: topicStr.value, kind: 'data' }, node: topic });
    for (const d of data) this.facts.artifacts.push({ ref: d.ref, range: this.ref(d.node), ...(name ? { label: name } : {}) });
    // A push or stream source also lands in its batch source: views built on it read that.
    for (const key of ['batch_source', 'stream_source']) {
      const inner = args.keywords.get(key);
      const value = inner ? this.expr(inner, this.ctx) : undefined;
      if (value?.kind === 'source') data.push(...value.data);
    }
    return { kind: 'source', name, data };
  }

  /** `database.schema.table` when a source names them apart (Snowflake, Redshift, Athena). */
  private qualified(args: CallArgs, table: string): string {
    if (table.includes('.')) return table;
    const parts = ['database', 'schema'].map((k) => {
      const n = args.keywords.get(k);
      return n ? stringValue(n, this.lookup)?.value : undefined;
    });
    return [...parts.filter((p): p is string => p !== undefined && p !== ''), table].join('.');
  }

  private pathRef(s: PyString): ArtifactRef {
    const ref: ArtifactRef = isUri(s.value)
      ? { scheme: 'uri', name: s.value, kind: 'data' }
      : { scheme: 'path', name: s.value, base: this.base, kind: 'data' };
    if (s.dynamic || isPlaceholder(s.value)) ref.dynamic = true;
    return ref;
  }

  private tableRef(name: string, dynamic: boolean): ArtifactRef {
    const ref: ArtifactRef = { scheme: 'table', name, kind: 'data' };
    if (dynamic || isPlaceholder(name)) ref.dynamic = true;
    return ref;
  }

  // --- feature views and services ------------------------------------------------------------

  private featureView(args: CallArgs, kind: string, named?: { name: string; node: SyntaxNode }): FeastValue | undefined {
    const nameNode = args.keywords.get('name');
    const nameStr = nameNode ? stringValue(nameNode, this.lookup) : undefined;
    const name = nameStr?.value ?? named?.name;
    const rangeNode = (nameStr && nameNode) || named?.node;
    if (!name || !rangeNode) return undefined;
    const labels = kind === 'LabelView';
    const stage = this.stage(name, rangeNode, kind, labels ? 'label' : 'transform', nameStr?.dynamic ?? false);
    const view: ViewValue = { kind: 'view', name, stage };
    const artifact = this.viewRef(name, labels ? 'labels' : 'features');
    this.facts.io.push({ stage: stage.id, direction: 'writes', artifact, range: this.ref(rangeNode) });
    const description = args.keywords.get('description');
    const descriptionText = description ? stringValue(description, this.lookup)?.value : undefined;
    this.facts.artifacts.push({
      ref: artifact,
      range: this.ref(rangeNode),
      label: name,
      ...(descriptionText ? { description: descriptionText } : {}),
    });
    for (const key of ['source', 'sources', 'batch_source', 'stream_source']) {
      const node = args.keywords.get(key);
      if (node) this.reads(stage, node);
    }
    this.schema(name, args, this.joinKeys(args.keywords.get('entities')));
    this.settings(stage, name, args);
    this.owners(stage, args);
    this.versions(stage, name, args);
    return view;
  }

  private featureService(args: CallArgs): FeastValue | undefined {
    const nameNode = argument(args, 'name', 0);
    const name = nameNode ? stringValue(nameNode, this.lookup) : undefined;
    if (!nameNode || !name) return undefined;
    const stage = this.stage(name.value, nameNode, 'FeatureService', 'transform', name.dynamic);
    const artifact = this.viewRef(name.value, 'features');
    this.facts.io.push({ stage: stage.id, direction: 'writes', artifact, range: this.ref(nameNode) });
    this.facts.artifacts.push({ ref: artifact, range: this.ref(nameNode), label: name.value });
    const features = args.keywords.get('features') ?? args.positional[1];
    if (features) this.reads(stage, features);
    const logging = args.keywords.get('logging_config');
    if (logging) this.loggingDestination(stage, logging);
    this.owners(stage, args);
    this.versions(stage, name.value, args);
    return { kind: 'view', name: name.value, stage };
  }

  private stage(name: string, rangeNode: SyntaxNode, command: string, role: Stage['role'], dynamic: boolean): Stage {
    const stage: Stage = {
      id: stageId(this.file, this.project, name),
      name,
      pipeline: this.project,
      role,
      range: this.ref(rangeNode),
      command,
    };
    if (dynamic || this.ctx.inLoop || isPlaceholder(name)) stage.dynamic = true;
    this.facts.stages.push(stage);
    return stage;
  }

  private viewRef(name: string, kind: ArtifactRef['kind']): ArtifactRef {
    const ref: ArtifactRef = { scheme: 'feature-view', name, kind };
    if (isPlaceholder(name)) ref.dynamic = true;
    return ref;
  }

  /** What a view or service is computed from: sources, other views, projections (with their features). */
  private reads(stage: Stage, node: SyntaxNode): void {
    const items = node.type === 'dictionary' ? dictEntries(node).map((e) => e.value) : elements(node);
    for (const item of items) {
      const value = this.expr(item, this.ctx);
      const range = this.ref(item);
      if (value?.kind === 'source') {
        for (const d of value.data) this.facts.io.push({ stage: stage.id, direction: 'reads', artifact: { ...d.ref }, range });
      } else if (value?.kind === 'view') {
        this.facts.io.push({ stage: stage.id, direction: 'reads', artifact: this.viewRef(value.name, 'features'), range });
      } else if (value?.kind === 'projection') {
        this.facts.io.push({ stage: stage.id, direction: 'reads', artifact: this.viewRef(value.view.name, 'features'), range });
        for (const f of value.features)
          this.facts.references.push({ kind: 'feature', name: `${value.view.name}:${f.name}`, range: this.ref(f.node), stage: stage.id });
      }
    }
  }

  private loggingDestination(stage: Stage, node: SyntaxNode): void {
    const config = node.type === 'call' ? callArgs(node) : undefined;
    const destination = config ? argument(config, 'destination', 0) : undefined;
    if (destination?.type !== 'call') return;
    const args = callArgs(destination);
    const path = args.keywords.get('path');
    const pathStr = path ? stringValue(path, this.lookup) : undefined;
    if (path && pathStr)
      this.facts.io.push({
        stage: stage.id,
        direction: 'writes',
        artifact: { ...this.pathRef(pathStr), kind: 'predictions' },
        range: this.ref(path),
      });
    const table = args.keywords.get('table_ref') ?? args.keywords.get('table') ?? args.keywords.get('table_name');
    const tableStr = table ? stringValue(table, this.lookup) : undefined;
    if (table && tableStr)
      this.facts.io.push({
        stage: stage.id,
        direction: 'writes',
        artifact: { ...this.tableRef(tableStr.value, tableStr.dynamic), kind: 'predictions' },
        range: this.ref(table),
      });
  }

  private joinKeys(entities: SyntaxNode | undefined): Set<string> {
    const keys = new Set<string>();
    for (const e of entities ? elements(entities) : []) {
      const value = this.expr(e, this.ctx);
      if (value?.kind === 'entity') for (const k of value.joinKeys) keys.add(k);
    }
    return keys;
  }

  /** `schema=[Field(name=...)]` (or the older `features=[Feature(...)]`): features and columns of the view. */
  private schema(view: string, args: CallArgs, joinKeys: Set<string>): void {
    const schema = args.keywords.get('schema') ?? args.keywords.get('features');
    for (const field of schema ? elements(schema) : []) {
      if (field.type !== 'call' || !/^(Field|Feature)$/.test(shortName(callName(field)))) continue;
      const nameNode = argument(callArgs(field), 'name', 0);
      const name = nameNode ? stringValue(nameNode, this.lookup)?.value : undefined;
      if (!nameNode || name === undefined) continue;
      const range = this.ref(nameNode);
      if (!joinKeys.has(name)) this.facts.definitions.push({ kind: 'feature', name: `${view}:${name}`, range });
      this.facts.definitions.push({ kind: 'column', name, range });
    }
  }

  private settings(stage: Stage, view: string, args: CallArgs): void {
    for (const key of ['ttl', 'online', 'offline', 'mode']) {
      const node = args.keywords.get(key);
      if (!node) continue;
      const at = args.keywordAt.get(key);
      const value = node.type === 'true' ? true : node.type === 'false' ? false : (stringValue(node, this.lookup)?.value ?? node.text);
      const keyRange = at === undefined ? undefined : this.index.ref(this.file, at, at + key.length);
      this.facts.values.push({ key: `${view}.${key}`, value, range: this.ref(node), ...(keyRange ? { keyRange } : {}), stage: stage.id });
    }
  }

  /** `tags={"team": ...}` and `owner=`: who owns the view or service. */
  private owners(stage: Stage, args: CallArgs): void {
    const owner = args.keywords.get('owner');
    const ownerStr = owner ? stringValue(owner, this.lookup) : undefined;
    if (owner && ownerStr && ownerStr.value)
      this.facts.ownerClaims.push({ subject: stage.id, owner: ownerStr.value, range: this.ref(owner) });
    const tags = args.keywords.get('tags');
    for (const e of tags ? dictEntries(tags) : []) {
      if (e.key !== 'team' && e.key !== 'owner') continue;
      const value = stringValue(e.value, this.lookup);
      if (value?.value) this.facts.ownerClaims.push({ subject: stage.id, owner: value.value, range: this.ref(e.value) });
    }
  }

  private versions(stage: Stage, name: string, args: CallArgs): void {
    for (const key of VERSION_KEYS) {
      const node = args.keywords.get(key);
      if (!node) continue;
      const version = stringValue(node, this.lookup)?.value ?? node.text;
      this.facts.versions.push({ subject: 'feature-view', name, version, range: this.ref(node), stage: stage.id });
    }
  }
}
