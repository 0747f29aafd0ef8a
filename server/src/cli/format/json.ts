// The findings JSON (docs/json-format.md): versioned; fields are only ever added.
import type { Finding, FindingJson } from '../../engine/model/finding';

export const FINDINGS_JSON_VERSION = 1;

export function formatJson(findings: Finding[], extra: Record<string, unknown> = {}): string {
  return `${JSON.stringify({ version: FINDINGS_JSON_VERSION, ...extra, findings: findings.map(toJson) }, null, 2)}\n`;
}

export function toJson(f: Finding): FindingJson {
  const out: FindingJson = {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    file: f.file,
    range: f.range,
    related: f.related.map((r) => ({ file: r.file, range: r.range, message: r.message })),
  };
  if (f.fixes?.length) out.fixes = f.fixes;
  if (f.loop) out.loop = f.loop;
  if (f.nodes?.length) out.nodes = f.nodes;
  return out;
}
