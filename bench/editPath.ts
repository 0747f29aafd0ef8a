// The edit path in one process, for profiling: `node --cpu-prof --cpu-prof-dir=<dir>
// out/bench/editPath.js [pipelines] [edits]`, then `node out/bench/profileSummary.js <dir>/*.cpuprofile`.
// Loads a generated monorepo, analyses it once, then edits one dvc.yaml repeatedly, each edit
// followed by the edited file's own findings (stage 1) and a full analysis (stage 2). Only
// samples under `editLoop` count in the summary, so indexing does not hide the edit path.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { generateMonorepo } from './generate';
import { loadWorkspace } from '../server/src/node/workspace';
import type { Analysis } from '../server/src/engine/analysis';

const PIPELINES = Number(process.argv[2] ?? 500);
const EDITS = Number(process.argv[3] ?? 20);
const TARGET = 'pipelines/p0/dvc.yaml';

/**
 * The edits: toggling a params reference (`- seed` / `- seeed`); LOOPWISE_BENCH_EDIT=insert-line,
 * one more comment line at the top each time; =rename-output, toggling an output's path.
 */
const EDIT = process.env.LOOPWISE_BENCH_EDIT ?? 'toggle';

function edited(text: string, i: number): string {
  if (EDIT === 'insert-line') return `${'# note\n'.repeat(i + 1)}${text}`;
  // An output renamed: what links the graph changes, so the workspace is linked again.
  if (EDIT === 'rename-output') return i % 2 === 0 ? text.replaceAll('data/prepared', 'data/prep') : text;
  return i % 2 === 0 ? text.replace('- seed', '- seeed') : text;
}

function editLoop(analysis: Analysis, text: string): { own: number[]; full: number[] } {
  const own: number[] = [];
  const full: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const t = performance.now();
    analysis.setFile(TARGET, edited(text, i));
    analysis.fileFindings(TARGET);
    own.push(performance.now() - t);
    analysis.run();
    full.push(performance.now() - t);
  }
  return { own, full };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'loopwise-edit-'));
  generateMonorepo(dir, PIPELINES);
  const ws = await loadWorkspace(dir);
  ws.analysis.run();
  const before = new Map(ws.analysis.timings.entries());
  const { own, full } = editLoop(ws.analysis, readFileSync(path.join(dir, TARGET), 'utf8'));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)].toFixed(1);
  console.log(`${PIPELINES} pipelines, ${EDIT} edit: -> own findings median ${median(own)} ms, -> full analysis median ${median(full)} ms`);
  const steps = ws.analysis.timings
    .entries()
    .map(([step, ms]) => [step, (ms - (before.get(step) ?? 0)) / EDITS] as const)
    .filter(([, ms]) => ms >= 1)
    .sort((a, b) => b[1] - a[1]);
  for (const [step, ms] of steps) console.log(`  ${ms.toFixed(1).padStart(8)} ms per edit  ${step}`);
  rmSync(dir, { recursive: true, force: true });
}

void main();
