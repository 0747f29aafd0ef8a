// Airflow DAG files, read statically (the code is never run): DAGs (`DAG(...)`, `with DAG`,
// `@dag`), classic operators and TaskFlow tasks, dependencies (`>>`, `<<`, `chain`,
// `set_downstream`, XCom arguments), schedules (cron, presets, intervals, Dataset triggers),
// owners, Variables, sensors, and the paths, URIs and tables that task code reads and writes.
//
// The reader is the Python pipeline layer's evaluator (python/evaluator.ts) with Airflow's
// vocabulary: one pass over the statements, a small abstract value per name (a task, a
// TaskFlow function, a constant string, a Dataset, ...). Task code goes through the layer's
// code-I/O scan. What cannot be known statically stays unknown; nothing is guessed.
import { collectPythonSettings } from './pythonSettings';
import type { SiblingReader, SourceAdapter, SourceFile } from './adapter';
import type { ArtifactRef, ConfigValue, FileFacts, Reference, RunLimit, SourceRef, Stage } from '../model/facts';
import { stageId } from '../model/facts';
import { addNote, remark, type StageNote } from '../model/stageNotes';
import { isUri } from '../model/identity';
import { type LineIndex } from '../text/lineIndex';
import { basename, dirname, joinPath, stripExtension } from '../text/paths';
import {
  argumentList,
  noArgs,
  callArgs,
  callName,
  commentFor,
  elements,
  initPython,
  isStorageUri,
  looksLikeSql,
  nodeRef,
  parameterNames,
  shortName,
  stringValue,
  readPythonFile,
} from '../text/python';
import type { CallArgs, PyString, SyntaxNode } from '../text/python';
import { guessRole } from './roles';
import {
  CodeIoScan,
  ModuleEvaluator,
  withItems,
  Scope,
  commandLineIo,
  directionOf,
  pathRef,
  sqlIo,
  sqlTables,
  tableRef,
  FUNCTION_RUNS,
  literalValue,
  type CallHook,
  type CodeIoSink,
  type Direction,
  type EvalCtx,
  type DictValue,
  type FnValue,
  type ListValue,
  type LiteralValue,
  type OpaqueValue,
  type StrValue,
} from './python';
import { LIMIT_OPTIONS, dagRunLimit, taskRunLimit, type LimitOptions } from './airflowLimits';
import { addLimits } from './runLimits';
import { registryAccessesOfCall, type LocatedAccess } from './registry/python';
import { registryFacts } from './registry/facts';
import { mayUseRegistry, registryCommand } from './registry/commands';
import { shellCommands } from './shell';
import { parseRegistryUris } from './registry/uri';

