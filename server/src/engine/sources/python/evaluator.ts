// A small evaluator of Python modules, shared by the pipeline SDK adapters. It walks the
// statements once, the way Python runs them, and gives each name an abstract value: module
// constants, f-strings and joins (text/python's stringValue), lists, dicts, literals and plain
// functions (run with their arguments bound when called, a bounded number of times). What a
// call means is the SDK's business: every call goes through `call`, the one hook an adapter
// implements (DAGs and tasks for Airflow, steps for Metaflow). Nothing is executed.
import type { CallArgs, SyntaxNode } from '../../text/python';
import { callName, dictEntries, elements, parameterNames, shortName, stringValue } from '../../text/python';
import type { BaseValue, FnValue, PyValue } from './values';
import { Scope } from './values';

export interface EvalCtx<V extends PyValue> {
  scope: Scope<V>;
  inLoop: boolean;
  /** Values of `return` statements while a helper function runs. */
  returns?: V[];
}

/** Evaluated call arguments, by position and keyword. */
export interface ArgumentValues<V> {
  positional: Array<V | undefined>;
  keywords: Map<string, V | undefined>;
}

/** Calls whose value is a string text/python's stringValue can read (`os.path.join(a, b)`, `str(x)`, `Path(p)`). */
const STRING_CALLS = new Set(['join', 'str', 'Path']);

/** Helper functions run per file at most this often (factories called in loops, recursion). */
export const FUNCTION_RUNS = 200;

export abstract class ModuleEvaluator<V extends PyValue, C extends EvalCtx<V>> {
  protected readonly running = new Set<number>();
  protected functionRuns = 0;

  /** What a call means to the SDK: the hook every adapter implements. */
  protected abstract call(node: SyntaxNode, ctx: C): V | undefined;

  protected value(v: BaseValue<V>): V {
    return v as unknown as V;
  }

  // --- statements ----------------------------------------------------------------------------

  protected block(node: SyntaxNode, ctx: C): void {
    for (const statement of node.namedChildren) if (statement) this.statement(statement, ctx);
  }

  protected statement(node: SyntaxNode, ctx: C): void {
    switch (node.type) {
      case 'expression_statement':
        for (const child of node.namedChildren) if (child) this.expressionStatement(child, ctx);
        return;
      case 'decorated_definition':
        return this.decorated(node, ctx);
      case 'function_definition':
        return this.bindFunction(node, this.value({ kind: 'fn', def: node, scope: ctx.scope }), ctx);
      case 'with_statement':
        return this.withStatement(node, ctx);
      case 'for_statement':
      case 'while_statement':
        return this.loop(node, ctx);
      case 'if_statement':
        return this.ifStatement(node, ctx);
      case 'try_statement':
        for (const part of node.namedChildren) if (part) this.clause(part, ctx);
        return;
      case 'return_statement':
        for (const child of node.namedChildren) {
          const value = child ? this.expr(child, ctx) : undefined;
          if (value) ctx.returns?.push(value);
        }
        return;
      case 'block':
      case 'ERROR':
        return this.block(node, ctx);
      default:
        return this.otherStatement(node, ctx);
    }
  }

  /** Statements the evaluator gives no meaning to (class definitions, imports): nothing by default. */
  protected otherStatement(_node: SyntaxNode, _ctx: C): void {}

  protected clause(node: SyntaxNode, ctx: C): void {
    if (node.type === 'block') return this.block(node, ctx);
    const body = node.childForFieldName('body') ?? node.namedChildren.find((c) => c?.type === 'block');
    if (body) this.block(body, ctx);
  }

  protected expressionStatement(node: SyntaxNode, ctx: C): void {
    if (node.type === 'assignment') this.assign(node, ctx);
    else if (node.type === 'augmented_assignment') this.augment(node, ctx);
    else this.expr(node, ctx);
  }

  /** `x += y` binds what `added` makes of the two; the right side runs either way. */
  protected augment(node: SyntaxNode, ctx: C): void {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    const value = right ? this.expr(right, ctx) : undefined;
    if (left?.type !== 'identifier' || node.childForFieldName('operator')?.type !== '+=') return;
    const sum = this.added(ctx.scope.get(left.text), value);
    if (sum !== undefined) ctx.scope.set(left.text, sum);
  }

