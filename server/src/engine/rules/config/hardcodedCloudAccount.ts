import type { Rule, RuleContext } from '../rule';
import type { RelatedLocation } from '../../model/finding';
import type { FileFacts, SourceRef } from '../../model/facts';
import { LineIndex } from '../../text/lineIndex';

export const hardcodedCloudAccount: Rule = {
  meta: {
    id: 'config/hardcoded-cloud-account',
    category: 'config',
    severity: 'info',
    description:
      'A cloud account, project or subscription id written into pipeline config (`123456789012.dkr.ecr…`, `arn:aws:…:123456789012:…`, `projects/acme-prod/…`, `/subscriptions/<guid>/`): the pipeline runs in that one account and moving it to another environment means editing every copy.',
    fixable: false,
    sources: [
      'Sculley et al. 2015, "Hidden Technical Debt in Machine Learning Systems" (configuration debt)',
      'The Twelve-Factor App, III. Config: "store config in the environment"',
    ],
  },
  scope: 'file',
  check(ctx) {
    for (const facts of ctx.facts) {
      if (!PIPELINE_FORMATS.has(facts.format) || isExample(facts.file)) continue;
      const text = ctx.text(facts.file);
      if (text === undefined) continue;
      reportFile(ctx, facts, text);
    }
  },
};

const PIPELINE_FORMATS = new Set<FileFacts['format']>([
  'dvc',
  'github-actions',
  'airflow',
  'kfp',
  'argo',
  'kedro-catalog',
  'kedro-params',
  'feast-config',
  'feast',
  'mlflow',
  'hydra',
  'kserve',
  'bentoml',
  'kubernetes',
]);

/** Files that show how to use something rather than run it: the id there is the reader's to replace. */
function isExample(file: string): boolean {
  return /(^|\/)(examples?|samples?|demos?|docs?|tests?|test[_-]?data|fixtures|tutorials?)\//i.test(file);
}

interface CloudId {
  cloud: string;
  what: string;
  id: string;
  /** Offsets of the id in the text. */
  start: number;
}

