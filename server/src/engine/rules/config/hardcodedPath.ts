import type { Rule, RuleContext } from '../rule';
import { formatInfo } from '../../sources/formats';
import type { SourceRef } from '../../model/facts';
import { refKey } from '../helpers';

const LOOPBACK = /^[a-z+]+:\/\/(localhost|127\.0\.0\.1|0\.0\.0\.0|host\.docker\.internal)(:\d+)?(\/|$)/i;
const POD_LOCALHOST = /^[a-z+]+:\/\/(localhost|127\.0\.0\.1)(:\d+)?(\/|$)/i;
// Formats that declare `contributes.pods` put their values in a Kubernetes pod spec: the
// containers of a pod share one network namespace, so `localhost` there is the pod itself (a
// sidecar), the same on every node.
/**
 * The rendezvous of PyTorch distributed training (`init_method`/`dist_url` `tcp://host:port`,
 * `MASTER_ADDR`, torchrun's `rdzv_endpoint`): the job's rank 0 opens that port itself, so a loopback
 * address is the single-node setting, the same on every machine — not a service the job expects to find.
 */
const RENDEZVOUS_KEY = /(^|[._-])(dist[_-]?url|init[_-]?method|master[_-]?addr|rdzv[_-]?endpoint)$/i;

const HOST_SPECIFIC: Array<[RegExp, string]> = [
  [/^(?:file:\/\/)?\/(Users|home)\/[^/\s]+/, "a path in one person's home folder"],
  [/^[A-Za-z]:[\\/](Users|Documents and Settings)[\\/]/, "a path in one person's Windows profile"],
  [/^\/mnt\/[a-z]\//, "a WSL mount of one machine's drive"],
  [/^\/Volumes\//, 'a macOS volume on one machine'],
  [LOOPBACK, 'an endpoint that only exists on the machine running it'],
  [
    /^[a-z+]+:\/\/(10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+)(:\d+)?(\/|$)/i,
    'a private IP address of one network',
  ],
];

// Home folders of service accounts that exist in every container of their kind.
const SERVICE_HOMES = /^(?:file:\/\/)?\/home\/(airflow|jovyan|runner|ubuntu|app|user|docker|mlflow|appuser)(\/|$)/;

// In a stage that runs in a container image, a home folder is the image's user's, the same on every machine.
const IMAGE_HOME = /^(?:file:\/\/)?\/home\//;

/** Whether the stage runs in a container image (a job's `container:`, a pod's container, a task's image). */
function runsInImage(ctx: RuleContext, stage: string | undefined): boolean {
  return Boolean(stage && ctx.node(stage)?.stage?.image);
}

/** The host-specific path or URL in a value (the value itself, or a token such as `--index-url http://10.0.0.1`), and why. */
export function hostSpecific(value: string, inPod = false, inImage = false, bound = false): { token: string; why: string } | undefined {
  for (const token of value.trim().split(/[\s=,;"']+/)) {
    if (!token || SERVICE_HOMES.test(token) || ((inPod || bound) && POD_LOCALHOST.test(token)) || (inImage && IMAGE_HOME.test(token)))
      continue;
    const why = HOST_SPECIFIC.find(([re]) => re.test(token))?.[1];
    if (why) return { token, why };
  }
  return undefined;
}

export const hardcodedPath: Rule = {
  meta: {
    id: 'config/hardcoded-path',
    category: 'config',
    severity: 'warning',
    description:
      'Paths and endpoints that exist on one machine only (`/Users/...`, `/home/...`, `localhost`, private IPs) in shared pipeline config.',
    fixable: false,
    sources: [
      'Sculley et al. 2015, "Hidden Technical Debt in Machine Learning Systems" (configuration debt)',
      'Breck et al. 2017, "The ML Test Score", Infrastructure 1 (reproducible training)',
    ],
  },
  *check(ctx) {
    const seen = new Set<string>();
    const flag = (value: string, at: SourceRef, stage: string | undefined, inPod: boolean, inImage: boolean, valueKey = '') => {
      const hit = hostSpecific(value, inPod, inImage || runsInImage(ctx, stage), RENDEZVOUS_KEY.test(valueKey));
      const key = refKey(at);
      if (!hit || seen.has(key)) return;
      seen.add(key);
      ctx.report({
        at,
        message: `\`${hit.token}\` is ${hit.why}; other machines and CI cannot reach it — use a path relative to the repository, a parameter, or an environment variable.`,
        nodes: stage ? [stage] : undefined,
      });
    };
    for (const f of ctx.facts) {
      if (ctx.pauseDue()) yield;
      const inPod = !!formatInfo(f.format).contributes.pods;
      const inImage = !!formatInfo(f.format).contributes.containers;
      for (const v of f.values) if (typeof v.value === 'string') flag(v.value, v.range, v.stage, inPod, inImage, v.key);
      for (const io of f.io) flag(io.artifact.name, io.range, io.stage, inPod, inImage);
    }
  },
};
