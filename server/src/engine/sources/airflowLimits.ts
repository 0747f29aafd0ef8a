// Airflow's run limits: `dagrun_timeout` on a DAG bounds its whole run; `execution_timeout` (on
// the task or in `default_args`) bounds one try of a task. With retries, a task's run is every
// try plus the waits between them: bounded when the number of retries and the delay are known.
import type { RunLimit, SourceRef } from '../model/facts';
import { callArgs, callName, shortName, type SyntaxNode } from '../text/python';

/** The task options that decide how long a task may run. */
export const LIMIT_OPTIONS = ['execution_timeout', 'retries', 'retry_delay', 'retry_exponential_backoff'] as const;
export type LimitOptions = Partial<Record<(typeof LIMIT_OPTIONS)[number], SyntaxNode>>;

const DELTA_CALLS = new Set(['timedelta', 'duration', 'Duration']);
// datetime.timedelta's positional order; pendulum.duration takes keywords only.
const DELTA_POSITIONS = ['days', 'seconds', 'microseconds', 'milliseconds', 'minutes', 'hours', 'weeks'];
const MINUTES_PER: Record<string, number> = {
  weeks: 7 * 1440,
  days: 1440,
  hours: 60,
  minutes: 1,
  seconds: 1 / 60,
  milliseconds: 1 / 60_000,
  microseconds: 1 / 60_000_000,
};
/** Airflow's `[core] default_task_retry_delay`: 300 seconds. */
const DEFAULT_RETRY_DELAY = 5;

/** `timedelta(hours=2)`, `duration(minutes=30)` with literal numbers, in minutes. */
export function deltaMinutes(node: SyntaxNode | undefined): number | undefined {
  if (node?.type !== 'call' || !DELTA_CALLS.has(shortName(callName(node)))) return undefined;
  const args = callArgs(node);
  let total = 0;
  const parts: Array<[string, SyntaxNode]> = [
    ...args.positional.map((n, i): [string, SyntaxNode] => [DELTA_POSITIONS[i] ?? '', n]),
    ...args.keywords,
  ];
  for (const [unit, value] of parts) {
    const per = MINUTES_PER[unit];
    const amount = numberOf(value);
    if (per === undefined || amount === undefined) return undefined;
    total += amount * per;
  }
  return total > 0 ? total : undefined;
}

function numberOf(node: SyntaxNode): number | undefined {
  if (node.type !== 'integer' && node.type !== 'float') return undefined;
  const n = Number(node.text.replace(/_/g, ''));
  return Number.isFinite(n) ? n : undefined;
}

/** `dagrun_timeout=timedelta(...)`: the DAG run fails when it passes. */
export function dagRunLimit(node: SyntaxNode | undefined, ref: (n: SyntaxNode) => SourceRef): RunLimit | undefined {
  const minutes = deltaMinutes(node);
  if (!node || minutes === undefined) return undefined;
  return { minutes, scope: 'pipeline', origin: `\`dagrun_timeout=${node.text}\``, range: ref(node) };
}

/**
 * The longest a task's run may take: every try bounded by `execution_timeout`, plus the delay
 * between tries. Retries default to 0 (`[core] default_task_retries`); exponential backoff or a
 * value that is not a literal leaves the run unbounded.
 */
export function taskRunLimit(options: LimitOptions, ref: (n: SyntaxNode) => SourceRef): RunLimit | undefined {
  const timeout = options.execution_timeout;
  const perTry = deltaMinutes(timeout);
  if (!timeout || perTry === undefined) return undefined;
  const origin = `\`execution_timeout=${timeout.text}\``;
  if (!options.retries) return { minutes: perTry, scope: 'run', origin, range: ref(timeout) };
  const retries = numberOf(options.retries);
  if (retries === undefined || !Number.isInteger(retries)) return undefined;
  if (retries === 0) return { minutes: perTry, scope: 'run', origin, range: ref(timeout) };
  if (options.retry_exponential_backoff && options.retry_exponential_backoff.text !== 'False') return undefined;
  const delay = options.retry_delay ? delayMinutes(options.retry_delay) : DEFAULT_RETRY_DELAY;
  if (delay === undefined) return undefined;
  return {
    minutes: (retries + 1) * perTry + retries * delay,
    scope: 'run',
    origin: `${origin} over ${retries + 1} tries with ${delay} min between them`,
    range: ref(timeout),
  };
}

/** `retry_delay` is a timedelta or a number of seconds. */
function delayMinutes(node: SyntaxNode): number | undefined {
  const seconds = numberOf(node);
  return seconds !== undefined ? seconds / 60 : deltaMinutes(node);
}
