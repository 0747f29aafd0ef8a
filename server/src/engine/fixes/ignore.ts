// The generic "Ignore <rule> here" fix: a `# loopwise-ignore <id>: <reason>` comment that the
// suppression reader (suppressions.ts) matches — on its own line above the finding, at the
// line's indentation, or at the end of the finding's line (or of the line above) where a line
// of its own would change the file's meaning (inside a flow collection, a block scalar).
// None when no comment can cover the line (inside a multi-line string).
import type { Finding, Fix } from '../rules/rule';
import { LineIndex } from '../text/lineIndex';
import { placeholder } from './snippet';
import { edit, eol, insideFlow, parseDocs, scalarContaining } from './yamlEdit';
import { insideMultilineString, withPython } from './pythonEdit';

type Syntax = 'yaml' | 'python' | 'lines';

function syntaxOf(file: string): Syntax | undefined {
  if (/\.ya?ml$/i.test(file) || /(^|\/)MLproject$/.test(file)) return 'yaml';
  if (/\.py$/i.test(file)) return 'python';
  if (/(^|\/)CODEOWNERS$/.test(file)) return 'lines';
  return undefined;
}

export function ignoreFix(finding: Finding, text: string | undefined): Fix | undefined {
  const syntax = syntaxOf(finding.file);
  if (text === undefined || !syntax || finding.ruleId.startsWith('loopwise/')) return undefined;
  const index = new LineIndex(text);
  const line = Math.min(finding.range.start.line, index.lineCount - 1);
  const at = placement(syntax, text, index, line);
  if (!at) return undefined;
  const comment = `# loopwise-ignore ${finding.ruleId}: ${placeholder(1, 'reason')}`;
  const lineText = index.line(at.line);
  const start = index.offset({ line: at.line, character: 0 });
  const newText = at.trailing ? `  ${comment}` : `${/^\s*/.exec(lineText)![0].replace(/\S/g, ' ')}${comment}${eol(text)}`;
  const offset = at.trailing ? start + lineText.length : start;
  return { title: `Ignore ${finding.ruleId} here`, edits: [edit(finding.file, text, offset, offset, newText)], snippet: true };
}

interface Placement {
  line: number;
  trailing: boolean;
}

function placement(syntax: Syntax, text: string, index: LineIndex, line: number): Placement | undefined {
  const lineText = index.line(line);
  const first = index.offset({ line, character: lineText.length - lineText.trimStart().length });
  const end = index.offset({ line, character: lineText.length });
  if (syntax === 'python') return pythonPlacement(text, index, line, first);
  if (syntax === 'lines') return { line, trailing: false };
  const docs = parseDocs(text);
  const scalar = scalarContaining(docs, text, first);
  if (scalar && text.slice(scalar.start, first).includes('\n')) {
    // A block scalar's header line (`run: |`) takes a comment, and it is the line above the first content line.
    const header = index.position(scalar.start).line;
    return scalar.block && header === line - 1 ? { line: header, trailing: true } : undefined;
  }
  if (!insideFlow(docs, first)) return { line, trailing: false };
  return scalarContaining(docs, text, end) ? undefined : { line, trailing: true };
}

/** Python: the line above, unless the line starts inside a string or continues the line above with a backslash. */
function pythonPlacement(text: string, index: LineIndex, line: number, first: number): Placement | undefined {
  const inString = withPython(text, (root) => insideMultilineString(root, text, first));
  if (inString !== false) return undefined;
  const continued = line > 0 && /\\\s*$/.test(index.line(line - 1));
  if (!continued) return { line, trailing: false };
  return /\\\s*$/.test(index.line(line)) ? undefined : { line, trailing: true };
}
