// Suppressions and severity settings, applied after the rules ran:
// - `# loopwise-ignore <rule-id>[, <rule-id>] [until YYYY-MM-DD]: <reason>` on the finding's
//   line or the line above (YAML and Python comments). No reason, or past its date, is itself
//   a warning; a suppression that matched nothing is reported as unused.
// - card `ignore:` entries by path glob, card `rules:` severities, then host settings.
// - files of a test suite's fixtures (`testdata/`, `fixtures/`, golden files) are not the system:
//   only a plaintext credential is reported there (docs/design-notes.md, "Test fixtures").
import picomatch from 'picomatch';
import type { Card } from './card/card';
import type { FileFacts, SourceRef } from './model/facts';
import { CORE_RULES } from './rules/core';
import type { Finding, Severity } from './model/finding';
import { toFinding } from './rules/run';

export interface Directive {
  rules: string[];
  until?: string;
  reason?: string;
  line: number;
  at: SourceRef;
  used: boolean;
}

const DIRECTIVE = /#\s*loopwise-ignore\b[ \t]*([^:\n]*?)(?:[ \t]+until[ \t]+(\S+))?[ \t]*(?::[ \t]*(.*?))?[ \t]*$/;

export function parseDirectives(file: string, text: string): Directive[] {
  const out: Directive[] = [];
  if (!text.includes('loopwise-ignore')) return out;
  const lines = text.split('\n');
  lines.forEach((line, n) => {
    const m = DIRECTIVE.exec(line);
    if (!m) return;
    const start = line.indexOf('#', m.index);
    const rules = m[1].split(/[\s,]+/).filter(Boolean);
    out.push({
      rules,
      until: m[2],
      reason: m[3]?.trim() || undefined,
      line: n,
      at: { file, range: { start: { line: n, character: start }, end: { line: n, character: line.replace(/\r$/, '').length } } },
      used: false,
    });
  });
  return out;
}

/**
 * Inputs and expected outputs of a program's own tests: a folder named `testdata`, `test_data`,
 * `fixtures` or `golden`, a `data`/`resources` folder directly inside `test`/`tests`, or a file
 * named `*golden*`. They are compared as text or fed to the code under test, never run as the team's
 * pipeline or deployment, so what they say about versions, probes or hand-offs is not its debt.
 */
const TEST_FIXTURE =
  /(^|\/)(testdata|test[_-]data|__fixtures__|fixtures?|goldens?|__snapshots__)\/|(^|\/)tests?\/(data|resources)\/|(^|\/)[^/]*golden[^/]*$/i;

/** A committed credential leaks wherever it is, a test fixture included. */
const REPORTED_IN_FIXTURES = new Set(['config/secret-in-config']);

export function isTestFixture(file: string): boolean {
  return TEST_FIXTURE.test(file);
}

export interface SuppressionInput {
  facts: FileFacts[];
  card?: Card;
  today: string;
  severities?: Record<string, Severity | 'off'>;
  text(file: string): string | undefined;
  /** Each file's directives from earlier runs (a host that runs again keeps one): only changed texts are searched. */
  parsed?: DirectiveCache;
  /** The files that have directives, with them, when the caller keeps them up to date (`DirectiveCache.sync`). */
  directives?: ReadonlyMap<string, readonly Directive[]>;
}

/** The directives of each file's last text seen. */
export class DirectiveCache {
  private readonly byFile = new Map<string, { text: string; directives: readonly Directive[] }>();
  private readonly found = new Map<string, readonly Directive[]>();
  private syncedAt?: number;
  private readonly fixtures = new Map<string, boolean>();

  isFixture(file: string): boolean {
    let fixture = this.fixtures.get(file);
    if (fixture === undefined) this.fixtures.set(file, (fixture = isTestFixture(file)));
    return fixture;
  }

  of(file: string, text: string): readonly Directive[] {
    const kept = this.byFile.get(file);
    if (kept?.text === text) return kept.directives;
    const directives = parseDirectives(file, text);
    this.byFile.set(file, { text, directives });
    return directives;
  }

  /**
   * The files that have directives. `at` names the set of files (a version of it): at the same
   * set as the last sync only the `changed` files' texts are looked at, else every file's.
   */
  sync(
    facts: ReadonlyMap<string, FileFacts>,
    text: (file: string) => string | undefined,
    at: number,
    changed: Iterable<string>,
  ): ReadonlyMap<string, readonly Directive[]> {
    if (this.syncedAt !== at) {
      this.found.clear();
      this.byFile.clear();
      changed = facts.keys();
    }
    this.syncedAt = at;
    for (const file of changed) {
      const f = facts.get(file);
      const t = f && f.format !== 'other' ? text(file) : undefined;
      const directives = t ? this.of(file, t) : [];
      if (directives.length) this.found.set(file, directives);
      else this.found.delete(file);
    }
    return this.found;
  }
}

