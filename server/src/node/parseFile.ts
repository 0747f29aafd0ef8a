// Reading and parsing one file away from the Analysis, as the parse pool does on each of its
// threads: the file's text, its facts, the siblings the parse read, and the findings of the
// `file`-scope rules on the facts.
import * as path from 'node:path';
import { ADAPTERS, detectAdapter, isCandidatePath } from '../engine/sources/index';
import type { SourceAdapter, SourceFile } from '../engine/sources/adapter';
import type { FileFacts } from '../engine/model/facts';
import { readTextSync } from './readText';
import './pythonWasm'; // tells the engine where tree-sitter's WASM files are
import { RULES } from '../engine/rules/index';
import { checkFileScope } from '../engine/rules/run';
import type { Finding } from '../engine/model/finding';
import { isInside } from './boundary';

export interface ParsedFile {
  path: string;
  text?: string;
  facts?: FileFacts;
  reads?: string[];
  /** The `file`-scope rules' findings on the facts, by rule id, checked where the file was parsed. */
  fileFindings?: Array<[string, Finding[]]>;
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

/** Reads and parses `rel`, and checks the `file`-scope rules (judging by `today`) on its facts. */
export function parseFileAt(root: string, rel: string, maxBytes: number, failed: ReadonlySet<SourceAdapter>, today: string): ParsedFile {
  const text = readTextSync(path.join(root, rel), maxBytes);
  if (typeof text !== 'string')
    return 'unreadable' in text ? { path: rel, unreadable: text.unreadable } : { path: rel, skipped: text.skipped };
  const adapter = detectAdapter({ path: rel, text });
  if (!adapter || failed.has(adapter)) return { path: rel, text };
  return parseWith(adapter, root, { path: rel, text }, maxBytes, today);
}

function parseWith(adapter: SourceAdapter, root: string, file: SourceFile, maxBytes: number, today: string): ParsedFile {
  const siblingTexts = new Map<string, string | undefined>();
  const siblings = {
    read: (p: string) => {
      if (!siblingTexts.has(p)) {
        const sibling = isCandidatePath(p) && isInside(root, path.join(root, p)) ? readTextSync(path.join(root, p), maxBytes) : undefined;
        siblingTexts.set(p, typeof sibling === 'string' ? sibling : undefined);
      }
      return siblingTexts.get(p);
    },
  };
  let facts: FileFacts;
  try {
    facts = adapter.parse(file, siblings);
  } catch {
    return { path: file.path, text: file.text }; // the Analysis parses it again and reports the error
  }
  const text = (p: string) => (p === file.path ? file.text : siblingTexts.get(p));
  // A syntax error keeps the last good facts in the Analysis: their findings are checked there.
  const fileFindings = facts.problems.some((p) => p.syntax) ? undefined : checkFileScope(RULES, facts, text, today);
  return { path: file.path, text: file.text, facts, reads: [...siblingTexts.keys()], fileFindings };
}
