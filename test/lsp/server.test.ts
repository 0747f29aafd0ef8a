// The built server, spawned over stdio exactly as an editor starts it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { mkdtempSync, writeFileSync, mkdirSync, cpSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-languageserver-protocol/node';
import type { PublishDiagnosticsParams, Diagnostic } from 'vscode-languageserver-protocol';
import { repoRoot, fraudExample } from '../helpers/paths';
import type { LoopwiseStatus } from '../../server/src/lsp/protocol';

let child: ChildProcess;
let rpc: MessageConnection;
let workspace: string;
const statuses: LoopwiseStatus[] = [];
const latest = new Map<string, Diagnostic[]>();
/** Every publish, in order: uri, document version, rule ids. */
const publishes: Array<{ uri: string; version?: number; codes: string[] }> = [];
const waiters: Array<() => boolean> = [];

function uri(rel: string): string {
  return pathToFileURL(path.join(workspace, rel)).toString();
}

/** Resolves when diagnostics for `rel` satisfy `pred` (or rejects after a timeout). */
function diagnosticsFor(rel: string, pred: (d: Diagnostic[]) => boolean, timeoutMs = 15000): Promise<Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const d = latest.get(uri(rel));
      if (d && pred(d)) {
        clearTimeout(timer);
        resolve(d);
        return true;
      }
      return false;
    };
    const timer = setTimeout(
      () => reject(new Error(`no matching diagnostics for ${rel}; last: ${JSON.stringify(latest.get(uri(rel))?.map((d) => d.code))}`)),
      timeoutMs,
    );
    if (!check()) waiters.push(check);
  });
}

before(async () => {
  workspace = mkdtempSync(path.join(tmpdir(), 'loopwise-lsp-'));
  cpSync(fraudExample(), workspace, { recursive: true });
  mkdirSync(path.join(workspace, 'extra'), { recursive: true });
  writeFileSync(path.join(workspace, 'extra', 'dvc.yaml'), 'stages:\n  build:\n    cmd: python build.py\n    outs:\n      - out.csv\n');
  writeFileSync(path.join(workspace, 'extra', 'params.yaml'), 'seed: 1\n');
  child = spawn(process.execPath, [path.join(repoRoot(), 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  rpc = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  rpc.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    latest.set(p.uri, p.diagnostics);
    publishes.push({ uri: p.uri, version: p.version, codes: p.diagnostics.map((d) => String(d.code)) });
    const pending = waiters.splice(0).filter((w) => !w());
    waiters.push(...pending);
  });
  const progress: string[] = [];
  rpc.onNotification('loopwise/status', (s: LoopwiseStatus) => {
    statuses.push(s);
  });
  rpc.onRequest('window/workDoneProgress/create', () => null);
  rpc.onNotification('$/progress', (p: { value: { kind: string } }) => {
    progress.push(p.value.kind);
  });
  rpc.onRequest('workspace/configuration', () => [{}]);
  rpc.listen();
  const init = await rpc.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(workspace).toString(),
    capabilities: { window: { workDoneProgress: true } },
    workspaceFolders: [{ uri: pathToFileURL(workspace).toString(), name: 'ws' }],
  });
  assert.ok((init as { capabilities: object }).capabilities);
  await rpc.sendNotification('initialized', {});
});

after(async () => {
  rpc?.dispose();
  child?.kill();
  rmSync(workspace, { recursive: true, force: true });
});

test('publishes findings for files that are not open, with code, docs link and source', async () => {
  const diags = await diagnosticsFor('.github/workflows/retrain.yml', (d) => d.some((x) => x.code === 'config/secret-in-config'));
  const secret = diags.find((d) => d.code === 'config/secret-in-config')!;
  assert.equal(secret.source, 'loopwise');
  assert.equal(secret.codeDescription!.href, 'https://github.com/loopwise/loopwise/blob/main/docs/rules/config/secret-in-config.md');
  assert.equal(secret.range.start.line, 18);
  assert.doesNotMatch(String(secret.message), /Fr4ud/, 'the secret itself is never echoed');
});

