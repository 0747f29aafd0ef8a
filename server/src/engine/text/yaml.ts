// Helpers over the `yaml` package's Document API: parse with template tolerance, read
// scalars with their exact ranges and comments, and walk values without expanding aliases
// (so an alias bomb costs nothing).
import {
  parseAllDocuments,
  isMap,
  isSeq,
  isScalar,
  isPair,
  isAlias,
  isDocument,
  visit,
  type Document,
  Scalar,
  YAMLMap,
  YAMLSeq,
  type Pair,
} from 'yaml';
import type { Node as YamlNode } from 'yaml';
import type { ConfigValue, ParseProblem, SourceRef } from '../model/facts';
import { LineIndex } from './lineIndex';

export type { YamlNode };

export interface YamlFile {
  file: string;
  text: string;
  index: LineIndex;
  docs: Document.Parsed[];
  problems: ParseProblem[];
  /** Offsets [start, end) of template expressions masked so that the YAML parses. */
  masked: Array<[number, number]>;
}

const MAX_DEPTH = 200;

// Template syntax that is not valid YAML when it starts a plain scalar: Jinja/Argo `{{ x }}`,
// Feast `%PLACEHOLDER%`, cookiecutter. Masked with same-length filler so ranges stay exact.
// A line that is nothing but template statements (`{{- if .Values.x }}`, `{% for m in models %}`,
// `{{- include "chart.labels" . | nindent 4 }}`): it adds or removes YAML only when rendered.
// Each tag's body cannot contain its own closing pair, so a line matches one way only (linear).
const TEMPLATE_LINE = /^[ \t]*(?:(?:\{\{(?:[^}\n]|\}(?!\}))*\}\}|\{%(?:[^%\n]|%(?!\}))*%\}|\{#(?:[^#\n]|#(?!\}))*#\})[ \t]*)+$/gm;
// What /\{\{[^\n]*?\}\}|\{%[^\n]*?%\}|%[A-Z][A-Z0-9_]*%/g matches, found in one pass: as a
// regular expression it rescanned the rest of the line from every `{{` that never closes,
// quadratic on a long line (40,000 `{{ ` took 9 s).
export function templateSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  const next = new Map<string, number>(); // the next occurrence at or after some offset, cached: offsets only grow
  const nextOf = (s: string, from: number) => {
    let at = next.get(s);
    if (at === undefined || (at !== -1 && at < from)) next.set(s, (at = text.indexOf(s, from)));
    return at === -1 ? Infinity : at;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b /* { */ && (text[i + 1] === '{' || text[i + 1] === '%')) {
      const close = nextOf(text[i + 1] === '{' ? '}}' : '%}', i + 2);
      if (close < nextOf('\n', i)) {
        spans.push([i, close + 2]);
        i = close + 1;
        continue;
      }
    }
    if (c === 0x25 /* % */ && /[A-Z]/.test(text[i + 1] ?? '')) {
      let j = i + 2;
      while (j < text.length && /[A-Z0-9_]/.test(text[j])) j++;
      if (text[j] === '%') {
        spans.push([i, j + 1]);
        i = j;
      }
    }
  }
  return spans;
}

/** What the file's layout says about it: a template inside a Helm chart (Chart.yaml above its `templates/`). */
export interface YamlContext {
  helmChart?: boolean;
}

/**
 * The last few files parsed, shared: an adapter parses a file and the rules that read keys the
 * adapter does not keep (config/unknown-key, config/constant-condition) check it right after
 * (Analysis checks file-scope rules as it accepts a file's facts), so they do not parse it again.
 */
const recent = new Map<string, YamlFile>();
const RECENT = 8;

export function parseYaml(file: string, text: string, context: YamlContext = {}): YamlFile {
  // The context changes how a template is named: it is part of the key.
  const key = `${String(context.helmChart)}\u0000${file}`;
  const hit = recent.get(key);
  if (hit && hit.text === text) return hit;
  const y = parse(file, text, context);
  recent.delete(key);
  recent.set(key, y);
  if (recent.size > RECENT) recent.delete(recent.keys().next().value!);
  return y;
}

