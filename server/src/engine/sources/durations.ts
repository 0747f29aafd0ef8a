// Durations as pipeline formats write them, in minutes: GitLab's human durations and Go's
// `time.ParseDuration` (Tekton, Cloud Build's `600s`). Undefined when the text is not one.

const UNIT_MINUTES: Record<string, number> = { s: 1 / 60, m: 1, h: 60, d: 1440, w: 10080 };

/** GitLab's `timeout:`: `90m`, `3h 30m`, `1 hour`, `2 days`, or a bare number of seconds. */
export function durationMinutes(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  if (/^\d+$/.test(t)) return Number(t) / 60;
  let total = 0;
  let matched = '';
  for (const m of t.matchAll(/(\d+(?:\.\d+)?)\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hrs?|hours?|d|days?|w|weeks?)\b/g)) {
    total += Number(m[1]) * UNIT_MINUTES[m[2][0]];
    matched += m[0];
  }
  return matched && matched.replace(/\s/g, '').length === t.replace(/\s|and|,/g, '').length ? total : undefined;
}

const GO_UNITS: Record<string, number> = { ns: 1 / 6e10, us: 1 / 6e7, µs: 1 / 6e7, ms: 1 / 60000, s: 1 / 60, m: 1, h: 60 };

/** Go's `1h30m`, `600s`, `2.5h`; `0` (no limit in Tekton) and anything else are undefined. */
export function goDurationMinutes(text: string): number | undefined {
  const t = text.trim();
  if (!/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(t)) return undefined;
  let total = 0;
  for (const m of t.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) total += Number(m[1]) * GO_UNITS[m[2]];
  return total > 0 ? total : undefined;
}
