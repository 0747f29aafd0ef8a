import type { RelatedLocation, Rule, RuleContext } from '../rule';
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
  return /(^|\/)(examples?|samples?|demos?|docs?|tests?|tutorials?)\//i.test(file);
}

interface CloudId {
  cloud: string;
  what: string;
  id: string;
  /** Offsets of the id in the text. */
  start: number;
}

// Each pattern captures the id in group 1.
const PATTERNS: Array<{ cloud: string; what: string; re: RegExp }> = [
  { cloud: 'AWS', what: 'account', re: /\b(\d{12})\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com/g },
  { cloud: 'AWS', what: 'account', re: /\barn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/g },
  { cloud: 'Google Cloud', what: 'project', re: /\b[a-z]+-[a-z]+\d+-docker\.pkg\.dev\/([a-z][a-z0-9-]{4,28}[a-z0-9])\//g },
  { cloud: 'Google Cloud', what: 'project', re: /(?<![\w.-])(?:[a-z]{2,4}\.)?gcr\.io\/([a-z][a-z0-9-]{4,28}[a-z0-9])\//g },
  {
    cloud: 'Google Cloud',
    what: 'project',
    re: /(?<![\w-])projects\/([a-z][a-z0-9-]{4,28}[a-z0-9])\/(?:locations|regions|zones|topics|subscriptions|secrets|datasets|models|serviceAccounts|instances|jobs|buckets)\//g,
  },
  { cloud: 'Google Cloud', what: 'project', re: /@([a-z][a-z0-9-]{4,28}[a-z0-9])\.iam\.gserviceaccount\.com\b/g },
  { cloud: 'Azure', what: 'subscription', re: /\/subscriptions\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/gi },
];

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
      if (isPlaceholder(id) || isCommented(text, m.index)) continue;
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
