import type { Rule, RuleContext } from '../rule';
import type { Fix } from '../../model/finding';
import { formatInfo } from '../../sources/formats';
import type { ConfigValue, FileFacts } from '../../model/facts';
import { isTemplated } from '../helpers';
import { placeholder } from '../../fixes/snippet';
import { column, contentEnd, edit, nodeStartingAt, parseDocs, pairIn, scalarLike, type Located } from '../../fixes/yamlEdit';
import { LineIndex } from '../../text/lineIndex';
import { isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import { PLACEHOLDER as FILL_IN } from '../../fixes/placeholders';

const SECRET_KEY =
  /(pass(word|wd)?|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?|auth[_-]?key|client[_-]?secret)$/i;
const NOT_A_SECRET_KEY =
  /(_file|_path|_env|_var|_name|_id|_url|_uri|_ref|_secret_name|secretName|tokenizer|_length|_type|_len|max_tokens|tokens)$/i;
/**
 * An argument of a call that builds a reference to a secret store entry, like Airflow's
 * `Secret(deploy_type, deploy_target, secret="gke-secrets", key="db_password")`: `secret` is the
 * name of the Kubernetes Secret to mount, not a value (python settings are keyed `Call.keyword`).
 */
const SECRET_REFERENCE = /(?:^|\.)(?:[A-Z]\w*)?Secret\.(secret|name|key|secret_name)$/;
const PLACEHOLDER = /^(<.*>|\*+|x+|changeme|change_me|your[_-].*|\.\.\.|none|null|true|false|redacted|dummy|example)$/i;
/**
 * A file path names where a secret is kept, not the secret: `GOOGLE_APPLICATION_CREDENTIALS` is by
 * definition the path of a key file (`/secret/gcp-credentials/key.json`, mounted from a Secret).
 */
const SECRET_FILE_PATH = /^(?:(?:\/|~\/|\.{1,2}\/)\S*|[\w.-]+(?:\/[\w.-]+)*\.(?:json|pem|key|p12|pfx|crt|cer|jks|keystore))$/i;
const URL_PASSWORD_PLACEHOLDER = /^(<.*>|\*+|x+|\.\.\.|password|passwd|pass|pwd|secret|changeme|change_me|your[_-].*)$/i;
const SECRET_VALUE: Array<[RegExp, string]> = [
  [/\bAKIA[0-9A-Z]{16}\b/, 'an AWS access key id'],
  [/\bgh[pousr]_[A-Za-z0-9]{36,}\b/, 'a GitHub token'],
  [/\bxox[baprs]-[A-Za-z0-9-]{10,}/, 'a Slack token'],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'a private key'],
  [/\bsk_live_[A-Za-z0-9]{16,}\b/, 'a Stripe secret key'],
  [/\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@{}$]+@/i, 'a password inside a URL'],
];

/** What kind of secret a value is (a sentence start), never the secret itself. */
export function secretKind(v: Pick<ConfigValue, 'key' | 'value'>): string | undefined {
  return findSecret(v)?.kind;
}

/** The plaintext secrets in these facts (only the secret part of a URL): what every output must mask. */
export function plaintextSecrets(facts: readonly FileFacts[]): string[] {
  const out = new Set<string>();
  for (const f of facts)
    for (const v of f.values) {
      const secret = findSecret(v);
      if (secret) out.add(String(v.value).slice(secret.from, secret.to));
    }
  return [...out];
}

interface SecretMatch {
  kind: string;
  /** Where the secret is inside the value's string: all of it for a secret-named key. */
  from: number;
  to: number;
  /** A password inside a connection URL: the rest of the URL stays. */
  url?: boolean;
}

function findSecret(v: Pick<ConfigValue, 'key' | 'value' | 'reference'>): SecretMatch | undefined {
  if (v.value === null || typeof v.value === 'boolean') return undefined;
  const raw = String(v.value);
  const value = raw.trim();
  if (!value || isTemplated(value)) return undefined;
  for (const [re, what] of SECRET_VALUE) {
    const m = re.exec(raw);
    const url = what === 'a password inside a URL';
    if (!m) continue;
    const part = secretPart(m, url);
    // `user:password@host`, `default:*****@host`: the URL's shape with the password left out.
    if (url && URL_PASSWORD_PLACEHOLDER.test(raw.slice(part.from, part.to))) continue;
    return { kind: `This value is ${what}`, ...part, url };
  }
  // A name of a secret kept elsewhere (Kedro `credentials: dev_s3`) is no secret, whatever its key says.
  if (v.reference) return undefined;
  const key = lastKey(v.key);
  if (!SECRET_KEY.test(key) || NOT_A_SECRET_KEY.test(key) || SECRET_REFERENCE.test(v.key)) return undefined;
  if (PLACEHOLDER.test(value) || /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(value) || /^secrets?\./.test(value)) return undefined;
  if (SECRET_FILE_PATH.test(value)) return undefined;
  return { kind: `\`${key}\` holds a plaintext secret`, from: 0, to: raw.length };
}

/** The matched token; in a URL only the password between `user:` and `@`. */
function secretPart(m: RegExpExecArray, url: boolean): { from: number; to: number } {
  if (!url) return { from: m.index, to: m.index + m[0].length };
  const colon = m[0].lastIndexOf(':');
  return { from: m.index + colon + 1, to: m.index + m[0].length - 1 };
}

function lastKey(key: string): string {
  return key
    .split('.')
    .pop()!
    .replace(/\[\d+\]$/, '');
}

