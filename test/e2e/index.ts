// extensionTestsPath entry: VS Code (code-server or Electron) calls run() in the extension host.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { harness } from './harness';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 120_000, reporter: 'spec' });
  // Clicks inside a webview need the browser driver of scripts/vscode-e2e; @vscode/test-electron has none.
  if (!harness.driver) {
    console.log('No browser driver (not run by scripts/vscode-e2e): tests marked [browser driver] are left out.');
    mocha.grep('[browser driver]').invert();
  }
  for (const f of fs.readdirSync(__dirname).filter((f) => f.endsWith('.e2e.js'))) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} e2e test(s) failed`)) : resolve()));
  });
}
