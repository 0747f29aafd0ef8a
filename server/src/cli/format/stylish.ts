// The terminal format: findings grouped by file, aligned columns, a summary line.
import type { Finding, Severity } from '../../engine/rules/rule';
import { pushTo } from '../../engine/text/collections';
import { coverageNotices, type Coverage } from './coverage';

const COLORS: Record<Severity, string> = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m', hint: '\x1b[2m' };
const RESET = '\x1b[0m';
const DIM = '\x1b[2m';
const BOLD = '\x1b[1m';

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
      for (const r of list[i].related.slice(0, 40))
        lines.push(
          `  ${' '.repeat(w0 + w1 + 4)}${paint(DIM, `↳ ${r.file}:${r.range.start.line + 1}:${r.range.start.character + 1} ${r.message}`)}`,
        );
    }
  }
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const summary = `${findings.length} finding${findings.length === 1 ? '' : 's'} (${count('error')} errors, ${count('warning')} warnings, ${count('info') + count('hint')} notes)`;
  lines.push('', ...gaps, paint(count('error') ? COLORS.error : COLORS.warning, `✖ ${summary}`), '');
  return lines.join('\n');
}
