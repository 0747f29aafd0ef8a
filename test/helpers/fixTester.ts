// A FixTester: each case is a small workspace, a rule and the fix to apply (by title). The fix
// is applied as an editor would (placeholders take their defaults) and the workspace analysed
// again with every rule: the finding must be gone — or stay, when the fix leaves placeholder
// text to fill in — no other rule may report more than before, no other finding may disappear
// (a fix that cuts a loop or a reference does not resolve what it hides), the edits must replace
// exactly the expected text (everything else byte-identical), the fix may insert no value that
// is not in the workspace (placeholders aside), a fix to fill in is never preferred, and the
// fixed workspace must offer no further fix of that kind. `checkEveryFix` does the same for
// every fix a workspace offers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { analyse } from './ruleTester';
import type { Finding, Fix, TextEdit } from '../../server/src/engine/model/finding';
import { applyEdits, plainEdits } from '../../server/src/engine/fixes/apply';
import { LineIndex } from '../../server/src/engine/text/lineIndex';
import { isPlaceholderText } from '../../server/src/engine/fixes/placeholders';

export interface FixCase {
  name: string;
  files: Record<string, string>;
  ruleId: string;
  /** Picks the fix by title. */
  title: RegExp;
  /** Picks the finding when the rule reports several. */
  where?: (f: Finding) => boolean;
  /** The original text each edit replaces, in edit order ('' for an insertion). */
  replaces?: string[];
  /** Files after the fix: exact text, or patterns the text must match. */
  expect?: Record<string, string | RegExp | RegExp[]>;
  preferred?: boolean;
  snippet?: boolean;
  /** Findings of the rule left after the fix (default: one fewer; as many when the fix leaves placeholder text). */
  remaining?: number;
  /** Other findings (`ruleId file`) the fix resolves too, with the reason. */
  alsoResolves?: Record<string, string>;
  /** Other rules allowed to report more after the fix, with the reason. */
  allowNew?: Record<string, string>;
  today?: string;
}

export function fixTester(cases: FixCase[]): void {
  for (const c of cases) {
    test(`fix ${c.ruleId}: ${c.name}`, async () => {
      await checkFix(c);
    });
  }
}

export async function checkFix(c: FixCase): Promise<Record<string, string>> {
  const before = await analyse(c.files, undefined, c.today);
  const candidates = before.filter((f) => f.ruleId === c.ruleId && (!c.where || c.where(f)));
  const finding = candidates.find((f) => f.fixes?.some((x) => c.title.test(x.title)));
  assert.ok(
    finding,
    `no ${c.ruleId} finding with a fix titled ${c.title}; found:\n${candidates.map((f) => `${f.file}:${f.range.start.line + 1} [${(f.fixes ?? []).map((x) => x.title).join(' | ')}]`).join('\n')}`,
  );
  const fix = finding.fixes!.find((x) => c.title.test(x.title))!;
  if (c.preferred !== undefined) assert.equal(!!fix.isPreferred, c.preferred, 'isPreferred');
  if (c.snippet !== undefined) assert.equal(!!fix.snippet, c.snippet, 'snippet');
  assertHonest(c.files, fix);
  const after = applyFix(c.files, fix, c.replaces);
  for (const [file, expected] of Object.entries(c.expect ?? {})) {
    const text = after[file];
    assert.ok(text !== undefined, `${file} exists after the fix`);
    if (typeof expected === 'string') assert.equal(text, expected);
    else for (const re of [expected].flat()) assert.match(text, re);
  }
  const fixed = await analyse(after, undefined, c.today);
  assertGone(c, before, fixed, finding, fix);
  assertNothingNew(c, before, fixed);
  assertNothingHidden(before, fixed, finding, c.alsoResolves);
  const again = fixed
    .filter((f) => f.ruleId === c.ruleId)
    .flatMap((f) => f.fixes ?? [])
    .filter((x) => sameFix(x, fix));
  assert.deepEqual(
    again.map((x) => x.title),
    [],
    'the fixed workspace offers the same fix again',
  );
  return after;
}

