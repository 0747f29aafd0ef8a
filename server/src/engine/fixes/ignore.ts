// The generic "Ignore <rule> here" fix: a `# loopwise-ignore <id>: <reason>` comment that the
// suppression reader (suppressions.ts) matches — on its own line above the finding, at the
// line's indentation; or at the end of the finding's line where a line of its own would change
// the file's meaning (inside a flow collection, after a backslash continuation) or would move
// another suppression away from its line; or at the end of a block scalar's header line
// (`run: |`) for the scalar's first line. None when no comment can cover the line (deep inside
// a multi-line string).
import type { Finding, Fix } from '../model/finding';
import { LineIndex } from '../text/lineIndex';
import { placeholder } from './snippet';
import { edit, eol, insideFlow, parseDocs, scalarContaining } from './yamlEdit';
import { insideMultilineString, insideString, withPython } from './pythonEdit';
import { PLACEHOLDER } from './placeholders';

type Syntax = 'yaml' | 'python' | 'lines';

function syntaxOf(file: string): Syntax | undefined {
  if (/\.ya?ml$/i.test(file) || /(^|\/)mlproject$/i.test(file)) return 'yaml';
  if (/\.py$/i.test(file)) return 'python';
  if (/(^|\/)CODEOWNERS$/.test(file)) return 'lines';
  return undefined;
}

export function ignoreFix(finding: Finding, text: string | undefined): Fix | undefined {
  const syntax = syntaxOf(finding.file);
  if (text === undefined || !syntax || finding.ruleId.startsWith('loopwise/')) return undefined;
  const index = LineIndex.of(text);
  const line = Math.min(finding.range.start.line, index.lineCount - 1);
  const at = placement(syntax, text, index, line);
  if (!at) return undefined;
  const comment = `# loopwise-ignore ${finding.ruleId}: ${placeholder(1, PLACEHOLDER.ignoreReason)}`;
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

/** Where a comment may go around line L of a file. */
interface Sites {
  /** A line of its own above L keeps the file's meaning. */
  above: boolean;
  /** The end of `line` takes a trailing comment. */
  trailing(line: number): boolean;
  /** A block scalar header (`run: |`) on the line above L, whose end takes a comment. */
  header?: number;
}

const DIRECTIVE = /#\s*loopwise-ignore\b/;

/**
 * A line of its own above the finding where that is safe and the line above holds no other
 * suppression (which would then no longer be next to its own line); else a trailing comment.
 */
function placement(syntax: Syntax, text: string, index: LineIndex, line: number): Placement | undefined {
  const sites =
    syntax === 'python'
      ? pythonSites(text, index, line)
      : syntax === 'yaml'
        ? yamlSites(text, index, line)
        : { above: true, trailing: () => false };
  if (!sites) return undefined;
  const free = (l: number) => l >= 0 && !DIRECTIVE.test(index.line(l));
  const trailingHere = free(line) && sites.trailing(line);
  if (sites.above && (line === 0 || free(line - 1))) return { line, trailing: false };
  if (trailingHere) return { line, trailing: true };
  if (sites.header !== undefined && free(sites.header)) return { line: sites.header, trailing: true };
  return undefined;
}

function lineBounds(index: LineIndex, line: number): { first: number; end: number } {
  const text = index.line(line);
  return {
    first: index.offset({ line, character: text.length - text.trimStart().length }),
    end: index.offset({ line, character: text.length }),
  };
}

/** YAML: not inside a flow collection or a multi-line scalar; trailing where the line does not end inside a scalar. */
function yamlSites(text: string, index: LineIndex, line: number): Sites {
  const docs = parseDocs(text);
  const { first } = lineBounds(index, line);
  const trailing = (l: number) => !scalarContaining(docs, text, lineBounds(index, l).end);
  const scalar = scalarContaining(docs, text, first);
  if (scalar && text.slice(scalar.start, first).includes('\n')) {
    const header = index.position(scalar.start).line;
    return { above: false, trailing, header: scalar.block && header === line - 1 ? header : undefined };
  }
  return { above: !insideFlow(docs, first), trailing };
}

/** Python: not inside a string, nor after a line ending in a backslash; trailing where the line does not end inside a string. */
function pythonSites(text: string, index: LineIndex, line: number): Sites | undefined {
  return withPython(text, (root) => {
    const { first } = lineBounds(index, line);
    const continued = line > 0 && /\\\s*$/.test(index.line(line - 1));
    // Decided here: the tree is freed once this callback returns.
    const trailingHere = !/\\\s*$/.test(index.line(line)) && !insideString(root, lineBounds(index, line).end);
    return { above: !continued && !insideMultilineString(root, text, first), trailing: (l: number) => l === line && trailingHere };
  });
}
