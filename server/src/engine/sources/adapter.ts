import type { FileFacts, Format } from '../model/facts';
import type { PackedPythonTree } from '../text/pythonTree';

/** Read access to other workspace files, for formats whose meaning spans files (DVC params). */
export interface SiblingReader {
  /** The text of a workspace-relative file, or undefined if it does not exist. Records the dependency. */
  read(path: string): string | undefined;
}

export interface SourceFile {
  /** Workspace-relative POSIX path. */
  path: string;
  text: string;
  /** This text's Python syntax tree, when a parse worker already built it (adapters with `syntax: 'python'`). */
  pythonTree?: PackedPythonTree;
}

/**
 * One adapter per file format. `detect` looks at the path and the content (never the
 * extension alone); `parse` turns the file into Facts and never throws on bad input: it
 * reports ParseProblems instead.
 */
export interface SourceAdapter {
  format: Format;
  detect(file: SourceFile): boolean;
  parse(file: SourceFile, siblings: SiblingReader): FileFacts;
  /** One-time asynchronous setup (tree-sitter's WASM). Called once per process before parse. */
  init?(): Promise<void>;
  /** The adapter reads a tree-sitter Python tree, which a host may build on another thread (SourceFile.pythonTree). */
  syntax?: 'python';
  /** What users call this format, e.g. 'GitLab CI'. */
  displayName?: string;
  /** Workspace-relative glob patterns (picomatch) of files that may be this format: candidates, watchers, activation. */
  globs?: string[];
}
