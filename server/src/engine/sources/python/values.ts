// The abstract values the pipeline layer's evaluator gives Python names: a constant string
// (with the offsets of the literals it came from), lists, dicts, literals, plain functions, and
// whatever an SDK adds (tasks, steps, assets). What cannot be known statically is opaque.
import type { PyString, SyntaxNode } from '../../text/python';

export interface StrValue {
  kind: 'str';
  str: PyString;
  /** Start offsets of the string literals the value was built from. */
  origins: number[];
}
export interface ListValue<V> {
  kind: 'list';
  items: Array<V | undefined>;
}
export interface DictValue<V> {
  kind: 'dict';
  entries: Array<{ key: string; node: SyntaxNode; value: V | undefined }>;
}
export interface LiteralValue {
  kind: 'literal';
  node: SyntaxNode;
}
export interface OpaqueValue {
  kind: 'opaque';
}
export interface FnValue<V extends PyValue> {
  kind: 'fn';
  def: SyntaxNode;
  scope: Scope<V>;
}

/** What every SDK's value type includes. */
export type BaseValue<V extends PyValue> = StrValue | ListValue<V> | DictValue<V> | LiteralValue | OpaqueValue | FnValue<V>;

export interface PyValue {
  kind: string;
}

export const OPAQUE: OpaqueValue = { kind: 'opaque' };

/** Python names in one function or module; an opaque binding hides outer ones. */
export class Scope<V extends PyValue> {
  private readonly vars = new Map<string, V>();

  constructor(readonly parent?: Scope<V>) {}

  get(name: string): V | undefined {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- walks the scope chain from this one up
    for (let s: Scope<V> | undefined = this; s; s = s.parent) {
      const v = s.vars.get(name);
      if (v) return v;
    }
    return undefined;
  }

  set(name: string, value: V | StrValue | undefined): void {
    this.vars.set(name, (value ?? OPAQUE) as V);
  }

  readonly lookup = (name: string): PyString | undefined => {
    const v = this.get(name) as PyValue | undefined;
    return v?.kind === 'str' ? (v as StrValue).str : undefined;
  };
}

/** A string value made from a node the text reader could resolve. */
export function strValue(str: PyString, node: SyntaxNode): StrValue {
  return { kind: 'str', str, origins: [node.startIndex] };
}
