// Where tree-sitter's two WASM files are, found from this code's own location: the engine does
// not look at the disk or know where it runs, so the Node host tells it (once, when this module
// loads: every Node entry point reads files through this folder's modules).
import * as path from 'node:path';
import { setPythonWasmCandidates } from '../engine/text/python';

/**
 * Where a WASM file may be: the npm package (tests and benchmarks run from out/), next to the
 * running bundle (dist/*.js, where the build copies it), or in a dist/ or node_modules/ above.
 */
function wasmCandidates(file: string, packagePath: string): string[] {
  const found: string[] = [];
  try {
    found.push(require.resolve(packagePath));
  } catch {
    // not installed next to this code (a packaged extension): the bundle's folder has it
  }
  const here = __dirname;
  found.push(path.join(here, file));
  for (let dir = here; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    found.push(path.join(dir, 'dist', file), path.join(dir, 'node_modules', packagePath));
  }
  return [...new Set(found)];
}

setPythonWasmCandidates({
  runtime: wasmCandidates('web-tree-sitter.wasm', 'web-tree-sitter/web-tree-sitter.wasm'),
  grammar: wasmCandidates('tree-sitter-python.wasm', 'tree-sitter-python/tree-sitter-python.wasm'),
});
