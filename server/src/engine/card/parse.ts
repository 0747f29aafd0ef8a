// Reads mlsystem.yaml into a Card, validating as it goes: every problem carries the exact
// range of the offending node. The JSON schema (schemas/mlsystem.schema.json) describes the
// same shape for editors; this is the authority Loopwise itself applies.
import type { ArtifactKind, ParseProblem, SourceRef } from '../model/facts';
import { get, entries, items, str, refOf, isMap, isSeq, isScalar, mappings, type YamlFile, type YamlNode } from '../text/yaml';
import { dirname } from '../text/paths';
import { emptyCard, TEAM_ROLES, type Card, type SeverityName, type TeamRole } from './card';

const TOP_LEVEL = new Set([
  'version',
  'system',
  'domain',
  'risk',
  'oversight',
  'emissions',
  'teams',
  'owners',
  'external',
  'influences',
  'loops',
  'monitors',
  'fallbacks',
  'durations',
  'contracts',
  'thresholds',
  'rules',
  'ignore',
]);
const SEVERITIES: SeverityName[] = ['error', 'warning', 'info', 'hint', 'off'];
const KINDS: ArtifactKind[] = ['data', 'features', 'model', 'labels', 'predictions', 'metrics', 'report', 'code', 'world', 'unknown'];

class CardReader {
  readonly problems: ParseProblem[] = [];
  constructor(readonly y: YamlFile) {}

  at(node: YamlNode | undefined): SourceRef {
    return refOf(this.y, node);
  }

  error(node: YamlNode | undefined, message: string): void {
    this.problems.push({ message, range: this.at(node), severity: 'error' });
  }

  warn(node: YamlNode | undefined, message: string): void {
    this.problems.push({ message, range: this.at(node), severity: 'warning' });
  }

  text(node: YamlNode | undefined, what: string, required = false, parent?: YamlNode): string | undefined {
    if (node === undefined) {
      if (required) this.error(parent, `${what} is required.`);
      return undefined;
    }
    const v = isScalar(node) && node.value !== null && typeof node.value !== 'object' ? String(str(this.y, node)) : undefined;
    if (v === undefined) this.error(node, `${what} must be a string.`);
    return v;
  }

  list(node: YamlNode | undefined, what: string): YamlNode[] {
    if (node === undefined || (isScalar(node) && node.value === null)) return [];
    if (!isSeq(node)) {
      this.error(node, `${what} must be a list.`);
      return [];
    }
    return items(node);
  }

  stringList(node: YamlNode | undefined, what: string): string[] {
    if (node !== undefined && isScalar(node)) return [this.text(node, what) ?? ''].filter(Boolean);
    return this.list(node, what)
      .map((n) => this.text(n, `Each entry of ${what}`))
      .filter((s): s is string => !!s);
  }

  entry(node: YamlNode, what: string, allowed: string[]): boolean {
    if (!isMap(node)) {
      this.error(node, `Each entry of ${what} must be a mapping.`);
      return false;
    }
    for (const [key, , pair] of entries(node)) {
      if (!allowed.includes(key))
        this.warn(pair.key as YamlNode, `Unknown key "${key}" in ${what}; expected one of: ${allowed.join(', ')}.`);
    }
    return true;
  }
}

export function parseCard(y: YamlFile): { card?: Card; problems: ParseProblem[] } {
  const root = mappings(y)[0];
  if (!root) return { problems: [] };
  const r = new CardReader(y);
  const card = emptyCard(y.file, dirname(y.file), r.at(root));
  for (const [key, , pair] of entries(root)) {
    if (!TOP_LEVEL.has(key)) r.warn(pair.key as YamlNode, `Unknown section "${key}" in the system card.`);
  }
  card.system = r.text(get(root, 'system'), 'system');
  card.domain = r.text(get(root, 'domain'), 'domain');
  if (card.domain) card.domainRange = r.at(get(root, 'domain'));
  readRisk(r, card, get(root, 'risk'));
  readTeams(r, card, get(root, 'teams'));
  readOwners(r, card, get(root, 'owners'));
  readExternal(r, card, get(root, 'external'));
  readInfluences(r, card, get(root, 'influences'));
  readLoops(r, card, get(root, 'loops'));
  readSimpleLists(r, card, root);
  readRules(r, card, get(root, 'rules'));
  readIgnores(r, card, get(root, 'ignore'));
  readOversight(r, card, get(root, 'oversight'), get(root, 'emissions'));
  return { card, problems: r.problems };
}