function parse(file: string, text: string, context: YamlContext): YamlFile {
  const index = new LineIndex(text);
  const deep = tooDeepAt(text, MAX_DEPTH);
  if (deep !== undefined)
    return {
      file,
      text,
      index,
      docs: [],
      masked: [],
      problems: [
        {
          message: `Not analysed: this YAML nests more than ${MAX_DEPTH} levels deep, too deep to analyse (pipeline files never need that many).`,
          range: index.ref(file, deep, deep + 1),
          severity: 'warning',
          syntax: true,
        },
      ],
    };
  let masked: Array<[number, number]> = [];
  let docs = parseDocs(text);
  let template: ParseProblem | undefined;
  const spans = hasErrors(docs) ? templateSpans(text) : [];
  if (spans.length) {
    let maskedText = '';
    let from = 0;
    for (const [start, end] of spans) {
      maskedText += text.slice(from, start) + 'T'.repeat(end - start);
      from = end;
    }
    maskedText += text.slice(from);
    let retried = parseDocs(maskedText);
    const language = hasErrors(retried) ? templateLanguage(file, text, context.helmChart) : undefined;
    let statements = 0;
    if (language) {
      // Template statements on lines of their own are left out: blanked, or else made comments
      // (inside a block scalar a blank line may break its indentation, a `#` line is only text),
      // always of the same length so ranges stay exact.
      const lines = [...text.matchAll(TEMPLATE_LINE)].filter((m) => m[0].trim());
      for (const asComment of [false, true]) {
        const docsLeft = parseDocs(leaveOut(maskedText, lines, asComment));
        if (!hasErrors(docsLeft) || asComment) [retried, statements] = [docsLeft, lines.length];
        if (!hasErrors(docsLeft)) break;
      }
    }
    if (!hasErrors(retried)) {
      docs = retried;
      masked = spans;
      if (language && statements > 0)
        template = templateNotice(file, index, language, `${statements} template statement line${statements === 1 ? '' : 's'}`);
    } else if (language) {
      // Not YAML until rendered: nothing is read, and that is said once, not as a syntax error.
      docs = [];
      template = templateNotice(file, index, language, undefined);
    }
  }
  const problems: ParseProblem[] = template ? [template] : [];
  const first = docs.flatMap((d) => d.errors)[0];
  if (first) {
    let [start, end] = first.pos;
    // Errors found at end of input (an unclosed bracket or quote) are shown on the last line with text.
    const lastText = text.trimEnd().length;
    if (start >= lastText && lastText > 0) [start, end] = [lastText - 1, lastText];
    problems.push({
      message: `YAML syntax error: ${firstLine(first.message)}`,
      range: index.ref(file, start, Math.max(end, start + 1)),
      severity: 'error',
      syntax: true,
    });
  }
  return { file, text, index, docs, problems, masked };
}

/**
 * Which template language a file is written in, from its own syntax, or undefined when its
 * `{{ }}` are only the expressions of the format itself (Argo `{{inputs.parameters.x}}`, GitHub
 * Actions `${{ }}`): cookiecutter and kapitan variables, Go templates (`{{ .Values.x }}`,
 * `{{- end }}`; Helm when the file is in a chart — `helmChart`, else judged by a `templates/`
 * folder in its path), Jinja statements and comments.
 */
