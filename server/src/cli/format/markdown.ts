// A pull-request comment: a summary table by severity and rule, the findings grouped by
// severity with file:line links, and a Mermaid diagram of the part of the system graph the
// change touches (drawn by engine/render/mermaid.ts, which escapes every label). Text from
// the repository (messages, paths) is escaped so it cannot add markup to the comment.
import type { Finding, Severity } from '../../engine/model/finding';
import { docsUrl } from '../../engine/rules/rule';
import { coverageNotices, type Coverage } from './coverage';

/** Marks the comment so a workflow can find and update it instead of adding another. */
export const COMMENT_MARKER = '<!-- loopwise-report -->';
const MAX_PER_SEVERITY = 50;
const MAX_CHARS = 60_000; // GitHub comments hold 65,536 characters
const SEVERITIES: Severity[] = ['error', 'warning', 'info', 'hint'];
const HEADINGS: Record<Severity, string> = { error: 'Errors', warning: 'Warnings', info: 'Notes', hint: 'Hints' };
const ICONS: Record<Severity, string> = { error: '🔴', warning: '🟠', info: '🔵', hint: '⚪' };

export interface Diagram {
  /** What the diagram shows, e.g. the workspace folder. */
  title: string;
  /** Mermaid source (`flowchart LR ...`). */
  mermaid: string;
}

export interface MarkdownReport {
  findings: readonly Finding[];
  diagrams?: readonly Diagram[];
  /** The git ref the report is limited to, if any. */
  changedSince?: string;
  /** A web link to a file's lines, if the host knows where the files are browsable. */
  link?: (file: string, line: number, endLine: number) => string | undefined;
  /** Files that could not be read and links out of the workspace. */
  coverage?: Coverage;
}

export function formatMarkdown(report: MarkdownReport): string {
  const parts = [COMMENT_MARKER, '### Loopwise review', '', summaryLine(report), ''];
  for (const notice of coverageNotices(report.coverage)) parts.push(`> ⚠️ ${notice}`, '');
  if (report.findings.length) parts.push(...summaryTable(report.findings), '');
  for (const severity of SEVERITIES) {
    const list = report.findings.filter((f) => f.severity === severity);
    if (list.length) parts.push(...section(severity, list, report.link), '');
  }
  for (const d of report.diagrams ?? []) parts.push(...diagram(d), '');
  const fixable = report.findings.filter((f) => f.fixes?.some((x) => x.isPreferred && !x.snippet)).length;
  if (fixable)
    parts.push(
      `<sub>${fixable} of these can be fixed automatically: run \`npx loopwise check --fix\` (or \`--fix-dry-run\` to see the diff first).</sub>`,
      '',
    );
  return truncate(
    `${parts
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd()}\n`,
  );
}

function summaryLine(report: MarkdownReport): string {
  const n = report.findings.length;
  const count = (s: Severity) => report.findings.filter((f) => f.severity === s).length;
  const scope = report.changedSince ? ` touching files changed since ${code(report.changedSince)}` : '';
  if (n === 0)
    return coverageNotices(report.coverage).length ? `No findings${scope} in the files that could be read.` : `✅ No findings${scope}.`;
  return `**${n} finding${n === 1 ? '' : 's'}**${scope}: ${count('error')} error${count('error') === 1 ? '' : 's'}, ${count('warning')} warning${count('warning') === 1 ? '' : 's'}, ${count('info') + count('hint')} note${count('info') + count('hint') === 1 ? '' : 's'}.`;
}

function summaryTable(findings: readonly Finding[]): string[] {
  const rows = new Map<string, { severity: Severity; rule: string; n: number }>();
  for (const f of findings) {
    const key = `${f.severity}\u0000${f.ruleId}`;
    rows.set(key, { severity: f.severity, rule: f.ruleId, n: (rows.get(key)?.n ?? 0) + 1 });
  }
  const sorted = [...rows.values()].sort(
    (a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || b.n - a.n || a.rule.localeCompare(b.rule),
  );
  return [
    '| Severity | Rule | Findings |',
    '|---|---|---:|',
    ...sorted.map((r) => `| ${ICONS[r.severity]} ${r.severity} | [${escapeMarkdown(r.rule)}](${docsUrl(r.rule)}) | ${r.n} |`),
  ];
}

function section(severity: Severity, findings: readonly Finding[], link: MarkdownReport['link']): string[] {
  const lines = [`#### ${ICONS[severity]} ${HEADINGS[severity]} (${findings.length})`, ''];
  for (const f of findings.slice(0, MAX_PER_SEVERITY)) {
    lines.push(
      `- ${where(f.file, f.range.start.line, f.range.end.line, link)} **${escapeMarkdown(f.ruleId)}** — ${escapeMarkdown(f.message)}`,
    );
    const related = f.related
      .slice(0, 12)
      .map((r) => `  - ${where(r.file, r.range.start.line, r.range.end.line, link)} ${escapeMarkdown(r.message)}`);
    if (related.length) lines.push(...related);
    if (f.related.length > 12) lines.push(`  - … ${f.related.length - 12} more`);
  }
  if (findings.length > MAX_PER_SEVERITY)
    lines.push(`- … and ${findings.length - MAX_PER_SEVERITY} more (see the SARIF results or \`npx loopwise check\`)`);
  return lines;
}

/** `file:line`, linked to the file's lines when a link is known. */
function where(file: string, line: number, endLine: number, link: MarkdownReport['link']): string {
  const text = code(`${file}:${line + 1}`);
  const url = link?.(file, line + 1, endLine + 1);
  return url ? `[${text}](${url.replace(/[()\s]/g, encodeURIComponent)})` : text;
}

function diagram(d: Diagram): string[] {
  return [
    `<details open><summary>The part of the system graph this touches: ${escapeMarkdown(d.title)}</summary>`,
    '',
    '```mermaid',
    d.mermaid.trimEnd(),
    '```',
    '',
    '</details>',
  ];
}

/** A code span that holds any text: its fence is longer than any backtick run inside. */
export function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text.replace(/\n/g, ' ')}${pad}${fence}`;
}

/**
 * Markdown-escapes text outside its code spans (messages quote names in backticks, which stay
 * code); HTML and link syntax from repository content is shown as text.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/[\\`*_[\]<>|#~!]/g, (c) => `\\${c}`).replace(/&/g, '&amp;')))
    .join('');
}

function truncate(text: string): string {
  if (text.length <= MAX_CHARS) return text;
  const cut = text.lastIndexOf('\n', MAX_CHARS - 200);
  const open = (text.slice(0, cut).match(/^```/gm) ?? []).length % 2 === 1;
  return `${text.slice(0, cut)}\n${open ? '```\n' : ''}\n… (cut to fit a GitHub comment; run \`npx loopwise check\` for the full report)\n`;
}