  /** `a + b` for `a += b`: lists and strings concatenate; undefined leaves `a` bound as it was. */
  protected added(a: V | undefined, b: V | undefined): V | undefined {
    const [x, y] = [a as BaseValue<V> | undefined, b as BaseValue<V> | undefined];
    if (x?.kind === 'list' && y?.kind === 'list') return this.value({ kind: 'list', items: [...x.items, ...y.items] });
    if (x?.kind !== 'str' || y?.kind !== 'str') return undefined;
    const str = { value: x.str.value + y.str.value, dynamic: x.str.dynamic || y.str.dynamic };
    return this.value({ kind: 'str', str, origins: [...x.origins, ...y.origins] });
  }

  protected assign(node: SyntaxNode, ctx: C): V | undefined {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!right) return undefined;
    const value = right.type === 'assignment' ? this.assign(right, ctx) : this.expr(right, ctx);
    if (left) this.bind(left, value, ctx);
    return value;
  }

  protected bind(target: SyntaxNode, value: V | undefined, ctx: C): void {
    if (target.type === 'identifier') {
      ctx.scope.set(target.text, value);
      return;
    }
    if (target.type === 'pattern_list' || target.type === 'tuple_pattern' || target.type === 'list_pattern') {
      const names = target.namedChildren.filter((c): c is SyntaxNode => c !== null);
      const list = value as BaseValue<V> | undefined;
      const items = list?.kind === 'list' && list.items.length === names.length ? list.items : undefined;
      names.forEach((n, i) => this.bind(n, items?.[i], ctx));
    }
  }

  protected bindFunction(def: SyntaxNode, value: V, ctx: C): void {
    const name = def.childForFieldName('name');
    if (name) ctx.scope.set(name.text, value);
  }

  /** A decorated function: a plain function unless the SDK knows the decorator. */
  protected decorated(node: SyntaxNode, ctx: C): void {
    const def = node.childForFieldName('definition');
    if (def?.type === 'function_definition') this.bindFunction(def, this.value({ kind: 'fn', def, scope: ctx.scope }), ctx);
  }

  protected withStatement(node: SyntaxNode, ctx: C): void {
    for (const { expression, alias } of withItems(node)) {
      const v = this.expr(expression, ctx);
      if (alias) this.bind(alias, v, ctx);
    }
    const body = node.childForFieldName('body');
    if (body) this.block(body, ctx);
  }

  /** A loop's body runs once, marked as in a loop (what it creates is dynamic). */
  protected loop(node: SyntaxNode, ctx: C): void {
    const right = node.childForFieldName('right') ?? node.childForFieldName('condition');
    const iterated = right ? this.expr(right, ctx) : undefined;
    const left = node.childForFieldName('left');
    if (left) this.bind(left, this.loopTarget(iterated), ctx);
    const inner: C = { ...ctx, inLoop: true };
    const body = node.childForFieldName('body');
    if (body) this.block(body, inner);
    const alternative = node.childForFieldName('alternative');
    if (alternative) this.clause(alternative, ctx);
  }

  /** What a loop variable is bound to, given what the loop iterates. */
  protected loopTarget(_iterated: V | undefined): V | undefined {
    return undefined;
  }

  /** Both branches run: the file states both. */
  protected ifStatement(node: SyntaxNode, ctx: C): void {
    const consequence = node.childForFieldName('consequence');
    if (consequence) this.block(consequence, ctx);
    for (const alternative of node.childrenForFieldName('alternative')) {
      if (!alternative) continue;
      if (alternative.type === 'elif_clause') {
        const c = alternative.childForFieldName('consequence');
        if (c) this.block(c, ctx);
      } else this.clause(alternative, ctx);
    }
  }

  // --- expressions ---------------------------------------------------------------------------

  protected expr(node: SyntaxNode, ctx: C): V | undefined {
    switch (node.type) {
      case 'identifier':
        return ctx.scope.get(node.text);
      case 'string':
      case 'concatenated_string': {
        const str = stringValue(node, ctx.scope.lookup);
        return str ? this.value({ kind: 'str', str, origins: [node.startIndex] }) : undefined;
      }
      case 'parenthesized_expression': {
        const inner = node.namedChildren.find((c) => c && c.type !== 'comment');
        return inner ? this.expr(inner, ctx) : undefined;
      }
      case 'list':
      case 'tuple':
      case 'set':
      case 'expression_list':
        return this.value({ kind: 'list', items: this.items(node, ctx) });
      case 'dictionary':
        return this.value({
          kind: 'dict',
          entries: dictEntries(node).map((e) => ({ key: e.key, node: e.value, value: this.expr(e.value, ctx) })),
        });
      case 'binary_operator':
        return this.binary(node, ctx);
      case 'call':
        return this.call(node, ctx);
      case 'attribute':
        return this.attribute(node, ctx);
      case 'subscript': {
        const value = node.childForFieldName('value');
        return this.subscripted(value ? this.expr(value, ctx) : undefined, node, ctx);
      }
      case 'none':
      case 'integer':
      case 'float':
      case 'true':
      case 'false':
        return this.value({ kind: 'literal', node });
      case 'comparison_operator':
      case 'boolean_operator':
      case 'not_operator':
      case 'unary_operator':
      case 'conditional_expression':
      case 'await':
        return this.combine(node.namedChildren.map((c) => (c ? this.expr(c, ctx) : undefined)));
      case 'list_comprehension':
      case 'generator_expression': {
        const body = node.childForFieldName('body');
        return body ? this.value({ kind: 'list', items: [this.expr(body, { ...ctx, inLoop: true })] }) : undefined;
      }
      default:
        return undefined;
    }
  }

  /** A sequence literal's items; `*xs` splices in the items of a list the evaluator knows. */
  protected items(node: SyntaxNode, ctx: C): Array<V | undefined> {
    const items: Array<V | undefined> = [];
    for (const e of elements(node)) {
      if (e.type !== 'list_splat') {
        items.push(this.expr(e, ctx));
        continue;
      }
      const inner = e.namedChildren.find((c) => c && c.type !== 'comment');
      const value = (inner ? this.expr(inner, ctx) : undefined) as BaseValue<V> | undefined;
      if (value?.kind === 'list') items.push(...value.items);
      else items.push(value as V | undefined);
    }
    return items;
  }

  /** `a + b` of strings is a string; other operators combine what their operands carry. */
  protected binary(node: SyntaxNode, ctx: C): V | undefined {
    const op = node.childForFieldName('operator');
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!op || !left || !right) return undefined;
    if (op.type === '+') {
      const str = stringValue(node, ctx.scope.lookup);
      if (str) return this.value({ kind: 'str', str, origins: [node.startIndex] });
    }
    return this.combine([this.expr(left, ctx), this.expr(right, ctx)]);
  }

  /** What an expression built from these operand values carries (an SDK's runtime values): nothing by default. */
  protected combine(_values: Array<V | undefined>): V | undefined {
    return undefined;
  }

  protected attribute(node: SyntaxNode, ctx: C): V | undefined {
    const object = node.childForFieldName('object');
    const name = node.childForFieldName('attribute')?.text ?? '';
    return object ? this.member(this.expr(object, ctx), name) : undefined;
  }

  /** `target.name`: nothing the evaluator knows by default. */
  protected member(_target: V | undefined, _name: string): V | undefined {
    return undefined;
  }

  /** `target[...]`: nothing the evaluator knows by default. */
  protected subscripted(_target: V | undefined, _node: SyntaxNode, _ctx: C): V | undefined {
    return undefined;
  }

  /** A call the SDK gives no meaning to: its arguments still run (and may create tasks). */
  protected passThrough(args: CallArgs, ctx: C): V | undefined {
    const values: Array<V | undefined> = [];
    for (const a of args.positional) values.push(this.expr(a, ctx));
    for (const a of args.keywords.values()) values.push(this.expr(a, ctx));
    return this.combine(values);
  }

  /** Keyword arguments that are the SDK's own options, left unevaluated. */
  protected skipsArgument(_key: string): boolean {
    return false;
  }

  protected argumentValues(args: CallArgs, ctx: C): ArgumentValues<V> {
    const keywords = new Map<string, V | undefined>();
    const positional = args.positional.map((a) => this.expr(a, ctx));
    for (const [k, v] of args.keywords) if (!this.skipsArgument(k)) keywords.set(k, this.expr(v, ctx));
    return { positional, keywords };
  }

  /**
   * A plain function called from pipeline code (a task factory, a DAG factory) runs with its
   * parameters bound to the call's arguments; what it creates joins the caller's pipeline.
   */
  protected runFunction(callee: FnValue<V>, args: CallArgs, ctx: C): V | undefined {
    const values = this.argumentValues(args, ctx);
    const key = callee.def.startIndex;
    if (this.running.has(key) || this.functionRuns >= FUNCTION_RUNS) return undefined;
    this.functionRuns++;
    this.running.add(key);
    try {
      const scope = new Scope<V>(callee.scope);
      const params = parameterNames(callee.def);
      for (const p of params) scope.set(p, this.parameterDefault(callee.def, p));
      params.forEach((p, i) => i < args.positional.length && scope.set(p, values.positional[i]));
      for (const [k, v] of values.keywords) if (params.includes(k)) scope.set(k, v);
      const returns: V[] = [];
      const body = callee.def.childForFieldName('body');
      if (body) this.block(body, { ...ctx, scope, returns });
      return returns[0];
    } finally {
      this.running.delete(key);
    }
  }

  /** `os.path.join(...)`, `str(...)`, `Path(...)`, `"...".format(...)`: the string the call makes, when it is one. */
  protected stringCall(node: SyntaxNode, ctx: C): V | undefined {
    const fn = node.childForFieldName('function');
    if (!STRING_CALLS.has(shortName(callName(node))) && !(fn?.type === 'attribute' && fn.text.endsWith('.format'))) return undefined;
    const str = stringValue(node, ctx.scope.lookup);
    return str ? this.value({ kind: 'str', str, origins: [node.startIndex] }) : undefined;
  }

  /** A name bound to a literal (`SCHEDULE = None`) stands for it; any other node for itself. */
  protected literalNode(node: SyntaxNode, ctx: C): SyntaxNode {
    if (node.type !== 'identifier') return node;
    const v = ctx.scope.get(node.text) as BaseValue<V> | undefined;
    return v?.kind === 'literal' ? v.node : node;
  }

  /**
   * The scope a function's body is read in for one call: each parameter bound to its default,
   * then to the call's argument when that is a string (other values are unknown in the body).
   */
  protected parameterScope(def: SyntaxNode, outer: Scope<V>, values?: ArgumentValues<V>, params = parameterNames(def)): Scope<V> {
    const scope = new Scope<V>(outer);
    for (const p of params) scope.set(p, this.parameterDefault(def, p));
    if (!values) return scope;
    const str = (v: V | undefined): V | undefined => (v?.kind === 'str' ? v : undefined);
    params.forEach((p, i) => i < values.positional.length && scope.set(p, str(values.positional[i])));
    for (const [k, v] of values.keywords) if (params.includes(k)) scope.set(k, str(v));
    return scope;
  }

  /** A parameter's default when it is a string the reader can resolve. */
  protected parameterDefault(def: SyntaxNode, name: string): V | undefined {
    return parameterDefault(def, name) as V | undefined;
  }
}

