// Reading and parsing one file away from the Analysis, as the parse pool does on each of its
// threads: the file's text, its facts (or, from a worker, its packed Python tree for the main
// thread to read), and the siblings the parse read.
import * as path from 'node:path';
import { ADAPTERS, detectAdapter, isCandidatePath } from '../engine/sources/index';
import type { SourceAdapter, SourceFile } from '../engine/sources/adapter';
import type { FileFacts } from '../engine/model/facts';
import type { PackedPythonTree } from '../engine/text/pythonTree';
import { parsePythonPacked } from '../engine/text/python';
import { readTextSync } from './readText';
import { isInside } from './boundary';

export interface ParsedFile {
  path: string;
  text?: string;
  facts?: FileFacts;
  /** Parsed but not yet read into facts: what `readFacts` finishes. */
  pythonTree?: PackedPythonTree;
  reads?: string[];
  skipped?: string;
  /** Why the file could not be read (permissions, not a regular file). */
  unreadable?: string;
}

/** Sets up every adapter once; resolves to those whose setup failed (their files are only read). */
export async function initAdapters(): Promise<ReadonlySet<SourceAdapter>> {
  const failed = new Set<SourceAdapter>();
  await Promise.all(ADAPTERS.map((a) => Promise.resolve(a.init?.()).catch(() => failed.add(a))));
  return failed;
}

/**
 * Reads and parses `rel`. With `treesOnly`, a Python file comes back as its packed syntax tree:
 * the tree-sitter parse is the expensive half, and a tree moves between threads without a
 * copy, while facts are copied object by object.
 */
export function parseFileAt(
  root: string,
  rel: string,
  maxBytes: number,
  failed: ReadonlySet<SourceAdapter>,
  treesOnly = false,
): ParsedFile {
  const text = readTextSync(path.join(root, rel), maxBytes);
  if (typeof text !== 'string')
    return 'unreadable' in text ? { path: rel, unreadable: text.unreadable } : { path: rel, skipped: text.skipped };
  const adapter = detectAdapter({ path: rel, text });
  if (!adapter || failed.has(adapter)) return { path: rel, text };
  if (treesOnly && adapter.syntax === 'python') {
    try {
      return { path: rel, text, pythonTree: parsePythonPacked(text) };
    } catch {
      return { path: rel, text };
    }
  }
  return parseWith(adapter, root, { path: rel, text }, maxBytes);
}

/** Facts of a file another thread parsed: its adapter reads the tree it came with. */
export function readFacts(root: string, file: ParsedFile, maxBytes: number): ParsedFile {
  const source = { path: file.path, text: file.text ?? '', pythonTree: file.pythonTree };
  const adapter = detectAdapter(source);
  return adapter ? parseWith(adapter, root, source, maxBytes) : { path: file.path, text: file.text };
}

function parseWith(adapter: SourceAdapter, root: string, file: SourceFile, maxBytes: number): ParsedFile {
  const reads: string[] = [];
  const siblings = {
    read: (p: string) => {
      reads.push(p);
      const sibling = isCandidatePath(p) && isInside(root, path.join(root, p)) ? readTextSync(path.join(root, p), maxBytes) : undefined;
      return typeof sibling === 'string' ? sibling : undefined;
    },
  };
  try {
    return { path: file.path, text: file.text, facts: adapter.parse(file, siblings), reads };
  } catch {
    return { path: file.path, text: file.text }; // the Analysis parses it again and reports the error
  }
}
