// Rules that read keys the adapters do not keep (config/unknown-key, config/constant-condition)
// parse the file's text again; the last parse of each file is kept while its text is unchanged,
// so a rerun after an edit elsewhere costs a string comparison per file, not a parse.
import { parseYaml, type YamlFile } from '../../../text/yaml';

const MAX_FILES = 512;
const cache = new Map<string, YamlFile>();

export function parsedYaml(file: string, text: string): YamlFile {
  const hit = cache.get(file);
  if (hit && hit.text === text) return hit;
  const y = parseYaml(file, text);
  cache.delete(file);
  cache.set(file, y);
  if (cache.size > MAX_FILES) cache.delete(cache.keys().next().value!);
  return y;
}