function readRisk(r: CardReader, card: Card, node: YamlNode | undefined): void {
  const risk = r.text(node, 'risk');
  if (risk === undefined) return;
  if (['high', 'limited', 'minimal', 'unacceptable'].includes(risk)) [card.risk, card.riskRange] = [risk as Card['risk'], r.at(node)];
  else r.error(node, `risk must be one of high, limited, minimal, unacceptable (EU AI Act categories), not "${risk}".`);
}

function readTeams(r: CardReader, card: Card, node: YamlNode | undefined): void {
  for (const t of r.list(node, 'teams')) {
    if (!r.entry(t, 'teams', ['name', 'role', 'roles', 'members', 'handles', 'description'])) continue;
    const name = r.text(get(t, 'name'), 'A team name', true, t);
    const roleNodes = [get(t, 'role'), get(t, 'roles')].filter((n): n is YamlNode => !!n);
    const roles: TeamRole[] = [];
    for (const rn of roleNodes) {
      for (const role of r.stringList(rn, 'roles')) {
        if (TEAM_ROLES.includes(role as TeamRole)) roles.push(role as TeamRole);
        else r.error(rn, `Unknown team role "${role}"; expected one of: ${TEAM_ROLES.join(', ')}.`);
      }
    }
    if (roleNodes.length === 0)
      r.warn(get(t, 'name') ?? t, `Team "${name ?? ''}" has no role; say what it does (${TEAM_ROLES.join(', ')}).`);
    const members = [...r.stringList(get(t, 'members'), 'members'), ...r.stringList(get(t, 'handles'), 'handles')];
    if (name) card.teams.push({ name, roles, members, range: r.at(get(t, 'name')) });
  }
}

function readOwners(r: CardReader, card: Card, node: YamlNode | undefined): void {
  for (const o of r.list(node, 'owners')) {
    if (!r.entry(o, 'owners', ['path', 'node', 'stage', 'artifact', 'team'])) continue;
    const team = r.text(get(o, 'team'), "An owner entry's team", true, o);
    const path = r.text(get(o, 'path'), 'path');
    const nodeName = r.text(get(o, 'node') ?? get(o, 'stage') ?? get(o, 'artifact'), 'node');
    if (!path && !nodeName) r.error(o, 'An owner entry needs a path (glob) or a node (stage or artifact name).');
    if (team && !card.teams.some((t) => t.name === team)) r.warn(get(o, 'team'), `Team "${team}" is not declared under teams.`);
    if (team) card.owners.push({ path, node: nodeName, team, range: r.at(o) });
  }
}

function readExternal(r: CardReader, card: Card, node: YamlNode | undefined): void {
  for (const e of r.list(node, 'external')) {
    if (isScalar(e)) {
      const name = r.text(e, 'An external input');
      if (name) card.external.push({ name, range: r.at(e) });
      continue;
    }
    if (!r.entry(e, 'external', ['name', 'kind', 'description', 'owner', 'contract'])) continue;
    const name = r.text(get(e, 'name'), "An external input's name", true, e);
    const kind = r.text(get(e, 'kind'), 'kind');
    if (kind && !KINDS.includes(kind as ArtifactKind))
      r.error(get(e, 'kind'), `Unknown kind "${kind}"; expected one of: ${KINDS.join(', ')}.`);
    if (name)
      card.external.push({
        name,
        kind: kind as ArtifactKind | undefined,
        description: r.text(get(e, 'description'), 'description'),
        owner: r.text(get(e, 'owner'), 'owner'),
        contract: r.text(get(e, 'contract'), 'contract'),
        range: r.at(get(e, 'name')),
      });
  }
}

