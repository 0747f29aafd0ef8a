// Kedro Data Catalog (conf/<env>/catalog*.yml, conf/<env>/catalog/**): every entry is a
// dataset (scheme 'dataset', named as Kedro nodes name it), with its type, file path and
// versioning; its settings are ConfigValues. Entries starting with `_` are YAML templates.
import type { SourceAdapter, SourceFile } from './adapter';
import { emptyFacts, type ArtifactKind, type ConfigValue, type FileFacts } from '../model/facts';
import { parseTemplatedYaml, mappings, get, entries, str, refOf, collectValues, isMap, isScalar } from '../text/yaml';
import { isKedroConf } from './kedroParams';

export const kedroCatalogAdapter: SourceAdapter = {
  format: 'kedro-catalog',
  displayName: 'Kedro catalog',
  globs: ['**/conf/*/**/catalog*.{yaml,yml}', '**/conf/*/**/catalog*/**/*.{yaml,yml}'],
  contributes: { ownable: true },
  detect: (file) => isKedroConf(file.path, 'catalog') && /^\s+type\s*:\s*\S/m.test(file.text),
  parse: parseCatalog,
};

function parseCatalog(file: SourceFile): FileFacts {
  const y = parseTemplatedYaml(file.path, file.text);
  const facts = emptyFacts(file.path, 'kedro-catalog');
  facts.problems.push(...y.problems);
  for (const root of mappings(y)) {
    for (const [name, body, pair] of entries(root)) {
      if (name.startsWith('_') || !isMap(body)) continue;
      const type = str(y, get(body, 'type'));
      const location = str(y, get(body, 'filepath')) ?? str(y, get(body, 'path')) ?? str(y, get(body, 'table_name'));
      const versionedNode = get(body, 'versioned');
      const versioned = isScalar(versionedNode) && versionedNode.value === true;
      const description = location ? `${location}${versioned ? ' (versioned)' : ''}` : versioned ? 'versioned' : undefined;
      facts.artifacts.push({
        ref: { scheme: 'dataset', name, kind: datasetKind(name, type ?? ''), dynamic: name.includes('{') || undefined },
        range: refOf(y, pair.key),
        label: type,
        description,
      });
      const before = facts.values.length;
      collectValues(y, body, name, facts.values);
      for (const v of facts.values.slice(before)) markCredentialsReference(v);
    }
  }
  return facts;
}

/**
 * Kedro: a dataset's `credentials: <name>` (also of a nested `dataset:`) names a top-level key of
 * the credentials configuration (conf/<env>/credentials*), which the catalog passes in; only a
 * mapping there holds the secrets themselves.
 */
function markCredentialsReference(v: ConfigValue): void {
  if (typeof v.value === 'string' && /(^|\.)credentials$/.test(v.key)) v.reference = 'kedro credentials';
}

const MODEL_NAME = /model|regressor|classifier|estimator|clf|predictor|booster|scaler|encoder|vectori[sz]er/i;

/** What a dataset holds, from its type (plots are reports) and, for pickles, its name. */
export function datasetKind(name: string, type: string): ArtifactKind {
  if (/plotly|matplotlib|holoviews|html|image|markdown|svg/i.test(type)) return 'report';
  if (/metric/i.test(type) || /metric/i.test(name)) return 'metrics';
  if (/model/i.test(type) && !/input/i.test(name)) return 'model';
  if (/pickle|joblib|cloudpickle/i.test(type) && MODEL_NAME.test(name)) return 'model';
  if (/predict|score/i.test(name)) return 'predictions';
  if (/label/i.test(name)) return 'labels';
  if (/feature/i.test(name)) return 'features';
  return 'data';
}
