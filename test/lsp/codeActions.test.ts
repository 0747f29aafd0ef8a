// Code actions over stdio, as an editor asks for them: a diagnostic's quick fixes (snippet
// edits, files created first), "Ignore <rule> here", and fix-all for a file (on save) and
// for the workspace.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-languageserver-protocol/node';
import type {
  CodeAction,
  CreateFile,
  Diagnostic,
  PublishDiagnosticsParams,
  ShowDocumentParams,
  SnippetTextEdit,
  TextDocumentEdit,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { repoRoot, fraudExample } from '../helpers/paths';
import { workspaceEditFor } from '../../server/src/lsp/codeActions';
import { applyEdits } from '../../server/src/engine/fixes/apply';

let child: ChildProcess;
let rpc: MessageConnection;
let fraud: string;
let small: string;
const latest = new Map<string, Diagnostic[]>();
const listeners = new Set<() => void>();
const shown: ShowDocumentParams[] = [];

const uri = (root: string, rel: string) => pathToFileURL(path.join(root, rel)).toString();

function diagnosticsFor(root: string, rel: string, pred: (d: Diagnostic[]) => boolean, timeoutMs = 30_000): Promise<Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const d = latest.get(uri(root, rel));
      if (!d || !pred(d)) return;
      listeners.delete(check);
      clearTimeout(timer);
      resolve(d);
    };
    const timer = setTimeout(() => {
      listeners.delete(check);
      reject(new Error(`no matching diagnostics for ${rel}; last: ${JSON.stringify(latest.get(uri(root, rel))?.map((d) => d.code))}`));
    }, timeoutMs);
    listeners.add(check);
    check();
  });
}

before(async () => {
  fraud = mkdtempSync(path.join(tmpdir(), 'loopwise-actions-'));
  cpSync(fraudExample(), fraud, { recursive: true });
  small = mkdtempSync(path.join(tmpdir(), 'loopwise-actions-small-'));
  mkdirSync(small, { recursive: true });
  writeFileSync(
    path.join(small, 'dvc.yaml'),
    'stages:\n  a:\n    cmd: python a.py\n    outs:\n      - out/predictions.parquet\n  b:\n    cmd: python b.py\n    deps:\n      - out/predictions.csv\n',
  );
  child = spawn(process.execPath, [path.join(repoRoot(), 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  rpc = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  rpc.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    latest.set(p.uri, p.diagnostics);
    for (const l of [...listeners]) l();
  });
  rpc.onRequest('window/workDoneProgress/create', () => null);
  rpc.onRequest('workspace/configuration', () => [{}]);
  rpc.listen();
  const capabilities = {
    workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['create'], snippetEditSupport: true } },
    window: { showDocument: { support: true } },
  };
  rpc.onRequest('window/showDocument', (p: ShowDocumentParams) => {
    shown.push(p);
    return { success: true };
  });
  const init = (await rpc.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities,
    initializationOptions: { clientCommands: ['loopwise.showLoop'] },
    workspaceFolders: [
      { uri: pathToFileURL(fraud).toString(), name: 'fraud' },
      { uri: pathToFileURL(small).toString(), name: 'small' },
    ],
  })) as { capabilities: { codeActionProvider: { codeActionKinds: string[] } } };
  assert.deepEqual(init.capabilities.codeActionProvider.codeActionKinds, ['quickfix', 'source.fixAll.loopwise']);
  await rpc.sendNotification('initialized', {});
});

after(() => {
  rpc?.dispose();
  child?.kill();
  rmSync(fraud, { recursive: true, force: true });
  rmSync(small, { recursive: true, force: true });
});

function codeActions(
  root: string,
  rel: string,
  context: { diagnostics: Diagnostic[]; only?: string[]; triggerKind?: 1 | 2 },
  range = context.diagnostics[0]?.range,
): Promise<CodeAction[]> {
  return rpc.sendRequest('textDocument/codeAction', {
    textDocument: { uri: uri(root, rel) },
    range: range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { triggerKind: 1, ...context },
  }) as Promise<CodeAction[]>;
}

/** Applies a workspace edit to the files on disk, as a client would (placeholders take their defaults). */
function applyToDisk(edit: WorkspaceEdit): string[] {
  const touched: string[] = [];
  for (const change of edit.documentChanges ?? []) {
    if ('kind' in change) {
      if (change.kind === 'create') writeFileSync(fileURLToPath((change as CreateFile).uri), '', { flag: 'a' });
      continue;
    }
    const file = fileURLToPath(change.textDocument.uri);
    const edits = (change as TextDocumentEdit).edits.map((e) => ({
      file,
      range: e.range,
      newText: 'snippet' in e ? (e as SnippetTextEdit).snippet.value.replace(/\$\{\d+:([^}]*)\}/g, '$1') : (e as TextEdit).newText,
    }));
    writeFileSync(file, applyEdits(readFileSync(file, 'utf8'), edits));
    touched.push(file);
  }
  return touched;
}

