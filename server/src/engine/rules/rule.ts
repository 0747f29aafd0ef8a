// The rule contract: one file per rule, `meta` + `check(ctx)`. A rule never reads files;
// it sees the facts, the graph, the loops and the card, and reports Findings.
import type { Card } from '../card/card';
import type { FileFacts, SourceRef } from '../model/facts';
import type { Fix, RelatedLocation, Severity } from '../model/finding';
import type { GraphNode, SystemGraph } from '../model/graph';
import type { Loop } from '../model/loops';
import type { FileQuery, GroupQuery, Groups } from './fileQuery';

export type Category =
  'config' | 'pipeline' | 'feedback' | 'ownership' | 'team' | 'resilience' | 'monitoring' | 'governance' | 'cost' | 'loopwise';

export interface RuleMeta {
  /** Stable `category/name`. */
  id: string;
  category: Category;
  severity: Severity;
  /** One line: what the rule flags. */
  description: string;
  fixable: boolean;
  /** Where the debt is described: papers, standards, incidents. */
  sources: string[];
}

export interface Report {
  at: SourceRef;
  message: string;
  related?: RelatedLocation[];
  fixes?: Fix[];
  nodes?: string[];
  loop?: string;
  severity?: Severity;
}

export interface RuleContext {
  facts: readonly FileFacts[];
  graph: SystemGraph;
  loops: readonly Loop[];
  card?: Card;
  /** Text of a workspace file, for rules whose fixes edit it. */
  text(file: string): string | undefined;
  /** Every file of the workspace the host loaded (pipeline files, lock files), for fixes that look things up. */
  files(): readonly string[];
  /**
   * The independent project a file belongs to (model/projects.ts): rules that compare values or
   * names across files compare only files of one project.
   */
  projectOf(file: string): string;
  /** Owner (team or handle) of a workspace file, by card then CODEOWNERS (last match wins). */
  ownerOf(file: string): string | undefined;
  /** Whether any CODEOWNERS file exists. */
  hasCodeowners: boolean;
  /** Whether CODEOWNERS or the card states ownership over this file's repository. */
  ownershipGoverns(file: string): boolean;
  node(id: string): GraphNode | undefined;
  /** Today's date as YYYY-MM-DD (injected so tests are deterministic). */
  today: string;
  /** A derived per-file query (rules/fileQuery.ts) on one of `facts`: computed once per version of that file's facts. */
  perFile<T>(facts: FileFacts, query: FileQuery<T>): T;
  /** A cross-file index of per-file entries (rules/fileQuery.ts), updated by difference between runs. */
  grouped<T>(query: GroupQuery<T>): Groups<T>;
  /**
   * One part of the check (one params file's parameters, one file's references) whose reports
   * depend only on `inputs` (compared by identity: facts, group lists, strings), the facts
   * fields and the texts it reads: when all are as in the last run, that run's findings are
   * kept instead of checking again. `key` names the part within the rule.
   */
  memo(key: string, inputs: readonly unknown[], part: () => void): void;
  report(report: Report): void;
  /**
   * Whether the rule has worked long enough (about 8 ms) since it last paused: a rule written as
   * a generator (`*check`) yields then, so a host answers requests in between.
   */
  pauseDue(): boolean;
}

/**
 * What a rule's findings depend on, so an edit re-runs it only where its inputs changed:
 * - `file`: one file's own facts (and text). Findings land only in that file. Checked per file,
 *   kept per file while the file's facts stay the same, and shown at once after an edit (the
 *   server's first stage of publishing), before anything cross-file is recomputed.
 * - `graph` (the default, also for rules that declare nothing): the whole linked workspace.
 */
export type RuleScope = 'file' | 'graph';

export interface Rule {
  meta: RuleMeta;
  /** Defaults to `graph`. A `file` rule sees `ctx.facts` of one file at a time and no graph. */
  scope?: RuleScope;
  /** Reports through `ctx`; a long-running rule is a generator that yields when `ctx.pauseDue()`. */
  check(ctx: RuleContext): void | Generator<void, void>;
}

/** `<repository>/blob/main/docs/rules/`: package.json's `repository` (a test keeps the two in step). */
export const DOCS_BASE = 'https://github.com/loopwise/loopwise/blob/main/docs/rules/';

export function docsUrl(id: string): string {
  return `${DOCS_BASE}${id}.md`;
}