test('didOpen + didChange: a half-typed file gets one parse diagnostic and keeps its other findings', async () => {
  const rel = 'extra/dvc.yaml';
  const text = 'stages:\n  build:\n    cmd: python build.py\n    params:\n      - missing_param\n    outs:\n      - out.csv\n';
  await rpc.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(rel), languageId: 'yaml', version: 1, text } });
  const first = await diagnosticsFor(rel, (d) => d.some((x) => x.code === 'config/dangling-reference'));
  const dangling = first.find((x) => x.code === 'config/dangling-reference')!;
  assert.deepEqual(dangling.range.start, { line: 4, character: 8 });
  await rpc.sendNotification('textDocument/didChange', {
    textDocument: { uri: uri(rel), version: 2 },
    contentChanges: [{ text: `${text}    deps: [unclosed\n` }],
  });
  const broken = await diagnosticsFor(rel, (d) => d.some((x) => x.code === 'loopwise/syntax-error'));
  assert.equal(broken.filter((x) => x.code === 'loopwise/syntax-error').length, 1);
  assert.ok(
    broken.some((x) => x.code === 'config/dangling-reference'),
    'last good facts are kept while the file is broken',
  );
  await rpc.sendNotification('textDocument/didChange', {
    textDocument: { uri: uri(rel), version: 3 },
    contentChanges: [{ text: text.replace('missing_param', 'seed') }],
  });
  await diagnosticsFor(rel, (d) => !d.some((x) => x.code === 'config/dangling-reference' || x.code === 'loopwise/syntax-error'));
});

test("two stages: the edited file's own diagnostics come first, with the document version", async () => {
  const rel = 'extra/dvc.yaml';
  const from = publishes.length;
  await rpc.sendNotification('textDocument/didChange', {
    textDocument: { uri: uri(rel), version: 4 },
    contentChanges: [{ text: 'stages:\n  build:\n    cmd: python build.py\n    params:\n      - missing_param\n    deps: [unclosed\n' }],
  });
  await diagnosticsFor(rel, (d) => d.some((x) => x.code === 'loopwise/syntax-error'));
  const first = publishes.slice(from).find((p) => p.uri === uri(rel))!;
  assert.equal(first.version, 4, 'stage 1 names the version it is about');
  assert.ok(first.codes.includes('loopwise/syntax-error'));
  await rpc.sendNotification('textDocument/didChange', {
    textDocument: { uri: uri(rel), version: 5 },
    contentChanges: [{ text: 'stages:\n  build:\n    cmd: python build.py\n    params:\n      - seed\n' }],
  });
  await diagnosticsFor(rel, (d) => !d.some((x) => x.code === 'config/dangling-reference' || x.code === 'loopwise/syntax-error'));
});

test('the graph request returns the versioned graph JSON', async () => {
  const res = (await rpc.sendRequest('loopwise/graph', {})) as { graph: { version: number; nodes: unknown[]; edges: unknown[] } };
  assert.equal(res.graph.version, 1);
  assert.ok(res.graph.nodes.length > 5);
  assert.ok(res.graph.edges.length > 5);
});

test('file watching: a deleted file loses its diagnostics, a created one gains them', async () => {
  const rel = 'extra/pipeline/dvc.yaml';
  mkdirSync(path.join(workspace, 'extra', 'pipeline'), { recursive: true });
  writeFileSync(path.join(workspace, rel), 'stages:\n  s:\n    cmd: python s.py\n    params:\n      - nope\n');
  await rpc.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(rel), type: 1 }] });
  await diagnosticsFor(rel, (d) => d.some((x) => x.code === 'config/dangling-reference'));
  rmSync(path.join(workspace, rel));
  await rpc.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(rel), type: 3 }] });
  await diagnosticsFor(rel, (d) => d.length === 0);
});