test("fix all on save: only the file's own fixes, and no workspace-wide action", async () => {
  const diags = await diagnosticsFor(fraud, '.github/workflows/retrain.yml', (d) => d.some((x) => x.code === 'config/secret-in-config'));
  const onSave = await codeActions(
    fraud,
    '.github/workflows/retrain.yml',
    { diagnostics: [], only: ['source.fixAll'], triggerKind: 2 },
    { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
  );
  assert.deepEqual(
    onSave.map((a) => [a.title, a.kind]),
    [['Fix all auto-fixable Loopwise problems in this file', 'source.fixAll.loopwise']],
  );
  const changes = onSave[0].edit!.documentChanges as TextDocumentEdit[];
  assert.deepEqual(
    changes.map((c) => c.textDocument.uri),
    [uri(fraud, '.github/workflows/retrain.yml')],
  );
  assert.deepEqual(
    changes[0].edits.map((e) => (e as TextEdit).newText),
    ['"${{ secrets.WAREHOUSE_PASSWORD }}"'],
  );
  assert.ok(diags.length > 0);
});

test('fix all in the workspace, when asked for: every file, no overlapping edits', async () => {
  await diagnosticsFor(fraud, 'dags/nightly_aggregates.py', (d) => d.some((x) => x.code === 'pipeline/schedule-race'));
  const actions = await codeActions(fraud, 'dags/nightly_aggregates.py', {
    diagnostics: [],
    only: ['source.fixAll.loopwise'],
    triggerKind: 1,
  });
  const everywhere = actions.find((a) => a.title === 'Fix all auto-fixable Loopwise problems in the workspace');
  assert.ok(everywhere, actions.map((a) => a.title).join(', '));
  const files = (everywhere.edit!.documentChanges as TextDocumentEdit[])
    .map((c) => path.relative(fraud, fileURLToPath(c.textDocument.uri)))
    .sort();
  assert.deepEqual(files, ['.github/workflows/retrain.yml', 'dags/daily_consumers.py', 'dags/nightly_aggregates.py']);
  for (const c of everywhere.edit!.documentChanges as TextDocumentEdit[]) {
    const text = readFileSync(fileURLToPath(c.textDocument.uri), 'utf8');
    applyEdits(
      text,
      c.edits.map((e) => ({ file: '', range: e.range, newText: (e as TextEdit).newText })),
    ); // throws on overlap
  }
});

test('a diagnostic\'s quick fixes: the preferred fix, then "Ignore <rule> here" as a snippet; applying the fix clears the diagnostic', async () => {
  const rel = '.github/workflows/retrain.yml';
  const diags = await diagnosticsFor(fraud, rel, (d) => d.some((x) => x.code === 'config/secret-in-config'));
  const secret = diags.find((d) => d.code === 'config/secret-in-config')!;
  const actions = await codeActions(fraud, rel, { diagnostics: [secret] });
  assert.deepEqual(
    actions.map((a) => [a.title, a.kind, !!a.isPreferred]),
    [
      ['Read WAREHOUSE_PASSWORD from the GitHub Actions secret secrets.WAREHOUSE_PASSWORD', 'quickfix', true],
      ['Ignore config/secret-in-config here', 'quickfix', false],
    ],
  );
  assert.deepEqual(actions[0].diagnostics, [secret]);
  const ignore = (actions[1].edit!.documentChanges![0] as TextDocumentEdit).edits[0] as SnippetTextEdit;
  assert.deepEqual(ignore.snippet, { kind: 'snippet', value: '      # loopwise-ignore config/secret-in-config: ${1:reason}\n' });
  assert.doesNotMatch(JSON.stringify(actions), /Fr4ud/);
  applyToDisk(actions[0].edit!);
  const text = readFileSync(path.join(fraud, rel), 'utf8');
  await rpc.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(fraud, rel), languageId: 'yaml', version: 1, text } });
  await diagnosticsFor(fraud, rel, (d) => !d.some((x) => x.code === 'config/secret-in-config'));
});

