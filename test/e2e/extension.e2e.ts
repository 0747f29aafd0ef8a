// The extension in a real VS Code, on the fraud-detection example: activation (from the
// installed package, in Restricted Mode under `npm run test:e2e`), the language server's
// diagnostics, quick fixes applied as VS Code applies them, hover and go to definition across
// formats, diagnostics following an edit, and the graph panel drawing and opening sources.
// Edits are made in editor buffers only and reverted: the example on disk is never changed
// (checked at the end).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GraphJson } from '../../server/src/engine/model/graphJson';
import type { LoopwiseApi } from '../../client/src/extension';
import type { GraphRenderReport } from '../../client/src/graphPanel';
import { clickInWorkbench, harness } from './harness';

const EXTENSION_ID = 'loopwise.loopwise';
const REPO_ROOT = path.resolve(__dirname, '..', '..');

async function waitForAsync<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 90_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function loopwiseDiagnostics(uri?: vscode.Uri): Array<[vscode.Uri, vscode.Diagnostic]> {
  const all = uri ? [[uri, vscode.languages.getDiagnostics(uri)] as const] : vscode.languages.getDiagnostics();
  return all.flatMap(([u, ds]) => ds.filter((d) => d.source === 'loopwise').map((d): [vscode.Uri, vscode.Diagnostic] => [u, d]));
}

function codeOf(d: vscode.Diagnostic): string | undefined {
  return typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code);
}

function workspaceFile(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, rel);
}

/** Every file of the example and its bytes, to prove at the end that the tests changed none. */
function snapshotFolder(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else files.set(path.relative(root, p), fs.readFileSync(p, 'utf8'));
    }
  };
  walk(root);
  return files;
}

/**
 * Puts the document back as it was and saves it: the file on disk ends as it began whether or
 * not the editor saved the edit meanwhile (auto save).
 */
async function restore(document: vscode.TextDocument, text: string): Promise<void> {
  if (document.getText() !== text) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, document.validateRange(new vscode.Range(0, 0, document.lineCount, 0)), text);
    assert.equal(await vscode.workspace.applyEdit(edit), true, `${document.uri.path} restored`);
  }
  if (document.isDirty) assert.equal(await document.save(), true, `${document.uri.path} saved`);
}

function commentLines(text: string): string[] {
  return text.split('\n').filter((l) => /^\s*#/.test(l) || /\s#\s/.test(l));
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

/** Resolves with the first report that `accept` takes; subscribe before triggering the drawing. */
function nextRender(api: LoopwiseApi, accept: (r: GraphRenderReport) => boolean, timeoutMs = 90_000): Promise<GraphRenderReport> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error('timed out waiting for the graph page to report a drawing'));
    }, timeoutMs);
    const sub = api.onDidRenderGraph((r) => {
      if (!accept(r)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(r);
    });
  });
}