function readInfluences(r: CardReader, card: Card, node: YamlNode | undefined): void {
  for (const i of r.list(node, 'influences')) {
    if (!r.entry(i, 'influences', ['from', 'to', 'sign', 'polarity', 'description'])) continue;
    const from = r.text(get(i, 'from'), 'from', true, i);
    const to = r.text(get(i, 'to'), 'to', true, i);
    const signNode = get(i, 'sign') ?? get(i, 'polarity');
    const sign = signNode ? String(isScalar(signNode) ? signNode.value : '') : '+';
    if (!['+', '-', 'positive', 'negative', '1', '-1'].includes(sign)) r.error(signNode, `sign must be "+" or "-", not "${sign}".`);
    const negative = sign === '-' || sign === 'negative' || sign === '-1';
    if (from && to)
      card.influences.push({
        from,
        to,
        sign: negative ? -1 : 1,
        description: r.text(get(i, 'description'), 'description'),
        range: r.at(i),
      });
  }
}

function readLoops(r: CardReader, card: Card, node: YamlNode | undefined): void {
  for (const l of r.list(node, 'loops')) {
    if (!r.entry(l, 'loops', ['name', 'hops', 'polarity', 'owner', 'monitor', 'brake', 'description'])) continue;
    const name = r.text(get(l, 'name'), 'A loop name', true, l);
    const hops = r.stringList(get(l, 'hops'), 'hops');
    if (hops.length < 2)
      r.error(get(l, 'hops') ?? l, 'A documented loop needs at least two hops (the stocks and stages it passes through).');
    const polarity = r.text(get(l, 'polarity'), 'polarity');
    if (polarity && polarity !== 'R' && polarity !== 'B')
      r.error(get(l, 'polarity'), `polarity must be R (reinforcing) or B (balancing), not "${polarity}".`);
    if (name)
      card.loops.push({
        name,
        hops,
        polarity: polarity as 'R' | 'B' | undefined,
        owner: r.text(get(l, 'owner'), 'owner'),
        monitor: r.text(get(l, 'monitor'), 'monitor'),
        brake: r.text(get(l, 'brake'), 'brake'),
        description: r.text(get(l, 'description'), 'description'),
        range: r.at(get(l, 'name')),
      });
  }
}

function readSimpleLists(r: CardReader, card: Card, root: YamlNode): void {
  for (const m of r.list(get(root, 'monitors'), 'monitors')) {
    if (!r.entry(m, 'monitors', ['stock', 'name', 'checks', 'tool'])) continue;
    const stock = r.text(get(m, 'stock'), "A monitor's stock", true, m);
    if (stock)
      card.monitors.push({ stock, name: r.text(get(m, 'name'), 'name'), checks: r.stringList(get(m, 'checks'), 'checks'), range: r.at(m) });
  }
  for (const f of r.list(get(root, 'fallbacks'), 'fallbacks')) {
    if (!r.entry(f, 'fallbacks', ['stage', 'fallback', 'description'])) continue;
    const stage = r.text(get(f, 'stage'), "A fallback's stage", true, f);
    const fallback = r.text(get(f, 'fallback'), 'fallback', true, f);
    if (stage && fallback) card.fallbacks.push({ stage, fallback, range: r.at(f) });
  }
  for (const d of r.list(get(root, 'durations'), 'durations')) {
    if (!r.entry(d, 'durations', ['stage', 'p95', 'max', 'typical'])) continue;
    const stage = r.text(get(d, 'stage'), "A duration's stage", true, d);
    const valueNode = get(d, 'p95') ?? get(d, 'max') ?? get(d, 'typical');
    const minutes = parseDuration(valueNode && isScalar(valueNode) ? String(valueNode.value) : '');
    if (minutes === undefined) r.error(valueNode ?? d, 'A duration needs p95 (or max) like "90m", "2h" or "1h30m".');
    else if (stage) card.durations.push({ stage, minutes, range: r.at(d) });
  }
  for (const c of r.list(get(root, 'contracts'), 'contracts')) {
    if (!r.entry(c, 'contracts', ['artifact', 'producer', 'consumer', 'schema', 'description'])) continue;
    const artifact = r.text(get(c, 'artifact'), "A contract's artifact", true, c);
    if (artifact)
      card.contracts.push({
        artifact,
        producer: r.text(get(c, 'producer'), 'producer'),
        consumer: r.text(get(c, 'consumer'), 'consumer'),
        schema: r.text(get(c, 'schema'), 'schema'),
        range: r.at(c),
      });
  }
  for (const t of r.list(get(root, 'thresholds'), 'thresholds')) {
    if (!r.entry(t, 'thresholds', ['key', 'file', 'value', 'rationale'])) continue;
    const key = r.text(get(t, 'key'), "A threshold's key", true, t);
    const rationale = r.text(get(t, 'rationale'), "A threshold's rationale", true, t);
    const valueNode = get(t, 'value');
    const value =
      valueNode && isScalar(valueNode) && (typeof valueNode.value === 'number' || typeof valueNode.value === 'string')
        ? valueNode.value
        : undefined;
    if (key && rationale) card.thresholds.push({ key, file: r.text(get(t, 'file'), 'file'), value, rationale, range: r.at(t) });
  }
}

