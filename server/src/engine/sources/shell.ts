// Shell `run:` blocks split into commands, enough to see what a step runs and which paths it
// names. Not a shell: no expansion, no execution. Quotes, `\` continuations, `&&`, `||`, `;`,
// `|`, redirections and comments are understood.

export interface ShellCommand {
  argv: string[];
  /** The command's first source line (trimmed), to locate it in the file. */
  text: string;
}

export function shellCommands(script: string): ShellCommand[] {
  const commands: ShellCommand[] = [];
  const joined = script.replace(/\\\r?\n/g, ' ');
  for (const line of joined.split(/\r?\n/)) {
    for (const segment of splitOperators(stripComment(line))) {
      const argv = words(segment).filter((w, i, all) => !(i === 0 && /^[A-Z_][A-Z0-9_]*=/.test(w) && all.length > 1));
      const trimmed = segment.trim();
      if (argv.length) commands.push({ argv: dropPrefixes(argv), text: firstLine(script, trimmed) });
    }
  }
  return commands;
}

function dropPrefixes(argv: string[]): string[] {
  let i = 0;
  while (i < argv.length - 1 && /^(sudo|time|exec|nohup|env|poetry|uv|pipenv|conda)$/.test(argv[i])) {
    i++;
    if (argv[i - 1] === 'poetry' || argv[i - 1] === 'uv' || argv[i - 1] === 'pipenv') i += argv[i] === 'run' ? 1 : 0;
  }
  return argv.slice(i);
}

function firstLine(script: string, segment: string): string {
  const head = segment.split(/\s+/).slice(0, 3).join(' ');
  for (const line of script.split(/\r?\n/)) {
    const t = line.trim();
    if (t.startsWith(head) || t.includes(segment))
      return segment.length <= t.length && t.includes(segment) ? segment : t.replace(/\s*\\$/, '');
  }
  return segment;
}

function stripComment(line: string): string {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) return line.slice(0, i);
  }
  return line;
}

function splitOperators(line: string): string[] {
  const parts: string[] = [];
  let quote = '';
  let current = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = '';
      current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      current += c;
    } else if (c === ';' || c === '|' || (c === '&' && line[i + 1] === '&')) {
      parts.push(current);
      current = '';
      if (line[i + 1] === c) i++;
    } else current += c;
  }
  parts.push(current);
  return parts.filter((p) => p.trim() !== '');
}

function words(segment: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  let redirectTarget = false;
  for (const m of segment.matchAll(re)) {
    if (redirectTarget) {
      redirectTarget = false;
      continue;
    }
    const bare = m[3];
    const at = bare === undefined ? -1 : bare.search(/[<>]/);
    if (at < 0) {
      out.push(m[1] ?? m[2] ?? bare);
      continue;
    }
    // An unquoted < or > is a redirection, as the shell reads it: `pip install x>=1.2` installs `x`
    // and writes its output to a file named `=1.2`. The word before it stays unless it is a descriptor (`2>&1`).
    const before = bare.slice(0, at);
    if (before && !/^\d+$/.test(before)) out.push(before);
    redirectTarget = /^[<>]+&?$/.test(bare.slice(at));
  }
  return out;
}