test('navigation across formats: definition, references, hover, symbols and code lens', async () => {
  const dvcUri = uri('dvc.yaml');
  await rpc.sendNotification('textDocument/didOpen', {
    textDocument: { uri: dvcUri, languageId: 'yaml', version: 1, text: readFileSync(path.join(workspace, 'dvc.yaml'), 'utf8') },
  });
  // `- s3://acme-fraud-data/labels/reviewed.parquet` (line 8) is written by an Airflow task.
  const at = { textDocument: { uri: dvcUri }, position: { line: 7, character: 12 } };
  const defs = (await rpc.sendRequest('textDocument/definition', at)) as Array<{ uri: string; range: { start: { line: number } } }>;
  assert.deepEqual(
    defs.map((d) => `${path.basename(d.uri)}:${d.range.start.line + 1}`),
    ['review_labels.py:15'],
  );
  const refs = (await rpc.sendRequest('textDocument/references', { ...at, context: { includeDeclaration: true } })) as Array<{
    uri: string;
  }>;
  assert.ok(
    refs.some((r) => r.uri.endsWith('review_labels.py')) && refs.some((r) => r.uri.endsWith('dvc.yaml')),
    'named in the DAG and in dvc.yaml',
  );
  const hover = (await rpc.sendRequest('textDocument/hover', at)) as { contents: { value: string } };
  const value = hover.contents.value;
  assert.match(value, /produced by `export_training_labels` \(dags\/review_labels.py\)/);
  assert.match(value, /in feedback loop R1 \(reinforcing, undocumented\)/);
  // The summary first (above the fold), the hop chain last.
  const order = [
    'produced by',
    'read by',
    'owner:',
    'in feedback loop R1',
    '---',
    'R1: `s3://acme-fraud-data/labels/reviewed.parquet` → `prepare`',
  ];
  const at_ = order.map((t) => value.indexOf(t));
  assert.ok(
    at_.every((i) => i >= 0),
    `all of ${order.join(' | ')} in:\n${value}`,
  );
  assert.deepEqual(
    [...at_].sort((a, b) => a - b),
    at_,
    `in this order:\n${value}`,
  );
  assert.ok(value.trimEnd().endsWith('→ `s3://acme-fraud-data/labels/reviewed.parquet`'), 'the chain closes the hover');
  const symbols = (await rpc.sendRequest('textDocument/documentSymbol', { textDocument: { uri: dvcUri } })) as Array<{ name: string }>;
  assert.deepEqual(
    symbols.map((s) => s.name),
    ['prepare', 'black_friday_2023_reweight', 'train', 'evaluate'],
  );
  const lenses = (await rpc.sendRequest('textDocument/codeLens', { textDocument: { uri: dvcUri } })) as Array<{
    command: { title: string };
  }>;
  assert.match(lenses[2].command.title, /^reads 1 · writes 1 · feeds \d+ stages? · in loop R1 · owner fraud-ml$/);
});

test('a path inside a `cmd:` line is a mention: hover, definition and references work from it', async () => {
  const dvcUri = uri('dvc.yaml');
  const text = readFileSync(path.join(workspace, 'dvc.yaml'), 'utf8');
  await rpc.sendNotification('textDocument/didOpen', { textDocument: { uri: dvcUri, languageId: 'yaml', version: 1, text } });
  await diagnosticsFor('dvc.yaml', (d) => d.length > 0);
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes('cmd: python src/prepare.py'));
  const at = { textDocument: { uri: dvcUri }, position: { line, character: lines[line].lastIndexOf('data/prepared') + 3 } };
  const refs = (await rpc.sendRequest('textDocument/references', { ...at, context: { includeDeclaration: true } })) as Array<{
    uri: string;
    range: { start: { line: number } };
  }>;
  const refLines = refs.filter((r) => r.uri === dvcUri).map((r) => r.range.start.line);
  const named = lines.flatMap((l, i) => (/(^|\s|=)data\/prepared(\s|$)/.test(l) ? [i] : []));
  assert.deepEqual(
    [...refLines].sort((a, b) => a - b),
    named,
    'every line naming data/prepared, `cmd:` lines included',
  );
  const defs = (await rpc.sendRequest('textDocument/definition', at)) as Array<{ range: { start: { line: number } } }>;
  assert.deepEqual(
    defs.map((d) => lines[d.range.start.line].trim()),
    ['- data/prepared'],
    'defined where the prepare stage declares it as an out',
  );
  const hover = (await rpc.sendRequest('textDocument/hover', at)) as { contents: { value: string } };
  assert.match(hover.contents.value, /produced by `prepare`/);
  // `src/prepare.py` is code, not a stock: the cursor on it names no node.
  const onScript = { textDocument: { uri: dvcUri }, position: { line, character: lines[line].indexOf('src/prepare.py') + 2 } };
  assert.equal(await rpc.sendRequest('textDocument/hover', onScript), null);
});

