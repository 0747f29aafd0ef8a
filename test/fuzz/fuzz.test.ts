// Property-based fuzzing (fast-check) of every adapter and of a whole workspace: a file cut
// short, lines lost or doubled, indentation changed, control characters, bytes that are not
// UTF-8, huge scalars, deep nesting. Files go through the host's own decoding (readText) and
// the real Analysis: no exception escapes (an adapter that throws shows as an internal-error
// finding, which fails here too), each file is analysed in at most 1 s, and in a workspace
// the other files' findings stay as they were unless they depend on the mutated file.
//
// Runs are seeded, so the suite is the same every time; LOOPWISE_FUZZ_SEED=<n> explores
// another part of the space, LOOPWISE_FUZZ_RUNS=<n> scales the runs. A failure's seed and
// path go into REGRESSIONS below.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { Analysis, type AnalysisResult } from '../../server/src/engine/analysis';
import { ADAPTERS, detectAdapter, isCandidatePath } from '../../server/src/engine/sources/index';
import { decode } from '../../server/src/node/readText';
import type { Finding } from '../../server/src/engine/model/finding';
import { corpusFiles, fraudExample } from '../helpers/paths';
import { MUTATIONS, mutate, type Mutation } from './mutations';

const SEED = Number(process.env.LOOPWISE_FUZZ_SEED ?? 20261202);
const SCALE = Number(process.env.LOOPWISE_FUZZ_RUNS ?? 1);
const RUNS_PER_ADAPTER = Math.round(40 * SCALE);
const WORKSPACE_RUNS = Math.round(100 * SCALE);
const MAX_MS_PER_FILE = 1000;
// Parsing is linear in the input, and mutations grow a file to hundreds of KiB (tree-sitter
// recovers from 365 KiB of `{{` in about 1 s of CPU on this machine): the budget grows with the
// size, so what fails is super-linear work, not a big input.
const MS_PER_KIB = 2;

function budget(bytes: { length: number }): number {
  return MAX_MS_PER_FILE + (bytes.length / 1024) * MS_PER_KIB;
}
const TODAY = '2026-01-15';

/** A real Kubernetes manifest: the corpus has none that the kubernetes adapter (not KServe, not Argo) takes. */
const KUBERNETES_SAMPLE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: scorer
spec:
  replicas: 2
  selector:
    matchLabels: { app: scorer }
  template:
    metadata:
      labels: { app: scorer }
    spec:
      containers:
        - name: scorer
          image: registry.example.com/scorer:1.4.2
          args: ["--model", "s3://models/fraud/model.pkl", "--threshold", "0.7"]
          env:
            - name: DB_HOST
              value: warehouse
`;

interface Sample {
  format: string;
  path: string;
  bytes: Buffer;
}

function filesUnder(root: string): Array<{ rel: string; bytes: Buffer }> {
  const out: Array<{ rel: string; bytes: Buffer }> = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) walk(abs);
      else out.push({ rel: path.relative(root, abs).split(path.sep).join('/'), bytes: readFileSync(abs) });
    }
  };
  walk(root);
  return out;
}

/** The first file of each adapter's format in the example and the corpus. */
function samplesPerAdapter(): Sample[] {
  const byFormat = new Map<string, Sample>();
  const k8s = { rel: 'k8s/deployment.yaml', bytes: Buffer.from(KUBERNETES_SAMPLE) };
  for (const { rel, bytes } of [...filesUnder(fraudExample()), ...filesUnder(corpusFiles()), k8s]) {
    const adapter = detectAdapter({ path: rel, text: bytes.toString('utf8') });
    if (adapter && !byFormat.has(adapter.format)) byFormat.set(adapter.format, { format: adapter.format, path: rel, bytes });
  }
  return [...byFormat.values()];
}

/** Puts a file into the analysis the way the Node host does: decoded, or skipped with the reason. */
function put(analysis: Analysis, rel: string, bytes: Buffer): void {
  const text = decode(bytes);
  if (typeof text === 'string') analysis.setFile(rel, text);
  else analysis.skipFile(rel, text.skipped);
}

/** CPU time, not wall time: the suite shares two cores with other work, and waiting for a core is not analysis time. */
function timedRun(analysis: Analysis): { result: AnalysisResult; ms: number } {
  const start = process.cpuUsage();
  const result = analysis.run();
  const used = process.cpuUsage(start);
  return { result, ms: (used.user + used.system) / 1000 };
}

function internalErrors(result: AnalysisResult): string[] {
  return result.findings.filter((f) => f.ruleId === 'loopwise/internal-error').map((f) => `${f.file}: ${f.message}`);
}

function describe(mutations: readonly Mutation[]): string {
  return mutations.map((m) => m.name).join(' then ');
}

/** Failures found by earlier runs, kept as cases: seed and path as the failure reported them. */
const REGRESSIONS: Array<{ seed: number; path: string }> = [
  // dags/daily_consumers.py behind 149,829 `'`: finding the first syntax error was quadratic (1.9 s).
  { seed: 7, path: '78:0:0:3:0:0:0:0:0:0:0:0:0:1:1' },
];
const WORKSPACE_REGRESSIONS: Array<{ seed: number; path: string }> = [
  // dags/daily_consumers.py behind 1692 nested `- ` (unary minus): the DAG reader overflowed the stack.
  { seed: 20261202, path: '58:2:4:32' },
];