/** Applies a fix with its placeholders' defaults; checks what each edit replaces and that nothing else changed. */
export function applyFix(files: Record<string, string>, fix: Fix, replaces?: string[]): Record<string, string> {
  const edits = plainEdits(fix);
  const out = { ...files };
  const replaced = edits.map((e) => sliceOf(files[e.file] ?? '', e));
  assert.deepEqual(replaced, replaces ?? edits.map(() => ''), 'the edits replace exactly this text');
  for (const file of new Set(edits.map((e) => e.file))) {
    const own = edits.filter((e) => e.file === file);
    const original = files[file] ?? '';
    out[file] = applyEdits(original, own);
    assert.equal(outside(original, own), outside(out[file], shifted(original, own)), `${file} is byte-identical outside the edited ranges`);
    if (/\.ya?ml$/.test(file))
      assert.deepEqual(
        parseAllDocuments(out[file]).flatMap((d) => d.errors.map((e) => e.message)),
        [],
        `${file} still parses`,
      );
  }
  return out;
}

function sliceOf(text: string, e: TextEdit): string {
  const index = new LineIndex(text);
  return text.slice(index.offset(e.range.start), index.offset(e.range.end));
}

/** The text with the given ranges cut out. */
function outside(text: string, edits: Array<Pick<TextEdit, 'range'>>): string {
  const index = new LineIndex(text);
  const spans = edits.map((e) => [index.offset(e.range.start), index.offset(e.range.end)]).sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [s, e] of spans) {
    out += text.slice(at, s);
    at = e;
  }
  return out + text.slice(at);
}

/** Where each edit's new text lies in the edited text. */
function shifted(original: string, edits: TextEdit[]): Array<Pick<TextEdit, 'range'>> {
  const index = new LineIndex(original);
  const spans = edits
    .map((e) => ({ start: index.offset(e.range.start), end: index.offset(e.range.end), length: e.newText.length }))
    .sort((a, b) => a.start - b.start);
  const result = applyEdits(original, edits);
  const after = new LineIndex(result);
  let delta = 0;
  return spans.map((s) => {
    const start = s.start + delta;
    delta += s.length - (s.end - s.start);
    return { range: after.range(start, start + s.length) };
  });
}

function assertGone(c: FixCase, before: Finding[], fixed: Finding[], finding: Finding, fix: Fix): void {
  const count = (list: Finding[]) => list.filter((f) => f.ruleId === c.ruleId).length;
  const expected = c.remaining ?? count(before) - (leavesPlaceholder(fix) ? 0 : 1);
  assert.equal(
    count(fixed),
    expected,
    `${finding.ruleId} findings left after the fix:\n${fixed
      .filter((f) => f.ruleId === c.ruleId)
      .map((f) => `${f.file}:${f.range.start.line + 1} ${f.message}`)
      .join('\n')}`,
  );
}

function assertNothingNew(c: FixCase, before: Finding[], fixed: Finding[]): void {
  const counts = (list: Finding[]) => list.reduce((m, f) => m.set(f.ruleId, (m.get(f.ruleId) ?? 0) + 1), new Map<string, number>());
  const was = counts(before);
  const now = counts(fixed);
  const grown = [...now].filter(([id, n]) => id !== c.ruleId && n > (was.get(id) ?? 0) && !(c.allowNew && id in c.allowNew));
  assert.deepEqual(
    grown.map(
      ([id]) =>
        `${id}: ${fixed
          .filter((f) => f.ruleId === id)
          .map((f) => `${f.file}:${f.range.start.line + 1} ${f.message}`)
          .join(' / ')}`,
    ),
    [],
    'the fix makes other rules report more',
  );
  for (const id of Object.keys(c.allowNew ?? {}))
    assert.ok((now.get(id) ?? 0) > (was.get(id) ?? 0), `allowNew lists ${id}, which does not report more: drop the allowance`);
}

/** The same change offered again: same title, same files, same text inserted. */
function sameFix(a: Fix, b: Fix): boolean {
  return (
    a.title === b.title &&
    a.edits.length === b.edits.length &&
    a.edits.every((e, i) => e.file === b.edits[i].file && e.newText === b.edits[i].newText)
  );
}

/** The defaults of a snippet fix's placeholders (`${1:default}`), in edit order. */
export function placeholderDefaults(fix: Fix): string[] {
  if (!fix.snippet) return [];
  return fix.edits.flatMap((e) => [...e.newText.matchAll(/\$\{\d+:((?:\\.|[^\\}])*)\}/g)].map((m) => m[1].replace(/\\(.)/g, '$1')));
}

