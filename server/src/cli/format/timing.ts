// `loopwise check --timing`: where the time went, on stderr. Rules are summed into one line
// with the slowest few named, the way ESLint's TIMING table names its slowest rules.

export function formatTimings(title: string, entries: ReadonlyArray<[string, number]>, slowest = 5): string {
  const rules = entries.filter(([step]) => step.startsWith('rule ')).sort((a, b) => b[1] - a[1]);
  const steps: Array<[string, number]> = [];
  for (const [step, ms] of entries) {
    if (!step.startsWith('rule ')) steps.push([step, ms]);
    else if (!steps.some(([s]) => s.startsWith('rules ('))) steps.push([`rules (${rules.length})`, rules.reduce((n, [, r]) => n + r, 0)]);
  }
  const total = entries.reduce((n, [, ms]) => n + ms, 0);
  const width = Math.max(5, ...steps.map(([s]) => s.length), ...rules.slice(0, slowest).map(([s]) => s.length - 3));
  const line = (label: string, ms: number) => `  ${label.padEnd(width)}  ${ms.toFixed(0).padStart(7)} ms\n`;
  let out = `Loopwise timing for ${title}\n`;
  for (const [step, ms] of steps) {
    out += line(step, ms);
    if (step.startsWith('rules (')) for (const [rule, rms] of rules.slice(0, slowest)) out += line(`  ${rule.slice(5)}`, rms);
  }
  return out + line('total', total);
}