test(`fuzz: every adapter survives mutated input (${RUNS_PER_ADAPTER} runs each, seed ${SEED})`, async () => {
  const samples = samplesPerAdapter();
  assert.deepEqual(samples.map((s) => s.format).sort(), ADAPTERS.map((a) => a.format).sort(), 'a sample for every adapter');
  const probe = new Analysis({ today: TODAY });
  await probe.init();
  for (const sample of samples) {
    // Warm-up: the first run of a format loads and compiles its code paths, which is not analysis time.
    const warm = new Analysis({ today: TODAY });
    put(warm, sample.path, sample.bytes);
    warm.run();
    const property = fc.property(MUTATIONS, (mutations) => {
      const analysis = new Analysis({ today: TODAY });
      const bytes = mutate(sample.bytes, mutations);
      put(analysis, sample.path, bytes);
      const { result, ms } = timedRun(analysis);
      assert.deepEqual(internalErrors(result), [], `${sample.path} after ${describe(mutations)}`);
      assert.ok(ms <= budget(bytes), `${sample.path} after ${describe(mutations)} took ${Math.round(ms)} ms`);
    });
    check(property, { seed: SEED, numRuns: RUNS_PER_ADAPTER });
    for (const r of REGRESSIONS) check(property, { seed: r.seed, path: r.path, numRuns: 1 });
  }
});

test(`fuzz: in a whole workspace, only what depends on the mutated file changes (${WORKSPACE_RUNS} runs, seed ${SEED})`, async () => {
  const files = filesUnder(fraudExample()).filter((f) => isCandidatePath(f.rel));
  const load = (mutated?: { rel: string; bytes: Buffer }) => {
    const analysis = new Analysis({ today: TODAY });
    for (const f of files) put(analysis, f.rel, f.rel === mutated?.rel ? mutated.bytes : f.bytes);
    return analysis;
  };
  const baselineAnalysis = load();
  await baselineAnalysis.init();
  const baseline = baselineAnalysis.run();
  const property = fc.property(fc.constantFrom(...files.map((f) => f.rel)), MUTATIONS, (rel, mutations) => {
    const file = files.find((f) => f.rel === rel)!;
    const analysis = load({ rel: file.rel, bytes: mutate(file.bytes, mutations) });
    const { result, ms } = timedRun(analysis);
    const what = `${file.rel} after ${describe(mutations)}`;
    assert.deepEqual(internalErrors(result), [], what);
    assert.ok(ms <= MAX_MS_PER_FILE * files.length, `${what}: the workspace took ${Math.round(ms)} ms`);
    const dependent = dependsOn(file.rel, [baseline, result], [baselineAnalysis, analysis]);
    const independent = (fs: Finding[]) =>
      fs
        .filter((f) => !dependent(f))
        .map(key)
        .sort();
    assert.deepEqual(independent(result.findings), independent(baseline.findings), `findings that do not depend on ${what}`);
  });
  for (const r of WORKSPACE_REGRESSIONS) check(property, { seed: r.seed, path: r.path, numRuns: 1 });
  check(property, { seed: SEED, numRuns: WORKSPACE_RUNS });
});

/** fc.assert, with the property's own error in the message (node:test does not print an error's cause). */
function check<T>(property: fc.IProperty<T>, params: fc.Parameters<T>): void {
  const run = fc.check(property, params);
  if (!run.failed) return;
  const error = run.errorInstance instanceof Error ? run.errorInstance.message : String(run.errorInstance);
  assert.fail(
    `${error}\nseed ${run.seed}, path "${run.counterexamplePath}" (add to REGRESSIONS)\ncounterexample: ${fc.stringify(run.counterexample)}`,
  );
}

function key(f: Finding): string {
  return `${f.ruleId} ${f.file}:${f.range.start.line}:${f.range.start.character} ${f.message}`;
}

/** Files every finding depends on: the system card (documented loops, owners, severities) and CODEOWNERS (owners of every node). */
const WHOLE_WORKSPACE = new Set(['card', 'codeowners']);

/**
 * Whether a finding legitimately depends on `file`: it is in the file or points into it, its
 * file reads it (params.yaml for a dvc.yaml) or is read by it, or it is about graph nodes
 * connected to a node the file mentions (in the graph before or after the mutation).
 */
function dependsOn(file: string, results: AnalysisResult[], analyses: Analysis[]): (f: Finding) => boolean {
  if (results.some((r) => WHOLE_WORKSPACE.has(r.facts.find((f) => f.file === file)?.format ?? ''))) return () => true;
  const readers = new Set(analyses.flatMap((a) => a.paths().filter((p) => a.readsOf(p).includes(file) || a.readsOf(file).includes(p))));
  const connected = new Set<string>();
  for (const r of results) for (const id of componentsTouching(r, file)) connected.add(id);
  return (f) =>
    f.file === file || readers.has(f.file) || f.related.some((r) => r.file === file) || (f.nodes ?? []).some((n) => connected.has(n));
}

/** Ids of every node in a connected component (edges taken both ways) that has a node mentioned in `file`. */
function componentsTouching(result: AnalysisResult, file: string): Set<string> {
  const neighbours = new Map<string, string[]>();
  for (const e of result.graph.edges) {
    neighbours.set(e.from, [...(neighbours.get(e.from) ?? []), e.to]);
    neighbours.set(e.to, [...(neighbours.get(e.to) ?? []), e.from]);
  }
  const start = [...result.graph.nodes.values()].filter((n) => n.mentions.some((m) => m.file === file)).map((n) => n.id);
  const seen = new Set(start);
  const queue = [...start];
  while (queue.length)
    for (const next of neighbours.get(queue.pop()!) ?? [])
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
  return seen;
}
