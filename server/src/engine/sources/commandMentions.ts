// Paths and URIs named inside a shell command (`cmd:`, `run:`, `command:`, `bash_command=`),
// found in the file's own text so that each keeps its exact range. They become Mentions:
// references, hover and definition work from them, but they make no reads or writes —
// what a command really reads is the script's business, and guessing it would invent edges.
import type { Mention, SourceRef } from '../model/facts';
import type { LineIndex } from '../text/lineIndex';
import { isScalar, isSeq, type YamlFile, type YamlNode } from '../text/yaml';

// A word of a command: a quoted string, or a run with no blanks, quotes, shell operators or `=`
// (so `--out=data/x` gives `data/x`).
const WORD = /"([^"\n]*)"|'([^'\n]*)'|[^\s'"`;|&<>()=,]+/g;
const URI = /^[a-z][a-z0-9+.-]*:\/\/./i;
// A relative or absolute path with at least one `/`, or a bare file name with a data or model extension.
const PATH_WITH_SLASH = /^(?:\.{1,2}\/|\/)?[\w.@+-]+(?:\/[\w.@+-]+)*\/?$/;
const DATA_FILE =
  /^[\w.@+-]+\.(?:csv|tsv|parquet|json|jsonl|ya?ml|pkl|pickle|joblib|pt|pth|h5|hdf5|onnx|npy|npz|txt|feather|avro|orc|db|sqlite|zip|tar|gz)$/i;

/**
 * Mentions of the paths and URIs in `text[start, end)` (the source of a command scalar or
 * string), relative paths resolved against `base` as the command's working directory (left
 * out when it is unknown).
 */
export function commandMentions(
  text: string,
  index: LineIndex,
  file: string,
  start: number,
  end: number,
  base: string | undefined,
): Mention[] {
  const mentions: Mention[] = [];
  const slice = text.slice(start, end);
  for (const m of slice.matchAll(WORD)) {
    const quoted = m[1] ?? m[2];
    const word = quoted ?? m[0].replace(/[.:]+$/, '');
    if (!isPathLike(word)) continue;
    const absolute = word.startsWith('/') || URI.test(word);
    if (!absolute && base === undefined) continue; // the working directory is unknown
    const from = start + m.index + (quoted === undefined ? 0 : 1);
    const range: SourceRef = index.ref(file, from, from + word.length);
    mentions.push(
      URI.test(word)
        ? { range, artifact: { scheme: 'uri', name: word } }
        : { range, artifact: { scheme: 'path', name: word, base: absolute ? '' : base } },
    );
  }
  return mentions;
}

function isPathLike(word: string): boolean {
  if (word.startsWith('-') || word.includes('${') || word.includes('{{') || word.includes('$(')) return false;
  if (URI.test(word)) return true;
  if (word.includes('://')) return false;
  return (word.includes('/') && PATH_WITH_SLASH.test(word) && word !== '/') || DATA_FILE.test(word);
}

/** The mentions in every scalar of a YAML command node (a string or a list of strings). */
export function yamlCommandMentions(y: YamlFile, node: YamlNode | undefined, base: string | undefined, urisOnly = false): Mention[] {
  return allScalars(node).flatMap((s) => {
    const r = s.range;
    if (!r) return [];
    const found = commandMentions(y.text, y.index, y.file, r[0], r[1], base);
    return urisOnly ? found.filter((m) => m.artifact?.scheme === 'uri') : found;
  });
}

/** The scalars of a node that is one string or a list of strings. */
export function allScalars(node: YamlNode | undefined): YamlNode[] {
  if (isSeq(node)) return node.items.filter((i): i is YamlNode => isScalar(i));
  return node && isScalar(node) ? [node] : [];
}
