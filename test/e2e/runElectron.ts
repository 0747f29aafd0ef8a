// The same e2e suite under @vscode/test-electron, for machines that can download VS Code.
// (Here they cannot: `npm run test:e2e` uses code-server + Chromium instead; see scripts/vscode-e2e.)
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..');
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'out', 'e2e', 'index.js'),
    launchArgs: [path.join(root, 'examples', 'fraud-detection'), '--disable-extensions', '--disable-workspace-trust'],
  });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
