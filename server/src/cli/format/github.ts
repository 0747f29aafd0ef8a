// GitHub Actions workflow commands: one `::error|warning|notice file=…,line=…::message`
// annotation per finding, shown on the pull request's diff. Escaping follows the runner's
// own (actions/toolkit command.ts): data escapes %, \r, \n; properties also : and ,.
import type { Finding, Severity } from '../../engine/model/finding';
import { coverageNotices, type Coverage } from './coverage';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(findings: readonly Finding[], coverage?: Coverage): string {
  const gaps = coverageNotices(coverage).map((n) => `::warning title=${escapeProperty('Loopwise: not analysed')}::${escapeData(n)}\n`);
  return gaps.join('') + findings.map(annotation).join('');
}

function annotation(f: Finding): string {
  const { start, end } = f.range;
  const empty = start.line === end.line && end.character <= start.character;
  const props: Array<[string, string | number]> = [
    ['file', f.file],
    ['line', start.line + 1],
    ['col', start.character + 1],
    ['endLine', end.line + 1],
    ['endColumn', empty ? start.character + 2 : end.character + 1],
    ['title', f.ruleId],
  ];
  const related = f.related
    .slice(0, 10)
    .map((r) => `\n  ↳ ${r.file}:${r.range.start.line + 1}:${r.range.start.character + 1} ${r.message}`)
    .join('');
  const more = f.related.length > 10 ? `\n  ↳ … ${f.related.length - 10} more` : '';
  return `::${COMMAND[f.severity]} ${props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',')}::${escapeData(`${f.message}${related}${more}`)}\n`;
}