/** A function parameter's default value node (`def f(path="data/x.csv")`). */
export function parameterDefaultNode(def: SyntaxNode, name: string): SyntaxNode | undefined {
  const params = def.childForFieldName('parameters');
  for (const p of params?.namedChildren ?? []) {
    if (!p || (p.type !== 'default_parameter' && p.type !== 'typed_default_parameter') || p.childForFieldName('name')?.text !== name)
      continue;
    return p.childForFieldName('value') ?? undefined;
  }
  return undefined;
}

function parameterDefault(def: SyntaxNode, name: string): BaseValue<PyValue> | undefined {
  const value = parameterDefaultNode(def, name);
  const str = value ? stringValue(value) : undefined;
  return str && value ? { kind: 'str', str, origins: [value.startIndex] } : undefined;
}

/**
 * The module's top-level string constants (`BUCKET = "s3://..."`, f-strings of earlier ones),
 * without running the module: for adapters that read step code on its own (Metaflow).
 */
export function moduleStrings(root: SyntaxNode): Scope<PyValue> {
  const scope = new Scope<PyValue>();
  for (const statement of root.namedChildren) {
    const assignment = statement?.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
    if (assignment?.type !== 'assignment') continue;
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    const str = right ? stringValue(right, scope.lookup) : undefined;
    if (left?.type === 'identifier' && right) scope.set(left.text, str ? { kind: 'str', str, origins: [right.startIndex] } : undefined);
  }
  return scope;
}

/** The items of a `with` statement: each context expression and the name `as` binds it to. */
export function withItems(node: SyntaxNode): Array<{ expression: SyntaxNode; alias?: SyntaxNode }> {
  const clause = node.namedChildren.find((c) => c?.type === 'with_clause');
  const items: Array<{ expression: SyntaxNode; alias?: SyntaxNode }> = [];
  for (const item of clause?.namedChildren ?? []) {
    const value = item?.type === 'with_item' ? item.childForFieldName('value') : undefined;
    if (!value) continue;
    if (value.type !== 'as_pattern') {
      items.push({ expression: value });
      continue;
    }
    const expression = value.namedChildren[0];
    const alias = value.namedChildren.find((c) => c?.type === 'as_pattern_target')?.namedChildren[0] ?? undefined;
    if (expression) items.push({ expression, ...(alias ? { alias } : {}) });
  }
  return items;
}