const AIRFLOW_HINT = /^\s*(?:from|import)\s+airflow\b|\bDAG\s*\(|^\s*@dag\b/m;

export const airflowAdapter: SourceAdapter = {
  format: 'airflow',
  displayName: 'Airflow',
  // `dags/` is where DAGs usually live (activation); any Python file may hold one.
  globs: ['**/dags/**/*.py', '**/*.py'],
  contributes: { ownable: true, orchestrator: true, pipelineNoun: 'DAG' },
  detect: (file) => /\.py$/i.test(file.path) && AIRFLOW_HINT.test(file.text),
  init: () => initPython(),
  parse: (file, siblings) => parseAirflow(file, siblings),
};

export function parseAirflow(file: SourceFile, siblings: SiblingReader): FileFacts {
  return readPythonFile(file, 'airflow', 'this DAG file', (root, index, facts) => {
    new DagReader(file.path, file.text, index, facts, siblings).read(root);
    collectPythonSettings(root, index, file.path, facts.values);
  });
}

// ---------------------------------------------------------------------------------------------
// The model the reader builds

interface Owner {
  owner: string;
  node: SyntaxNode;
}

interface Dag {
  id: string;
  tasks: Task[];
  byName: Map<string, Task>;
  owner?: Owner;
  /** `dagrun_timeout`. */
  limit?: RunLimit;
  /** Options in `default_args` that bound a task's run. */
  limitDefaults: LimitOptions;
  /** Datasets in the schedule: the DAG's root tasks read them. */
  triggers: Array<{ ref: ArtifactRef; node: SyntaxNode }>;
}

interface Task {
  stage: Stage;
  dag: Dag;
  upstream: Set<Task>;
  downstream: Set<Task>;
  owner?: Owner;
  /** Options on the task itself that bound its run (they override `default_args`). */
  limitOptions: LimitOptions;
  xcomWritten: boolean;
  /** Paths the task's code writes and returns: the task it hands its XCom value to reads them. */
  returnedPaths?: string[];
}

interface Group {
  prefix: string;
  tasks: Task[];
  parent?: Group;
}

interface TaskFn {
  def: SyntaxNode;
  name: string;
  nameNode: SyntaxNode;
  decorator: string;
  options?: CallArgs;
  scope: Scope<Value>;
  params: string[];
  calls: number;
}

interface DagFn {
  def: SyntaxNode;
  name: string;
  options?: CallArgs;
  scope: Scope<Value>;
  done: boolean;
}

interface GroupFn {
  def: SyntaxNode;
  name: string;
  options?: CallArgs;
  scope: Scope<Value>;
}

interface VariableUse {
  value: ConfigValue;
  ref: Reference;
}

type Value =
  | StrValue
  | ListValue<Value>
  | DictValue<Value>
  | LiteralValue
  | OpaqueValue
  | FnValue<Value>
  | { kind: 'tasks'; heads: Task[]; tails: Task[] }
  | { kind: 'taskfn'; fn: TaskFn; modifiers: Array<{ method: string; args: CallArgs }> }
  | { kind: 'method'; target: Value; method: string }
  | { kind: 'dagfn'; fn: DagFn }
  | { kind: 'groupfn'; fn: GroupFn }
  | { kind: 'dag'; dag: Dag }
  | { kind: 'dataset'; ref: ArtifactRef }
  | { kind: 'variable'; uses: VariableUse[] }
  | { kind: 'label' }
  | { kind: 'file'; str: PyString }
  | { kind: 'table'; str: PyString };

interface Ctx extends EvalCtx<Value> {
  dag?: Dag;
  group?: Group;
}

// ---------------------------------------------------------------------------------------------
// Names Airflow gives meaning to

const DAG_CALLS = new Set(['DAG']);
const DATASET_CALLS = new Set(['Dataset', 'Asset']);
const DATASET_COMBINATORS = new Set(['DatasetAll', 'DatasetAny', 'AssetAll', 'AssetAny']);
const INTERVAL_CALLS = new Set(['timedelta', 'duration', 'Duration', 'relativedelta']);
const CRON_TIMETABLES = new Set([
  'CronTriggerTimetable',
  'CronDataIntervalTimetable',
  'CronPartitionTimetable',
  'MultipleCronTriggerTimetable',
]);
const DELTA_TIMETABLES = new Set(['DeltaDataIntervalTimetable', 'DeltaTriggerTimetable']);
const TASK_METHODS = new Set(['override', 'partial', 'expand', 'expand_kwargs']);
const OPERATOR_METHODS = new Set(['set_upstream', 'set_downstream', 'expand', 'expand_kwargs', 'output']);
const COMMAND_KEYS = new Set(['bash_command', 'cmds', 'arguments', 'command', 'application_args', 'entrypoint']);
const OPTION_KEYS = new Set([
  'task_id',
  'dag',
  'python_callable',
  'trigger_rule',
  'owner',
  'outlets',
  'inlets',
  'image',
  'requirements',
  'external_dag_id',
  'external_task_id',
  'external_task_ids',
  'trigger_dag_id',
  'execution_delta',
]);
function isTaskDecorator(name: string): boolean {
  if (name === 'task_group' || name.endsWith('.task_group')) return false;
  const short = shortName(name);
  return (
    name === 'task' ||
    name.startsWith('task.') ||
    name.startsWith('aql.') ||
    short === 'setup' ||
    short === 'teardown' ||
    /(^|\.)(python|virtualenv|external_python|docker|kubernetes|branch)_task$/.test(name)
  );
}

function decoratorNotes(decorator: string): StageNote[] {
  if (/\bbranch\b/.test(decorator)) return [{ kind: 'branch' }];
  if (/short_circuit/.test(decorator)) return [remark('short-circuit')];
  if (/sensor/.test(decorator)) return [remark('sensor')];
  return [];
}

function operatorNotes(className: string): StageNote[] {
  if (/^Branch|BranchOperator$/.test(className)) return [{ kind: 'branch' }];
  if (className === 'ShortCircuitOperator') return [remark('short-circuit')];
  if (/Sensor(Async)?$/.test(className)) return [remark('sensor')];
  return [];
}

/** A stage's role from its name (and callable or command); unknown jobs transform data. */
function roleOf(name: string, more: string[]): Stage['role'] {
  const role = guessRole(name, more.join(' '));
  if (role !== 'other') return role;
  return [name, ...more].some((t) => /(^|_)load/i.test(t)) ? 'ingest' : 'transform';
}

const DATA_FILE =
  /\.(parquet|csv|tsv|json|jsonl|ndjson|avro|orc|feather|arrow|pkl|pickle|joblib|npy|npz|h5|hdf5|xlsx?|txt|zip|gz|onnx|pt|pth|safetensors)$/i;

/**
 * A Dataset URI written as a file path (`data/x.parquet`, `/mnt/out/`, `x.csv`). URIs with a
 * scheme are normalised by model/identity already; `fraud.flags` or `built_features` name
 * nothing on disk and stay opaque.
 */
function isDatasetPath(uri: string): boolean {
  if (isUri(uri) || /\s/.test(uri)) return false;
  return uri.includes('/') || DATA_FILE.test(uri);
}

function tasksOf(value: Value | undefined, end: 'heads' | 'tails'): Task[] {
  if (!value) return [];
  if (value.kind === 'tasks') return value[end];
  if (value.kind === 'list') return value.items.flatMap((v) => tasksOf(v, end));
  if (value.kind === 'dict') return value.entries.flatMap((e) => tasksOf(e.value, end));
  return [];
}

function variablesOf(value: Value | undefined): VariableUse[] {
  if (!value) return [];
  if (value.kind === 'variable') return value.uses;
  if (value.kind === 'list') return value.items.flatMap(variablesOf);
  if (value.kind === 'dict') return value.entries.flatMap((e) => variablesOf(e.value));
  return [];
}

function tasksValue(tasks: Task[]): Value {
  return { kind: 'tasks', heads: tasks, tails: tasks };
}

// ---------------------------------------------------------------------------------------------
// The reader

class DagReader extends ModuleEvaluator<Value, Ctx> {
  private readonly dags: Dag[] = [];
  private readonly dagFns: DagFn[] = [];
  private readonly orderKeys = new Set<string>();
  private readonly xcomReads = new Set<string>();
  private readonly ioKeys = new Set<string>();
  private readonly ioNames = new Map<Task, string[]>();
  private readonly pendingPulls: Array<{ consumer: Task; producer: string; node: SyntaxNode }> = [];
  private readonly mentioned = new Set<number>();

  constructor(
    private readonly file: string,
    readonly text: string,
    private readonly index: LineIndex,
    private readonly facts: FileFacts,
    private readonly siblings: SiblingReader,
  ) {
    super();
  }

  read(root: SyntaxNode): void {
    const ctx: Ctx = { scope: new Scope<Value>(), inLoop: false };
    this.block(root, ctx);
    for (const fn of this.dagFns) if (!fn.done) this.runDagFn(fn);
    this.finish();
  }

  private ref(node: SyntaxNode): SourceRef {
    return nodeRef(this.index, this.file, node);
  }

  // The Python variables that hold one task are mentions of it: hover, definition and references
  // work from `extract` in `extract >> train`, not only from its `task_id` string.
  protected override expr(node: SyntaxNode, ctx: Ctx): Value | undefined {
    const value = super.expr(node, ctx);
    if (node.type === 'identifier') this.mentionTask(node, value);
    return value;
  }

  protected override bind(target: SyntaxNode, value: Value | undefined, ctx: Ctx): void {
    super.bind(target, value, ctx);
    if (target.type === 'identifier') this.mentionTask(target, value);
  }

  private mentionTask(node: SyntaxNode, value: Value | undefined): void {
    if (value?.kind !== 'tasks' || this.mentioned.has(node.startIndex)) return;
    const tasks = new Set([...value.heads, ...value.tails]);
    if (tasks.size !== 1) return; // a variable holding a group of tasks names none of them alone
    this.mentioned.add(node.startIndex);
    for (const task of tasks) (this.facts.mentions ??= []).push({ range: this.ref(node), stage: task.stage.id });
  }

  // --- statements ----------------------------------------------------------------------------

  protected override decorated(node: SyntaxNode, ctx: Ctx): void {
    const def = node.childForFieldName('definition');
    if (!def || def.type !== 'function_definition') return;
    const nameNode = def.childForFieldName('name');
    if (!nameNode) return;
    for (const decorator of node.namedChildren) {
      if (decorator?.type !== 'decorator') continue;
      const expression = decorator.namedChildren.find((c) => c && c.type !== 'comment');
      if (!expression) continue;
      const call = expression.type === 'call' ? expression : undefined;
      const name = call ? callName(call) : expression.text;
      if (!name) continue;
      const options = call ? callArgs(call) : undefined;
      const short = shortName(name);
      if (short === 'dag') {
        const fn: DagFn = { def, name: nameNode.text, options, scope: ctx.scope, done: false };
        this.dagFns.push(fn);
        return this.bindFunction(def, { kind: 'dagfn', fn }, ctx);
      }
      if (short === 'task_group') {
        return this.bindFunction(def, { kind: 'groupfn', fn: { def, name: nameNode.text, options, scope: ctx.scope } }, ctx);
      }
      if (isTaskDecorator(name)) {
        const fn: TaskFn = {
          def,
          name: nameNode.text,
          nameNode,
          decorator: name,
          options,
          scope: ctx.scope,
          params: parameterNames(def),
          calls: 0,
        };
        return this.bindFunction(def, { kind: 'taskfn', fn, modifiers: [] }, ctx);
      }
    }
    this.bindFunction(def, { kind: 'fn', def, scope: ctx.scope }, ctx);
  }

  protected override withStatement(node: SyntaxNode, ctx: Ctx): void {
    const body = node.childForFieldName('body');
    const inner: Ctx = { ...ctx };
    const groups: Array<{ alias?: SyntaxNode; group: Group }> = [];
    for (const { expression, alias } of withItems(node)) {
      const short = expression.type === 'call' ? shortName(callName(expression)) : '';
      if (short === 'TaskGroup') {
        const group = this.openGroup(callArgs(expression), undefined, inner);
        inner.group = group;
        groups.push({ alias, group });
        continue;
      }
      const v = this.expr(expression, inner);
      if (v?.kind === 'dag') inner.dag = v.dag;
      if (alias) this.bind(alias, v, inner);
    }
    if (body) this.block(body, inner);
    for (const { alias, group } of groups) if (alias) this.bind(alias, this.groupValue(group), ctx);
  }

  /** Tasks made in a loop are dynamic; a loop over tasks (`for t in [a, b]: t >> c`) links each of them. */
  protected override loopTarget(iterated: Value | undefined): Value | undefined {
    const tasks = tasksOf(iterated, 'tails');
    return tasks.length > 0 ? tasksValue(tasks) : undefined;
  }

  // --- expressions ---------------------------------------------------------------------------

  protected override binary(node: SyntaxNode, ctx: Ctx): Value | undefined {
    const op = node.childForFieldName('operator');
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!op || !left || !right) return undefined;
    if (isShift(op)) return this.shiftChain(node, ctx);
    if (op.type === '|' || op.type === '&') return { kind: 'list', items: [this.expr(left, ctx), this.expr(right, ctx)] };
    return super.binary(node, ctx);
  }

  /** Expressions over Variables (`Variable.get(...) or x`) still carry the Variables. */
  protected override combine(values: Array<Value | undefined>): Value | undefined {
    const uses = values.flatMap(variablesOf);
    return uses.length > 0 ? { kind: 'variable', uses } : undefined;
  }

  protected override subscripted(target: Value | undefined): Value | undefined {
    return target?.kind === 'tasks' || target?.kind === 'variable' ? target : undefined;
  }

  protected override skipsArgument(key: string): boolean {
    return key === 'task_id';
  }

  /**
   * `a >> b << c >> d` nests to the left, one level per operator; it is walked as a list, so a
   * chain of thousands of tasks does not recurse once per task. Operands are read left to
   * right; each link goes from what the left side ends in to the right operand.
   */
  private shiftChain(node: SyntaxNode, ctx: Ctx): Value | undefined {
    const links: Array<{ op: SyntaxNode; right: SyntaxNode }> = [];
    let head: SyntaxNode | undefined = node;
    while (head?.type === 'binary_operator') {
      const op = head.childForFieldName('operator');
      const left = head.childForFieldName('left');
      const right = head.childForFieldName('right');
      if (!op || !left || !right)
        head = undefined; // half-typed: this part means nothing yet
      else if (!isShift(op)) break;
      else {
        links.push({ op, right });
        head = left;
      }
    }
    let value = head ? this.expr(head, ctx) : undefined;
    for (let i = links.length - 1; i >= 0; i--) {
      const { op, right } = links[i];
      const r = this.expr(right, ctx);
      const range = this.index.ref(this.file, op.startIndex, right.endIndex);
      if (op.type === '>>') this.link(value, r, '>>', range);
      else this.link(r, value, '<<', range);
      value = r?.kind === 'label' ? value : r;
    }
    return value;
  }

  protected override member(target: Value | undefined, attribute: string): Value | undefined {
    if (target?.kind === 'taskfn' && TASK_METHODS.has(attribute)) return { kind: 'method', target, method: attribute };
    if (target?.kind === 'tasks') {
      if (attribute === 'output') return target;
      if (OPERATOR_METHODS.has(attribute)) return { kind: 'method', target, method: attribute };
    }
    return undefined;
  }

  protected call(node: SyntaxNode, ctx: Ctx): Value | undefined {
    const name = callName(node);
    const short = shortName(name);
    const args = callArgs(node);
    if (name && (name === 'Variable.get' || name.endsWith('.Variable.get'))) return this.variableGet(node, args, undefined);
    if (DATASET_CALLS.has(short)) return this.dataset(args, ctx);
    if (DATASET_COMBINATORS.has(short)) return { kind: 'list', items: args.positional.map((a) => this.expr(a, ctx)) };
    if (short === 'Label') return { kind: 'label' };
    if (short === 'chain' || short === 'chain_linear') return this.chain(args, short, ctx);
    if (short === 'cross_downstream') return this.crossDownstream(args, ctx);
    if (DAG_CALLS.has(short) && name !== undefined) return { kind: 'dag', dag: this.createDag(args, undefined, ctx) };
    if (short === 'File' || short === 'Table') return this.fileOrTable(short, args, ctx);
    if (INTERVAL_CALLS.has(short)) return { kind: 'literal', node };
    const fn = node.childForFieldName('function');
    const callee = fn ? this.expr(fn, ctx) : undefined;
    switch (callee?.kind) {
      case 'taskfn':
        return this.invokeTask(callee, node, args, ctx, false);
      case 'method':
        return this.invokeMethod(callee, node, args, ctx);
      case 'dagfn':
        return this.runDagFn(callee.fn);
      case 'groupfn':
        return this.runGroupFn(callee.fn, args, ctx);
      case 'fn':
        return this.runFunction(callee, args, ctx);
      default:
        break;
    }
    if (args.keywords.has('task_id')) return this.operator(name, args, ctx);
    return this.stringCall(node, ctx) ?? this.passThrough(args, ctx);
  }

  private fileOrTable(short: string, args: CallArgs, ctx: Ctx): Value | undefined {
    const node = short === 'File' ? (args.keywords.get('path') ?? args.positional[0]) : (args.keywords.get('name') ?? args.positional[0]);
    const str = node ? stringValue(node, ctx.scope.lookup) : undefined;
    if (!str) return undefined;
    return short === 'File' ? { kind: 'file', str } : { kind: 'table', str };
  }

  private dataset(args: CallArgs, ctx: Ctx): Value | undefined {
    const node = args.keywords.get('uri') ?? args.positional[0] ?? args.keywords.get('name');
    const str = node ? stringValue(node, ctx.scope.lookup) : undefined;
    if (!str) return undefined;
    // A Dataset's URI names the data: when it is a file path, the task that writes that path by
    // hand and the DAG scheduled on the Dataset meet at one artifact. Opaque names stay Datasets.
    const ref: ArtifactRef = isDatasetPath(str.value) ? pathRef(str) : { scheme: 'dataset', name: str.value };
    if (str.dynamic) ref.dynamic = true;
    return { kind: 'dataset', ref };
  }

  // --- DAGs ----------------------------------------------------------------------------------

  private createDag(args: CallArgs, fallback: string | undefined, ctx: Ctx): Dag {
    const idNode = args.keywords.get('dag_id') ?? args.positional[0];
    const id = idNode
      ? (stringValue(idNode, ctx.scope.lookup)?.value ?? `{${idNode.text}}`)
      : (fallback ?? stripExtension(basename(this.file)));
    const dag: Dag = { id, tasks: [], byName: new Map(), triggers: [], limitDefaults: {} };
    this.dags.push(dag);
    const defaults = args.keywords.get('default_args');
    const defaultsValue = defaults ? this.expr(defaults, ctx) : undefined;
    if (defaults) dag.owner = this.ownerIn(defaultsValue);
    if (defaultsValue?.kind === 'dict') for (const e of defaultsValue.entries) if (isLimitOption(e.key)) dag.limitDefaults[e.key] = e.node;
    if (defaultsValue?.kind === 'dict') this.optionKeys(defaultsValue.entries);
    dag.limit = dagRunLimit(args.keywords.get('dagrun_timeout'), (n) => this.ref(n));
    const timezone = this.timezoneOf(args.keywords.get('start_date'));
    for (const key of ['schedule', 'schedule_interval', 'timetable']) {
      const node = args.keywords.get(key);
      if (node) this.schedule(dag, node, timezone, ctx);
    }
    return dag;
  }

  /** The keys of a `default_args` dict as written (`{'retry': 3}`, `dict(retry=3)`), for `config/unknown-key`. */
  private optionKeys(entries: ReadonlyArray<{ key: string; node: SyntaxNode }>): void {
    for (const e of entries) {
      const pair = e.node.parent;
      const keyNode = pair?.childForFieldName('key') ?? pair?.childForFieldName('name');
      if (!keyNode) continue;
      (this.facts.optionKeys ??= []).push({ scope: 'airflow-default-args', key: e.key, raw: keyNode.text, range: this.ref(keyNode) });
    }
  }

  private ownerIn(value: Value | undefined): Owner | undefined {
    if (value?.kind !== 'dict') return undefined;
    const entry = value.entries.find((e) => e.key === 'owner');
    return entry?.value?.kind === 'str' ? { owner: entry.value.str.value, node: entry.node } : undefined;
  }

  private timezoneOf(node: SyntaxNode | undefined): string | undefined {
    if (!node) return undefined;
    const m = /\btz(?:info)?\s*=\s*(?:[\w.]*timezone\(\s*)?["']([^"']+)["']|timezone\(\s*["']([^"']+)["']/.exec(node.text);
    return m ? (m[1] ?? m[2]) : undefined;
  }

  private runDagFn(fn: DagFn): Value | undefined {
    if (fn.done) return undefined;
    fn.done = true;
    const scope = new Scope<Value>(fn.scope);
    const dag = this.createDag(fn.options ?? noArgs(), fn.name, { scope, inLoop: false });
    for (const p of parameterNames(fn.def)) scope.set(p, undefined);
    const body = fn.def.childForFieldName('body');
    if (body) this.block(body, { scope, dag, inLoop: false });
    return { kind: 'dag', dag };
  }

  private schedule(dag: Dag, node: SyntaxNode, timezone: string | undefined, ctx: Ctx): void {
    const push = (kind: FileFacts['schedules'][number]['kind'], expression: string, tz = timezone): void => {
      this.facts.schedules.push({
        pipeline: dag.id,
        file: this.file,
        kind,
        expression,
        ...(tz ? { timezone: tz } : {}),
        range: this.ref(node),
      });
    };
    const target = this.literalNode(node, ctx);
    const str = stringValue(target, ctx.scope.lookup);
    if (str) return push(str.value.startsWith('@') ? 'preset' : 'cron', str.value);
    if (target.type === 'none') return push('none', 'None');
    const short = target.type === 'call' ? shortName(callName(target)) : '';
    if (INTERVAL_CALLS.has(short)) return push('interval', target.text);
    if (target.type === 'call' && (CRON_TIMETABLES.has(short) || DELTA_TIMETABLES.has(short)))
      return this.timetable(target, short, push, ctx);
    if (short === 'NullTimetable') return push('none', target.text);
    if (short === 'OnceTimetable' || short === 'ContinuousTimetable')
      return push('preset', short === 'OnceTimetable' ? '@once' : '@continuous');
    if (short === 'DatasetOrTimeSchedule' || short === 'AssetOrTimeSchedule') {
      const args = callArgs(target);
      const timetable = args.keywords.get('timetable');
      if (timetable) this.schedule(dag, timetable, timezone, ctx);
      const datasets = args.keywords.get('datasets') ?? args.keywords.get('assets');
      if (datasets) this.datasetSchedule(dag, datasets, push, ctx);
      return;
    }
    if (this.datasetSchedule(dag, target, push, ctx)) return;
    push('event', target.text);
  }

  private timetable(
    node: SyntaxNode,
    short: string,
    push: (kind: FileFacts['schedules'][number]['kind'], expression: string, tz?: string) => void,
    ctx: Ctx,
  ): void {
    const args = callArgs(node);
    const tzNode = args.keywords.get('timezone');
    const tz = tzNode ? stringValue(tzNode, ctx.scope.lookup)?.value : undefined;
    if (DELTA_TIMETABLES.has(short)) return push('interval', args.positional[0]?.text ?? node.text, tz);
    const crons = args.positional.map((a) => stringValue(a, ctx.scope.lookup)?.value).filter((c): c is string => c !== undefined);
    for (const cron of crons.length > 0 ? crons : [node.text]) push('cron', cron, tz);
  }

  private datasetSchedule(
    dag: Dag,
    node: SyntaxNode,
    push: (kind: FileFacts['schedules'][number]['kind'], expression: string) => void,
    ctx: Ctx,
  ): boolean {
    const found = this.datasetsIn(node, ctx, 0);
    if (found.length === 0) return false;
    dag.triggers.push(...found);
    push('dataset', found.map((d) => d.ref.name).join(', '));
    return true;
  }

  /** Datasets in a schedule: lists, `|` and `&` conditions, DatasetAll/DatasetAny, names bound to them. */
  private datasetsIn(node: SyntaxNode, ctx: Ctx, depth: number): Array<{ ref: ArtifactRef; node: SyntaxNode }> {
    if (depth > 10) return [];
    if (node.type === 'list' || node.type === 'tuple' || node.type === 'set' || node.type === 'parenthesized_expression') {
      return elements(node).flatMap((e) => this.datasetsIn(e, ctx, depth + 1));
    }
    if (node.type === 'binary_operator') {
      return [node.childForFieldName('left'), node.childForFieldName('right')].flatMap((n) =>
        n ? this.datasetsIn(n, ctx, depth + 1) : [],
      );
    }
    if (node.type === 'call' && DATASET_COMBINATORS.has(shortName(callName(node)))) {
      return callArgs(node).positional.flatMap((a) => this.datasetsIn(a, ctx, depth + 1));
    }
    const v = this.expr(node, ctx);
    const flat = (x: Value | undefined): ArtifactRef[] =>
      x?.kind === 'dataset' ? [x.ref] : x?.kind === 'list' ? x.items.flatMap(flat) : [];
    return flat(v).map((ref) => ({ ref, node }));
  }

  // --- tasks ---------------------------------------------------------------------------------

  private createTask(dag: Dag, name: string, range: SyntaxNode, command: string, role: Stage['role'], dynamic: boolean, ctx: Ctx): Task {
    const stage: Stage = { id: stageId(this.file, dag.id, name), name, pipeline: dag.id, role, range: this.ref(range), command };
    if (dynamic) stage.dynamic = true;
    const task: Task = { stage, dag, upstream: new Set(), downstream: new Set(), limitOptions: {}, xcomWritten: false };
    dag.tasks.push(task);
    dag.byName.set(name, task);
    for (let g = ctx.group; g; g = g.parent) g.tasks.push(task);
    this.facts.stages.push(stage);
    return task;
  }

  private note(task: Task, note: StageNote): void {
    addNote(task.stage, note);
  }

  private taskName(id: string, ctx: Ctx): string {
    return ctx.group ? `${ctx.group.prefix}.${id}` : id;
  }

  /** Calling a TaskFlow function inside a DAG creates a task instance. */
  private invokeTask(
    callee: Extract<Value, { kind: 'taskfn' }>,
    node: SyntaxNode,
    args: CallArgs,
    ctx: Ctx,
    mapped: boolean,
  ): Value | undefined {
    const argValues = this.argumentValues(args, ctx);
    const dag = ctx.dag;
    if (!dag) return undefined;
    const { fn, modifiers } = callee;
    const override = modifiers.filter((m) => m.method === 'override').map((m) => m.args);
    const options = [...(fn.options ? [fn.options] : []), ...override];
    const idNode = this.lastKeyword(options, 'task_id');
    const baseId = this.taskName((idNode && stringValue(idNode, ctx.scope.lookup)?.value) ?? fn.name, ctx);
    const name = this.uniqueName(dag, baseId);
    const first = fn.calls++ === 0 && name === baseId;
    const rangeNode = first ? fn.nameNode : (node.childForFieldName('function') ?? node);
    const isMapped = mapped || modifiers.some((m) => m.method === 'partial');
    const task = this.createTask(dag, name, rangeNode, `@${fn.decorator}`, roleOf(name, [fn.name]), ctx.inLoop || isMapped, ctx);
    for (const n of decoratorNotes(fn.decorator)) this.note(task, n);
    if (isMapped) this.note(task, remark('mapped'));
    for (const o of options) this.taskOptions(task, o, ctx);
    // The body first: it says what the task does with a path it is given.
    this.scanBody(task, fn.def, this.parameterScope(fn.def, fn.scope, argValues, fn.params));
    const partials = modifiers.filter((m) => m.method === 'partial').map((m) => m.args);
    for (const p of partials) this.consumeArguments(task, p, this.argumentValues(p, ctx), fn.params);
    this.consumeArguments(task, args, argValues, fn.params);
    return tasksValue([task]);
  }

  private uniqueName(dag: Dag, name: string): string {
    if (!dag.byName.has(name)) return name;
    let n = 1;
    while (dag.byName.has(`${name}__${n}`)) n++;
    return `${name}__${n}`;
  }

  private lastKeyword(options: CallArgs[], key: string): SyntaxNode | undefined {
    let found: SyntaxNode | undefined;
    for (const o of options) found = o.keywords.get(key) ?? found;
    return found;
  }

  private invokeMethod(callee: Extract<Value, { kind: 'method' }>, node: SyntaxNode, args: CallArgs, ctx: Ctx): Value | undefined {
    const { target, method } = callee;
    if (target.kind === 'taskfn') {
      if (method === 'override' || method === 'partial')
        return { kind: 'taskfn', fn: target.fn, modifiers: [...target.modifiers, { method, args }] };
      return this.invokeTask(target, node, args, ctx, true);
    }
    if (target.kind !== 'tasks') return undefined;
    const range = this.ref(node);
    if (method === 'set_downstream' || method === 'set_upstream') {
      const other = args.positional[0] ? this.expr(args.positional[0], ctx) : undefined;
      if (method === 'set_downstream') this.link(target, other, 'set_downstream', range);
      else this.link(other, target, 'set_upstream', range);
      return undefined;
    }
    // `.expand(...)` on an operator's `.partial(...)`: a mapped task.
    for (const task of target.tails) {
      task.stage.dynamic = true;
      this.note(task, remark('mapped'));
      this.consumeArguments(task, args, this.argumentValues(args, ctx), []);
    }
    return target;
  }

  private operator(name: string | undefined, args: CallArgs, ctx: Ctx): Value | undefined {
    const partial = shortName(name) === 'partial';
    const className = shortName(partial && name ? name.slice(0, name.lastIndexOf('.')) : name) || 'Operator';
    const dagNode = args.keywords.get('dag');
    const dagValue = dagNode ? this.expr(dagNode, ctx) : undefined;
    const values = this.argumentValues(args, ctx);
    const dag = dagValue?.kind === 'dag' ? dagValue.dag : ctx.dag;
    const idNode = args.keywords.get('task_id');
    if (!dag || !idNode) return undefined;
    const id = stringValue(idNode, ctx.scope.lookup) ?? { value: `{${idNode.text}}`, dynamic: true };
    const qualified = this.taskName(id.value, ctx);
    const existing = dag.byName.get(qualified);
    if (existing) return tasksValue([existing]);
    const callable = args.keywords.get('python_callable');
    const task = this.createTask(
      dag,
      qualified,
      idNode,
      className,
      roleOf(qualified, [callable?.text ?? '', className]),
      id.dynamic || ctx.inLoop || partial,
      ctx,
    );
    for (const n of operatorNotes(className)) this.note(task, n);
    if (partial) this.note(task, remark('mapped'));
    this.taskOptions(task, args, ctx);
    if (className === 'ExternalTaskSensor' || className === 'ExternalTaskSensorAsync') this.externalSensor(task, args, ctx);
    if (className === 'TriggerDagRunOperator') this.triggerDag(task, args, ctx);
    const fnValue = callable ? this.expr(callable, ctx) : undefined;
    if (fnValue?.kind === 'fn') this.scanBody(task, fnValue.def, this.parameterScope(fnValue.def, ctx.scope));
    else if (fnValue?.kind === 'taskfn') this.scanBody(task, fnValue.fn.def, this.parameterScope(fnValue.fn.def, ctx.scope));
    else if (callable?.type === 'lambda') this.scanBody(task, callable, new Scope<Value>(ctx.scope));
    this.consumeArguments(task, args, values, []);
    return tasksValue([task]);
  }

  /** Options shared by operators and TaskFlow decorators. */
  private taskOptions(task: Task, args: CallArgs, ctx: Ctx): void {
    const trigger = args.keywords.get('trigger_rule');
    if (trigger)
      this.note(
        task,
        remark(
          `trigger_rule=${(stringValue(trigger, ctx.scope.lookup)?.value ?? trigger.text.slice(trigger.text.lastIndexOf('.') + 1)).toLowerCase()}`,
        ),
      );
    const owner = args.keywords.get('owner');
    const ownerStr = owner ? stringValue(owner, ctx.scope.lookup) : undefined;
    if (owner && ownerStr) task.owner = { owner: ownerStr.value, node: owner };
    for (const key of LIMIT_OPTIONS) {
      const node = args.keywords.get(key);
      if (node) task.limitOptions[key] = node;
    }
    for (const [key, direction] of [
      ['outlets', 'writes'],
      ['inlets', 'reads'],
    ] as const) {
      const node = args.keywords.get(key);
      if (node) this.lineage(task, node, direction, ctx);
    }
    const image = args.keywords.get('image');
    const imageStr = image ? stringValue(image, ctx.scope.lookup) : undefined;
    if (image && imageStr) this.image(task, imageStr.value, image);
    const requirements = args.keywords.get('requirements');
    if (requirements) this.requirements(task, requirements, ctx);
  }

  private lineage(task: Task, node: SyntaxNode, direction: Direction, ctx: Ctx): void {
    for (const element of elements(node)) {
      const v = this.expr(element, ctx);
      const items = v?.kind === 'list' ? v.items : [v];
      for (const item of items) {
        if (item?.kind === 'dataset') this.io(task, direction, item.ref, element);
        else if (item?.kind === 'file') this.io(task, direction, pathRef(item.str), element);
        else if (item?.kind === 'table') this.io(task, direction, tableRef(item.str.value, item.str.dynamic), element);
      }
    }
  }

  private image(task: Task, image: string, node: SyntaxNode): void {
    task.stage.image = image;
    const at = image.indexOf('@');
    const colon = image.lastIndexOf(':');
    const [name, version] =
      at >= 0
        ? [image.slice(0, at), image.slice(at + 1)]
        : colon > image.lastIndexOf('/')
          ? [image.slice(0, colon), image.slice(colon + 1)]
          : [image, undefined];
    this.facts.versions.push({ subject: 'image', name, ...(version ? { version } : {}), range: this.ref(node), stage: task.stage.id });
  }

  /** `requirements=[...]` of virtualenv tasks: one package pin each (pip options skipped). */
  private requirements(task: Task, node: SyntaxNode, ctx: Ctx): void {
    for (const element of elements(node)) {
      const req = stringValue(element, ctx.scope.lookup);
      if (!req || req.value.trim().startsWith('-')) continue;
      const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*(?:\[[^\]]*\])?)\s*(.*?)\s*$/.exec(req.value);
      if (!m) continue;
      const spec = m[2].replace(/;.*$/, '').trim();
      this.facts.versions.push({
        subject: 'package',
        name: m[1],
        ...(spec ? { version: spec } : {}),
        range: this.ref(element),
        stage: task.stage.id,
      });
    }
  }

  private externalSensor(task: Task, args: CallArgs, ctx: Ctx): void {
    const dagNode = args.keywords.get('external_dag_id') ?? args.positional[0];
    const dagId = dagNode ? stringValue(dagNode, ctx.scope.lookup)?.value : undefined;
    if (!dagNode || dagId === undefined) return;
    const taskNodes = [
      args.keywords.get('external_task_id'),
      ...(args.keywords.get('external_task_ids') ? elements(args.keywords.get('external_task_ids') as SyntaxNode) : []),
    ].filter((n): n is SyntaxNode => n !== undefined && n.type !== 'none');
    const targets = taskNodes.map((n) => ({ node: n, id: stringValue(n, ctx.scope.lookup)?.value ?? n.text }));
    const delta = args.keywords.get('execution_delta') ?? args.keywords.get('execution_date_fn');
    const offset = delta ? `${args.keywords.get('execution_delta') ? 'execution_delta' : 'execution_date_fn'}=${delta.text}` : undefined;
    if (targets.length === 0) {
      this.externalOrder(`@${dagId}`, task, 'ExternalTaskSensor', dagNode);
      this.note(task, { kind: 'waits-for', pipeline: dagId, offset });
    }
    for (const t of targets) {
      this.externalOrder(`@${dagId}/${t.id}`, task, 'ExternalTaskSensor', t.node);
      this.note(task, { kind: 'waits-for', pipeline: dagId, task: t.id, offset });
    }
  }

  private triggerDag(task: Task, args: CallArgs, ctx: Ctx): void {
    const node = args.keywords.get('trigger_dag_id');
    const dagId = node ? stringValue(node, ctx.scope.lookup)?.value : undefined;
    if (!node || dagId === undefined) return;
    this.facts.orders.push({ before: task.stage.id, after: `@${dagId}`, via: 'TriggerDagRunOperator', range: this.ref(node) });
    this.note(task, { kind: 'triggers', pipeline: dagId });
  }

  private externalOrder(before: string, task: Task, via: string, node: SyntaxNode): void {
    this.facts.orders.push({ before, after: task.stage.id, via, range: this.ref(node) });
  }

  // --- task groups -----------------------------------------------------------------------------

  private openGroup(args: CallArgs, fallback: string | undefined, ctx: Ctx): Group {
    const idNode = args.keywords.get('group_id') ?? args.positional[0];
    const id = (idNode && stringValue(idNode, ctx.scope.lookup)?.value) ?? fallback ?? 'group';
    const prefix = ctx.group ? `${ctx.group.prefix}.${id}` : id;
    return { prefix, tasks: [], parent: ctx.group };
  }

  private runGroupFn(fn: GroupFn, args: CallArgs, ctx: Ctx): Value | undefined {
    this.argumentValues(args, ctx);
    const key = fn.def.startIndex;
    if (this.running.has(key) || this.functionRuns >= FUNCTION_RUNS) return undefined;
    this.functionRuns++;
    this.running.add(key);
    try {
      const group = this.openGroup(fn.options ?? noArgs(), fn.name, ctx);
      const scope = new Scope<Value>(fn.scope);
      for (const p of parameterNames(fn.def)) scope.set(p, undefined);
      const body = fn.def.childForFieldName('body');
      if (body) this.block(body, { ...ctx, scope, group });
      return this.groupValue(group);
    } finally {
      this.running.delete(key);
    }
  }

  /** A group in a dependency: edges enter its first tasks and leave its last ones. */
  private groupValue(group: Group): Value {
    const members = new Set(group.tasks);
    const heads = group.tasks.filter((t) => ![...t.upstream].some((u) => members.has(u)));
    const tails = group.tasks.filter((t) => ![...t.downstream].some((d) => members.has(d)));
    return { kind: 'tasks', heads, tails };
  }

  // --- dependencies ------------------------------------------------------------------------------

  private link(from: Value | undefined, to: Value | undefined, via: string, range: SourceRef): void {
    for (const a of tasksOf(from, 'tails')) for (const b of tasksOf(to, 'heads')) this.order(a, b, via, range);
  }

  private order(before: Task, after: Task, via: string, range: SourceRef): void {
    if (before === after) return;
    const key = `${before.stage.id}\u0000${after.stage.id}\u0000${via}`;
    before.downstream.add(after);
    after.upstream.add(before);
    if (this.orderKeys.has(key)) return;
    this.orderKeys.add(key);
    this.facts.orders.push({ before: before.stage.id, after: after.stage.id, via, range });
  }

  /** `chain(a, b, [c, d], e)`: consecutive elements; two lists of equal length pair up. */
  private chain(args: CallArgs, kind: string, ctx: Ctx): Value | undefined {
    const values = args.positional.map((a) => ({ node: a, value: this.expr(a, ctx) }));
    for (let i = 1; i < values.length; i++) {
      const prev = values[i - 1].value;
      const next = values[i].value;
      const range = this.ref(values[i].node);
      if (kind === 'chain' && prev?.kind === 'list' && next?.kind === 'list')
        prev.items.forEach((item, j) => this.link(item, next.items[j], kind, range));
      else this.link(prev, next, kind, range);
    }
    return undefined;
  }

  private crossDownstream(args: CallArgs, ctx: Ctx): Value | undefined {
    const fromNode = args.keywords.get('from_tasks') ?? args.positional[0];
    const toNode = args.keywords.get('to_tasks') ?? args.positional[1];
    if (fromNode && toNode) this.link(this.expr(fromNode, ctx), this.expr(toNode, ctx), 'cross_downstream', this.ref(toNode));
    return undefined;
  }

  // --- what flows into a task ----------------------------------------------------------------

  private consumeArguments(
    task: Task,
    args: CallArgs,
    values: { positional: Array<Value | undefined>; keywords: Map<string, Value | undefined> },
    params: string[],
  ): void {
    args.positional.forEach((node, i) => this.consume(task, values.positional[i], node, params[i], 0));
    for (const [key, node] of args.keywords) {
      if (OPTION_KEYS.has(key)) continue;
      this.consume(task, values.keywords.get(key), node, key, 0);
    }
  }

  private consume(task: Task, value: Value | undefined, node: SyntaxNode, hint: string | undefined, depth: number): void {
    if (!value || depth > 6) return;
    switch (value.kind) {
      case 'tasks':
        for (const producer of value.tails) this.xcom(producer, task, node);
        return;
      case 'variable':
        for (const use of value.uses) {
          use.value.stage ??= task.stage.id;
          use.ref.stage ??= task.stage.id;
        }
        return;
      case 'dataset':
        return this.io(task, 'reads', value.ref, node);
      case 'file':
        return this.io(task, directionOf(hint), pathRef(value.str), node);
      case 'table':
        return this.io(task, directionOf(hint), tableRef(value.str.value, value.str.dynamic), node);
      case 'str':
        return this.argumentString(task, value.str, node, hint);
      case 'list': {
        const nodes = node.type === 'list' || node.type === 'tuple' ? elements(node) : [];
        value.items.forEach((item, i) => this.consume(task, item, nodes[i] ?? node, hint, depth + 1));
        return;
      }
      case 'dict':
        for (const e of value.entries) this.consume(task, e.value, e.node, e.key, depth + 1);
        return;
      default:
        return;
    }
  }

  /** A string argument: a URI, SQL, a command line, a `.sql` template file, Jinja references. */
  private argumentString(task: Task, str: PyString, node: SyntaxNode, hint: string | undefined): void {
    const value = str.value;
    this.templateReferences(task, value, node);
    if (
      this.emitRegistry(
        task,
        parseRegistryUris(value).map((access) => ({ access, node })),
      )
    )
      return;
    if (isStorageUri(value) || (str.dynamic && /^[a-z][a-z0-9+.-]*:\/\//i.test(value) && !/^https?:/i.test(value))) {
      if (this.usedInBody(task, value)) return;
      return this.io(task, directionOf(hint), pathRef(str), node);
    }
    if (looksLikeSql(value)) return this.sql(task, value, node, str.dynamic);
    if (hint === 'sql' && /\.sql$/i.test(value.trim()) && !str.dynamic) return this.sqlFile(task, value.trim(), node);
    if (hint && COMMAND_KEYS.has(hint)) this.commandLine(task, str, node);
  }

  /** A path handed to a task whose own code reads or writes it (or files under it) is described by that code. */
  private usedInBody(task: Task, path: string): boolean {
    const prefix = `${path.replace(/\/+$/, '')}/`;
    return (this.ioNames.get(task) ?? []).some((n) => n === path || n.startsWith(prefix));
  }

  private sql(task: Task, text: string, node: SyntaxNode, dynamic: boolean): void {
    for (const io of sqlIo(text, node, dynamic, this.index, this.file)) this.ioAt(task, io.direction, io.artifact, io.range);
  }

  /** `sql="queries/x.sql"`: Airflow renders the file next to the DAG; its tables count as the task's. */
  private sqlFile(task: Task, path: string, node: SyntaxNode): void {
    const text = this.siblings.read(joinPath(dirname(this.file), path));
    if (text === undefined) return;
    for (const t of sqlTables(text)) this.io(task, t.direction, tableRef(t.name, t.dynamic), node);
  }

  /** Locations in a command line (python/codeIo's commandLineIo). */
  private commandLine(task: Task, str: PyString, node: SyntaxNode): void {
    if (mayUseRegistry(str.value))
      for (const cmd of shellCommands(str.value))
        this.emitRegistry(
          task,
          registryCommand(cmd.argv).map((access) => ({ access, node })),
        );
    for (const io of commandLineIo(str, node, this.index, this.file)) this.ioAt(task, io.direction, io.artifact, io.range);
  }

  /** `{{ var.value.x }}` and `xcom_pull(task_ids='x')` inside a templated string. */
  private templateReferences(task: Task, text: string, node: SyntaxNode): void {
    if (!text.includes('{{')) return;
    for (const m of text.matchAll(/\bvar\.(?:value|json)\.([A-Za-z_][\w]*)/g)) {
      this.facts.references.push({ kind: 'param', name: m[1], scope: 'airflow', range: this.ref(node), stage: task.stage.id });
    }
    for (const m of text.matchAll(/xcom_pull\(\s*(?:task_ids\s*=\s*)?["']([^"']+)["']/g))
      this.pendingPulls.push({ consumer: task, producer: m[1], node });
  }

  // --- facts ---------------------------------------------------------------------------------

  private io(task: Task, direction: Direction, artifact: ArtifactRef, node: SyntaxNode): void {
    this.ioAt(task, direction, artifact, this.ref(node));
  }

  private ioAt(task: Task, direction: Direction, artifact: ArtifactRef, range: SourceRef): void {
    const key = `${task.stage.id}\u0000${direction}\u0000${artifact.scheme}\u0000${artifact.scope ?? ''}\u0000${artifact.name}`;
    if (this.ioKeys.has(key)) return;
    this.ioKeys.add(key);
    const names = this.ioNames.get(task) ?? [];
    names.push(artifact.name);
    this.ioNames.set(task, names);
    this.facts.io.push({ stage: task.stage.id, direction, artifact, range });
  }

  /** What the producer writes at a path it returns: the consumer of its XCom value receives that path. */
  private returnedWrites(producer: Task): ArtifactRef[] {
    const paths = new Set(producer.returnedPaths ?? []);
    if (!paths.size) return [];
    return this.facts.io
      .filter((io) => io.stage === producer.stage.id && io.direction === 'writes' && paths.has(io.artifact.name))
      .map((io) => io.artifact);
  }

  private xcom(producer: Task, consumer: Task, node: SyntaxNode): void {
    if (producer === consumer || producer.dag !== consumer.dag) return;
    const artifact: ArtifactRef = { scheme: 'xcom', name: `${producer.stage.name}.return_value`, scope: producer.dag.id };
    if (!producer.xcomWritten) {
      producer.xcomWritten = true;
      this.ioAt(producer, 'writes', artifact, producer.stage.range);
    }
    const key = `${producer.stage.id}\u0000${consumer.stage.id}`;
    if (!this.xcomReads.has(key)) {
      this.xcomReads.add(key);
      this.io(consumer, 'reads', { ...artifact }, node);
      for (const written of this.returnedWrites(producer)) this.io(consumer, 'reads', { ...written }, node);
    }
    this.order(producer, consumer, 'xcom', this.ref(node));
  }

  private variableGet(call: SyntaxNode, args: CallArgs, task: Task | undefined): Value | undefined {
    const keyNode = args.keywords.get('key') ?? args.positional[0];
    const key = keyNode ? stringValue(keyNode)?.value : undefined;
    if (!keyNode || key === undefined) return undefined;
    const defaultNode = args.keywords.get('default_var') ?? args.keywords.get('default') ?? args.positional[1];
    const line = this.index.position(call.startIndex).line;
    const comment = commentFor(this.index, line);
    const value: ConfigValue = {
      key: `Variable.${key}`,
      value: literalValue(defaultNode),
      range: this.ref(defaultNode ?? call),
      keyRange: this.ref(keyNode),
    };
    if (comment) value.comment = comment;
    const ref: Reference = { kind: 'param', name: key, scope: 'airflow', range: this.ref(keyNode) };
    if (task) {
      value.stage = task.stage.id;
      ref.stage = task.stage.id;
    }
    this.facts.values.push(value);
    this.facts.references.push(ref);
    return { kind: 'variable', uses: [{ value, ref }] };
  }

  private finish(): void {
    for (const { consumer, producer, node } of this.pendingPulls) {
      const p = consumer.dag.byName.get(producer);
      if (p) this.xcomPull(p, consumer, node);
    }
    for (const dag of this.dags) {
      const roots = dag.tasks.filter((t) => t.upstream.size === 0);
      for (const trigger of dag.triggers) for (const root of roots) this.io(root, 'reads', { ...trigger.ref }, trigger.node);
      for (const task of dag.tasks) {
        const owner = task.owner ?? dag.owner;
        // 'airflow' is the placeholder every tutorial DAG carries, not a team.
        if (owner && owner.owner !== 'airflow')
          this.facts.ownerClaims.push({ subject: task.stage.id, owner: owner.owner, range: this.ref(owner.node) });
        const options = { ...dag.limitDefaults, ...task.limitOptions };
        addLimits(
          task.stage,
          dag.limit,
          taskRunLimit(options, (n) => this.ref(n)),
        );
      }
    }
  }

  /** An explicit `xcom_pull` reads the producer's value but orders nothing. */
  private xcomPull(producer: Task, consumer: Task, node: SyntaxNode): void {
    if (producer === consumer) return;
    const artifact: ArtifactRef = { scheme: 'xcom', name: `${producer.stage.name}.return_value`, scope: producer.dag.id };
    if (!producer.xcomWritten) {
      producer.xcomWritten = true;
      this.ioAt(producer, 'writes', artifact, producer.stage.range);
    }
    const key = `${producer.stage.id}\u0000${consumer.stage.id}`;
    if (this.xcomReads.has(key)) return;
    this.xcomReads.add(key);
    this.io(consumer, 'reads', { ...artifact }, node);
  }

  // --- task bodies -----------------------------------------------------------------------------

  /** What a task's Python code reads and writes: IO calls, URIs, SQL, Variables, xcom_pull. */
  private scanBody(task: Task, def: SyntaxNode, scope: Scope<Value>): void {
    const body = def.childForFieldName('body');
    if (!body) return;
    const sink: CodeIoSink = {
      io: (direction, artifact, range) => this.ioAt(task, direction, artifact, range),
      sql: (text, node, dynamic) => this.sql(task, text, node, dynamic),
      rangeOf: (node) => this.ref(node),
      string: (value, node) => this.templateReferences(task, value, node),
      returnedPath: (path) => (task.returnedPaths ??= []).push(path),
    };
    new CodeIoScan(sink, scope, this.text, this.callHooks(task)).run(body);
  }

  /** Airflow's own calls in task code: `Variable.get` (a config value) and `xcom_pull` (a read of another task's value). */
  private callHooks(task: Task): CallHook[] {
    return [
      ({ name, list }) => {
        if (!name.endsWith('Variable.get')) return false;
        if (list.parent) this.variableGet(list.parent, callArgs(list.parent), task);
        return true;
      },
      ({ short, list, scope }) => {
        if (short !== 'xcom_pull') return false;
        const args = argumentList(list);
        const ids = args.keywords.get('task_ids') ?? args.positional[0];
        for (const element of ids ? elements(ids) : []) {
          const id = stringValue(element, scope.lookup);
          if (id && !id.dynamic) this.pendingPulls.push({ consumer: task, producer: id.value, node: element });
        }
        return true;
      },
      ({ name, list, scope }) => this.emitRegistry(task, registryAccessesOfCall(name, argumentList(list), list, scope.lookup)),
    ];
  }

  /** Registry stocks a call or command reads or writes (sources/registry); whether there were any. */
  private emitRegistry(task: Task, accesses: LocatedAccess[]): boolean {
    for (const a of accesses) {
      const { io, pin } = registryFacts(task.stage.id, a.access, this.ref(a.node));
      const before = this.facts.io.length;
      this.ioAt(task, io.direction, io.artifact, io.range);
      if (pin && this.facts.io.length > before) this.facts.versions.push(pin);
    }
    return accesses.length > 0;
  }
}

function isShift(op: SyntaxNode): boolean {
  return op.type === '>>' || op.type === '<<';
}

function isLimitOption(key: string): key is (typeof LIMIT_OPTIONS)[number] {
  return (LIMIT_OPTIONS as readonly string[]).includes(key);
}
