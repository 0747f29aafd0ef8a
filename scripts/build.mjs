// Builds every bundle with esbuild: the extension client, the language server, the CLI,
// the webview script, and the tests/benchmarks (one output file per source, so node:test
// can run them). Type checking is separate (`tsc --noEmit`), as esbuild only strips types.
import * as esbuild from 'esbuild';
import { readdirSync, statSync, mkdirSync, copyFileSync, existsSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');

function tsFilesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'fixtures' || p === join(root, 'test', 'e2e') ? [] : tsFilesUnder(p);
    return p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

const node = { platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' };
const bundles = [
  {
    ...node,
    bundle: true,
    entryPoints: [join(root, 'client/src/extension.ts')],
    outfile: join(root, 'dist/client.js'),
    external: ['vscode'],
  },
  { ...node, bundle: true, entryPoints: [join(root, 'server/src/lsp/main.ts')], outfile: join(root, 'dist/server.js') },
  { ...node, bundle: true, entryPoints: [join(root, 'server/src/cli/main.ts')], outfile: join(root, 'dist/cli.js') },
  { ...node, bundle: true, entryPoints: [join(root, 'server/src/node/parseWorker.ts')], outfile: join(root, 'dist/parseWorker.js') },
];
// The graph view only draws flowcharts: mermaid's other diagram types (loaded lazily by
// mermaid, but inlined by an IIFE bundle) are replaced by an empty module. Cuts the page
// script by more than half, and its start-up time with it.
const onlyFlowcharts = {
  name: 'mermaid-flowcharts-only',
  setup(build) {
    // esbuild filters are Go regular expressions (no lookahead): flowcharts are kept in the callback.
    const diagrams = /^\.\/chunks\/mermaid\.core\/[\w-]*(Diagram|diagram|-definition)-[A-Z0-9]+\.mjs$/;
    build.onResolve({ filter: diagrams }, (args) =>
      /[\\/]mermaid[\\/]dist[\\/]/.test(args.importer) && !args.path.includes('/flowDiagram-')
        ? { path: args.path, namespace: 'unused-diagram' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'unused-diagram' }, () => ({ contents: 'export const diagram = undefined;', loader: 'js' }));
    // Layouts other than Dagre, which the graph view asks for (media/src/render.ts): ELK (elkjs,
    // 1.5 MB minified), cose-bilkent (cytoscape, 0.5 MB) and swimlanes.
    build.onResolve({ filter: /^\.\/(cose-bilkent|elk|swimlanes)-[A-Z0-9]+\.mjs$/ }, (args) =>
      /[\\/]mermaid[\\/]dist[\\/]/.test(args.importer) ? { path: args.path, namespace: 'unused-layout' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'unused-layout' }, () => ({ contents: 'export const render = undefined;', loader: 'js' }));
    // KaTeX (0.27 MB) renders $$...$$ math in labels. Loopwise's labels escape `$`
    // (escapeMermaidLabel), so math never reaches it; should it ever, the text is shown as text.
    build.onResolve({ filter: /^katex$/ }, (args) =>
      /[\\/]mermaid[\\/]dist[\\/]/.test(args.importer) ? { path: 'katex', namespace: 'plain-math' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'plain-math' }, () => ({
      contents:
        "const esc = (t) => String(t).replace(/[&<>\"']/g, (c) => '&#' + c.charCodeAt(0) + ';');\n" +
        'export default { renderToString: esc };',
      loader: 'js',
    }));
  },
};
if (existsSync(join(root, 'media/src/graph.ts'))) {
  bundles.push({
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    bundle: true,
    minify: true,
    sourcemap: false,
    logLevel: 'warning',
    entryPoints: [join(root, 'media/src/graph.ts')],
    outfile: join(root, 'media/dist/graph.js'),
    plugins: [onlyFlowcharts],
  });
}
// Tests and benchmarks: transpiled file by file, imports left as they are (resolved at run time).
const perFile = [...tsFilesUnder(join(root, 'test')), ...tsFilesUnder(join(root, 'bench'))];
const allSources = [...tsFilesUnder(join(root, 'server/src')), ...tsFilesUnder(join(root, 'client/src')), ...perFile];

async function build() {
  await Promise.all([
    ...bundles.map((b) => esbuild.build(b)),
    esbuild.build({ ...node, bundle: false, entryPoints: allSources, outbase: root, outdir: join(root, 'out') }),
    // VS Code e2e tests live outside out/test so that node:test never picks them up.
    esbuild.build({
      ...node,
      bundle: false,
      entryPoints: readdirSync(join(root, 'test', 'e2e'))
        .filter((f) => f.endsWith('.ts'))
        .map((f) => join(root, 'test', 'e2e', f)),
      outdir: join(root, 'out', 'e2e'),
    }),
  ]);
  copyWasm();
  removeStale(join(root, 'out'));
}

// Outputs whose source was deleted would still run as tests; remove them (rather than
// emptying out/ first, which would break a test run going on in parallel).
function removeStale(dir) {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) removeStale(p);
    else if (/\.js(\.map)?$/.test(name)) {
      const rel = p.slice(join(root, 'out').length + 1).replace(/\.js(\.map)?$/, '.ts');
      const source = rel.startsWith('e2e/') ? join(root, 'test', rel) : join(root, rel);
      if (!existsSync(source)) rmSync(p);
    }
  }
}

// tree-sitter's runtime and the Python grammar are loaded from dist/ at run time.
function copyWasm() {
  mkdirSync(join(root, 'dist'), { recursive: true });
  const wasm = [
    ['node_modules/web-tree-sitter/web-tree-sitter.wasm', 'dist/web-tree-sitter.wasm'],
    ['node_modules/tree-sitter-python/tree-sitter-python.wasm', 'dist/tree-sitter-python.wasm'],
  ];
  for (const [from, to] of wasm) if (existsSync(join(root, from))) copyFileSync(join(root, from), join(root, to));
}

await build();
if (watch) console.log('watch mode is not implemented; rerun npm run build');
