// Smoke test in a real VS Code: the extension activates on the fraud-detection example and
// the language server's diagnostics (the undocumented feedback loop among them) reach VS Code.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'loopwise.loopwise';

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 90_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function loopwiseDiagnostics(): Array<[vscode.Uri, vscode.Diagnostic]> {
  return vscode.languages
    .getDiagnostics()
    .flatMap(([uri, ds]) => ds.filter((d) => d.source === 'loopwise').map((d): [vscode.Uri, vscode.Diagnostic] => [uri, d]));
}

function codeOf(d: vscode.Diagnostic): string | undefined {
  return typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code);
}

suite('Loopwise in VS Code', () => {
  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is installed`);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  test('the undocumented reviewer-label loop is reported with every hop', async () => {
    const [uri, loop] = await waitFor('the feedback loop diagnostic', () =>
      loopwiseDiagnostics().find(([, d]) => codeOf(d) === 'feedback/undocumented-loop'),
    );
    assert.match(uri.path, /dvc\.yaml$/);
    assert.match(loop.message, /reinforcing feedback loop R1/);
    assert.ok((loop.relatedInformation?.length ?? 0) >= 6, 'each hop has a related location');
    const files = new Set(loop.relatedInformation!.map((r) => r.location.uri.path.split('/').slice(-2).join('/')));
    for (const f of ['fraud-detection/dvc.yaml', 'workflows/retrain.yml', 'serving/inference-service.yaml', 'dags/review_labels.py'])
      assert.ok(files.has(f), `a hop in ${f}`);
    assert.equal(loop.source, 'loopwise');
    const code = loop.code as { value: string; target: vscode.Uri };
    assert.match(code.target.toString(), /undocumented-loop/);
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

  test('"Loopwise: Show System Graph" opens the graph panel', async () => {
    await vscode.commands.executeCommand('loopwise.showGraph');
    const tab = await waitFor('the graph tab', () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('loopwise.graph')),
    );
    assert.match(tab.label, /Loopwise/);
  });

  test('restarting the server brings the diagnostics back', async () => {
    await vscode.commands.executeCommand('loopwise.restartServer');
    await waitFor('diagnostics after restart', () => loopwiseDiagnostics().find(([, d]) => codeOf(d) === 'feedback/undocumented-loop'));
  });
});
