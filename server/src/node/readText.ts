// Reading a candidate file from disk: its text, or why Loopwise skips it (too large, binary).
import { promises as fs, readFileSync, statSync } from 'node:fs';

/** The file as text, or why it is skipped (too large, binary); undefined when unreadable. */
export async function readText(file: string, maxBytes: number): Promise<string | { skipped: string } | undefined> {
  try {
    return tooLarge((await fs.stat(file)).size, maxBytes) ?? decode(await fs.readFile(file));
  } catch {
    return undefined;
  }
}

/** readText without waiting on the event loop: for worker threads and the CLI, which read one file after another. */
export function readTextSync(file: string, maxBytes: number): string | { skipped: string } | undefined {
  try {
    return tooLarge(statSync(file).size, maxBytes) ?? decode(readFileSync(file));
  } catch {
    return undefined;
  }
}

function tooLarge(size: number, maxBytes: number): { skipped: string } | undefined {
  return size > maxBytes
    ? {
        skipped: `File skipped: it is ${Math.round(size / 1024)} KiB, over Loopwise's limit of ${Math.round(maxBytes / 1024)} KiB for pipeline files.`,
      }
    : undefined;
}

function decode(buf: Buffer): string | { skipped: string } {
  return buf.subarray(0, 8000).includes(0) ? { skipped: 'File skipped: it looks binary.' } : buf.toString('utf8');
}
