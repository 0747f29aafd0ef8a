// Rules that read keys the adapters do not keep (config/unknown-key, config/constant-condition)
// parse the file's text again; parseYaml keeps the last few files it parsed, and the Analysis
// checks file-scope rules right after a file is parsed, so this is usually the adapter's parse.
import { parseYaml, type YamlFile } from '../../../text/yaml';

export function parsedYaml(file: string, text: string): YamlFile {
  return parseYaml(file, text);
}
