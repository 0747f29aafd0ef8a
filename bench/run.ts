// `npm run bench`: generated monorepos of 50-2000 pipelines. Measures, for each size: the
// engine's cold analysis, the language server's cold index (initialized -> indexing done) and
// first diagnostics, edit-to-diagnostics latency p50/p95 over repeated edits, peak RSS of the
// server, and — the baseline — a full CLI re-run, which is what each edit would cost without
// the incremental server. A benchmark, not a test: it prints numbers and asserts nothing.
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { generateMonorepo } from './generate';
import { loadWorkspace } from '../server/src/node/workspace';

const ROOT = path.resolve(__dirname, '..', '..');
const SIZES = (process.env.LOOPWISE_BENCH_SIZES ?? '50,500,2000').split(',').map(Number);
const EDITS = 20;

interface Row {
  pipelines: number;
  files: number;
  engineColdMs: number;
  stages: number;
  lspIndexMs: number;
  /** The same folder opened again, with the facts the first session cached. */
  lspReopenMs: number;
  firstDiagnosticsMs: number;
  editP50: number;
  editP95: number;
  /** Hover requests answered while the server indexes: the slowest answer. */
  busyMax: number;
  serverRssMb: number;
  cliFullMs: number;
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const n of SIZES) {
    const dir = mkdtempSync(path.join(tmpdir(), `loopwise-bench-${n}-`));
    const { files } = generateMonorepo(dir, n);
    const t0 = performance.now();
    const ws = await loadWorkspace(dir);
    const result = ws.analysis.run();
    const engineColdMs = performance.now() - t0;
    const cacheFolder = `${dir}-storage`;
    const lsp = await measureServer(dir, cacheFolder);
    const lspReopenMs = (await measureServer(dir, cacheFolder, false)).lspIndexMs;
    rmSync(cacheFolder, { recursive: true, force: true });
    const c0 = performance.now();
    spawnSync(process.execPath, [path.join(ROOT, 'bin', 'loopwise.js'), 'check', dir, '--format', 'json'], {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    });
    const cliFullMs = performance.now() - c0;
    rows.push({ pipelines: n, files, engineColdMs, stages: result.graph.stages().length, ...lsp, lspReopenMs, cliFullMs });
    rmSync(dir, { recursive: true, force: true });
    process.stderr.write(`measured ${n} pipelines\n`);
  }
  print(rows);
}

/** One server session on `dir`: indexing (answering hovers meanwhile), then, if `edits`, edit latency. */
async function measureServer(
  dir: string,
  cacheFolder: string,
  edits = true,
): Promise<Pick<Row, 'lspIndexMs' | 'firstDiagnosticsMs' | 'editP50' | 'editP95' | 'serverRssMb' | 'busyMax'>> {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const rpc = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const target = pathToFileURL(path.join(dir, 'pipelines', 'p0', 'dvc.yaml')).toString();
  let firstDiagnostics = 0;
  let onTarget: ((codes: string[]) => void) | undefined;
  let indexed: () => void = () => undefined;
  const indexDone = new Promise<void>((r) => (indexed = r));
  const start = performance.now();
  rpc.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: Array<{ code?: string }> }) => {
    firstDiagnostics ||= performance.now() - start;
    if (p.uri === target) onTarget?.(p.diagnostics.map((d) => String(d.code)));
  });
  rpc.onRequest('window/workDoneProgress/create', () => null);
  rpc.onNotification('$/progress', (p: { value: { kind: string } }) => {
    if (p.value.kind === 'end') indexed();
  });
  rpc.onRequest('workspace/configuration', () => [{}]);
  rpc.listen();
  await rpc.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(dir).toString(),
    capabilities: { window: { workDoneProgress: true } },
    initializationOptions: { cacheFolder },
  });
  await rpc.sendNotification('initialized', {});
  // While it indexes, the server must keep answering: ask for a hover every 50 ms.
  let indexing = true;
  void indexDone.then(() => (indexing = false));
  const busy: number[] = [];
  while (indexing) {
    const t = performance.now();
    await rpc.sendRequest('textDocument/hover', { textDocument: { uri: target }, position: { line: 1, character: 3 } });
    busy.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 50));
  }
  await indexDone;
  const lspIndexMs = performance.now() - start;
  if (!edits) {
    // Let it write its cache (after indexing), then stop it.
    await rpc.sendRequest('shutdown');
    rpc.dispose();
    child.kill();
    return { lspIndexMs, firstDiagnosticsMs: firstDiagnostics, editP50: 0, editP95: 0, serverRssMb: 0, busyMax: Math.max(0, ...busy) };
  }
  const text = readFileSync(path.join(dir, 'pipelines', 'p0', 'dvc.yaml'), 'utf8');
  await rpc.sendNotification('textDocument/didOpen', { textDocument: { uri: target, languageId: 'yaml', version: 1, text } });
  const latencies: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const broken = i % 2 === 0;
    const next = broken ? text.replace('- seed', '- seeed') : text;
    const t = performance.now();
    const seen = new Promise<void>((resolve) => {
      onTarget = (codes) => {
        if (codes.includes('config/dangling-reference') === broken) resolve();
      };
    });
    await rpc.sendNotification('textDocument/didChange', {
      textDocument: { uri: target, version: i + 2 },
      contentChanges: [{ text: next }],
    });
    await seen;
    latencies.push(performance.now() - t);
  }
  const rss = Number(readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/VmHWM:\s+(\d+)/)?.[1] ?? 0) / 1024;
  rpc.dispose();
  child.kill();
  latencies.sort((a, b) => a - b);
  return {
    lspIndexMs,
    firstDiagnosticsMs: firstDiagnostics,
    editP50: latencies[Math.floor(EDITS / 2)],
    editP95: latencies[Math.ceil(EDITS * 0.95) - 1],
    serverRssMb: rss,
    busyMax: Math.max(0, ...busy),
  };
}

function print(rows: Row[]): void {
  const header = [
    'pipelines',
    'files',
    'stages',
    'engine cold',
    'LSP index',
    'LSP reopen (cache)',
    'first diags',
    'hover while indexing (max)',
    'edit p50',
    'edit p95',
    'server peak RSS',
    'baseline: CLI full run',
  ];
  const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
  const body = rows.map((r) => [
    String(r.pipelines),
    String(r.files),
    String(r.stages),
    fmt(r.engineColdMs),
    fmt(r.lspIndexMs),
    fmt(r.lspReopenMs),
    fmt(r.firstDiagnosticsMs),
    fmt(r.busyMax),
    fmt(r.editP50),
    fmt(r.editP95),
    `${r.serverRssMb.toFixed(0)} MB`,
    fmt(r.cliFullMs),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(widths[i])).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const b of body) console.log(line(b));
  console.log(
    `\nedit = didChange on one dvc.yaml until its diagnostics update (${EDITS} edits, server debounce included); node ${process.version}, ${availableParallelism()} cores`,
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
