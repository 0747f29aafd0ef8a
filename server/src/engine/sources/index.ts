// Every adapter, in detection order: the first whose detect() accepts a file parses it.
// More specific formats come before generic ones (a Kubernetes manifest that is a KServe
// InferenceService is KServe; a YAML file that is nothing else may be a Hydra config).
import type { SourceAdapter, SourceFile } from './adapter';
import { cardAdapter } from './card';
import { codeownersAdapter } from './codeowners';
import { dvcAdapter } from './dvc';
import { dvcParamsAdapter } from './dvcParams';
import { githubActionsAdapter } from './githubActions';
import { airflowAdapter } from './airflow';
import { kfpDslAdapter } from './kfpDsl';
import { metaflowAdapter } from './metaflow';
import { kfpAdapter } from './kfp';
import { argoAdapter } from './argo';
import { kedroCatalogAdapter } from './kedroCatalog';
import { kedroParamsAdapter } from './kedroParams';
import { kedroCredentialsAdapter } from './kedroCredentials';
import { kedroPipelineAdapter } from './kedroPipeline';
import { feastConfigAdapter } from './feastConfig';
import { feastAdapter } from './feast';
import { mlflowAdapter } from './mlflow';
import { kserveAdapter } from './kserve';
import { bentomlAdapter } from './bentoml';
import { kubernetesAdapter } from './kubernetes';
import { hydraAdapter } from './hydra';
import { pythonSdkNoticeAdapter } from './pythonSdkNotice';

export const ADAPTERS: SourceAdapter[] = [
  cardAdapter,
  codeownersAdapter,
  dvcAdapter,
  dvcParamsAdapter,
  githubActionsAdapter,
  kfpAdapter,
  argoAdapter,
  kserveAdapter,
  kubernetesAdapter,
  bentomlAdapter,
  mlflowAdapter,
  feastConfigAdapter,
  kedroCatalogAdapter,
  kedroParamsAdapter,
  kedroCredentialsAdapter,
  kedroPipelineAdapter,
  feastAdapter,
  kfpDslAdapter,
  metaflowAdapter,
  airflowAdapter,
  hydraAdapter,
  pythonSdkNoticeAdapter,
];

export function detectAdapter(file: SourceFile, adapters: SourceAdapter[] = ADAPTERS): SourceAdapter | undefined {
  return adapters.find((a) => {
    try {
      return a.detect(file);
    } catch {
      return false;
    }
  });
}

/** Files worth reading at all: candidates for some adapter, by name, or project markers (model/projects.ts). Cheap, before reading content. */
export function isCandidatePath(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (name === 'CODEOWNERS' || name.toLowerCase() === 'mlproject' || isLockFile(name) || isProjectMarker(path)) return true;
  return /\.(ya?ml|py)$/i.test(name) || path.includes('.github/workflows/');
}

/** Lock files no adapter parses but fixes read: the versions they pin (`config/unpinned-version`). */
export function isLockFile(name: string): boolean {
  return /^(dvc\.lock|poetry\.lock|uv\.lock|pylock(\.[\w-]+)?\.toml|requirements[\w.-]*\.txt)$/.test(name);
}

/** Files no adapter parses whose presence marks a project's root: a DVC repository's config, Python packaging. */
export function isProjectMarker(path: string): boolean {
  return /(^|\/)(\.dvc\/config|pyproject\.toml|setup\.cfg)$/.test(path);
}
