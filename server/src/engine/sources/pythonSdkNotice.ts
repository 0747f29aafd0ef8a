// Python files written for a pipeline SDK that Loopwise has no adapter for. They are read for
// nothing but the import: the analysis says once per SDK that it did not read them
// (`loopwise/unsupported-sdk`), so that no findings there never reads as "no debt there".
import type { SourceAdapter, SourceFile } from './adapter';
import type { FileFacts } from '../model/facts';
import { emptyFacts } from '../model/facts';
import { LineIndex } from '../text/lineIndex';

/** SDKs by the module a pipeline file imports. */
const SDKS: Array<[string, RegExp]> = [
  ['Luigi', /^[ \t]*(?:from[ \t]+luigi(?:\.[\w.]+)?[ \t]+import|import[ \t]+luigi)\b/m],
  // Azure ML pipelines written with the Python SDK v2 (the YAML jobs are read: sources/azureml.ts).
  [
    'Azure ML (Python SDK)',
    /^[ \t]*(?:from[ \t]+azure\.ai\.ml(?:\.dsl)?[ \t]+import[ \t]+(?:[\w, \t(]*\b)?(?:dsl|pipeline)\b|import[ \t]+azure\.ai\.ml\.dsl)/m,
  ],
  [
    'ClearML pipelines',
    /^[ \t]*from[ \t]+clearml(?:\.automation(?:\.controller)?)?[ \t]+import[ \t]+(?:[\w, \t(]*\b)?Pipeline(?:Controller|Decorator)\b/m,
  ],
];

/** The pipeline SDK a Python file imports that no adapter reads, with where the import is. */
export function unsupportedSdk(text: string): { sdk: string; at: number; length: number } | undefined {
  for (const [sdk, pattern] of SDKS) {
    const m = pattern.exec(text);
    if (m) {
      const at = m.index + m[0].length - m[0].trimStart().length;
      return { sdk, at, length: m[0].trim().length };
    }
  }
  return undefined;
}

export const pythonSdkNoticeAdapter: SourceAdapter = {
  format: 'python-sdk',
  displayName: 'Python pipeline SDK without an adapter',
  globs: ['**/*.py'],
  detect: (file) => /\.py$/i.test(file.path) && unsupportedSdk(file.text) !== undefined,
  parse: (file) => parseNotice(file),
};

function parseNotice(file: SourceFile): FileFacts {
  const facts = emptyFacts(file.path, 'python-sdk');
  const found = unsupportedSdk(file.text);
  if (!found) return facts;
  const index = new LineIndex(file.text);
  facts.problems.push({
    message: `This file imports ${found.sdk}, a pipeline SDK Loopwise does not read yet: its stages, data and schedules are not in the graph, and no findings here does not mean no debt.`,
    range: index.ref(file.path, found.at, found.at + found.length),
    severity: 'info',
    unsupportedSdk: found.sdk,
  });
  return facts;
}
