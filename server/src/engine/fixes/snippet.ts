// Snippet syntax (the subset LSP and VS Code share): `${1:default}` placeholders, `$1` tab
// stops, and `\$`, `\}`, `\\` escapes. Fix texts that carry placeholders are written with
// these helpers so that literal text taken from a workspace (a `${{ }}` expression, a path)
// never turns into a placeholder, and hosts that cannot expand snippets insert the defaults.

/** Literal text inside a snippet. */
export function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, (c) => `\\${c}`);
}

/** `${n:default}`, with the default escaped. */
export function placeholder(n: number, defaultText: string): string {
  return `\${${n}:${escapeSnippet(defaultText)}}`;
}

/** The text a snippet inserts when nobody fills its placeholders in: defaults, escapes resolved. */
export function expandSnippet(snippet: string): string {
  return expandFrom(snippet, 0, false).text;
}

/** Parses from `i` until the end (or, inside a placeholder, its closing brace). */
function expandFrom(s: string, start: number, nested: boolean): { text: string; end: number } {
  let out = '';
  let i = start;
  while (i < s.length) {
    const c = s[i];
    if (c === '\\' && i + 1 < s.length && '\\$}'.includes(s[i + 1])) {
      out += s[i + 1];
      i += 2;
    } else if (nested && c === '}') {
      return { text: out, end: i + 1 };
    } else if (c === '$' && /\d/.test(s[i + 1] ?? '')) {
      i = skipDigits(s, i + 1);
    } else if (c === '$' && s[i + 1] === '{' && /\d/.test(s[i + 2] ?? '')) {
      const afterDigits = skipDigits(s, i + 2);
      if (s[afterDigits] === ':') {
        const inner = expandFrom(s, afterDigits + 1, true);
        out += inner.text;
        i = inner.end;
      } else {
        i = s.indexOf('}', afterDigits) + 1 || s.length;
      }
    } else {
      out += c;
      i++;
    }
  }
  return { text: out, end: i };
}

function skipDigits(s: string, i: number): number {
  while (i < s.length && /\d/.test(s[i])) i++;
  return i;
}

/** Where the first placeholder (lowest number; `$0` last) lies in the expanded text, by its default. */
export function firstPlaceholder(snippet: string): { n: number; start: number; end: number } | undefined {
  const stops: Array<{ n: number; start: number; end: number }> = [];
  let i = 0;
  let out = 0;
  while (i < snippet.length) {
    const c = snippet[i];
    if (c === '\\' && i + 1 < snippet.length && '\\$}'.includes(snippet[i + 1])) {
      out++;
      i += 2;
      continue;
    }
    const m = /^\$\{(\d+):/.exec(snippet.slice(i)) ?? /^\$(\d+)/.exec(snippet.slice(i));
    if (!m) {
      out++;
      i++;
      continue;
    }
    const n = Number(m[1]);
    if (m[0].startsWith('${')) {
      const inner = expandSnippetPrefix(snippet, i + m[0].length);
      stops.push({ n: n === 0 ? Infinity : n, start: out, end: out + inner.text.length });
      out += inner.text.length;
      i = inner.end;
    } else {
      stops.push({ n: n === 0 ? Infinity : n, start: out, end: out });
      i += m[0].length;
    }
  }
  return stops.sort((a, b) => a.n - b.n || a.start - b.start)[0];
}

function expandSnippetPrefix(s: string, from: number): { text: string; end: number } {
  return expandFrom(s, from, true);
}
