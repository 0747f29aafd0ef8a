// Mermaid, bundled (nothing is fetched): configuration, theme from the page's CSS variables,
// and serial rendering of flowchart text to an SVG string.
type Mermaid = typeof import('mermaid', { with: { 'resolution-mode': 'import' } }).default;
type MermaidConfig = Parameters<Mermaid['initialize']>[0];

// mermaid is an ES module and this file compiles as CommonJS for tsc, so it is loaded with a
// dynamic import; esbuild still bundles it into graph.js (nothing is fetched at run time).
let loading: Promise<Mermaid> | undefined;
const loadMermaid = () => (loading ??= import('mermaid').then((m) => m.default));

/**
 * Dagre, Mermaid's own flowchart layout. ELK (also bundled with Mermaid 12) was measured against it
 * in `npm run bench` on the example and on 300- and 2,000-node graphs: Dagre laid out every one
 * in half the time or less, and ELK's 1.5 MB of code doubled the page script's start-up. The build
 * (scripts/build.mjs) leaves ELK out of the page script.
 */
const LAYOUT = 'dagre';

/** The font size of node labels in the drawing, before zoom. */
export const LABEL_FONT_PX = 13;

/** The theme, read from custom properties that graph.css maps onto --vscode-* (or fallbacks). */
function themeVariables(): Record<string, string> {
  const css = getComputedStyle(document.body);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const bg = v('--lw-bg', '#ffffff');
  const fg = v('--lw-fg', '#1f2328');
  const node = v('--lw-node-bg', '#f6f8fa');
  const border = v('--lw-node-border', '#59636e');
  const line = v('--lw-line', '#59636e');
  const group = v('--lw-group-bg', '#f6f8fa');
  return {
    background: bg,
    mainBkg: node,
    primaryColor: node,
    primaryTextColor: fg,
    primaryBorderColor: border,
    secondaryColor: group,
    tertiaryColor: group,
    nodeBorder: border,
    nodeTextColor: fg,
    textColor: fg,
    titleColor: fg,
    lineColor: line,
    clusterBkg: group,
    clusterBorder: v('--lw-group-border', border),
    edgeLabelBackground: bg,
    fontFamily: v('--lw-font', 'system-ui, sans-serif'),
    fontSize: `${LABEL_FONT_PX}px`,
  };
}

export function isDark(): boolean {
  const cls = document.body.classList;
  if (cls.contains('vscode-dark') || cls.contains('vscode-high-contrast')) return !cls.contains('vscode-high-contrast-light');
  if (cls.contains('vscode-light') || cls.contains('vscode-high-contrast-light')) return false;
  return window.matchMedia('(prefers-color-scheme: dark)').matches;
}

function config(): MermaidConfig {
  const theme = themeVariables();
  return {
    startOnLoad: false,
    securityLevel: 'strict',
    theme: 'base',
    darkMode: isDark(),
    themeVariables: theme,
    fontFamily: theme.fontFamily,
    look: 'classic',
    layout: LAYOUT,
    maxTextSize: 20_000_000,
    maxEdges: 50_000,
    deterministicIds: true,
    suppressErrorRendering: true,
    flowchart: { useMaxWidth: false, padding: 10, nodeSpacing: 30, rankSpacing: 45, wrappingWidth: 180 },
  };
}

let counter = 0;

/** Flowchart text -> SVG markup. Mermaid queues renders, so calls never overlap. */
/**
 * Flowchart text -> SVG markup. Mermaid queues renders, so calls never overlap. The time spent
 * loading Mermaid and in Mermaid's render (parse, layout, SVG) is left as performance measures
 * `lw-mermaid-load` and `lw-mermaid-render` for the benchmark.
 */
export async function renderSvg(text: string): Promise<{ svg: string; id: string }> {
  const t0 = performance.now();
  const mermaid = await loadMermaid();
  const t1 = performance.now();
  performance.measure('lw-mermaid-load', { start: t0, end: t1 });
  mermaid.initialize(config());
  const id = `lw-svg-${++counter}`;
  const { svg } = await mermaid.render(id, text);
  performance.measure('lw-mermaid-render', { start: t1, end: performance.now() });
  return { svg, id };
}