export function parseDuration(text: string): number | undefined {
  const m = /^\s*(?:(\d+(?:\.\d+)?)\s*h)?\s*(?:(\d+(?:\.\d+)?)\s*m(?:in)?)?\s*$/i.exec(text);
  if (!m || (!m[1] && !m[2])) return /^\d+$/.test(text.trim()) ? Number(text) : undefined;
  return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0);
}

function readRules(r: CardReader, card: Card, node: YamlNode | undefined): void {
  if (node === undefined) return;
  if (!isMap(node)) return r.error(node, 'rules must map rule ids to a severity (error, warning, info, hint, off).');
  for (const [id, value, pair] of entries(node)) {
    const raw = isMap(value) ? get(value, 'severity') : value;
    const severity = r.text(raw, `The severity of ${id}`);
    if (severity && !SEVERITIES.includes(severity as SeverityName))
      r.error(raw, `Unknown severity "${severity}"; expected one of: ${SEVERITIES.join(', ')}.`);
    else if (severity) card.rules.set(id, { severity: severity as SeverityName, range: r.at(pair.key as YamlNode) });
  }
}

function readIgnores(r: CardReader, card: Card, node: YamlNode | undefined): void {
  for (const i of r.list(node, 'ignore')) {
    if (!r.entry(i, 'ignore', ['path', 'rules', 'rule', 'reason', 'until'])) continue;
    const path = r.text(get(i, 'path'), "An ignore entry's path", true, i);
    const rules = r.stringList(get(i, 'rules') ?? get(i, 'rule'), 'rules');
    const reason = r.text(get(i, 'reason'), 'reason');
    const until = r.text(get(i, 'until'), 'until');
    if (until && !/^\d{4}-\d{2}-\d{2}$/.test(until)) r.error(get(i, 'until'), 'until must be a date like 2026-12-31.');
    if (path) card.ignores.push({ path, rules: rules.length ? rules : ['*'], reason, until, range: r.at(i) });
  }
}

function readOversight(r: CardReader, card: Card, oversight: YamlNode | undefined, emissions: YamlNode | undefined): void {
  if (oversight !== undefined) {
    if (!isMap(oversight)) r.error(oversight, 'oversight must be a mapping with human, logging and documentation.');
    else
      card.oversight = {
        human: r.text(get(oversight, 'human'), 'human'),
        logging: r.text(get(oversight, 'logging'), 'logging'),
        documentation: r.text(get(oversight, 'documentation'), 'documentation'),
        range: r.at(oversight),
      };
  }
  if (emissions !== undefined) {
    if (!isMap(emissions)) r.error(emissions, 'emissions must be a mapping like {tracked: true, tool: codecarbon}.');
    else {
      const tracked = get(emissions, 'tracked');
      card.emissions = {
        tracked: isScalar(tracked) && tracked.value === true,
        tool: r.text(get(emissions, 'tool'), 'tool'),
        range: r.at(emissions),
      };
    }
  }
}
