// Shared by the corpus tests of the YAML adapters (KFP, Argo, Kedro, Feast config, MLflow, Hydra,
// KServe, BentoML, Kubernetes): read a file of the in-repository corpus (test/corpus/files), check which adapter takes it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusFiles } from '../helpers/paths';
import type { SourceAdapter, SourceFile } from '../../server/src/engine/sources/adapter';
import type { FileFacts } from '../../server/src/engine/model/facts';
import { kfpAdapter } from '../../server/src/engine/sources/kfp';
import { argoAdapter } from '../../server/src/engine/sources/argo';
import { kedroCatalogAdapter } from '../../server/src/engine/sources/kedroCatalog';
import { kedroParamsAdapter } from '../../server/src/engine/sources/kedroParams';
import { feastConfigAdapter } from '../../server/src/engine/sources/feastConfig';
import { mlflowAdapter } from '../../server/src/engine/sources/mlflow';
import { hydraAdapter } from '../../server/src/engine/sources/hydra';
import { kserveAdapter } from '../../server/src/engine/sources/kserve';
import { bentomlAdapter } from '../../server/src/engine/sources/bentoml';
import { kubernetesAdapter } from '../../server/src/engine/sources/kubernetes';

export const YAML_ADAPTERS: SourceAdapter[] = [
  kfpAdapter,
  argoAdapter,
  kserveAdapter,
  kubernetesAdapter,
  bentomlAdapter,
  mlflowAdapter,
  feastConfigAdapter,
  kedroCatalogAdapter,
  kedroParamsAdapter,
  hydraAdapter,
];

/** A corpus file as the workspace would see it: path `<owner>__<repo>/<original path>`. */
export function corpusFile(path: string): SourceFile {
  return { path, text: readFileSync(join(corpusFiles(), path), 'utf8') };
}

/** The adapter accepts the file and every other YAML adapter rejects it. */
export function assertOnlyDetectedBy(file: SourceFile, adapter: SourceAdapter): void {
  assert.equal(adapter.detect(file), true, `${adapter.format} should detect ${file.path}`);
  for (const other of YAML_ADAPTERS) {
    if (other !== adapter) assert.equal(other.detect(file), false, `${other.format} should not detect ${file.path}`);
  }
}

export function parseClean(file: SourceFile, adapter: SourceAdapter): FileFacts {
  const facts = adapter.parse(file, { read: () => undefined });
  assert.deepEqual(facts.problems, [], `no parse problem in ${file.path}`);
  return facts;
}

export function local(id: string): string {
  return id.slice(id.indexOf('#') + 1);
}
