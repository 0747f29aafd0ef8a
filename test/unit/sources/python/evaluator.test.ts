// The shared Python evaluator's generic Python: `+=`, `*xs` in list literals, string calls,
// names bound to literals, a function body's parameter scope, module string constants.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { initPython, withPythonTree, callArgs, type SyntaxNode } from '../../../../server/src/engine/text/python';
import {
  ModuleEvaluator,
  Scope,
  moduleStrings,
  type ArgumentValues,
  type EvalCtx,
  type PyValue,
  type StrValue,
  type ListValue,
  type FnValue,
  type LiteralValue,
  type OpaqueValue,
  type DictValue,
} from '../../../../server/src/engine/sources/python';

type Value = StrValue | ListValue<Value> | DictValue<Value> | LiteralValue | OpaqueValue | FnValue<Value>;
type Ctx = EvalCtx<Value>;

/** An SDK with no vocabulary: plain functions run, string calls are strings, other calls pass through. */
class PlainPython extends ModuleEvaluator<Value, Ctx> {
  readonly ctx: Ctx = { scope: new Scope<Value>(), inLoop: false };

  run(root: SyntaxNode): Scope<Value> {
    this.block(root, this.ctx);
    return this.ctx.scope;
  }

  protected call(node: SyntaxNode, ctx: Ctx): Value | undefined {
    const fn = node.childForFieldName('function');
    const callee = fn ? this.expr(fn, ctx) : undefined;
    if (callee?.kind === 'fn') return this.runFunction(callee, callArgs(node), ctx);
    return this.stringCall(node, ctx) ?? this.passThrough(callArgs(node), ctx);
  }

  literal(node: SyntaxNode): SyntaxNode {
    return this.literalNode(node, this.ctx);
  }

  scopeFor(def: SyntaxNode, values?: ArgumentValues<Value>): Scope<Value> {
    return this.parameterScope(def, this.ctx.scope, values);
  }
}

/** What a value shows as: a string's text (`~` marks a dynamic one), a list's items, other kinds by name. */
function show(v: PyValue | undefined): unknown {
  if (!v) return undefined;
  if (v.kind === 'str') {
    const s = (v as StrValue).str;
    return s.dynamic ? `~${s.value}` : s.value;
  }
  if (v.kind === 'list') return (v as ListValue<Value>).items.map(show);
  return v.kind;
}

function evaluate(code: string, name: string): unknown {
  return withPythonTree(code, (root) => show(new PlainPython().run(root).get(name)));
}

before(() => initPython());

describe('ModuleEvaluator: generic Python', () => {
  const cases: Array<[string, string, string, unknown]> = [
    ['`+=` concatenates lists', 'x = ["a"]\nx += ["b", "c"]\n', 'x', ['a', 'b', 'c']],
    ['`+=` concatenates strings', 'x = "s3://bucket"\nx += "/key"\n', 'x', 's3://bucket/key'],
    ['`+=` of an unknown value keeps a dynamic string dynamic', 'x = f"{y}/a"\nx += "/b"\n', 'x', '~{y}/a/b'],
    ['`+=` of values it cannot add leaves the binding', 'x = ["a"]\nx += g()\n', 'x', ['a']],
    ['`-=` is not an addition', 'x = ["a"]\nx -= ["a"]\n', 'x', ['a']],
    ['`*xs` splices a known list', 'a = ["x", "y"]\nb = [*a, "z"]\n', 'b', ['x', 'y', 'z']],
    ['`*xs` of an unknown value is one unknown item', 'b = [*g(), "z"]\n', 'b', [undefined, 'z']],
    ['os.path.join is a string', 'import os\np = os.path.join("data", "raw.csv")\n', 'p', 'data/raw.csv'],
    ['str() of a constant is a string', 'B = "s3://b"\np = str(B)\n', 'p', 's3://b'],
    ['.format is its template, dynamic', 'p = "{}/{}".format("a", "b")\n', 'p', '~{}/{}'],
    ['a plain function returns its string', 'def f(x):\n    return x + "/y"\np = f("a")\n', 'p', 'a/y'],
    ['an unknown call is unknown', 'p = g("a")\n', 'p', 'opaque'],
  ];
  for (const [title, code, name, expected] of cases) test(title, () => assert.deepEqual(evaluate(code, name), expected));
});

describe('ModuleEvaluator.literalNode', () => {
  const cases: Array<[string, string, string]> = [
    ['a name bound to None stands for None', 'S = None\nS\n', 'none'],
    ['a name bound to a number stands for it', 'S = 3\nS\n', 'integer'],
    ['a name bound to a string is the name', 'S = "x"\nS\n', 'identifier'],
    ['an unbound name is the name', 'S\n', 'identifier'],
  ];
  for (const [title, code, type] of cases)
    test(title, () => {
      withPythonTree(code, (root) => {
        const reader = new PlainPython();
        reader.run(root);
        const use = root.namedChildren.at(-1)?.namedChildren[0];
        assert.ok(use);
        assert.equal(reader.literal(use).type, type);
      });
    });
});

describe('ModuleEvaluator.parameterScope', () => {
  const code = 'def f(a, b="d/x", c="e"):\n    pass\nf("s3://in", c=["l"])\n';
  const cases: Array<[string, boolean, Record<string, unknown>]> = [
    ['defaults only, without a call', false, { a: 'opaque', b: 'd/x', c: 'e' }],
    ['string arguments bind, other values are unknown', true, { a: 's3://in', b: 'd/x', c: 'opaque' }],
  ];
  for (const [title, withCall, expected] of cases)
    test(title, () => {
      withPythonTree(code, (root) => {
        const reader = new PlainPython();
        reader.run(root);
        const def = root.namedChildren[0];
        assert.ok(def);
        const values: ArgumentValues<Value> = {
          positional: [{ kind: 'str', str: { value: 's3://in', dynamic: false }, origins: [] }],
          keywords: new Map<string, Value | undefined>([['c', { kind: 'list', items: [] }]]),
        };
        const scope = reader.scopeFor(def, withCall ? values : undefined);
        assert.deepEqual(Object.fromEntries(['a', 'b', 'c'].map((p) => [p, show(scope.get(p))])), expected);
      });
    });
});

describe('moduleStrings', () => {
  const code = 'A = "s3://b"\nB = f"{A}/k"\nN = 1\nif x:\n    C = "no"\ndef f():\n    D = "no"\n';
  const cases: Array<[string, unknown]> = [
    ['A', 's3://b'],
    ['B', 's3://b/k'],
    ['N', 'opaque'],
    ['C', undefined],
    ['D', undefined],
  ];
  for (const [name, expected] of cases)
    test(`${name} is ${String(expected)}`, () => {
      withPythonTree(code, (root) => assert.deepEqual(show(moduleStrings(root).get(name)), expected));
    });
});