function directivesOf(input: SuppressionInput): ReadonlyMap<string, readonly Directive[]> {
  const parsed = input.parsed ?? new DirectiveCache();
  const out = new Map<string, readonly Directive[]>();
  for (const f of input.facts) {
    const text = input.text(f.file);
    if (!text || f.format === 'other') continue;
    const found = parsed.of(f.file, text);
    if (found.length) out.set(f.file, found);
  }
  return out;
}

export function applySuppressions(findings: Finding[], input: SuppressionInput): Finding[] {
  // Each run marks which directives it used on copies of its own, file by file in path order.
  const found = input.directives ?? directivesOf(input);
  const directives = new Map<string, Directive[]>();
  for (const file of [...found.keys()].sort())
    directives.set(
      file,
      found.get(file)!.map((d) => ({ ...d, used: false })),
    );
  const ignores = (input.card?.ignores ?? []).map((i) => ({ ...i, match: picomatch(i.path.replace(/^\//, ''), { dot: true }) }));
  const kept: Finding[] = [];
  // Asked once per rule and per file, not per finding: a big workspace has thousands of findings.
  const severities = new Map<string, Severity | 'off' | undefined>();
  const fixtures = input.parsed ?? new DirectiveCache();
  const files = new Map<string, { ignores: typeof ignores; directives?: Directive[] }>();
  for (const finding of findings) {
    let setting = severities.get(finding.ruleId);
    if (!severities.has(finding.ruleId)) severities.set(finding.ruleId, (setting = configuredSeverity(finding.ruleId, input)));
    const severity = setting ?? finding.severity;
    if (severity === 'off') continue;
    if (isCore(finding) && finding.ruleId !== CORE_RULES.internalError.meta.id) {
      kept.push(withSeverity(finding, severity));
      continue;
    }
    const file = finding.file;
    if (fixtures.isFixture(file) && !REPORTED_IN_FIXTURES.has(finding.ruleId)) continue;
    // Most files have neither card ignores nor directives: a big workspace has thousands of findings.
    if (!ignores.length && !directives.has(file)) {
      kept.push(withSeverity(finding, severity));
      continue;
    }
    let state = files.get(file);
    if (!state) files.set(file, (state = { ignores: ignores.filter((i) => i.match(file)), directives: directives.get(file) }));
    if (state.ignores.some((i) => ruleMatches(i.rules, finding.ruleId) && !(i.until && i.until < input.today))) continue;
    const directive = state.directives?.find((d) => covers(d, finding) && !(d.until && d.until < input.today));
    if (directive) {
      directive.used = true;
      continue;
    }
    kept.push(withSeverity(finding, severity));
  }
  for (const list of directives.values()) kept.push(...directiveFindings(list, input.today));
  return kept;
}

/** The finding itself when its severity stays: the same object run after run lets hosts skip unchanged files. */
function withSeverity(finding: Finding, severity: Finding['severity']): Finding {
  return severity === finding.severity ? finding : { ...finding, severity };
}

function covers(d: Directive, f: Finding): boolean {
  const line = f.range.start.line;
  return (d.line === line || d.line === line - 1) && ruleMatches(d.rules, f.ruleId);
}

/** `*`, `category/*` or the exact id: how directives, card ignores and card severities name rules. */
export function ruleMatches(patterns: readonly string[], ruleId: string): boolean {
  return patterns.some((p) => p === '*' || p === ruleId || p === `${ruleId.split('/')[0]}/*`);
}

function directiveFindings(list: Directive[], today: string): Finding[] {
  const out: Finding[] = [];
  for (const d of list) {
    const what = d.rules.join(', ') || '(no rule id)';
    if (d.until && d.until < today) {
      out.push(
        toFinding(CORE_RULES.expiredSuppression, {
          at: d.at,
          message: `This suppression of ${what} expired on ${d.until}; fix the finding or renew the date with a reason.`,
        }),
      );
    } else if (!d.reason) {
      out.push(
        toFinding(CORE_RULES.suppressionWithoutReason, {
          at: d.at,
          message: `Say why ${what} is ignored here: add ": <reason>" after the rule id, so reviewers can judge it later.`,
        }),
      );
    }
    if (!d.used && !(d.until && d.until < today)) {
      out.push({
        ...toFinding(CORE_RULES.unusedSuppression, {
          at: d.at,
          message: `This suppression of ${what} matches no finding on this line or the next; remove it.`,
        }),
        tags: ['unnecessary'],
      });
    }
    if (d.rules.length === 0) {
      out.push(
        toFinding(CORE_RULES.suppressionWithoutReason, {
          at: d.at,
          message: 'Name the rule to ignore: "# loopwise-ignore <rule-id>: <reason>".',
        }),
      );
    }
  }
  return out;
}

function isCore(f: Finding): boolean {
  return f.ruleId.startsWith('loopwise/');
}

/** The severity the card or the host sets for a rule, if either does. */
function configuredSeverity(ruleId: string, input: SuppressionInput): Severity | 'off' | undefined {
  const card = input.card?.rules.get(ruleId)?.severity ?? input.card?.rules.get(`${ruleId.split('/')[0]}/*`)?.severity;
  return card ?? input.severities?.[ruleId];
}
