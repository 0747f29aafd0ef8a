// The known key a misspelt one most likely meant: the same letters up to case, `-` and `_`
// (`timeout_minutes` for `timeout-minutes`), else the keys at the smallest edit distance when
// it is small for the key's length (a swapped pair of letters counts once), else keys that differ
// only in an ending of up to three letters (`retry` for `retries`).

/** Known keys nearest to `key`, best first; empty when none is close enough to be a guess. */
export function nearestKeys(key: string, known: readonly string[]): string[] {
  const norm = normal(key);
  const same = known.filter((k) => normal(k) === norm);
  if (same.length) return same;
  const limit = key.length <= 4 ? 1 : 2;
  let best = limit + 1;
  let found: string[] = [];
  for (const k of known) {
    if (Math.abs(k.length - key.length) > limit) continue;
    const d = distance(normal(k), norm);
    if (d < best) [best, found] = [d, [k]];
    else if (d === best) found.push(k);
  }
  if (best <= limit && best < Math.ceil(norm.length / 2)) return found;
  return norm.length >= 4 ? known.filter((k) => sameStem(normal(k), norm)) : [];
}

/** One word with another ending: they share all but at most three letters of the longer. */
function sameStem(a: string, b: string): boolean {
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return common >= 4 && common >= Math.max(a.length, b.length) - 3;
}

function normal(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, '');
}

/** Optimal string alignment distance (Damerau–Levenshtein without repeated edits of one span). */
export function distance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      rows[i][j] = d;
    }
  }
  return rows[a.length][b.length];
}
