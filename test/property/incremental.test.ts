// The incremental engine against a cold one (fast-check): random sequences of edits, half-typed
// text, file creations, deletions and renames go into one Analysis step by step (analysing at
// random points, as the server does between keystrokes); a fresh Analysis then reads only the
// final files. Findings, graph and loops must be identical. A file whose final text does not
// parse keeps the facts of its last good text (the last one analysed without a syntax error),
// read in today's workspace: the cold analysis reads that text instead, and the file's own
// syntax-error findings are compared with those of a cold analysis of the final text.
//
// Seeded, so the suite is the same every run; LOOPWISE_PBT_SEED=<n> explores elsewhere and
// LOOPWISE_PBT_RUNS=<n> scales the number of runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { Analysis, type AnalysisResult } from '../../server/src/engine/analysis';
import { pipelineFiles } from '../../bench/generate';
import { fraudExample } from '../helpers/paths';
import type { SourceRef } from '../../server/src/engine/model/facts';

const SEED = Number(process.env.LOOPWISE_PBT_SEED ?? 20261202);
const RUNS = Number(process.env.LOOPWISE_PBT_RUNS ?? 25);
const TODAY = '2026-01-15';

/** Path -> full text: five generated pipelines (every format) and the fraud-detection example (a card, loops). */
function templates(): Map<string, string> {
  const all = new Map<string, string>();
  for (let i = 0; i < 5; i++) for (const [rel, text] of pipelineFiles(i)) all.set(rel, text);
  const root = fraudExample();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (!name.endsWith('.md')) all.set(`fraud/${path.relative(root, full).split(path.sep).join('/')}`, readFileSync(full, 'utf8'));
    }
  };
  walk(root);
  return all;
}

const TEMPLATES = templates();
const TEMPLATE_PATHS = [...TEMPLATES.keys()];
/** Paths that exist in no template, for creations and rename targets. */
const EXTRA_PATHS = [
  'pipelines/p9/dvc.yaml',
  'pipelines/p9/params.yaml',
  'dags/renamed.py',
  'serving/moved.yaml',
  'fraud/renamed/dvc.yaml',
];
const PATHS = [...TEMPLATE_PATHS, ...EXTRA_PATHS];
const TEXTS = [...TEMPLATES.values()];

/** Edits that change meaning across files: rename a pipeline's artifacts, break a params reference, move an output. */
const SUBSTITUTIONS: Array<[string, string]> = [
  ['p0', 'p1'],
  ['p1', 'p2'],
  ['model.pkl', 'model2.pkl'],
  ['- seed', '- seeed'],
  ['seed:', 'sed:'],
  ['labels.parquet', 'labels_v2.parquet'],
  ['data/prepared', 'data/prep'],
  ['s3://models/', 's3://model-store/'],
  ['@acme/ml', '@acme/data'],
];

/** Lines an author adds without changing meaning (YAML and Python comments, blank lines), and one that does. */
const INSERTED_LINES = ['# moved', '', '#', 'x: 1'];

type Write = { kind: 'write'; path: number; text: number; edits: number[] };

type Op =
  | Write
  | { kind: 'interrupted'; steps: number; then: Write }
  | { kind: 'halfType'; path: number; cut: number }
  | { kind: 'insertLine'; path: number; at: number; line: number }
  | { kind: 'delete'; path: number }
  | { kind: 'rename'; from: number; to: number }
  | { kind: 'analyse' };

const write: fc.Arbitrary<Write> = fc.record({
  kind: fc.constant('write' as const),
  path: fc.nat(),
  text: fc.nat(),
  edits: fc.array(fc.nat(), { maxLength: 3 }),
});

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: write },
  // An analysis (as the server runs it, pausing between steps) that an edit cancels part way.
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('interrupted' as const), steps: fc.nat({ max: 40 }), then: write }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('halfType' as const), path: fc.nat(), cut: fc.double({ min: 0, max: 1, noNaN: true }) }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('insertLine' as const),
      path: fc.nat(),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      line: fc.nat(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), path: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rename' as const), from: fc.nat(), to: fc.nat() }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'analyse' as const }) },
);

/**
 * The workspace as the user sees it (path -> text), which texts are half-typed (with the full
 * text they were cut from), and the model of what the engine keeps for a file that stops parsing:
 * the last text that was analysed without a syntax error, forgotten when the file is deleted.
 */
class Workspace {
  readonly files = new Map<string, string>();
  readonly cutFrom = new Map<string, string>();
  readonly lastGood = new Map<string, string>();

  constructor(readonly analysis: Analysis) {}

  set(path: string, text: string, full?: string): void {
    this.files.set(path, text);
    if (full === undefined) this.cutFrom.delete(path);
    else this.cutFrom.set(path, full);
    this.analysis.setFile(path, text);
  }

  remove(path: string): void {
    this.files.delete(path);
    this.cutFrom.delete(path);
    this.lastGood.delete(path);
    this.analysis.removeFile(path);
  }

  analyse(): AnalysisResult {
    const result = this.analysis.run();
    this.noteParsed();
    return result;
  }

  private noteParsed(): void {
    for (const [path, text] of this.files) {
      const facts = this.analysis.factsOf(path);
      if (facts && !facts.problems.some((p) => p.syntax)) this.lastGood.set(path, text);
    }
  }

  /** Starts an analysis that pauses between steps; after `steps` pauses the edit comes and cancels it (or after it, if it finished first). */
  async interrupted(steps: number, then: Write): Promise<void> {
    let paused = 0;
    let applied = false;
    await this.analysis.runCancellable(async () => {
      if (++paused === steps + 1) {
        applied = true;
        this.apply(then);
      }
    });
    if (!applied) this.apply(then);
    this.noteParsed();
  }