export function templateLanguage(path: string, text: string, helmChart?: boolean): string | undefined {
  if (/(?<!\$)\{\{-?\s*cookiecutter\./.test(text)) return 'cookiecutter';
  if (/(?<!\$)\{\{-?\s*inventory\.parameters\b/.test(text)) return 'kapitan (Jinja)';
  if (/(?<!\$)\{\{(?:-\s*|\s*(?:\.|\$|(?:include|template|toYaml|tpl|define|end|else|range|with|if)\b))|\s-\}\}/.test(text)) {
    return (helmChart ?? /(^|\/)templates\//.test(path)) ? 'Helm chart template' : 'Go template';
  }
  if (/\{%-?\s*\w|\{#/.test(text)) return 'Jinja';
  return undefined;
}

function templateNotice(file: string, index: LineIndex, language: string, leftOut: string | undefined): ParseProblem {
  const message = leftOut
    ? `${language}: read as YAML with its ${leftOut} left out and its \`{{ }}\` values unresolved; what the template adds when rendered was not analysed.`
    : `${language}: this file is YAML only once rendered, so Loopwise did not analyse it (render it, e.g. \`helm template\`, to check the output).`;
  return { message, range: index.ref(file, 0, 0), severity: 'info', template: language, partial: leftOut !== undefined || undefined };
}

function leaveOut(text: string, lines: RegExpMatchArray[], asComment: boolean): string {
  let out = text;
  for (const m of lines) {
    const indent = m[0].length - m[0].trimStart().length;
    const filler = asComment ? `${m[0].slice(0, indent)}#${' '.repeat(m[0].length - indent - 1)}` : ' '.repeat(m[0].length);
    out = out.slice(0, m.index) + filler + out.slice(m.index! + m[0].length);
  }
  return out;
}

/**
 * Offset where the nesting (indentation levels plus open flow brackets) first passes `limit`,
 * or undefined. One pass, no parse: the \`yaml\` package composes nodes recursively, so
 * thousands of levels overflow the stack (and near the limit V8 has aborted the whole process
 * while compiling a regular expression). Brackets inside quotes and comments do not count;
 * a stray bracket in a plain scalar may, which only errs on the side of a notice.
 */
export function tooDeepAt(text: string, limit: number): number | undefined {
  const indents: number[] = [];
  let flow = 0;
  let lineStart = true;
  let indent = 0;
  let quote = '';
  let lineOffset = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      lineStart = true;
      lineOffset = i + 1;
      indent = 0;
      if (quote === "'" || quote === '"') continue; // quoted scalars may span lines
      quote = '';
      continue;
    }
    if (quote === '#') continue;
    if (quote) {
      if (c === quote && !(quote === '"' && text[i - 1] === '\\')) quote = '';
      continue;
    }
    if (lineStart) {
      if (c === ' ') {
        indent++;
        continue;
      }
      lineStart = false;
      if (c !== '#' && c !== '\r' && flow === 0) {
        while (indents.length && indents[indents.length - 1] >= indent) indents.pop();
        indents.push(indent);
      }
    }
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) quote = '#';
    else if ((c === '"' || c === "'") && (i === 0 || /[\s[{,:-]/.test(text[i - 1]))) quote = c;
    else if (c === '[' || c === '{') flow++;
    else if ((c === ']' || c === '}') && flow > 0) flow--;
    else if (c === '-' && text[i + 1] === ' ' && flow === 0) indents.push(i - lineOffset + 1);
    if (indents.length + flow > limit) return i;
  }
  return undefined;
}

function parseDocs(text: string): Document.Parsed[] {
  const docs = parseAllDocuments(text, {
    uniqueKeys: false,
    strict: false,
    prettyErrors: false,
    keepSourceTokens: false,
  }) as Document.Parsed[];
  for (const doc of docs) {
    if (!text.includes('*')) break;
    visit(doc, {
      Alias(_, alias) {
        const target = alias.resolve(doc);
        if (target) ALIAS_TARGET.set(alias, target as YamlNode);
      },
    });
  }
  return docs;
}

/** What each alias (`*name`) stands for: its anchored node, looked up one level at a time, never expanded. */
const ALIAS_TARGET = new WeakMap<object, YamlNode>();

/** The node an alias names (one level: an alias of an alias resolves on the next lookup), else the node itself. */
export function deref(node: unknown): unknown {
  return isAlias(node) ? (ALIAS_TARGET.get(node) ?? node) : node;
}

function hasErrors(docs: Document.Parsed[]): boolean {
  return docs.some((d) => d.errors.length > 0);
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/** The documents that parsed and hold a mapping at the top. */
export function mappings(y: YamlFile): YAMLMap[] {
  return y.docs.map((d) => d.contents as unknown).filter((c): c is YAMLMap => isMap(c));
}

export function refOf(y: YamlFile, node: YamlNode | Pair | null | undefined): SourceRef {
  const range = rangeOf(node);
  if (!range) return y.index.ref(y.file, 0, 0);
  return y.index.ref(y.file, range[0], range[1]);
}

function rangeOf(node: YamlNode | Pair | null | undefined): [number, number] | undefined {
  if (!node) return undefined;
  if (isPair(node)) {
    const k = rangeOf(node.key as YamlNode);
    const v = rangeOf(node.value as YamlNode);
    if (k && v) return [k[0], v[1]];
    return k ?? v;
  }
  const r = (node as YamlNode).range;
  return r ? [r[0], r[1]] : undefined;
}

export function get(node: unknown, key: string): YamlNode | undefined {
  const map = deref(node);
  if (!isMap(map)) return undefined;
  const pair = pairOf(map, key);
  return (deref(pair?.value) ?? undefined) as YamlNode | undefined;
}

/** The pair for `key`, its own or, failing that, one a YAML merge key (`<<: *base`) brings in. */
export function pairOf(map: YAMLMap, key: string, depth = 0): Pair<YamlNode, YamlNode> | undefined {
  let merged: Pair<YamlNode, YamlNode> | undefined;
  for (const item of map.items) {
    const k = keyText(item.key);
    if (k === key) return item as Pair<YamlNode, YamlNode>;
    if (k === '<<' && !merged && depth < 10) {
      const sources = isSeq(item.value) ? item.value.items : [item.value];
      for (const source of sources) {
        const base = deref(source);
        merged ??= isMap(base) ? pairOf(base, key, depth + 1) : undefined;
      }
    }
  }
  return merged;
}

export function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return key.value === null ? undefined : String(key.value);
  return undefined;
}

/** The map's entries in source order, with string keys. */
export function entries(node: unknown): Array<[string, YamlNode | undefined, Pair<YamlNode, YamlNode>]> {
  if (!isMap(node)) return [];
  const out: Array<[string, YamlNode | undefined, Pair<YamlNode, YamlNode>]> = [];
  for (const item of node.items) {
    const k = keyText(item.key);
    if (k !== undefined) out.push([k, (item.value ?? undefined) as YamlNode | undefined, item as Pair<YamlNode, YamlNode>]);
  }
  return out;
}

export function items(node: unknown): YamlNode[] {
  const seq = deref(node);
  return isSeq(seq) ? (seq.items as YamlNode[]) : [];
}

/** A scalar's value as a string, with masked template text restored. */
export function str(y: YamlFile, node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  const value = String(node.value);
  if (y.masked.length === 0 || !node.range) return value;
  const [start, end] = node.range;
  if (!y.masked.some(([s, e]) => s < end && e > start)) return value;
  const source = y.text.slice(start, end);
  return /^["']/.test(source) ? source.slice(1, -1) : source;
}

/** A scalar's string value, or each string of a sequence. */
export function strings(y: YamlFile, node: unknown): Array<{ value: string; node: YamlNode }> {
  if (isSeq(node)) return node.items.flatMap((item) => strings(y, item));
  const value = str(y, node);
  return value === undefined ? [] : [{ value, node: node as YamlNode }];
}

export function scalarValue(y: YamlFile, node: Scalar): string | number | boolean | null {
  const v = node.value;
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return v;
  return str(y, node) ?? String(v);
}

/** The comment on a pair: the line above its key, or after its value on the same line. */
export function commentOf(pair: Pair<YamlNode, YamlNode> | undefined): string | undefined {
  if (!pair) return undefined;
  const parts = [
    (pair.key as YamlNode | null)?.commentBefore,
    (pair.value as YamlNode | null)?.comment,
    (pair.value as YamlNode | null)?.commentBefore,
  ];
  const text = parts
    .filter((c): c is string => !!c && c.trim() !== '')
    .join('\n')
    .trim();
  return text || undefined;
}

/**
 * Every scalar leaf under `node` as a ConfigValue with its dotted key path. Aliases are not
 * followed (an alias bomb stays one node); depth is bounded.
 */
export function collectValues(
  y: YamlFile,
  node: unknown,
  prefix: string,
  out: ConfigValue[],
  extra: Partial<ConfigValue> = {},
  depth = 0,
): void {
  if (depth > MAX_DEPTH || isAlias(node)) return;
  if (isDocument(node)) return collectValues(y, node.contents, prefix, out, extra, depth + 1);
  if (isMap(node)) {
    for (const [key, value, pair] of entries(node)) {
      const path = prefix ? `${prefix}.${key}` : key;
      if (isScalar(value)) {
        out.push({
          key: path,
          value: scalarValue(y, value),
          comment: commentOf(pair),
          range: refOf(y, value),
          keyRange: refOf(y, pair.key),
          ...extra,
        });
      } else {
        collectValues(y, value, path, out, extra, depth + 1);
      }
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      const path = `${prefix}[${i}]`;
      if (isScalar(item)) {
        out.push({
          key: path,
          value: scalarValue(y, item),
          comment: (item as YamlNode).comment?.trim() || undefined,
          range: refOf(y, item as YamlNode),
          ...extra,
        });
      } else {
        collectValues(y, item, path, out, extra, depth + 1);
      }
    });
  }
}

export { isMap, isSeq, isScalar, isPair, isAlias, YAMLMap, YAMLSeq, Scalar };

/**
 * The range of `needle` inside a node's source text (searching from `from` characters into it),
 * for facts stated by part of a scalar: `{param}` in a command, `view:feature` in an argument.
 */
export function subRef(y: YamlFile, node: YamlNode | null | undefined, needle: string, from = 0): SourceRef | undefined {
  const i = subOffset(y, node, needle, from);
  return i === undefined ? undefined : y.index.ref(y.file, node!.range![0] + i, node!.range![0] + i + needle.length);
}

/** Where `needle` starts inside a node's source text (from `from`), relative to the node. */
export function subOffset(y: YamlFile, node: YamlNode | null | undefined, needle: string, from = 0): number | undefined {
  const r = node?.range;
  if (!r || !needle) return undefined;
  const i = y.text.slice(r[0], r[1]).indexOf(needle, from);
  return i < 0 ? undefined : i;
}

/**
 * parseYaml, plus unquoted `{{ x }}` values: valid YAML (a flow map holding a flow map), so
 * parseYaml does not mask them, but meant as template text (`value: {{workflow.parameters.x}}`).
 * Those spans are masked and re-parsed, so they read back as the scalars they were written as.
 */
export function parseTemplatedYaml(file: string, text: string, context: YamlContext = {}): YamlFile {
  const first = parseYaml(file, text, context);
  const spans: Array<[number, number]> = [];
  for (const doc of first.docs) findTemplateMaps(text, doc.contents, spans, 0);
  if (spans.length === 0) return first;
  let masked = text;
  for (const [start, end] of spans) masked = masked.slice(0, start) + 'T'.repeat(end - start) + masked.slice(end);
  const second = parseYaml(file, masked, context);
  if (second.problems.length > first.problems.length) return first;
  return { ...second, text, index: new LineIndex(text), masked: [...second.masked, ...spans] };
}

function findTemplateMaps(text: string, node: unknown, spans: Array<[number, number]>, depth: number): void {
  if (depth > MAX_DEPTH || !node || isAlias(node)) return;
  if (isMap(node)) {
    const r = node.range;
    const source = r ? text.slice(r[0], r[1]).trimEnd() : '';
    if (node.flow && r && source.startsWith('{{') && source.endsWith('}}') && !source.includes('\n')) {
      spans.push([r[0], r[0] + source.length]);
      return;
    }
    for (const pair of node.items) findTemplateMaps(text, pair.value, spans, depth + 1);
  } else if (isSeq(node)) {
    for (const item of node.items) findTemplateMaps(text, item, spans, depth + 1);
  }
}
