// Summarises a V8 CPU profile (`node --cpu-prof`): self time per function, counting only the
// samples taken under a function named by `--under` (default `editLoop`), largest first.
// Run: node out/bench/profileSummary.js <file.cpuprofile> [--under name] [--top n]
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function main(): void {
  const [file, ...rest] = process.argv.slice(2);
  const under = rest[rest.indexOf('--under') + 1] && rest.includes('--under') ? rest[rest.indexOf('--under') + 1] : 'editLoop';
  const top = rest.includes('--top') ? Number(rest[rest.indexOf('--top') + 1]) : 25;
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const parent = new Map<number, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inScope = new Map<number, boolean>();
  const scoped = (id: number): boolean => {
    const known = inScope.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id)!;
    const up = parent.get(id);
    const result = node.callFrame.functionName === under || (up !== undefined && scoped(up));
    inScope.set(id, result);
    return result;
  };
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    if (!scoped(id)) return;
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const f = byId.get(id)!.callFrame;
    const name = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
    self.set(name, (self.get(name) ?? 0) + ms);
    total += ms;
  });
  console.log(`${total.toFixed(0)} ms sampled under ${under}`);
  for (const [name, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${ms.toFixed(0).padStart(7)} ms ${((ms / total) * 100).toFixed(1).padStart(5)}%  ${name}`);
}

main();
