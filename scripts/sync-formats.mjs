// Writes what the editor side derives from the format declarations (server/src/engine/sources/
// formats.ts): package.json's activation events and the client's document patterns. Run after a
// build when an adapter's globs change; test/unit/formats.test.ts fails while they are out of step.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const { activationGlobs, documentPatterns } = await import(path.join(root, 'out/server/src/engine/sources/formats.js'));

const pkgPath = path.join(root, 'package.json');
const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
pkg.activationEvents = [...activationGlobs().map((g) => `workspaceContains:${g}`), 'onLanguage:yaml', 'onLanguage:python'];
writeFileSync(pkgPath, `${JSON.stringify(pkg, null, 2)}\n`);
writeFileSync(path.join(root, 'client/src/documentPatterns.json'), `${JSON.stringify(documentPatterns(), null, 2)}\n`);
console.log(`activation events: ${pkg.activationEvents.length}, document patterns: ${documentPatterns().length}`);
