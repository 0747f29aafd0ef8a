// `loopwise init`: a first system card from what was inferred — teams from CODEOWNERS, the
// feedback loops found (with their hops), inputs nobody produces as external candidates —
// with comments that explain each section. Built with the `yaml` Document API, so every
// name from the repository is quoted and escaped by the library, not by hand.
import { Document, isMap, isSeq, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { AnalysisResult } from '../analysis';
import type { GraphNode } from '../model/graph';
import { TEAM_ROLES } from './card';
import { isHandoff } from '../model/identity';
import { pushTo } from '../text/collections';

export interface InitOptions {
  system: string;
  today: string;
}

export function initialCard(result: AnalysisResult, options: InitOptions): string {
  const stageNames = new Map<string, number>();
  for (const s of result.graph.stages()) stageNames.set(s.label, (stageNames.get(s.label) ?? 0) + 1);
  const hops = (ids: string[]) => ids.map((id) => hopName(result.graph.nodes.get(id), stageNames));
  const data = {
    version: 1,
    system: options.system,
    teams: teamsFrom(result),
    external: externalCandidates(result).map((n) => ({
      name: n.label,
      kind: n.artifactKind ?? 'data',
      description: `TODO: where it comes from; read by ${readers(result, n)}`,
    })),
    loops: result.loops
      .filter((l) => !l.documented)
      .map((l) => ({
        name: `loop-${l.id.toLowerCase()}`,
        polarity: l.polarity,
        hops: hops(l.nodes),
        owner: 'TODO: the team that answers for this loop',
        monitor: 'TODO: what watches it (drift, label balance, flag rate)',
        brake: 'TODO: what stops it running away (random holdout, exploration, human audit)',
      })),
    monitors: [] as unknown[],
    fallbacks: [] as unknown[],
  };
  const doc = new Document(data);
  doc.commentBefore = [
    ` Loopwise system card for ${options.system}, written by \`loopwise init\` on ${options.today}`,
    ' from what Loopwise inferred. It states what the pipeline files cannot: who owns what,',
    ' what comes from outside, which feedback loops exist and how they are watched.',
    ' Schema: schemas/mlsystem.schema.json. Fill in every TODO, then commit it.',
  ].join('\n');
  const root = doc.contents as YAMLMap;
  comment(
    root,
    'teams',
    ` Teams and their roles (${TEAM_ROLES.join(', ')}), one per CODEOWNERS handle.\n Roles are guessed from the paths each team owns: check them.`,
  );
  comment(root, 'external', ' Inputs no stage in this repository produces. Keep the real external ones; fix the others.');
  comment(root, 'loops', ' Feedback loops: model outputs that flow back into its own inputs. R = reinforcing, B = balancing.');
  comment(root, 'monitors', ' Monitors per stock, e.g. {stock: fraud.flagged_transactions, name: flag-rate drift}.');
  comment(root, 'fallbacks', ' What serves when a model endpoint is down, e.g. {stage: fraud-scorer, fallback: rules engine}.');
  doc.contents!.comment = [
    ' Also available: domain and risk (EU AI Act category), oversight {human, logging, documentation},',
    ' emissions {tracked, tool}, durations [{stage, p95}], contracts [{artifact, producer, consumer}],',
    ' thresholds [{key, rationale}], rules {<rule-id>: off|info|warning|error}, ignore [{path, rules, reason}].',
  ].join('\n');
  dropEmpty(root);
  return doc.toString({ lineWidth: 0 });
}

function teamsFrom(result: AnalysisResult): Array<{ name: string; role: string; members: string[] }> {
  const patterns = new Map<string, string[]>();
  for (const f of result.facts) for (const r of f.ownerRules) for (const o of r.owners) pushTo(patterns, o, r.pattern);
  return [...patterns]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([handle, owned]) => ({
      name: handle.replace(/^@/, '').split('/').pop()!.replace(/@.*$/, ''),
      role: guessTeamRole(owned),
      members: [handle],
    }));
}

/** A first guess from the paths a team owns; the card's comment asks the reader to check it. */
function guessTeamRole(patterns: string[]): string {
  const text = patterns.join(' ').toLowerCase();
  if (/serv|deploy|infra|\.github|workflows|k8s|kube|helm/.test(text)) return 'mlops';
  if (/dags?\b|dags\/|etl|feature|warehouse|ingest/.test(text)) return 'data';
  return 'research';
}

function externalCandidates(result: AnalysisResult): GraphNode[] {
  return result.graph
    .artifacts()
    .filter((n) => !n.external && !n.dynamic && n.artifactKind !== 'code' && !isHandoff(n.id))
    .filter(
      (n) => !result.graph.incoming(n.id).some((e) => e.kind === 'writes') && result.graph.outgoing(n.id).some((e) => e.kind === 'reads'),
    )
    .sort((a, b) => a.label.localeCompare(b.label));
}

function readers(result: AnalysisResult, node: GraphNode): string {
  return result.graph
    .consumers(node.id)
    .map((s) => `${s.label} (${s.source?.file ?? s.pipeline})`)
    .join(', ');
}

/** How the card names a node so that it resolves back to the same node: a stage by its name when that is unique. */
export function hopName(node: GraphNode | undefined, stageNames: Map<string, number>): string {
  if (!node) return '?';
  if (node.kind === 'stage')
    return node.stage && (stageNames.get(node.label) ?? 0) > 1 ? `${node.stage.pipeline}/${node.stage.name}` : node.label;
  if (node.kind === 'world') return `world:${node.label}`;
  return node.label;
}

function comment(root: YAMLMap, key: string, text: string): void {
  const pair = root.items.find((p) => String((p.key as { value?: unknown }).value ?? p.key) === key) as
    Pair<{ commentBefore?: string; spaceBefore?: boolean }> | undefined;
  if (pair && pair.key && typeof pair.key === 'object') {
    pair.key.commentBefore = text;
    pair.key.spaceBefore = true;
  }
}

/** Empty sections stay as comments only: an empty list would read as "we have none". */
function dropEmpty(root: YAMLMap): void {
  for (const pair of [...root.items]) {
    const value = pair.value as YAMLSeq | YAMLMap | null;
    if ((isSeq(value) || isMap(value)) && value.items.length === 0) {
      const key = pair.key as { commentBefore?: string };
      const next = root.items[root.items.indexOf(pair) + 1];
      if (next && key.commentBefore)
        (next.key as { commentBefore?: string }).commentBefore =
          `${key.commentBefore}\n${(next.key as { commentBefore?: string }).commentBefore ?? ''}`.trimEnd();
      else if (key.commentBefore) root.comment = `${key.commentBefore}\n${root.comment ?? ''}`;
      root.items.splice(root.items.indexOf(pair), 1);
    }
  }
}