test('documenting a loop: a snippet edit to the card, not preferred, that opens the card on the first placeholder; left as written the loop stays reported', async () => {
  const diags = await diagnosticsFor(fraud, 'dvc.yaml', (d) => d.some((x) => x.code === 'feedback/undocumented-loop'));
  const loop = diags.find((d) => d.code === 'feedback/undocumented-loop')!;
  const actions = await codeActions(fraud, 'dvc.yaml', { diagnostics: [loop] });
  assert.deepEqual(
    actions.map((a) => [a.title, !!a.isPreferred]),
    [
      ['Document this loop (R1) in mlsystem.yaml', false],
      ['Show loop R1 as a causal loop diagram', false],
      ['Ignore feedback/undocumented-loop here', false],
    ],
  );
  const [document, show] = actions;
  assert.deepEqual(show.command, {
    title: 'Show loop R1 as a causal loop diagram',
    command: 'loopwise.showLoop',
    arguments: ['R1', uri(fraud, 'dvc.yaml')],
  });
  assert.equal(show.edit, undefined);
  const changes = document.edit!.documentChanges!;
  assert.equal(changes.length, 1, 'the card exists: nothing to create');
  const edit = (changes[0] as TextDocumentEdit).edits[0] as SnippetTextEdit;
  assert.equal((changes[0] as TextDocumentEdit).textDocument.uri, uri(fraud, 'mlsystem.yaml'));
  assert.match(
    edit.snippet.value,
    /\n {4}owner: \$\{1:fraud-ml\}\n {4}monitor: \$\{2:what watches this loop\}\n {4}brake: \$\{3:[^}]+\}\n$/,
  );

  // After the edit the client runs the command: the server asks to show the card, the placeholder selected.
  assert.equal(document.command?.command, 'loopwise.revealCardEntry');
  applyToDisk(document.edit!);
  const card = readFileSync(path.join(fraud, 'mlsystem.yaml'), 'utf8');
  await rpc.sendRequest('workspace/executeCommand', { command: document.command.command, arguments: document.command.arguments });
  const request = shown.at(-1)!;
  assert.equal(request.uri, uri(fraud, 'mlsystem.yaml'));
  assert.equal(request.takeFocus, true);
  const lines = card.split('\n');
  const { start, end } = request.selection!;
  assert.equal(start.line, end.line);
  assert.equal(lines[start.line].slice(start.character, end.character), 'fraud-ml');
  assert.match(lines[start.line], /^ {4}owner: fraud-ml$/);

  await rpc.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(fraud, 'mlsystem.yaml'), type: 2 }] });
  const after = await diagnosticsFor(fraud, 'dvc.yaml', (d) => d.some((x) => /incompletely documented/.test(String(x.message))));
  const incomplete = after.find((d) => d.code === 'feedback/undocumented-loop')!;
  assert.match(String(incomplete.message), /^Feedback loop R1 is incompletely documented/);
  assert.equal(incomplete.range.start.line, loop.range.start.line, 'where the warning was');
  const again = await codeActions(fraud, 'dvc.yaml', { diagnostics: [incomplete] });
  assert.ok(!again.some((a) => a.title.startsWith('Document this loop')), 'the entry is not written twice');
});

test('a fix that needs a new file creates it first', async () => {
  const diags = await diagnosticsFor(small, 'dvc.yaml', (d) => d.some((x) => x.code === 'pipeline/dangling-input'));
  const dangling = diags.find((d) => d.code === 'pipeline/dangling-input')!;
  const actions = await codeActions(small, 'dvc.yaml', { diagnostics: [dangling] });
  const declare = actions.find((a) => a.title === 'Declare out/predictions.csv as an external input in mlsystem.yaml');
  assert.ok(declare, actions.map((a) => a.title).join(', '));
  assert.equal(declare.isPreferred, false, 'not preferred: its description and owner are left to fill in');
  const [create, edit] = declare.edit!.documentChanges!;
  assert.deepEqual(create, { kind: 'create', uri: uri(small, 'mlsystem.yaml'), options: { ignoreIfExists: true } });
  assert.equal((edit as TextDocumentEdit).textDocument.uri, uri(small, 'mlsystem.yaml'));
  applyToDisk(declare.edit!);
  assert.match(
    readFileSync(path.join(small, 'mlsystem.yaml'), 'utf8'),
    /^# Loopwise system card[^\n]*\nversion: 1\n\nexternal:\n {2}- name: out\/predictions\.csv\n/,
  );
});

test('clients without documentChanges get plain changes with placeholders filled in', () => {
  const fix = {
    title: 't',
    snippet: true,
    edits: [
      {
        file: 'a.yaml',
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        newText: 'owner: ${1:team} \\$HOME\n',
      },
    ],
  };
  const edit = workspaceEditFor(
    [fix],
    { exists: () => false, uriOf: (f) => `file:///w/${f}` },
    { documentChanges: false, createFiles: false, snippets: false },
  );
  assert.deepEqual(edit, { changes: { 'file:///w/a.yaml': [{ range: fix.edits[0].range, newText: 'owner: team $HOME\n' }] } });
});
