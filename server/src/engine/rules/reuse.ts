// Early cut-off for `graph`-scope rules, as salsa does for derived queries: each run records what
// a rule read (which FileFacts fields, which files' text) and what it reported. The next run
// reuses those findings when the linked graph is the same and none of what the rule read
// changed; otherwise the rule runs again and its reads are recorded anew.
import type { FileFacts } from '../model/facts';
import type { Finding } from '../model/finding';
import { RAW_FACTS } from './fileQuery';

/** What one rule read and reported in one run. */
export interface RuleRecord {
  findings: Finding[];
  /** FileFacts fields read on any file; `*` when the rule enumerated a facts object's keys. */
  fields: Set<string>;
  /** Files whose text the rule read. */
  texts: Set<string>;
  /** Whether it read what linking derives: the graph, loops, card or owners. */
  linked: boolean;
  /** Whether it asked which project a file belongs to. */
  projects: boolean;
}

/** What changed since the run whose records are offered for reuse. */
export interface RuleReuse {
  records: ReadonlyMap<string, RuleRecord>;
  /** FileFacts fields that differ in at least one changed file. */
  changedFields: ReadonlySet<string>;
  /** Files whose text changed. */
  changedTexts: ReadonlySet<string>;
  /** Whether the workspace was linked again (the graph, loops, card or owners may differ). */
  linkChanged: boolean;
  /** Whether some file now belongs to another project. */
  projectsChanged: boolean;
}

/** The last run's record of the rule, if nothing it read has changed. */
export function reusable(reuse: RuleReuse | undefined, ruleId: string): RuleRecord | undefined {
  const record = reuse?.records.get(ruleId);
  if (!record || !reuse) return undefined;
  if ((record.linked && reuse.linkChanged) || (record.projects && reuse.projectsChanged)) return undefined;
  if (record.fields.has('*') && reuse.changedFields.size > 0) return undefined;
  for (const field of record.fields) if (reuse.changedFields.has(field)) return undefined;
  for (const file of record.texts) if (reuse.changedTexts.has(file)) return undefined;
  return record;
}

/**
 * Facts seen through proxies that note each field read into the current rule's record. Every
 * rule gets its own array (of the same proxies), so per-run indexes that rules build over
 * `ctx.facts` (rules/helpers.ts) are built per rule and their reads are noted for that rule.
 */
export class ReadTracker {
  private fields = new Set<string>();
  /** Made on the first rule that runs: when every rule is reused, none are. */
  private proxies?: FileFacts[];

  constructor(private readonly facts: readonly FileFacts[]) {}

  /** Starts recording one rule's reads: its own view of the facts and the sets it fills. */
  begin(): { facts: FileFacts[]; fields: Set<string>; texts: Set<string> } {
    this.fields = new Set();
    this.proxies ??= this.wrap();
    return { facts: this.proxies.slice(), fields: this.fields, texts: new Set() };
  }

  /** Runs `fn` noting the fields it reads into `into` too (and still into the current rule's record). */
  capture<T>(into: Set<string>, fn: () => T): T {
    const outer = this.fields;
    this.fields = into;
    try {
      return fn();
    } finally {
      this.fields = outer;
      for (const field of into) outer.add(field);
    }
  }

  private wrap(): FileFacts[] {
    const note = (prop: string | symbol) => {
      if (typeof prop === 'string') this.fields.add(prop);
    };
    const handler: ProxyHandler<FileFacts> = {
      get: (target, prop) => (prop === RAW_FACTS ? target : (note(prop), Reflect.get(target, prop))),
      has: (target, prop) => (note(prop), Reflect.has(target, prop)),
      ownKeys: (target) => (this.fields.add('*'), Reflect.ownKeys(target)),
    };
    return this.facts.map((f) => new Proxy(f, handler));
  }
}

/**
 * Which fields differ between two versions of one file's facts (compared as JSON, so a new parse
 * with equal content counts as unchanged).
 */
export function changedFields(before: FileFacts, after: FileFacts, into: Set<string>): void {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    if (into.has(key)) continue;
    const a = (before as unknown as Record<string, unknown>)[key];
    const b = (after as unknown as Record<string, unknown>)[key];
    if (a !== b && JSON.stringify(a) !== JSON.stringify(b)) into.add(key);
  }
}
