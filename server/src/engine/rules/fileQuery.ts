// Derived queries per file, as salsa's are: a rule's work on one file's facts (an index of its
// references, the values it sets), computed once per version of those facts and reused by
// every later run. An edit then costs the rule its work on the edited file plus what it does
// across files, instead of its work on every file. A query declares the facts fields it reads:
// a run that uses it counts as reading them (for early cut-off, rules/reuse.ts), and `derive`
// sees only those fields, so a field it forgot to declare fails loudly instead of going stale.
import type { FileFacts } from '../model/facts';
import type { Finding } from '../model/finding';

export interface FileQuery<T> {
  /** Unique across rules: `<rule id>/<what it derives>`. */
  id: string;
  /** Every facts field `derive` reads. */
  fields: readonly (keyof FileFacts)[];
  /** A pure function of those fields. */
  derive(facts: FileFacts): T;
}

/** A tracking view (rules/reuse.ts) answers this with the facts object it wraps. */
export const RAW_FACTS = Symbol('raw facts');

const derived = new WeakMap<FileFacts, Map<string, unknown>>();

/** The facts object under a tracking view, or the facts themselves. */
export function rawFacts(facts: FileFacts): FileFacts {
  return unwrap(facts) as FileFacts;
}

/** What a tracking view wraps; anything else as it is. */
/** `query` on one file's facts: derived on first use for this version of the facts, then kept with them. */
export function queryFile<T>(facts: FileFacts, query: FileQuery<T>): T {
  const raw = rawFacts(facts);
  let byQuery = derived.get(raw);
  if (!byQuery) derived.set(raw, (byQuery = new Map()));
  if (byQuery.has(query.id)) return byQuery.get(query.id) as T;
  const value = query.derive(onlyDeclared(raw, query));
  byQuery.set(query.id, value);
  return value;
}

function onlyDeclared(facts: FileFacts, query: { id: string; fields: readonly (keyof FileFacts)[] }): FileFacts {
  const allowed = new Set<string | symbol>(query.fields);
  return new Proxy(facts, {
    get(target, prop) {
      if (prop === RAW_FACTS) return target;
      if (typeof prop === 'string' && !allowed.has(prop)) throw new Error(`query ${query.id} reads \`${prop}\`, which it does not declare`);
      return Reflect.get(target, prop);
    },
    ownKeys: () => {
      throw new Error(`query ${query.id} enumerates the facts' fields`);
    },
  });
}

/**
 * A cross-file index a rule groups its per-file entries into (parameter definitions by scope,
 * references by stage), kept between runs and updated by difference: a file whose facts did not
 * change keeps its entries, a changed file's old entries go out and its new ones come in.
 */
export interface GroupQuery<T> {
  /** Unique across rules: `<rule id>/<what it groups>`. */
  id: string;
  /** Every facts field `entries` reads. */
  fields: readonly (keyof FileFacts)[];
  /** One file's entries, as [key, value], in the order the rule would meet them. */
  entries(facts: FileFacts): Iterable<readonly [string, T]>;
}

export interface Groups<T> {
  /** Every value under `key`, in file order and, within a file, in its entries' order (as one pass over the files gives). */
  get(key: string): readonly T[];
  /** Whether no file has an entry. */
  readonly empty: boolean;
}

/**
 * The group indexes of one workspace, kept across its runs (the host's Analysis holds one). Each
 * run first tells the store its facts (`sync`: one pass that notes which files' facts changed);
 * an index then takes in only the files that changed since it was last used.
 */
export class QueryStore {
  private readonly groups = new Map<string, GroupIndex<unknown>>();
  /** Per rule: its memoised parts (RuleContext.memo), by key. */
  private readonly memos = new Map<string, Map<string, Memo>>();
  /** The facts of the last sync, in its order, and by file. */
  private current: readonly FileFacts[] = [];
  private readonly byFile = new Map<string, FileFacts>();
  /** The sync at which each file's facts last changed, came or went (only after the first sync). */
  private readonly changedAt = new Map<string, number>();
  private generation = 0;
  /** Files in path order: a changed file's entries can be put back in the place a full pass gives them. */
  private sorted = true;

  /**
   * The facts of this run (raw, not tracking views), normally in path order. A host that knows
   * which facts replaced others since the last sync (the same files otherwise) passes `changed`,
   * and only those are looked at.
   */
  sync(facts: readonly FileFacts[], changed?: readonly FileFacts[]): void {
    this.generation++;
    if (changed && this.current.length === facts.length && this.byFile.size === facts.length && facts.length > 0) {
      this.current = facts;
      for (const f of changed) {
        if (this.byFile.get(f.file) === f) continue;
        this.byFile.set(f.file, f);
        this.changedAt.set(f.file, this.generation);
      }
      return;
    }
    const first = this.current.length === 0 && this.byFile.size === 0;
    this.current = facts;
    this.sorted = true;
    for (let i = 0; i < facts.length; i++) {
      const f = facts[i];
      if (i > 0 && !(facts[i - 1].file < f.file)) this.sorted = false;
      const before = this.byFile.get(f.file);
      if (before === f) continue;
      this.byFile.set(f.file, f);
      if (!first) this.changedAt.set(f.file, this.generation);
    }
    if (this.byFile.size === facts.length) return;
    const present = new Set(facts.map((f) => f.file));
    for (const file of this.byFile.keys()) {
      if (present.has(file)) continue;
      this.byFile.delete(file);
      this.changedAt.set(file, this.generation);
    }
  }

