// `npm run bench`: dense generated monorepos (bench/generate.ts, ~9 files of every format per
// pipeline), driven through the real language server over stdio. For each size: the engine's
// cold analysis in this process; the server's cold index (initialized -> indexing done), its
// reopen from the facts cache, hover/definition latency while and after it indexes; the edit
// path: didChange on one dvc.yaml until the edited file's own diagnostics arrive (stage 1) and
// until the cross-file finding it causes (a params reference resolved against params.yaml)
// arrives (stage 2); a burst of typing (the last keystroke to its final diagnostics); peak RSS;
// a full CLI run; and the baseline, yaml-language-server on the same file and the same edits.
// A benchmark, not a test: it prints numbers and asserts nothing.
// LOOPWISE_BENCH_SIZES=500,2000 (default), LOOPWISE_BENCH_PROFILE=<dir>: the cold server session runs under --cpu-prof.
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateMonorepo } from './generate';
import { loadWorkspace } from '../server/src/node/workspace';
import { LspSession, percentile, type Published } from './lspClient';

const ROOT = path.resolve(__dirname, '..', '..');
const SIZES = (process.env.LOOPWISE_BENCH_SIZES ?? '500,2000').split(',').map(Number);
const PROFILE = process.env.LOOPWISE_BENCH_PROFILE;
/** Only the language server's own numbers (no in-process engine run, no reopen, no CLI run): for the largest sizes. */
const SERVER_ONLY = process.env.LOOPWISE_BENCH_SERVER_ONLY === '1';
const EDITS = Number(process.env.LOOPWISE_BENCH_EDITS ?? 20);
const TARGET = 'pipelines/p0/dvc.yaml';
/** `prepare` (a stage name) and `data/prepared` in train's deps (an artifact produced in the same file). */
const HOVER_AT = { line: 1, character: 3 };
const DEFINITION_AT = { line: 13, character: 10 };

interface ServerRun {
  indexMs: number;
  firstDiagnosticsMs: number;
  hoverIndexingP50: number;
  hoverIndexingP95: number;
  hoverIndexingMax: number;
  hoverP95: number;
  definitionP95: number;
  ownP50: number;
  ownP95: number;
  crossP50: number;
  crossP95: number;
  /** The same for a line inserted at the top of the file (every place in it moves). */
  moveOwnP95: number;
  moveCrossP50: number;
  moveCrossP95: number;
  burstMs: number;
  /** Server CPU time per edit (both stages, hover and definition requests included). */
  editCpuMs: number;
  rssMb: number;
}

