// Reading a candidate file from disk: its text, or why Loopwise skips it (too large, binary,
// not UTF-8) or cannot read it (permissions, a folder or a pipe where a file was expected).
//
// Encodings: a UTF-8 byte order mark is dropped (YAML 1.2 §5.2 allows it at the start of a
// stream, and the `^on:` of a workflow must still start its line); CRLF is kept as it is (the
// line index counts `\r\n` as one break, so columns stay right). Bytes that are not valid UTF-8
// are not guessed at: the pipeline formats Loopwise reads (YAML, Python source, CODEOWNERS) are
// UTF-8 by their tools' rules, and a Latin-1 reading could invent names that exist nowhere, so
// the file is skipped with one notice instead.
import { promises as fs, readFileSync, statSync, type Stats } from 'node:fs';

export type ReadResult = string | { skipped: string } | { unreadable: string };

const BOM = '\uFEFF';
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The file as text, or why it is skipped (too large, binary, not UTF-8) or unreadable. */
export async function readText(file: string, maxBytes: number): Promise<ReadResult> {
  try {
    const stat = await fs.stat(file);
    return notAFile(stat) ?? tooLarge(stat.size, maxBytes) ?? decode(await fs.readFile(file));
  } catch (e) {
    return { unreadable: reasonOf(e) };
  }
}

/** readText without waiting on the event loop: for worker threads and the CLI, which read one file after another. */
export function readTextSync(file: string, maxBytes: number): ReadResult {
  try {
    const stat = statSync(file);
    return notAFile(stat) ?? tooLarge(stat.size, maxBytes) ?? decode(readFileSync(file));
  } catch (e) {
    return { unreadable: reasonOf(e) };
  }
}

/** The text Loopwise analyses for these bytes (the BOM dropped), or why it does not. */
export function decode(buf: Buffer): string | { skipped: string } {
  if (buf.subarray(0, 8000).includes(0)) return { skipped: 'File skipped: it looks binary.' };
  let text: string;
  try {
    text = utf8.decode(buf);
  } catch {
    return { skipped: 'File skipped: it is not UTF-8, so it is not analysed (Loopwise does not guess encodings).' };
  }
  return text.startsWith(BOM) ? text.slice(1) : text;
}

/** Whether the bytes on disk start with a UTF-8 byte order mark (kept when Loopwise writes the file back). */
export function hasBom(buf: Buffer): boolean {
  return buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
}

function notAFile(stat: Stats): { unreadable: string } | undefined {
  return stat.isFile() ? undefined : { unreadable: stat.isDirectory() ? 'it is a folder' : 'it is not a regular file' };
}

function tooLarge(size: number, maxBytes: number): { skipped: string } | undefined {
  return size > maxBytes
    ? {
        skipped: `File skipped: it is ${Math.round(size / 1024)} KiB, over Loopwise's limit of ${Math.round(maxBytes / 1024)} KiB for pipeline files.`,
      }
    : undefined;
}

function reasonOf(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ? `${err.code}${err.syscall ? ` (${err.syscall})` : ''}` : String(e);
}