  /** Files whose current text does not parse. */
  broken(): string[] {
    return [...this.files.keys()].filter((p) => this.analysis.factsOf(p)?.problems.some((x) => x.syntax));
  }

  apply(o: Exclude<Op, { kind: 'interrupted' }>): void {
    const existing = [...this.files.keys()].sort();
    if (o.kind === 'write') {
      let text = TEXTS[o.text % TEXTS.length];
      // Mostly a file's own kind of text at its path (an edit), sometimes another format's (a rewrite).
      const path = PATHS[o.path % PATHS.length];
      if (o.text % 3 !== 0 && TEMPLATES.has(path)) text = TEMPLATES.get(path)!;
      for (const e of o.edits)
        text = text.split(SUBSTITUTIONS[e % SUBSTITUTIONS.length][0]).join(SUBSTITUTIONS[e % SUBSTITUTIONS.length][1]);
      this.set(path, text);
    } else if (o.kind === 'halfType') {
      const path = existing[o.path % Math.max(1, existing.length)];
      if (!path) return;
      const full = this.cutFrom.get(path) ?? this.files.get(path)!;
      this.set(path, full.slice(0, Math.floor(full.length * o.cut)), full);
    } else if (o.kind === 'insertLine') {
      // A line that moves what follows it: a comment or a blank line, at the top or between two lines.
      const path = existing[o.path % Math.max(1, existing.length)];
      if (!path) return;
      const lines = this.files.get(path)!.split('\n');
      lines.splice(Math.floor(lines.length * o.at), 0, INSERTED_LINES[o.line % INSERTED_LINES.length]);
      this.set(path, lines.join('\n'));
    } else if (o.kind === 'delete') {
      const path = existing[o.path % Math.max(1, existing.length)];
      if (path) this.remove(path);
    } else if (o.kind === 'rename') {
      const from = existing[o.from % Math.max(1, existing.length)];
      const to = PATHS[o.to % PATHS.length];
      if (!from || from === to) return;
      const text = this.files.get(from)!;
      const full = this.cutFrom.get(from);
      this.remove(from);
      this.set(to, text, full);
    } else {
      this.analyse();
    }
  }

  /** The user finishes typing: every half-typed file gets its full text back. */
  finishTyping(): void {
    for (const [path, full] of [...this.cutFrom]) this.set(path, full);
  }
}

function newAnalysis(): Analysis {
  return new Analysis({ today: TODAY });
}

async function cold(files: Map<string, string>): Promise<AnalysisResult> {
  const a = newAnalysis();
  for (const [p, text] of files) a.setFile(p, text);
  await a.init();
  return a.run();
}

function byPlace(a: SourceRef, b: SourceRef): number {
  return (
    a.file.localeCompare(b.file) ||
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    a.range.end.line - b.range.end.line ||
    a.range.end.character - b.range.end.character
  );
}

/**
 * Everything the engine concludes, in a canonical order (mentions of one node may be collected
 * in any order). In files that do not parse, findings about reading the file (`loopwise/*`) are
 * left out, and with any such file, fixes are (a fix's edit reads the text it edits).
 */
function canonical(r: AnalysisResult, broken: readonly string[]) {
  const nodes = [...r.graph.nodes.values()].map((n) => JSON.stringify({ ...n, mentions: [...n.mentions].sort(byPlace) })).sort();
  const edges = r.graph.edges.map((e) => JSON.stringify(e)).sort();
  const loops = r.loops.map((l) => JSON.stringify(l));
  const findings = r.findings
    .filter((f) => !(broken.includes(f.file) && f.ruleId.startsWith('loopwise/')))
    .map((f) => JSON.stringify(broken.length ? { ...f, fixes: undefined } : f))
    .sort();
  return { nodes, edges, loops, findings, loopsTruncated: r.loopsTruncated };
}

function syntaxErrors(r: AnalysisResult, broken: readonly string[]): string[] {
  return r.findings
    .filter((f) => broken.includes(f.file) && f.ruleId === 'loopwise/syntax-error')
    .map((f) => JSON.stringify(f))
    .sort();
}

test('incremental analysis after random edits, half-typed text, creations, deletions and renames equals a cold analysis of the final files', async () => {
  await newAnalysis().init();
  let moves = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 14 }), fc.nat(), fc.boolean(), async (ops, start, finish) => {
      const ws = new Workspace(newAnalysis());
      await ws.analysis.init();
      // Start from a random half of the template files, analysed once (the indexed workspace).
      TEMPLATE_PATHS.forEach((p, i) => (i + start) % 2 === 0 && ws.set(p, TEMPLATES.get(p)!));
      ws.analyse();
      for (const o of ops)
        if (o.kind === 'interrupted') await ws.interrupted(o.steps, o.then);
        else ws.apply(o);
      if (finish) ws.finishTyping();
      const incremental = ws.analyse();
      moves += ws.analysis.moveCount;
      const broken = ws.broken();
      const coldFiles = new Map(ws.files);
      for (const p of broken) if (ws.lastGood.has(p)) coldFiles.set(p, ws.lastGood.get(p)!);
      const reference = await cold(coldFiles);
      assert.deepEqual(canonical(incremental, broken), canonical(reference, broken));
      if (broken.length) assert.deepEqual(syntaxErrors(incremental, broken), syntaxErrors(await cold(ws.files), broken));
    }),
    { seed: SEED, numRuns: RUNS },
  );
  // The runs went through the path that moves places instead of linking again (an inserted line).
  assert.ok(moves > 0, 'no edit was analysed as a move');
});