export const secretInConfig: Rule = {
  meta: {
    id: 'config/secret-in-config',
    category: 'config',
    severity: 'error',
    description: 'Plaintext passwords, tokens and keys in pipeline and serving config. The message never repeats the secret.',
    fixable: true,
    sources: [
      'Sculley et al. 2015, "Hidden Technical Debt in Machine Learning Systems" (configuration debt)',
      'OWASP Top 10 2021, A07 Identification and Authentication Failures (hard-coded credentials)',
    ],
  },
  scope: 'file',
  check(ctx) {
    for (const f of ctx.facts) {
      for (const v of f.values) {
        const secret = findSecret(v);
        if (!secret) continue;
        ctx.report({
          at: v.range,
          message: `${secret.kind} committed to the repository; rotate it and read it from a secret store (CI secret, Kubernetes Secret, environment variable) instead.`,
          nodes: v.stage ? [v.stage] : undefined,
          fixes: secretFix(ctx, f, v, secret),
        });
      }
    }
  },
};

// ---------------------------------------------------------------------------------------------
// Fix: move the secret to a secret reference. Titles and edits never contain the secret.

/** Key path segments that say where a value sits, not what it is: left out of secret names. */
const STRUCTURAL =
  /^(jobs|steps|env|with|spec|template|containers|values|args|arguments|parameters|config|data|stringData|default|defaults|secrets?)$/i;

/** `WAREHOUSE_PASSWORD` from `jobs.retrain.env.WAREHOUSE_PASSWORD`, `DB_PASSWORD` from `db.password`. */
export function secretName(key: string): string {
  const parts = key
    .split('.')
    .map((p) => p.replace(/\[\d+\]$/, ''))
    .filter((p) => p && !/^\d+$/.test(p) && !STRUCTURAL.test(p));
  const last = parts.pop() ?? 'secret';
  const named = /^(pass(word|wd)?|pwd|secret|token|key)$/i.test(last) && parts.length ? `${parts.pop()}_${last}` : last;
  const name = named
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  return /^[A-Z_]/.test(name) ? name || 'SECRET' : `SECRET_${name}`;
}

function secretFix(ctx: RuleContext, f: FileFacts, v: ConfigValue, secret: SecretMatch): Fix[] | undefined {
  const text = ctx.text(v.range.file);
  if (text === undefined || (!/\.ya?ml$|(^|\/)MLproject$/i.test(v.range.file) && f.format !== 'github-actions')) return undefined;
  const start = LineIndex.of(text).offset(v.range.range.start);
  const located = nodeStartingAt(parseDocs(text), start);
  if (!located || !isScalar(located.node) || !located.node.range) return undefined;
  const name = secretName(v.key) + (secret.url && !/PASS/.test(secretName(v.key)) ? '_PASSWORD' : '');
  if (formatInfo(f.format).contributes.pods && isEnvEntry(located)) return [secretKeyRefFix(v.range.file, text, located, name)];
  const [title, reference, preferred] =
    f.format === 'github-actions'
      ? [`Read ${name} from the GitHub Actions secret secrets.${name}`, `\${{ secrets.${name} }}`, true]
      : f.format === 'hydra'
        ? [`Read ${name} from the environment (\${oc.env:${name}})`, `\${oc.env:${name}}`, true]
        : [`Read ${name} from the environment (\${${name}})`, `\${${name}}`, false];
  const value = String(v.value);
  const replaced = value.slice(0, secret.from) + reference + value.slice(secret.to);
  const [nodeStart, nodeEnd] = located.node.range;
  const flow = located.parent?.flow === true;
  return [
    {
      title,
      edits: [edit(v.range.file, text, nodeStart, contentEnd(text, nodeEnd), scalarLike(text, nodeStart, replaced, flow))],
      isPreferred: preferred,
    },
  ];
}

/** A container env var: `{name: X, value: <this>}` in the list under an `env:` key. */
function isEnvEntry(located: Located): boolean {
  const map = located.parent;
  const key = located.pair?.key;
  const [holder, list] = located.ancestors.slice(-3, -1);
  const underEnv = isMap(holder) && isSeq(list) && holder.items.some((p) => p.value === list && isScalar(p.key) && p.key.value === 'env');
  return isMap(map) && isScalar(key) && key.value === 'value' && pairIn(map, 'name') !== undefined && underEnv;
}

/** `value: <secret>` becomes `valueFrom: {secretKeyRef: {name: <secret>, key: <NAME>}}`, in the entry's own style. */
function secretKeyRefFix(file: string, text: string, located: Located, name: string): Fix {
  const pair = located.pair!;
  const keyStart = (pair.key as YamlNode).range![0];
  const end = contentEnd(text, located.node.range![1]);
  const secret = placeholder(1, FILL_IN.secretName);
  let newText: string;
  if (located.parent?.flow) {
    newText = `valueFrom: {secretKeyRef: {name: ${secret}, key: ${name}}}`;
  } else {
    const indent = column(text, keyStart);
    const nl = text.includes('\r\n') ? '\r\n' : '\n';
    newText = `valueFrom:${nl}${' '.repeat(indent + 2)}secretKeyRef:${nl}${' '.repeat(indent + 4)}name: ${secret}${nl}${' '.repeat(indent + 4)}key: ${name}`;
  }
  return {
    title: `Read ${name} from a Kubernetes Secret (valueFrom.secretKeyRef)`,
    edits: [edit(file, text, keyStart, end, newText)],
    isPreferred: false,
    snippet: true,
  };
}