  memosOf(ruleId: string): Map<string, Memo> {
    let memos = this.memos.get(ruleId);
    if (!memos) this.memos.set(ruleId, (memos = new Map()));
    return memos;
  }

  groupsOf<T>(facts: readonly FileFacts[], query: GroupQuery<T>): Groups<T> {
    let index = this.groups.get(query.id) as GroupIndex<T> | undefined;
    if (!index) {
      index = new GroupIndex<T>(query);
      this.groups.set(query.id, index as GroupIndex<unknown>);
    }
    if (this.generation === 0 || facts.length !== this.current.length) index.rebuild(facts);
    else if (index.syncedAt !== this.generation) {
      if (index.syncedAt === undefined || !this.sorted) index.rebuild(this.current);
      else for (const [file, at] of this.changedAt) if (at > index.syncedAt) index.replace(file, this.byFile.get(file));
      index.syncedAt = this.generation;
    }
    return index;
  }
}

/** A memoised part of a rule's check: what it was computed from, what it read, what it reported. */
export interface Memo {
  inputs: readonly unknown[];
  fields: ReadonlySet<string>;
  texts: ReadonlyMap<string, string | undefined>;
  findings: readonly Finding[];
  /** Whether it read what linking derives, or projects (RuleRecord): then it is never kept. */
  linked: boolean;
  /** The rule's run that last used it: parts no run uses are dropped. */
  usedAt: number;
}

/** Inputs compared by identity; a facts object seen through a tracking view counts as the facts it wraps. */
export function sameInputs(kept: readonly unknown[], now: readonly unknown[]): boolean {
  if (kept.length !== now.length) return false;
  for (let i = 0; i < kept.length; i++) if (kept[i] !== unwrap(now[i])) return false;
  return true;
}

export function unwrap(x: unknown): unknown {
  return typeof x === 'object' && x !== null ? ((x as { [RAW_FACTS]?: unknown })[RAW_FACTS] ?? x) : x;
}

const NONE: readonly never[] = [];

class GroupIndex<T> implements Groups<T> {
  /** file -> the facts its entries came from, and the keys they went under. */
  private readonly files = new Map<string, { facts: FileFacts; keys: string[] }>();
  /** key -> file -> values, files in the order of the facts. */
  private readonly buckets = new Map<string, Map<string, T[]>>();
  /** key -> its values across files, until the key changes. */
  private readonly flat = new Map<string, readonly T[]>();
  /** The store's sync this index is up to date with; undefined before its first full pass. */
  syncedAt?: number;

  constructor(private readonly query: GroupQuery<T>) {}

  /** Every file again, in the given order. */
  rebuild(facts: readonly FileFacts[]): void {
    this.files.clear();
    this.buckets.clear();
    this.flat.clear();
    for (const f of facts) this.add(rawFacts(f), false);
  }

  /** One file's entries replaced by those of its new facts (none: the file is gone), kept in path order. */
  replace(file: string, facts: FileFacts | undefined): void {
    const known = this.files.get(file);
    if (known?.facts === facts) return;
    if (known) this.drop(file, known.keys);
    if (facts) this.add(facts, true);
  }

  get empty(): boolean {
    return this.buckets.size === 0;
  }

  get(key: string): readonly T[] {
    const kept = this.flat.get(key);
    if (kept) return kept;
    const bucket = this.buckets.get(key);
    if (!bucket) return NONE;
    const values = bucket.size === 1 ? bucket.values().next().value! : [...bucket.values()].flat();
    this.flat.set(key, values);
    return values;
  }

  private add(facts: FileFacts, inPathOrder: boolean): void {
    const keys: string[] = [];
    for (const [key, value] of this.query.entries(onlyDeclared(facts, this.query))) {
      let bucket = this.buckets.get(key);
      if (!bucket) this.buckets.set(key, (bucket = new Map()));
      const values = bucket.get(facts.file);
      if (values) values.push(value);
      else {
        bucket.set(facts.file, [value]);
        keys.push(key);
        if (inPathOrder && bucket.size > 1) this.buckets.set(key, inFileOrder(bucket));
      }
      this.flat.delete(key);
    }
    this.files.set(facts.file, { facts, keys });
  }

  private drop(file: string, keys: readonly string[]): void {
    this.files.delete(file);
    for (const key of keys) {
      const bucket = this.buckets.get(key)!;
      bucket.delete(file);
      if (bucket.size === 0) this.buckets.delete(key);
      this.flat.delete(key);
    }
  }
}

function inFileOrder<V>(bucket: Map<string, V>): Map<string, V> {
  return new Map([...bucket].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
