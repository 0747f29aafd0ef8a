// Helpers for the YAML adapters' tests: run an adapter, and read back what a range covers.
import type { SourceAdapter } from '../../../server/src/engine/sources/adapter';
import type { FileFacts, SourceRef } from '../../../server/src/engine/model/facts';

export function run(adapter: SourceAdapter, path: string, text: string, siblings: Record<string, string> = {}): FileFacts {
  return adapter.parse({ path, text }, { read: (p) => siblings[p] });
}

/** The source text a range covers. */
export function textAt(text: string, ref: SourceRef | undefined): string | undefined {
  if (!ref) return undefined;
  const lines = text.split('\n');
  const offset = (line: number, character: number) => lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0) + character;
  return text.slice(offset(ref.range.start.line, ref.range.start.character), offset(ref.range.end.line, ref.range.end.character));
}

/** `pipeline/name` of a stage id (`file#pipeline/name`). */
export function local(id: string): string {
  return id.slice(id.indexOf('#') + 1);
}

/** Orders as `before -> after (via)` with local ids. */
export function orders(facts: FileFacts): string[] {
  return facts.orders.map((o) => `${local(o.before)} -> ${local(o.after)} (${o.via})`);
}

export function value(facts: FileFacts, key: string): FileFacts['values'][number] | undefined {
  return facts.values.find((v) => v.key === key);
}
