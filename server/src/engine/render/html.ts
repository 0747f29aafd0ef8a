// HTML for the graph page: one self-contained file (`loopwise graph --format html`) and the
// shell of the VS Code webview. Pure: the caller passes the bundled script and CSS.
//
// Content-Security-Policy: scripts run only with the per-document nonce; nothing is loaded from
// the network. style-src allows 'unsafe-inline' (styles only) because Mermaid injects a <style>
// element into every SVG it renders and sets style attributes on shapes and labels at run time;
// a nonce cannot cover either (style attributes are never nonce-able, and a nonce in style-src
// would switch 'unsafe-inline' off). Styles cannot run code, so scripts stay strict.
import type { GraphJson } from '../model/graphJson';
import type { Finding } from '../model/finding';

export interface HtmlInput {
  graph: GraphJson;
  findings: readonly Finding[];
  /** The bundled page script (media/dist/graph.js). */
  script: string;
  /** The page styles (media/graph.css). */
  css: string;
  nonce?: string;
  title: string;
  /** A loop id: the page opens on that loop's diagram. */
  loop?: string;
}

export interface WebviewHtmlInput {
  scriptUri: string;
  cssUri: string;
  /** webview.cspSource */
  cspSource: string;
  nonce: string;
}

export function renderHtml(input: HtmlInput): string {
  const nonce = input.nonce ?? createNonce();
  assertNonce(nonce);
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    "style-src 'unsafe-inline'",
    'img-src data: blob:',
    'font-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const data = { graph: input.graph, findings: input.findings, title: input.title, ...(input.loop ? { scope: { loop: input.loop } } : {}) };
  return page({
    csp,
    title: input.title,
    head: `<style>${escapeStyle(input.css)}</style>`,
    body: [
      `<script type="application/json" id="loopwise-data">${jsonForScript(data)}</script>`,
      `<script nonce="${nonce}">${escapeScript(input.script)}</script>`,
    ].join('\n'),
  });
}

export function webviewHtml(input: WebviewHtmlInput): string {
  assertNonce(input.nonce);
  const source = cspSourceList(input.cspSource);
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${input.nonce}'`,
    `style-src ${source} 'unsafe-inline'`,
    `img-src ${source} data: blob:`,
    `font-src ${source}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return page({
    csp,
    title: 'Loopwise graph',
    head: `<link rel="stylesheet" href="${escapeAttr(input.cssUri)}">`,
    body: `<script nonce="${input.nonce}" src="${escapeAttr(input.scriptUri)}"></script>`,
  });
}

function page(parts: { csp: string; title: string; head: string; body: string }): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(parts.csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeText(parts.title)}</title>
${parts.head}
</head>
<body>
<div id="loopwise"><p class="lw-loading">Loading the system graph…</p></div>
${parts.body}
</body>
</html>
`;
}

/** 128 random bits, base64: from Web Crypto, present in Node 20 and in browsers. */
export function createNonce(): string {
  // Web APIs Node 20 and browsers both have (the engine is compiled without their declarations).
  const web = globalThis as unknown as { crypto: { getRandomValues(bytes: Uint8Array): Uint8Array }; btoa(text: string): string };
  const bytes = new Uint8Array(16);
  web.crypto.getRandomValues(bytes);
  return web.btoa(String.fromCharCode(...bytes));
}

function assertNonce(nonce: string): void {
  if (!/^[A-Za-z0-9+/_-]{16,}={0,2}$/.test(nonce)) throw new Error('invalid CSP nonce');
}

/**
 * VS Code's cspSource is one or more host sources (code-server also adds `'self'`); anything
 * else is refused rather than written into the policy.
 */
function cspSourceList(source: string): string {
  const parts = source.split(/\s+/).filter(Boolean);
  if (!parts.length || !parts.every((p) => p === "'self'" || /^[A-Za-z0-9+.\-*:/_%]+$/.test(p)))
    throw new Error(`invalid cspSource: ${source.slice(0, 200)}`);
  return parts.join(' ');
}

/**
 * JSON inside <script type="application/json">: `<`, `>` and `&` become \u escapes so no
 * `</script>` or `<!--` can end or alter the element; U+2028/9 too, for old JS parsers.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * An inline script must not contain `</script` or `<!--` (they end or change the element).
 * In minified code these only occur inside string, template or regex literals, where `\x3C`
 * means the same `<`.
 */
export function escapeScript(script: string): string {
  return script.replace(/<(\/script|!--|script)/gi, '\\x3C$1');
}

function escapeStyle(css: string): string {
  return css.replace(/<\/style/gi, '<\\/style');
}

export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttr(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