// Each pattern captures the id in group 1. Container Registry hosts (`gcr.io/<project>/`) are not
// read: most images pulled from there are public vendor images (`gcr.io/ml-pipeline`, `gcr.io/kaniko-project`),
// which tie the pipeline to no account of the team's.
const PATTERNS: Array<{ cloud: string; what: string; re: RegExp }> = [
  { cloud: 'AWS', what: 'account', re: /\b(\d{12})\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?\/?([a-z0-9._/-]*)/g },
  { cloud: 'AWS', what: 'account', re: /\barn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/g },
  { cloud: 'Google Cloud', what: 'project', re: /\b[a-z]+(?:-[a-z]+\d+)?-docker\.pkg\.dev\/([a-z][a-z0-9-]{4,28}[a-z0-9])\//g },
  {
    cloud: 'Google Cloud',
    what: 'project',
    re: /(?<![\w-])projects\/([a-z][a-z0-9-]{4,28}[a-z0-9])\/(?:locations|regions|zones|topics|subscriptions|secrets|datasets|models|serviceAccounts|instances|jobs|buckets)\//g,
  },
  { cloud: 'Google Cloud', what: 'project', re: /@([a-z][a-z0-9-]{4,28}[a-z0-9])\.iam\.gserviceaccount\.com\b/g },
  { cloud: 'Google Cloud', what: 'project', re: /\b(?:gcp_)?project_id\s*[=:]\s*["']([a-z][a-z0-9-]{4,28}[a-z0-9])["']/g },
  { cloud: 'Azure', what: 'subscription', re: /\/subscriptions\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/gi },
];

/**
 * Registries that serve vendors' public images, not the team's: AWS Deep Learning Containers and
 * SageMaker's framework and algorithm images (SageMaker docs, "Docker Registry Paths and Example
 * Code"), Google's public Artifact Registry projects (Vertex AI, Deep Learning VM/Containers, Cloud TPU).
 */
const VENDOR_ECR_ACCOUNTS = new Set([
  '763104351884',
  '683313688378',
  '246618743249',
  '257758044811',
  '141502667606',
  '492215442770',
  '811284229777',
  '433757028032',
  '825641698319',
  '685385470294',
  '813361260812',
  '156813124566',
  '159807026194',
  '520713654638',
  '382416733822',
  '174872318107',
  '662702820516',
  '217643126080',
  '720646828776',
  '749696950732',
  '438346466558',
  '783357654285',
  '801668240914',
  '991648021394',
]);
const VENDOR_ECR_REPOSITORY =
  /^(sagemaker-|pytorch-|tensorflow-|huggingface-|mxnet-|xgboost|sklearn|djl-|autogluon-|stabilityai-|tei|tgi|linear-learner|kmeans|pca|blazingtext|image-classification|object-detection|semantic-segmentation|forecasting-deepar|factorization-machines|ipinsights|knn|lda|ntm|randomcutforest|seq2seq|object2vec)/;
const VENDOR_GCP_PROJECTS = new Set([
  'vertex-ai',
  'vertex-ai-restricted',
  'deeplearning-platform-release',
  'cloud-aiplatform',
  'cloud-tpu-images',
  'ml-pipeline',
  'google-samples',
  'gke-release',
  'cloud-builders',
]);

function isVendorImage(cloud: string, id: string, repository: string | undefined): boolean {
  if (cloud === 'AWS') return VENDOR_ECR_ACCOUNTS.has(id) || VENDOR_ECR_REPOSITORY.test(repository ?? '');
  return VENDOR_GCP_PROJECTS.has(id);
}

/** Documentation ids (AWS's `123456789012`, `111122223333`), repeated digits, and project names that say they are placeholders. */
function isPlaceholder(id: string): boolean {
  if (/^\d{12}$/.test(id))
    return /^(\d)\1+$/.test(id) || /^(0?123456789012?|111122223333|444455556666|123412341234|012345678901)$/.test(id);
  if (/^[0-9a-f-]{36}$/i.test(id)) return /^[0-]+$/.test(id) || /^(.)\1{7}-/i.test(id) || /^12345678-/.test(id);
  return /(^|-)(my|your|example|sample|demo|test|project|placeholder|xxx+)(-|$)|project-?id|^(my|your)/i.test(id);
}

function cloudIds(text: string): CloudId[] {
  const found: CloudId[] = [];
  for (const { cloud, what, re } of PATTERNS) {
    for (const m of text.matchAll(re)) {
      const id = m[1];
      if (isPlaceholder(id) || isVendorImage(cloud, id, m[2]) || isCommented(text, m.index)) continue;
      found.push({ cloud, what, id, start: m.index + m[0].indexOf(id) });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** The match sits after a `#` comment marker on its line (YAML, Python, shell). */
function isCommented(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset) + 1;
  return /(^|\s)#/.test(text.slice(lineStart, offset));
}

function reportFile(ctx: RuleContext, facts: FileFacts, text: string): void {
  const index = LineIndex.of(text);
  const byId = new Map<string, { first: CloudId; more: SourceRef[] }>();
  for (const found of cloudIds(text)) {
    const ref = index.ref(facts.file, found.start, found.start + found.id.length);
    const entry = byId.get(found.id);
    if (!entry) byId.set(found.id, { first: found, more: [] });
    else if (entry.first.start !== found.start) entry.more.push(ref);
  }
  for (const { first, more } of byId.values()) {
    const related: RelatedLocation[] = more.slice(0, 10).map((r) => ({ ...r, message: `the same ${first.what} id` }));
    const times = more.length ? ` (and ${more.length} more time${more.length === 1 ? '' : 's'} in this file)` : '';
    ctx.report({
      at: index.ref(facts.file, first.start, first.start + first.id.length),
      message: `${first.cloud} ${first.what} \`${first.id}\` is written into this pipeline config${times}, so it runs in that one ${first.what}: another environment (staging, a fork, a new ${first.what}) means editing each copy. Read it from a variable or parameter the environment sets.`,
      related,
    });
  }
}