/** Whether the fix leaves text for the author to write (a placeholder default that says so). */
export function leavesPlaceholder(fix: Fix): boolean {
  return placeholderDefaults(fix).some((d) => isPlaceholderText(d));
}

/** Inserted text with the placeholders cut out: what the fix itself claims. */
function claimedText(fix: Fix): string {
  return fix.edits.map((e) => (fix.snippet ? e.newText.replace(/\$\{\d+:((?:\\.|[^\\}])*)\}|\$\d+/g, ' ') : e.newText)).join('\n');
}

/**
 * A fix never invents a value: every number-like token it inserts (a version, a threshold, a
 * date) is written somewhere in the workspace already, every placeholder default is either
 * a placeholder text or taken from the workspace, and a fix to fill in is never preferred.
 */
export function assertHonest(files: Record<string, string>, fix: Fix): void {
  const corpus = Object.values(files).join('\n');
  const known = new Set(tokens(corpus));
  const invented = tokens(claimedText(fix)).filter((t) => /\d/.test(t) && !known.has(t));
  assert.deepEqual(invented, [], `"${fix.title}" inserts values that are not in the workspace`);
  const made = placeholderDefaults(fix).filter((d) => !isPlaceholderText(d) && !corpus.includes(d));
  assert.deepEqual(made, [], `"${fix.title}" pre-fills placeholders with values that are not in the workspace`);
  if (fix.snippet) assert.ok(!fix.isPreferred, `"${fix.title}" leaves text to fill in, so it must not be preferred`);
}

function tokens(text: string): string[] {
  return text
    .split(/[^A-Za-z0-9_.-]+/)
    .map((t) => t.replace(/^[.-]+|[.-]+$/g, ''))
    .filter(Boolean);
}

/** No finding other than the fixed one (and those the case says it resolves) disappears. */
function assertNothingHidden(before: Finding[], fixed: Finding[], finding: Finding, alsoResolves: Record<string, string> = {}): void {
  const key = (f: Finding) => `${f.ruleId} ${f.file}`;
  const now = new Map<string, number>();
  for (const f of fixed) now.set(key(f), (now.get(key(f)) ?? 0) + 1);
  const was = new Map<string, number>();
  for (const f of before) if (f !== finding) was.set(key(f), (was.get(key(f)) ?? 0) + 1);
  const gone = [...was].filter(([k, n]) => (now.get(k) ?? 0) < n && !(k in alsoResolves)).map(([k]) => k);
  assert.deepEqual(gone, [], 'the fix makes other findings disappear without resolving them');
}

/**
 * Every fix the workspace offers, each applied alone to a copy and the workspace analysed again,
 * with the checks of `checkFix` that hold for any fix: honest values, the finding gone (or kept
 * while placeholder text is left), nothing new, nothing hidden. `expect` may name, per fix
 * title, findings the fix resolves besides its own.
 */
export async function checkEveryFix(
  files: Record<string, string>,
  options: { alsoResolves?: Record<string, Record<string, string>>; today?: string } = {},
): Promise<string[]> {
  const before = await analyse(files, undefined, options.today);
  const checked: string[] = [];
  for (const finding of before) {
    for (const fix of finding.fixes ?? []) {
      assertHonest(files, fix);
      const after = applyFix(
        files,
        fix,
        plainEdits(fix).map((e) => sliceOf(files[e.file] ?? '', e)),
      );
      const fixed = await analyse(after, undefined, options.today);
      const same = (f: Finding) => f.ruleId === finding.ruleId && f.file === finding.file;
      const left = fixed.filter(same).length;
      const was = before.filter(same).length;
      assert.equal(
        left,
        leavesPlaceholder(fix) ? was : was - 1,
        `"${fix.title}": ${finding.ruleId} findings in ${finding.file} after the fix`,
      );
      assertNothingNew({ ruleId: finding.ruleId } as FixCase, before, fixed);
      assertNothingHidden(before, fixed, finding, options.alsoResolves?.[fix.title]);
      checked.push(fix.title);
    }
  }
  return checked;
}