test('a line inserted at the top moves every diagnostic and hover of the file by one line (the graph is moved, not relinked)', async () => {
  const dvcUri = uri('dvc.yaml');
  const text = readFileSync(path.join(workspace, 'dvc.yaml'), 'utf8');
  await rpc.sendNotification('textDocument/didOpen', { textDocument: { uri: dvcUri, languageId: 'yaml', version: 1, text } });
  const before = await diagnosticsFor('dvc.yaml', (d) => d.length > 0);
  const startLines = (d: Diagnostic[]) => d.map((x) => x.range.start.line).sort((a, b) => a - b);
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes('cmd: python src/prepare.py'));
  const character = lines[line].lastIndexOf('data/prepared') + 3;
  const moved = startLines(before).map((l) => l + 1);
  await rpc.sendNotification('textDocument/didChange', {
    textDocument: { uri: dvcUri, version: 2 },
    contentChanges: [{ text: `# a note above everything\n${text}` }],
  });
  await diagnosticsFor('dvc.yaml', (d) => JSON.stringify(startLines(d)) === JSON.stringify(moved));
  const hover = (await rpc.sendRequest('textDocument/hover', {
    textDocument: { uri: dvcUri },
    position: { line: line + 1, character },
  })) as {
    contents: { value: string };
  } | null;
  assert.match(hover?.contents.value ?? '', /produced by `prepare`/, 'the mention is found at its new line');
  await rpc.sendNotification('textDocument/didChange', { textDocument: { uri: dvcUri, version: 3 }, contentChanges: [{ text }] });
  await diagnosticsFor('dvc.yaml', (d) => JSON.stringify(startLines(d)) === JSON.stringify(startLines(before)));
});

test("an Airflow task's Python variable is a mention: hover, definition and references work from `a >> b`", async () => {
  const rel = 'dags/review_labels.py';
  const text = readFileSync(path.join(workspace, rel), 'utf8');
  await rpc.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(rel), languageId: 'python', version: 1, text } });
  await diagnosticsFor('dvc.yaml', (d) => d.length > 0);
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes('>> collect_reviewer_labels >>'));
  const at = { textDocument: { uri: uri(rel) }, position: { line, character: lines[line].indexOf('collect_reviewer_labels') + 4 } };
  const defs = (await rpc.sendRequest('textDocument/definition', at)) as Array<{ range: { start: { line: number } } }>;
  assert.deepEqual(
    defs.map((d) => lines[d.range.start.line].trim()),
    ['task_id="collect_reviewer_labels",'],
    'the task is defined where its task_id is',
  );
  const refs = (await rpc.sendRequest('textDocument/references', { ...at, context: { includeDeclaration: true } })) as Array<{
    range: { start: { line: number } };
  }>;
  const refLines = refs.map((r) => r.range.start.line).sort((a, b) => a - b);
  const named = lines.flatMap((l, i) => (l.includes('collect_reviewer_labels') ? [i] : []));
  assert.deepEqual(refLines, named, 'the assignment, the task_id and the dependency chain');
  const hover = (await rpc.sendRequest('textDocument/hover', at)) as { contents: { value: string } } | null;
  assert.ok(hover, 'a hover on the variable');
  assert.match(hover.contents.value, /collect_reviewer_labels/);
});

test('a loop finding: one short message, every hop in relatedInformation', async () => {
  const diags = await diagnosticsFor('dvc.yaml', (d) => d.some((x) => x.code === 'feedback/undocumented-loop'));
  const loop = diags.find((d) => d.code === 'feedback/undocumented-loop')!;
  const message = String(loop.message);
  assert.ok(message.length < 300, message);
  assert.doesNotMatch(message, /→/);
  assert.equal(loop.relatedInformation!.length, 20);
  assert.match(loop.relatedInformation![0].message, /^hop 1: s3:\/\/acme-fraud-data\/labels\/reviewed\.parquet is read by prepare/);
  assert.ok(loop.relatedInformation!.some((r) => r.location.uri.endsWith('/dags/review_labels.py')));
});

test('the status notification: indexing progress, then the loop counts (not a count of problems)', async () => {
  await diagnosticsFor('dvc.yaml', (d) => d.some((x) => x.code === 'feedback/undocumented-loop'));
  assert.ok(
    statuses.some((s) => s.indexing && s.indexing.total > 0),
    `progress while indexing: ${JSON.stringify(statuses.slice(0, 3))}`,
  );
  const last = statuses.at(-1)!;
  assert.deepEqual(last, { loops: 1, undocumented: 1, incomplete: 0 });
});
