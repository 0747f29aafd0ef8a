// What the harness that started VS Code tells the tests (scripts/vscode-e2e/run.mjs sets these
// variables in code-server's environment, which the extension host inherits). Under
// @vscode/test-electron none is set: the extension runs from the source folder, trusted.
export const harness = {
  /** The extension under test was installed from the .vsix (no development folder of its own). */
  installed: process.env.VSCODE_E2E_INSTALLED === '1',
  /** Workspace trust is on and the folder is not trusted (Restricted Mode). */
  untrusted: process.env.VSCODE_E2E_UNTRUSTED === '1',
  /** The browser driver's address: it clicks in the workbench page, webviews included. */
  driver: process.env.VSCODE_E2E_DRIVER,
};

/** Clicks the first element matching `selector` in any frame of the workbench (a webview's too). */
export async function clickInWorkbench(selector: string): Promise<void> {
  if (!harness.driver) throw new Error('no browser driver: run the suite with scripts/vscode-e2e/run.mjs');
  const response = await fetch(`${harness.driver}/click`, { method: 'POST', body: JSON.stringify({ selector }) });
  if (!response.ok) throw new Error(`click on ${selector} failed: ${await response.text()}`);
}