interface Row extends ServerRun {
  pipelines: number;
  files: number;
  stages: number;
  engineColdMs: number;
  reopenMs: number;
  cliMs: number;
  yamlP50: number;
  yamlP95: number;
  yamlRssMb: number;
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const n of SIZES) {
    const dir = mkdtempSync(path.join(tmpdir(), `loopwise-bench-${n}-`));
    const { files } = generateMonorepo(dir, n);
    log(`${n} pipelines, ${files} files: engine cold`);
    const stages = SERVER_ONLY ? { stages: 0, engineColdMs: 0 } : await engineCold(dir);
    log('language server: cold session');
    const cacheFolder = `${dir}-storage`;
    const lsp = await measureServer(dir, cacheFolder, PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE}`] : []);
    log('language server: reopen from the cache');
    const reopenMs = SERVER_ONLY ? 0 : await measureReopen(dir, cacheFolder);
    rmSync(cacheFolder, { recursive: true, force: true });
    log('yaml-language-server');
    const yaml = await measureYamlLanguageServer(dir);
    log('CLI check');
    const c0 = performance.now();
    if (!SERVER_ONLY)
      spawnSync(process.execPath, [path.join(ROOT, 'bin', 'loopwise.js'), 'check', dir, '--format', 'json'], {
        encoding: 'utf8',
        maxBuffer: 1 << 30,
      });
    const cliMs = SERVER_ONLY ? 0 : performance.now() - c0;
    rows.push({ pipelines: n, files, ...stages, ...lsp, reopenMs, cliMs, ...yaml });
    rmSync(dir, { recursive: true, force: true });
    process.stderr.write(`measured ${n} pipelines\n`);
  }
  print(rows);
}

/**
 * Lines inserted at the top of the edited file, one more each time, with the params reference
 * broken so the cross-file finding is there: own = the file's own diagnostics for that version;
 * cross-file = the dangling-reference finding published at its moved line (stage 2).
 */
async function measureMoves(s: LspSession, uri: string, text: string, version: number): Promise<{ own: number[]; cross: number[] }> {
  const broken = text.replace('- seed', '- seeed');
  const danglingLine = (p: Published) => p.diagnostics.find((d) => d.code === 'config/dangling-reference')?.range?.start.line;
  let baseLine = -1;
  const setup = s.waitFor(uri, (p) => {
    const line = danglingLine(p);
    if (line !== undefined) baseLine = line;
    return line !== undefined;
  });
  await s.rpc.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ text: broken }] });
  await setup;
  const own: number[] = [];
  const cross: number[] = [];
  for (let k = 1; k <= EDITS; k++) {
    const v = ++version;
    const stage1 = s.waitFor(uri, (p) => p.version === v);
    const stage2 = s.waitFor(uri, (p) => danglingLine(p) === baseLine + k);
    await s.rpc.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: v },
      contentChanges: [{ text: `${'# note\n'.repeat(k)}${broken}` }],
    });
    own.push(await stage1);
    cross.push(await stage2);
  }
  // Back to the original text, its finding gone, so the typing burst starts from a clean file.
  const last = version + 1;
  const clean = s.waitFor(uri, (p) => p.version === last && danglingLine(p) === undefined);
  await s.rpc.sendNotification('textDocument/didChange', { textDocument: { uri, version: last }, contentChanges: [{ text }] });
  await clean;
  return { own, cross };
}

async function engineCold(dir: string): Promise<{ stages: number; engineColdMs: number }> {
  const t0 = performance.now();
  const ws = await loadWorkspace(dir);
  const result = ws.analysis.run();
  return { stages: result.graph.stages().length, engineColdMs: performance.now() - t0 };
}

async function measureServer(dir: string, cacheFolder: string, nodeArgs: string[]): Promise<ServerRun> {
  const s = new LspSession([path.join(ROOT, 'dist', 'server.js'), '--stdio'], nodeArgs);
  const uri = pathToFileURL(path.join(dir, TARGET)).toString();
  const doc = { textDocument: { uri } };
  await s.initialize(dir, { cacheFolder });
  // While it indexes, the server must keep answering: a hover every 50 ms.
  let indexing = true;
  void s.indexed.then(() => (indexing = false));
  const busy: number[] = [];
  while (indexing) {
    busy.push(await s.timed('textDocument/hover', { ...doc, position: HOVER_AT }));
    await sleep(50);
  }
  const indexMs = performance.now() - s.started;
  log(`indexed in ${indexMs.toFixed(0)} ms; edits`);
  const text = readFileSync(path.join(dir, TARGET), 'utf8');
  await s.rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  await sleep(500);
  const own: number[] = [];
  const cross: number[] = [];
  const hovers: number[] = [];
  const definitions: number[] = [];
  let version = 1;
  const cpu0 = s.cpuMs();
  for (let i = 0; i < EDITS; i++) {
    const broken = i % 2 === 0;
    const v = ++version;
    const stage1 = s.waitFor(uri, (p) => p.version === undefined || p.version === v);
    const stage2 = s.waitFor(uri, (p) => p.diagnostics.some((d) => d.code === 'config/dangling-reference') === broken);
    await s.rpc.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: v },
      contentChanges: [{ text: broken ? text.replace('- seed', '- seeed') : text }],
    });
    // Hover and definition are asked while the edit is being analysed, then after.
    hovers.push(await s.timed('textDocument/hover', { ...doc, position: HOVER_AT }));
    definitions.push(await s.timed('textDocument/definition', { ...doc, position: DEFINITION_AT }));
    own.push(await stage1);
    cross.push(await stage2);
    hovers.push(await s.timed('textDocument/hover', { ...doc, position: HOVER_AT }));
    definitions.push(await s.timed('textDocument/definition', { ...doc, position: DEFINITION_AT }));
  }
  const editCpuMs = (s.cpuMs() - cpu0) / EDITS;
  const moves = await measureMoves(s, uri, text, version);
  version += EDITS + 2;
  // A burst of typing: five versions 15 ms apart; only the last one's result matters.
  const final = s.waitFor(
    uri,
    (p) => (p.version === undefined || p.version === version + 5) && p.diagnostics.some((d) => d.code === 'config/dangling-reference'),
  );
  let burstStart = 0;
  for (let k = 1; k <= 5; k++) {
    const typed = text.replace('- seed', `- se${'e'.repeat(k)}d`);
    burstStart = performance.now();
    await s.rpc.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: version + k },
      contentChanges: [{ text: typed }],
    });
    if (k < 5) await sleep(15);
  }
  await final;
  const burstMs = performance.now() - burstStart;
  const rssMb = s.peakRssMb();
  await s.close();
  return {
    indexMs,
    firstDiagnosticsMs: s.firstDiagnosticsMs,
    hoverIndexingP50: percentile(busy, 0.5),
    hoverIndexingP95: percentile(busy, 0.95),
    hoverIndexingMax: Math.max(0, ...busy),
    hoverP95: percentile(hovers, 0.95),
    definitionP95: percentile(definitions, 0.95),
    ownP50: percentile(own, 0.5),
    ownP95: percentile(own, 0.95),
    crossP50: percentile(cross, 0.5),
    crossP95: percentile(cross, 0.95),
    moveOwnP95: percentile(moves.own, 0.95),
    moveCrossP50: percentile(moves.cross, 0.5),
    moveCrossP95: percentile(moves.cross, 0.95),
    burstMs,
    editCpuMs,
    rssMb,
  };
}

/** The same folder opened again, with the facts the first session cached. */
async function measureReopen(dir: string, cacheFolder: string): Promise<number> {
  const s = new LspSession([path.join(ROOT, 'dist', 'server.js'), '--stdio']);
  await s.initialize(dir, { cacheFolder });
  await s.indexed;
  const ms = performance.now() - s.started;
  await s.close();
  return ms;
}

/** The baseline: yaml-language-server, same file, same edits, until it publishes the file's diagnostics. */
async function measureYamlLanguageServer(dir: string): Promise<{ yamlP50: number; yamlP95: number; yamlRssMb: number }> {
  const s = new LspSession([require.resolve('yaml-language-server/bin/yaml-language-server'), '--stdio']);
  const uri = pathToFileURL(path.join(dir, TARGET)).toString();
  await s.initialize(dir);
  const text = readFileSync(path.join(dir, TARGET), 'utf8');
  const opened = s.waitFor(uri, () => true);
  await s.rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  await opened;
  const times: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const v = i + 2;
    const published = s.waitFor(uri, (p) => p.version === undefined || p.version === v);
    await s.rpc.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: v },
      contentChanges: [{ text: i % 2 === 0 ? text.replace('- seed', '- seeed') : text }],
    });
    times.push(await published);
  }
  const yamlRssMb = s.peakRssMb();
  await s.close();
  return { yamlP50: percentile(times, 0.5), yamlP95: percentile(times, 0.95), yamlRssMb };
}

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function print(rows: Row[]): void {
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  const columns: Array<[string, (r: Row) => string]> = [
    ['pipelines', (r) => String(r.pipelines)],
    ['files', (r) => String(r.files)],
    ['stages', (r) => String(r.stages)],
    ['engine cold', (r) => ms(r.engineColdMs)],
    ['LSP index', (r) => ms(r.indexMs)],
    ['reopen (cache)', (r) => ms(r.reopenMs)],
    ['first diags', (r) => ms(r.firstDiagnosticsMs)],
    ['hover indexing p50/p95/max', (r) => `${ms(r.hoverIndexingP50)} / ${ms(r.hoverIndexingP95)} / ${ms(r.hoverIndexingMax)}`],
    ['hover p95', (r) => ms(r.hoverP95)],
    ['definition p95', (r) => ms(r.definitionP95)],
    ['edit→own p50/p95', (r) => `${ms(r.ownP50)} / ${ms(r.ownP95)}`],
    ['edit→cross-file p50/p95', (r) => `${ms(r.crossP50)} / ${ms(r.crossP95)}`],
    ['line inserted→own p95', (r) => ms(r.moveOwnP95)],
    ['line inserted→cross-file p50/p95', (r) => `${ms(r.moveCrossP50)} / ${ms(r.moveCrossP95)}`],
    ['typing burst', (r) => ms(r.burstMs)],
    ['server CPU per edit', (r) => ms(r.editCpuMs)],
    ['peak RSS', (r) => `${r.rssMb.toFixed(0)} MB`],
    ['CLI check', (r) => ms(r.cliMs)],
    ['yaml-ls edit p50/p95', (r) => `${ms(r.yamlP50)} / ${ms(r.yamlP95)}`],
    ['yaml-ls RSS', (r) => `${r.yamlRssMb.toFixed(0)} MB`],
    ['own p50 ÷ yaml-ls p50', (r) => (r.ownP50 / Math.max(r.yamlP50, 0.001)).toFixed(2)],
  ];
  const body = rows.map((r) => columns.map(([, cell]) => cell(r)));
  const widths = columns.map(([h], i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(widths[i])).join(' | ')} |`;
  console.log(line(columns.map(([h]) => h)));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const b of body) console.log(line(b));
  console.log(
    `\nedit = didChange of ${TARGET} (${EDITS} edits toggling a params reference; own = its own diagnostics, cross-file = the dangling-reference finding resolved against params.yaml); typing burst = 5 changes 15 ms apart, last change to final diagnostics; node ${process.version}, ${availableParallelism()} cores, load average at the end ${loadavg()[0].toFixed(1)}`,
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
