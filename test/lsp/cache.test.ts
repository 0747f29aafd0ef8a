// The language server keeps facts between sessions in the folder the client gives it: a
// reopened workspace takes unchanged files from the cache and reports the same diagnostics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { repoRoot, fraudExample } from '../helpers/paths';

interface Session {
  log: string;
  diagnostics: Map<string, string[]>;
}

/** Starts the server on `root`, waits until it has read the folder and published, then shuts it down. */
async function session(root: string, cacheFolder: string): Promise<Session> {
  const child = spawn(process.execPath, [path.join(repoRoot(), 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const rpc = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const diagnostics = new Map<string, string[]>();
  let log = '';
  let read: () => void = () => undefined;
  const readDone = new Promise<void>((resolve) => (read = resolve));
  rpc.onNotification(
    'textDocument/publishDiagnostics',
    (p: PublishDiagnosticsParams) =>
      void diagnostics.set(
        p.uri,
        p.diagnostics.map((d: Diagnostic) => `${d.range.start.line}:${d.range.start.character} ${String(d.code)} ${d.message}`).sort(),
      ),
  );
  rpc.onNotification('window/logMessage', (p: { message: string }) => {
    log += `${p.message}\n`;
    if (p.message.startsWith('Loopwise read')) read();
  });
  rpc.onRequest('window/workDoneProgress/create', () => null);
  rpc.onRequest('workspace/configuration', () => [{}]);
  rpc.listen();
  try {
    await rpc.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
      workspaceFolders: [{ uri: pathToFileURL(root).toString(), name: 'w' }],
      initializationOptions: { cacheFolder },
    });
    await rpc.sendNotification('initialized', {});
    await readDone;
    // The graph request waits for indexing and the first publish to finish.
    await rpc.sendRequest('loopwise/graph', {});
    await new Promise((resolve) => setTimeout(resolve, 300));
    await rpc.sendRequest('shutdown');
    await rpc.sendNotification('exit');
    return { log, diagnostics };
  } finally {
    rpc.dispose();
    child.kill();
  }
}

test('a reopened workspace comes from the cache, with the same diagnostics; a changed file is read again', async () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'loopwise-lsp-cache-'));
  const root = path.join(tmp, 'repo');
  const cacheFolder = path.join(tmp, 'storage', 'loopwise');
  cpSync(fraudExample(), root, { recursive: true });
  try {
    const first = await session(root, cacheFolder);
    assert.doesNotMatch(first.log, /from the cache/);
    assert.equal(readdirSync(cacheFolder).filter((f) => f.endsWith('.cache')).length, 1, 'one cache file for the folder');
    const dvc = pathToFileURL(path.join(root, 'dvc.yaml')).toString();
    assert.ok((first.diagnostics.get(dvc) ?? []).length > 0, 'dvc.yaml has findings to compare');

    const second = await session(root, cacheFolder);
    const files = Number(/Loopwise read .*: (\d+) files, (\d+) of them from the cache/.exec(second.log)?.[1]);
    const cached = Number(/(\d+) of them from the cache/.exec(second.log)?.[1]);
    assert.ok(cached >= 10 && cached <= files, second.log);
    assert.match(second.log, /with the last session's analysis/, "it started from the first session's analysis");
    assert.deepEqual([...second.diagnostics].sort(), [...first.diagnostics].sort());

    const dag = path.join(root, 'dags', 'review_labels.py');
    writeFileSync(dag, readFileSync(dag, 'utf8').replace(/fraud\.flagged_transactions/g, 'fraud.flagged_transactions_v2'));
    const third = await session(root, cacheFolder);
    assert.equal(Number(/(\d+) of them from the cache/.exec(third.log)?.[1]), cached - 1, third.log);
    assert.notDeepEqual([...third.diagnostics].sort(), [...first.diagnostics].sort(), 'the edit shows');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
