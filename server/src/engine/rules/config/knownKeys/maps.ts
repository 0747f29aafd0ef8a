// The mappings of each format whose keys the format itself fixes, with the keys it knows and what
// the tool does with any other key. Mappings that take arbitrary keys (env, with, labels,
// annotations, params, arguments, matrix) are never listed.
import type { Format } from '../../../model/facts';
import { entries, get, items, isMap, isSeq, mappings, str, type YamlFile, type YamlNode, type YAMLMap } from '../../../text/yaml';
import githubActions from './githubActions';
import dvc from './dvc';
import mlproject from './mlproject';
import kubernetes from './kubernetes';
import argo from './argo';
import kserve from './kserve';

/** What the tool does with a key it does not know. */
export type Handling = 'rejects' | 'strict-rejects' | 'ignores';

export interface KeyedMap {
  map: YAMLMap;
  known: readonly string[];
  /** What the mapping is, for messages: `a job`, `a DVC stage`. */
  what: string;
  tool: string;
  handling: Handling;
  /** How the tool says it, when it rejects: `Unexpected value`. */
  says?: string;
}

type Walker = (y: YamlFile, file: string) => KeyedMap[];

const asMap = (node: unknown): YAMLMap | undefined => (isMap(node) ? (node as YAMLMap) : undefined);
const mapsOf = (node: unknown): YAMLMap[] => items(node).flatMap((n) => asMap(n) ?? []);

function githubWorkflow(y: YamlFile): KeyedMap[] {
  const gh = { tool: 'GitHub Actions', handling: 'rejects', says: 'Unexpected value' } as const;
  return mappings(y).flatMap((root) => [
    { ...gh, map: root, known: githubActions.workflow, what: 'a workflow' },
    ...entries(get(root, 'jobs')).flatMap(([, job]) => {
      const map = asMap(job);
      if (!map) return [];
      return [
        { ...gh, map, known: githubActions.job, what: 'a job' },
        ...mapsOf(get(map, 'steps')).map((step) => ({ ...gh, map: step, known: githubActions.step, what: 'a step' })),
      ];
    }),
  ]);
}

function dvcPipeline(y: YamlFile, file: string): KeyedMap[] {
  if (!/(^|\/)dvc\.ya?ml$/.test(file)) return [];
  const base = { tool: 'DVC', handling: 'rejects', says: 'extra keys not allowed' } as const;
  return mappings(y).flatMap((root) => [
    { ...base, map: root, known: dvc.top, what: 'dvc.yaml' },
    ...entries(get(root, 'stages')).flatMap(([, stage]) => {
      const map = asMap(stage);
      if (!map) return [];
      const body = asMap(get(map, 'do'));
      return [map, ...(body ? [body] : [])].flatMap((s) => [
        { ...base, map: s, known: dvc.stage, what: 'a DVC stage' },
        ...['outs', 'metrics', 'plots'].flatMap((key) =>
          mapsOf(get(s, key)).flatMap((out) =>
            entries(out).flatMap(([, props]) =>
              asMap(props) ? [{ ...base, map: asMap(props)!, known: dvc.out, what: `an entry of \`${key}\`` }] : [],
            ),
          ),
        ),
      ]);
    }),
  ]);
}

function mlflowProject(y: YamlFile, file: string): KeyedMap[] {
  if (!/(^|\/)mlproject$/i.test(file)) return [];
  const base = { tool: 'MLflow', handling: 'ignores' } as const;
  return mappings(y).flatMap((root) => [
    { ...base, map: root, known: mlproject.top, what: 'an MLproject file' },
    ...entries(get(root, 'entry_points')).flatMap(([, ep]) =>
      asMap(ep) ? [{ ...base, map: asMap(ep)!, known: mlproject.entryPoint, what: 'an entry point' }] : [],
    ),
  ]);
}

const CORE_API = /^(v1|apps\/v1|batch\/v1|batch\/v1beta1)$/;

