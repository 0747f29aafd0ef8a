// Every adapter, in detection order: the first whose detect() accepts a file parses it.
// More specific formats come before generic ones (a Kubernetes manifest that is a KServe
// InferenceService is KServe; a YAML file that is nothing else may be a Hydra config).
import type { SourceAdapter, SourceFile } from './adapter';
import { cardAdapter } from './card';
import { codeownersAdapter } from './codeowners';
import { dvcAdapter } from './dvc';
import { dvcParamsAdapter } from './dvcParams';
import { githubActionsAdapter } from './githubActions';
import { gitlabCiAdapter } from './gitlabCi';
import { cloudBuildAdapter } from './cloudBuild';
import { airflowAdapter } from './airflow';
import { kfpDslAdapter } from './kfpDsl';
import { metaflowAdapter } from './metaflow';
import { tfxAdapter } from './tfx';
import { sagemakerPipelinesAdapter } from './sagemakerPipelines';
import { prefectAdapter } from './prefect';
import { prefectYamlAdapter } from './prefectYaml';
import { dagsterAdapter } from './dagster';
import { zenmlAdapter } from './zenml';
import { zenmlConfigAdapter } from './zenmlConfig';
import { flyteAdapter } from './flyte';
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
import { azuremlAdapter } from './azureml';
import { seldonAdapter } from './seldon';
import { rayServeAdapter } from './rayServe';
import { tektonAdapter } from './tekton';
import { bentomlAdapter } from './bentoml';
import { kubernetesAdapter } from './kubernetes';
import { hydraAdapter } from './hydra';
import { pythonSdkNoticeAdapter } from './pythonSdkNotice';

export const ADAPTERS: SourceAdapter[] = [
  cardAdapter,
  codeownersAdapter,
  dvcAdapter,
  dvcParamsAdapter,
  azuremlAdapter,
  githubActionsAdapter,
  gitlabCiAdapter,
  cloudBuildAdapter,
  prefectYamlAdapter,
  kfpAdapter,
  argoAdapter,
  seldonAdapter,
  rayServeAdapter,
  kserveAdapter,
  tektonAdapter,
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
  tfxAdapter,
  sagemakerPipelinesAdapter,
  airflowAdapter,
  prefectAdapter,
  dagsterAdapter,
  zenmlAdapter,
  flyteAdapter,
  zenmlConfigAdapter,
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

/** Files worth reading at all: a candidate for some adapter, a lock file, a project marker (sources/formats.ts). Cheap, before reading content. */
export { isCandidatePath, isLockFile, isProjectMarker } from './formats';