suite('Loopwise in VS Code', () => {
  let extension: vscode.Extension<LoopwiseApi>;
  let api: LoopwiseApi;
  let exampleBefore: Map<string, string>;

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<LoopwiseApi>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is installed`);
    extension = ext;
    exampleBefore = snapshotFolder(workspaceFile('').fsPath);
    api = await ext.activate();
    assert.equal(ext.isActive, true);
  });

  suiteTeardown(() => {
    const after = snapshotFolder(workspaceFile('').fsPath);
    for (const [file, text] of exampleBefore) assert.equal(after.get(file), text, `${file} is unchanged on disk`);
  });

  test('the extension under test is the one the harness says: the installed package, or the source folder', () => {
    const where = extension.extensionPath;
    if (harness.installed) {
      const fromRepo = path.relative(REPO_ROOT, where);
      assert.ok(fromRepo.startsWith('..') || path.isAbsolute(fromRepo), `${where} is outside the repository`);
      // VS Code's extensions folder lists what it installed in extensions.json.
      assert.ok(fs.existsSync(path.join(path.dirname(where), 'extensions.json')), `${where} is in an extensions folder`);
      assert.equal(path.basename(where), `loopwise.loopwise-${extension.packageJSON.version as string}`);
      // A package holds the bundles only: no sources, no node_modules.
      for (const absent of ['client', 'server', 'node_modules', 'dist/cli.js'])
        assert.equal(fs.existsSync(path.join(where, absent)), false, `${absent} is not in the package`);
      for (const present of ['dist/server.js', 'dist/web-tree-sitter.wasm', 'dist/tree-sitter-python.wasm', 'media/dist/graph.js'])
        assert.ok(fs.existsSync(path.join(where, present)), `${present} is in the package`);
    } else assert.equal(where, REPO_ROOT);
  });

  test('it runs in Restricted Mode: it declares untrusted-workspace support and activates in an untrusted folder', () => {
    const capabilities = extension.packageJSON.capabilities as { untrustedWorkspaces?: { supported?: unknown } };
    assert.equal(capabilities.untrustedWorkspaces?.supported, true);
    assert.equal(
      vscode.workspace.isTrusted,
      !harness.untrusted,
      `workspace.isTrusted under ${harness.untrusted ? '--untrusted' : 'trust'}`,
    );
    assert.equal(extension.isActive, true);
  });

  test('the undocumented reviewer-label loop is reported with every hop', async () => {
    const [uri, loop] = await waitFor('the feedback loop diagnostic', () =>
      loopwiseDiagnostics().find(([, d]) => codeOf(d) === 'feedback/undocumented-loop'),
    );
    assert.match(uri.path, /dvc\.yaml$/);
    assert.match(loop.message, /reinforcing feedback loop R1/);
    assert.ok((loop.relatedInformation?.length ?? 0) >= 6, 'each hop has a related location');
    const files = new Set(loop.relatedInformation!.map((r) => r.location.uri.path.split('/').slice(-2).join('/')));
    // The DAG hop needs tree-sitter's WASM files, which the package carries in dist/.
    for (const f of ['fraud-detection/dvc.yaml', 'workflows/retrain.yml', 'serving/inference-service.yaml', 'dags/review_labels.py'])
      assert.ok(files.has(f), `a hop in ${f}`);
    assert.equal(loop.source, 'loopwise');
    const code = loop.code as { value: string; target: vscode.Uri };
    // The rule's page in the repository (package.json `repository`), which the browser renders.
    const repository = (extension.packageJSON as { repository: { url: string } }).repository.url.replace(/\.git$/, '');
    assert.equal(code.target.scheme, 'https');
    assert.equal(code.target.toString(true), `${repository}/blob/main/docs/rules/feedback/undocumented-loop.md`);
  });

  test('the plaintext credential is an error and its value is never shown', async () => {
    const [, secret] = await waitFor('the secret diagnostic', () =>
      loopwiseDiagnostics().find(([, d]) => codeOf(d) === 'config/secret-in-config'),
    );
    assert.equal(secret.severity, vscode.DiagnosticSeverity.Error);
    assert.doesNotMatch(secret.message, /Fr4ud/);
  });

  test('commands are registered', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const c of ['loopwise.restartServer', 'loopwise.showGraph', 'loopwise.showOutput']) assert.ok(commands.includes(c), c);
  });

  test('hover and go to definition cross formats: a DVC dependency resolves to the Airflow task that writes it', async () => {
    const dvc = await vscode.workspace.openTextDocument(workspaceFile('dvc.yaml'));
    // line 8: `- s3://acme-fraud-data/labels/reviewed.parquet`, written by dags/review_labels.py line 15
    assert.match(dvc.lineAt(7).text, /s3:\/\/acme-fraud-data\/labels\/reviewed\.parquet/);
    const at = new vscode.Position(7, 12);
    // The server answers once its first analysis is done: ask until it has an answer.
    const targets = await waitForAsync('definitions from the server', async () => {
      const found = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>(
        'vscode.executeDefinitionProvider',
        dvc.uri,
        at,
      );
      return found?.length ? found : undefined;
    });
    const where = targets.map((t) => ('targetUri' in t ? [t.targetUri, t.targetRange] : [t.uri, t.range]) as [vscode.Uri, vscode.Range]);
    assert.deepEqual(
      where.map(([u, r]) => `${path.basename(u.path)}:${r.start.line + 1}`),
      ['review_labels.py:15'],
    );
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', dvc.uri, at);
    const text = hoverText(hovers);
    assert.match(text, /produced by `export_training_labels` \(dags\/review_labels.py\)/);
    assert.match(text, /in feedback loop R1 \(reinforcing, undocumented\)/);
  });

  test('a quick fix applied as VS Code applies it changes the file, keeps its comments, and the finding goes', async () => {
    const uri = workspaceFile('.github/workflows/retrain.yml');
    const document = await vscode.workspace.openTextDocument(uri);
    const before = document.getText();
    try {
      const [, secret] = await waitFor('the secret diagnostic', () =>
        loopwiseDiagnostics(uri).find(([, d]) => codeOf(d) === 'config/secret-in-config'),
      );
      // Asked again until the server answers with the fixes: right after the file opens it may
      // still be re-analysing, as VS Code's lightbulb also asks again when the cursor moves.
      const actions = await waitForAsync('the quick fixes of the secret', async () => {
        const found = await vscode.commands.executeCommand<vscode.CodeAction[]>(
          'vscode.executeCodeActionProvider',
          uri,
          secret.range,
          vscode.CodeActionKind.QuickFix.value,
        );
        return found.length > 0 ? found : undefined;
      });
      assert.deepEqual(
        actions.map((a) => [a.title, !!a.isPreferred]),
        [
          ['Read WAREHOUSE_PASSWORD from the GitHub Actions secret secrets.WAREHOUSE_PASSWORD', true],
          ['Ignore config/secret-in-config here', false],
        ],
      );
      const fix = actions[0];
      assert.ok(fix.edit, `the fix carries its edit: ${JSON.stringify(fix)}`);
      assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
      const after = document.getText();
      assert.notEqual(after, before);
      assert.match(after, /WAREHOUSE_PASSWORD: "\$\{\{ secrets\.WAREHOUSE_PASSWORD \}\}"/);
      assert.doesNotMatch(after, /Fr4ud/);
      assert.deepEqual(commentLines(after), commentLines(before));
      assert.ok(commentLines(before).length > 0, 'the file has comments to keep');
      await waitFor('the secret diagnostic to go', () =>
        loopwiseDiagnostics(uri).some(([, d]) => codeOf(d) === 'config/secret-in-config') ? undefined : true,
      );
    } finally {
      await restore(document, before);
    }
    await waitFor('the secret diagnostic back after the revert', () =>
      loopwiseDiagnostics(uri).find(([, d]) => codeOf(d) === 'config/secret-in-config'),
    );
  });

  test('an edit updates the diagnostics: an image moved to `latest` is reported, and the report goes with the edit', async () => {
    const uri = workspaceFile('serving/inference-service.yaml');
    const document = await vscode.workspace.openTextDocument(uri);
    const before = document.getText();
    const line = document.lineAt(23);
    assert.match(line.text, /fraud-transformer:2\.3\.1/);
    const unpinnedImage = (): vscode.Diagnostic | undefined =>
      loopwiseDiagnostics(uri).find(([, d]) => codeOf(d) === 'config/unpinned-version' && d.range.start.line === 23)?.[1];
    assert.equal(unpinnedImage(), undefined, 'a pinned image is not reported');
    try {
      const edit = new vscode.WorkspaceEdit();
      const at = line.text.indexOf('2.3.1');
      edit.replace(uri, new vscode.Range(23, at, 23, at + '2.3.1'.length), 'latest');
      assert.equal(await vscode.workspace.applyEdit(edit), true);
      const reported = await waitFor('the unpinned image diagnostic', unpinnedImage);
      assert.match(reported.message, /ghcr\.io\/acme\/fraud-transformer.*latest/);
    } finally {
      await restore(document, before);
    }
    await waitFor('the image diagnostic to go after the revert', () => (unpinnedImage() ? undefined : true));
  });

  test('the graph panel reports that it drew the graph: its nodes and loop R1', async () => {
    const drawn = nextRender(api, (r) => r.type === 'renderFailed' || r.nodes.length > 0);
    await vscode.commands.executeCommand('loopwise.showGraph');
    const tab = await waitFor('the graph tab', () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('loopwise.graph')),
    );
    assert.match(tab.label, /Loopwise/);
    const report = await drawn;
    assert.equal(report.type, 'rendered', report.type === 'renderFailed' ? report.error : '');
    if (report.type !== 'rendered') return;
    const graph = await graphModel();
    assert.equal(report.nodes.length, graph.nodes.length, 'every node of the model is drawn');
    assert.deepEqual([...report.nodes].sort(), graph.nodes.map((n) => n.id).sort());
    assert.deepEqual(report.loops, ['R1']);
    assert.ok(report.edges > 0);
    assert.equal(report.findings, 8, 'the eight planted findings (examples/fraud-detection/EXPECTED.md)');
  });

  // Needs the browser driver of scripts/vscode-e2e (index.ts leaves it out without one).
  test('clicking a node in the graph opens its source beside the panel, at its line [browser driver]', async () => {
    const graph = await graphModel();
    const train = graph.nodes.find((n) => n.kind === 'stage' && n.label === 'train' && n.file === 'dvc.yaml');
    assert.ok(train?.range, 'the DVC stage `train` and its range');
    const opened = new Promise<vscode.TextEditor>((resolve) => {
      const sub = vscode.window.onDidChangeActiveTextEditor((e) => {
        if (e?.document.uri.path.endsWith('/dvc.yaml')) {
          sub.dispose();
          resolve(e);
        }
      });
    });
    await clickInWorkbench(`g.node[data-key=${JSON.stringify(train.id)}]`);
    const editor = await Promise.race([
      opened,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('dvc.yaml was not opened')), 30_000)),
    ]);
    assert.equal(editor.selection.start.line, train.range.start.line);
    assert.equal(editor.document.lineAt(train.range.start.line).text.trim(), 'train:');
    const panelColumn = api.graphViewColumn();
    assert.ok(panelColumn !== undefined, 'the graph panel is still visible');
    assert.notEqual(editor.viewColumn, panelColumn, 'the source opens beside the graph, not in its place');
  });

  test('restarting the server brings the diagnostics back', async () => {
    await vscode.commands.executeCommand('loopwise.restartServer');
    await waitFor('diagnostics after restart', () => loopwiseDiagnostics().find(([, d]) => codeOf(d) === 'feedback/undocumented-loop'));
  });

  async function graphModel(): Promise<GraphJson> {
    const client = api.client();
    assert.ok(client, 'the language client is running');
    const data = await client.sendRequest<{ graph: GraphJson }>('loopwise/graph', { uri: workspaceFile('').toString() });
    return data.graph;
  }
});