/** Pod specs and their containers in core Kubernetes workloads, by `kind`. */
function kubernetesWorkloads(y: YamlFile): KeyedMap[] {
  const k8s = { tool: 'Kubernetes', handling: 'strict-rejects', says: "`kubectl apply`'s default strict field validation" } as const;
  const pod = (spec: unknown): KeyedMap[] => {
    const map = asMap(spec);
    if (!map) return [];
    return [
      { ...k8s, map, known: kubernetes.podSpec, what: 'a pod spec' },
      ...['containers', 'initContainers'].flatMap((key) =>
        mapsOf(get(map, key)).map((c) => ({ ...k8s, map: c, known: kubernetes.container, what: 'a container' })),
      ),
    ];
  };
  const job = (spec: unknown): KeyedMap[] => {
    const map = asMap(spec);
    return map ? [{ ...k8s, map, known: kubernetes.jobSpec, what: 'a Job spec' }, ...pod(get(get(map, 'template'), 'spec'))] : [];
  };
  return mappings(y).flatMap((root) => {
    if (!CORE_API.test(str(y, get(root, 'apiVersion')) ?? '')) return [];
    const spec = get(root, 'spec');
    switch (str(y, get(root, 'kind'))) {
      case 'Pod':
        return pod(spec);
      case 'Deployment':
        return [
          ...(asMap(spec) ? [{ ...k8s, map: asMap(spec)!, known: kubernetes.deploymentSpec, what: 'a Deployment spec' }] : []),
          ...pod(get(get(spec, 'template'), 'spec')),
        ];
      case 'StatefulSet':
      case 'DaemonSet':
      case 'ReplicaSet':
        return pod(get(get(spec, 'template'), 'spec'));
      case 'Job':
        return job(spec);
      case 'CronJob':
        return [
          ...(asMap(spec) ? [{ ...k8s, map: asMap(spec)!, known: kubernetes.cronJobSpec, what: 'a CronJob spec' }] : []),
          ...job(get(get(spec, 'jobTemplate'), 'spec')),
        ];
      default:
        return [];
    }
  });
}

const ARGO_KINDS = /^(Workflow|WorkflowTemplate|ClusterWorkflowTemplate|CronWorkflow)$/;

/** Argo templates, their DAG tasks and steps, and their containers. */
function argoWorkflows(y: YamlFile): KeyedMap[] {
  const base = { tool: 'Argo Workflows', handling: 'strict-rejects', says: '`argo lint`' } as const;
  return mappings(y).flatMap((root) => {
    if (!/^argoproj\.io\//.test(str(y, get(root, 'apiVersion')) ?? '') || !ARGO_KINDS.test(str(y, get(root, 'kind')) ?? '')) return [];
    const spec = get(root, 'spec');
    const wfSpec = str(y, get(root, 'kind')) === 'CronWorkflow' ? get(spec, 'workflowSpec') : spec;
    return mapsOf(get(wfSpec, 'templates')).flatMap((t) => [
      { ...base, map: t, known: argo.template, what: 'an Argo template' },
      ...mapsOf(get(get(t, 'dag'), 'tasks')).map((task) => ({ ...base, map: task, known: argo.dagTask, what: 'a DAG task' })),
      ...items(get(t, 'steps'))
        .flatMap((group) => (isSeq(group) ? mapsOf(group) : (asMap(group) ?? [])))
        .map((step) => ({ ...base, map: step, known: argo.step, what: 'a step' })),
      ...(['container', 'script'] as const).flatMap((key) =>
        asMap(get(t, key))
          ? [
              {
                ...base,
                map: asMap(get(t, key))!,
                known: key === 'script' ? [...kubernetes.container, 'source'] : kubernetes.container,
                what: `a template's \`${key}\``,
              },
            ]
          : [],
      ),
    ]);
  });
}

/** A KServe v1beta1 InferenceService: its components, their model (framework) specs and containers. */
function kserveInferenceServices(y: YamlFile): KeyedMap[] {
  const base = { tool: 'KServe', handling: 'strict-rejects', says: "`kubectl apply`'s default strict field validation" } as const;
  return mappings(y).flatMap((root) => {
    if (str(y, get(root, 'apiVersion')) !== 'serving.kserve.io/v1beta1' || str(y, get(root, 'kind')) !== 'InferenceService') return [];
    const spec = asMap(get(root, 'spec'));
    if (!spec) return [];
    return [
      { ...base, map: spec, known: kserve.spec, what: 'an InferenceService spec' },
      ...(['predictor', 'transformer', 'explainer'] as const).flatMap((name) => {
        const component = asMap(get(spec, name));
        if (!component) return [];
        return [
          { ...base, map: component, known: kserve.component, what: `the \`${name}\`` },
          ...kserve.frameworks.flatMap((fw) => {
            const model = asMap(get(component, fw));
            return model ? [{ ...base, map: model, known: kserve.model, what: `\`${name}.${fw}\`` }] : [];
          }),
          ...['containers', 'initContainers'].flatMap((key) =>
            mapsOf(get(component, key)).map((c) => ({ ...base, map: c, known: kubernetes.container, what: 'a container' })),
          ),
        ];
      }),
    ];
  });
}

const WALKERS: Partial<Record<Format, Walker[]>> = {
  'github-actions': [githubWorkflow],
  dvc: [dvcPipeline],
  mlflow: [mlflowProject],
  kubernetes: [kubernetesWorkloads],
  argo: [argoWorkflows, kubernetesWorkloads],
  kserve: [kserveInferenceServices, kubernetesWorkloads],
};

/** The mappings with a fixed key set in a file of `format`. */
export function keyedMaps(format: Format, y: YamlFile, file: string): KeyedMap[] {
  return (WALKERS[format] ?? []).flatMap((walk) => walk(y, file));
}

export type { YamlNode };
