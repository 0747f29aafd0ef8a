// The terminal format: findings grouped by file, aligned columns, a summary line.
import type { Finding, Severity } from '../../engine/model/finding';
import { pushTo } from '../../engine/text/collections';
import { coverageNotices, type Coverage } from './coverage';

const COLORS: Record<Severity, string> = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m', hint: '\x1b[2m' };
const RESET = '\x1b[0m';
const DIM = '\x1b[2m';
const BOLD = '\x1b[1m';
/** Related locations printed under a finding; a loop's twenty hops would bury the next finding. */
const MAX_RELATED = 3;

export function formatStylish(findings: Finding[], color: boolean, coverage?: Coverage): string {
  const paint = (code: string, text: string) => (color ? `${code}${text}${RESET}` : text);
  const gaps = coverageNotices(coverage).map((n) => paint(COLORS.warning, `⚠ ${n}`));
  if (findings.length === 0)
    return gaps.length ? `${gaps.join('\n')}\nNo findings in the files that could be read.\n` : paint('\x1b[32m', 'No findings.\n');
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) pushTo(byFile, f.file, f);
  const lines: string[] = [];
  for (const [file, list] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push('', paint(BOLD, file));
    const rows = list
      .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character)
      .map((f) => [`${f.range.start.line + 1}:${f.range.start.character + 1}`, f.severity, f.message, f.ruleId]);
    const w0 = Math.max(...rows.map((r) => r[0].length));
    const w1 = Math.max(...rows.map((r) => r[1].length));
    for (const [i, [pos, sev, msg, rule]] of rows.entries()) {
      lines.push(`  ${paint(DIM, pos.padEnd(w0))}  ${paint(COLORS[sev as Severity], sev.padEnd(w1))}  ${msg}  ${paint(DIM, rule)}`);
      const related = list[i].related;
      const shown = related.length > MAX_RELATED + 1 ? related.slice(0, MAX_RELATED) : related;
      const indent = ' '.repeat(w0 + w1 + 4);
      for (const r of shown)
        lines.push(`  ${indent}${paint(DIM, `↳ ${r.file}:${r.range.start.line + 1}:${r.range.start.character + 1} ${r.message}`)}`);
      if (shown.length < related.length)
        lines.push(`  ${indent}${paint(DIM, `↳ … ${related.length - shown.length} more (--format json lists them all)`)}`);
    }
  }
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const summary = `${plural(findings.length, 'finding')} (${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('info') + count('hint'), 'note')})`;
  lines.push('', ...gaps, paint(count('error') ? COLORS.error : COLORS.warning, `✖ ${summary}`), '');
  return lines.join('\n');
}
