// Saves `loopwise check` and `loopwise graph` JSON for every example, test fixture and corpus
// repository into a folder, to compare a refactor's output byte-for-byte (`diff -r before after`).
// One process runs every command (a process per command spends most of its time starting up).
// Usage: node scripts/snapshot-outputs.mjs <out-dir> [dist-dir]  (a copy of dist/ keeps a
// rebuild during the run from mixing versions).
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const [out = '/tmp/loopwise-outputs', dist = path.join(root, 'dist')] = process.argv.slice(2);
const cli = createRequire(import.meta.url)(path.resolve(dist, 'cli.js'));
process.chdir(root);
mkdirSync(out, { recursive: true });

const folders = ['examples', 'test/fixtures', 'test/corpus/files'].flatMap((parent) =>
  readdirSync(parent)
    .filter((name) => statSync(path.join(parent, name)).isDirectory())
    .map((name) => path.join(parent, name)),
);
for (const folder of folders) {
  const name = folder.replace(/\//g, '__');
  for (const command of ['check', 'graph']) {
    const file = path.join(out, `${name}.${command}.json`);
    let code;
    try {
      code = await cli.main([command, folder, '--format', 'json', '-o', file]);
    } catch (e) {
      code = `crash: ${e instanceof Error ? e.message : String(e)}`;
    }
    writeFileSync(`${file}.exit`, `${code}\n`);
  }
}
