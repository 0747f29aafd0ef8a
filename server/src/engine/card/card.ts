// The system card (mlsystem.yaml): what the files cannot say. Teams and roles, owners,
// external inputs, world influences with polarity, documented loops with monitor and brake,
// monitors, fallbacks, durations, the risk domain, emissions tracking and rule settings.
import type { ArtifactKind, SourceRef } from '../model/facts';

export type TeamRole = 'research' | 'platform' | 'mlops' | 'data' | 'product' | 'review' | 'security' | 'operations';
export const TEAM_ROLES: TeamRole[] = ['research', 'platform', 'mlops', 'data', 'product', 'review', 'security', 'operations'];

export interface Team {
  name: string;
  roles: TeamRole[];
  /** CODEOWNERS handles (`@org/team`, `@user`, emails) that belong to the team. */
  members: string[];
  range: SourceRef;
}

export interface OwnerEntry {
  /** Path glob (CODEOWNERS-like) or a stage/artifact name. */
  path?: string;
  node?: string;
  team: string;
  range: SourceRef;
}

export interface ExternalInput {
  name: string;
  kind?: ArtifactKind;
  description?: string;
  owner?: string;
  contract?: string;
  range: SourceRef;
}

export interface Influence {
  from: string;
  to: string;
  sign: 1 | -1;
  description?: string;
  range: SourceRef;
}

export interface DocumentedLoop {
  name: string;
  hops: string[];
  polarity?: 'R' | 'B';
  owner?: string;
  monitor?: string;
  brake?: string;
  description?: string;
  range: SourceRef;
}

export interface Monitor {
  stock: string;
  name?: string;
  checks?: string[];
  range: SourceRef;
}

export interface Fallback {
  stage: string;
  fallback: string;
  range: SourceRef;
}

export interface Duration {
  stage: string;
  /** Minutes. */
  minutes: number;
  range: SourceRef;
}

export interface Contract {
  artifact: string;
  producer?: string;
  consumer?: string;
  schema?: string;
  range: SourceRef;
}

export interface ThresholdNote {
  key: string;
  file?: string;
  value?: string | number;
  rationale: string;
  range: SourceRef;
}

export type SeverityName = 'error' | 'warning' | 'info' | 'hint' | 'off';

export interface RuleSetting {
  severity?: SeverityName;
  range: SourceRef;
}

export interface PathIgnore {
  path: string;
  rules: string[];
  reason?: string;
  until?: string;
  range: SourceRef;
}

export interface Card {
  file: string;
  /** Folder the card covers (its own folder). */
  scope: string;
  system?: string;
  domain?: string;
  domainRange?: SourceRef;
  risk?: 'high' | 'limited' | 'minimal' | 'unacceptable';
  riskRange?: SourceRef;
  oversight?: { human?: string; logging?: string; documentation?: string; range: SourceRef };
  emissions?: { tracked: boolean; tool?: string; range: SourceRef };
  teams: Team[];
  owners: OwnerEntry[];
  external: ExternalInput[];
  influences: Influence[];
  loops: DocumentedLoop[];
  monitors: Monitor[];
  fallbacks: Fallback[];
  durations: Duration[];
  contracts: Contract[];
  thresholds: ThresholdNote[];
  rules: Map<string, RuleSetting>;
  ignores: PathIgnore[];
  range: SourceRef;
}

export function emptyCard(file: string, scope: string, range: SourceRef): Card {
  return {
    file,
    scope,
    teams: [],
    owners: [],
    external: [],
    influences: [],
    loops: [],
    monitors: [],
    fallbacks: [],
    durations: [],
    contracts: [],
    thresholds: [],
    rules: new Map(),
    ignores: [],
    range,
  };
}

/** Merges the cards of a workspace; the card nearest the root wins for single values. */
export function mergeCards(cards: Card[]): Card | undefined {
  if (cards.length === 0) return undefined;
  const sorted = [...cards].sort((a, b) => a.scope.length - b.scope.length);
  const top = sorted[0];
  const merged = emptyCard(top.file, top.scope, top.range);
  merged.system = top.system;
  for (const card of sorted) {
    merged.teams.push(...card.teams);
    merged.owners.push(...card.owners);
    merged.external.push(...card.external);
    merged.influences.push(...card.influences);
    merged.loops.push(...card.loops);
    merged.monitors.push(...card.monitors);
    merged.fallbacks.push(...card.fallbacks);
    merged.durations.push(...card.durations);
    merged.contracts.push(...card.contracts);
    merged.thresholds.push(...card.thresholds);
    merged.ignores.push(...card.ignores);
    for (const [k, v] of card.rules) if (!merged.rules.has(k)) merged.rules.set(k, v);
    if (!merged.domain && card.domain) [merged.domain, merged.domainRange] = [card.domain, card.domainRange];
    if (!merged.risk && card.risk) [merged.risk, merged.riskRange] = [card.risk, card.riskRange];
    merged.oversight ??= card.oversight;
    merged.emissions ??= card.emissions;
  }
  return merged;
}
