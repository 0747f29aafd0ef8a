// Run limits stated in YAML: Argo and Kubernetes `activeDeadlineSeconds`, GitHub Actions
// `timeout-minutes`. A value Loopwise cannot read as a number (an expression, a template
// parameter) states no limit.
import type { RunLimit, Stage } from '../model/facts';
import { isMap, isScalar, pairOf, refOf, str, type YamlFile, type YamlNode } from '../text/yaml';

/** `key: <number>` in `map`, in seconds or minutes, as a limit of the given scope. */
export function yamlLimit(
  y: YamlFile,
  map: YamlNode | undefined,
  key: string,
  unit: 'seconds' | 'minutes',
  scope: RunLimit['scope'],
): RunLimit | undefined {
  if (!isMap(map)) return undefined;
  const pair = pairOf(map, key);
  if (!pair || !isScalar(pair.value)) return undefined;
  const text = str(y, pair.value)?.trim() ?? '';
  if (!/^\d+(\.\d+)?$/.test(text)) return undefined;
  const amount = Number(text);
  if (amount <= 0) return undefined;
  return {
    minutes: unit === 'seconds' ? amount / 60 : amount,
    scope,
    origin: `\`${key}: ${text}\``,
    range: refOf(y, pair),
  };
}

/** Adds the limits that are stated (none leaves `limits` unset). */
export function addLimits(stage: Stage, ...limits: Array<RunLimit | undefined>): void {
  for (const limit of limits) if (limit) (stage.limits ??= []).push(limit);
}
