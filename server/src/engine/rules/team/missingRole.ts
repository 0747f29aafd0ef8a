import type { Rule, RuleContext } from '../rule';
import type { Team, TeamRole } from '../../card/card';
import type { GraphNode } from '../../model/graph';
import { describe } from '../helpers';
import { isOnlineServing } from '../resilience/serving';

const OPERATING: TeamRole[] = ['mlops', 'platform', 'operations'];
const PURPOSE: TeamRole[] = ['research', 'product'];
/** Roles that neither build nor run infrastructure: a card with only these is research-only. */
const RESEARCH_SIDE: TeamRole[] = ['research', 'product', 'review'];

/**
 * Three team anti-patterns, each reported once and only when the card declares teams:
 * nobody owns the model's purpose (plumbing-only), nobody operates it (research-only), or the
 * operating team exists but the serving and deployment stages belong to others.
 */
export const missingRole: Rule = {
  meta: {
    id: 'team/missing-role',
    category: 'team',
    severity: 'warning',
    description: 'No team with an mlops/platform role owns serving or deployment, or the teams are research-only or plumbing-only.',
    fixable: false,
    sources: [
      'Sculley et al. 2015, "Hidden Technical Debt in Machine Learning Systems" (research and engineering team separation)',
      'Sambasivan et al. 2021, "Everyone wants to do the model work, not the data work: Data Cascades in High-Stakes AI"',
      'Breck et al. 2017, "The ML Test Score" (production readiness is an engineering responsibility)',
    ],
  },
  check(ctx) {
    // A team without a role already gets an invalid-card warning; judging it here would only guess.
    const teams = (ctx.card?.teams ?? []).filter((t) => t.roles.length > 0);
    if (teams.length === 0) return;
    const operated = productionStages(ctx);
    if (!teams.some((t) => hasRole(t, PURPOSE))) reportPlumbingOnly(ctx, teams);
    if (teams.some((t) => hasRole(t, OPERATING))) reportServingOwnedByOthers(ctx, teams, operated);
    else if (operated.length > 0 || teams.every((t) => t.roles.every((r) => RESEARCH_SIDE.includes(r))))
      reportNoOperators(ctx, teams, operated);
  },
};

function hasRole(team: Team, roles: TeamRole[]): boolean {
  return team.roles.some((r) => roles.includes(r));
}

function rolesOf(teams: Team[]): string {
  return teams.map((t) => `${t.name}: ${t.roles.join('/')}`).join(', ');
}

/** Online serving components, and deployment stages that move a model. */
function productionStages(ctx: RuleContext): GraphNode[] {
  return ctx.graph.stages().filter((node) => isOnlineServing(ctx, node) || (node.stage?.role === 'deploy' && movesModel(ctx, node)));
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function movesModel(ctx: RuleContext, stage: GraphNode): boolean {
  const touched = [...ctx.graph.incoming(stage.id).map((e) => e.from), ...ctx.graph.outgoing(stage.id).map((e) => e.to)];
  return touched.some((id) => ctx.node(id)?.artifactKind === 'model');
}

function reportPlumbingOnly(ctx: RuleContext, teams: Team[]): void {
  ctx.report({
    at: teams[0].range,
    message: `No team in the system card has a research or product role (${rolesOf(teams)}), so nobody owns what the model is for and whether it still does it well. Name the team that owns the model's purpose and quality, with role research or product.`,
    related: teams.slice(1).map((t) => ({ ...t.range, message: `team ${t.name}` })),
  });
}

function reportNoOperators(ctx: RuleContext, teams: Team[], operated: GraphNode[]): void {
  const serving = operated.length
    ? `, yet ${operated.length === 1 ? describe(operated[0]) : `${operated.length} serving or deployment stages`} run in production`
    : '';
  ctx.report({
    at: teams[0].range,
    message: `No team in the system card has an mlops, platform or operations role (${rolesOf(teams)})${serving}, so nobody is declared responsible for running the system in production. Name the team that deploys, serves and is on call for it, with role mlops or platform.`,
    related: operated.flatMap((n) =>
      n.source ? [{ ...n.source, message: `${n.label} is owned by ${n.team ?? n.owner ?? 'nobody'}` }] : [],
    ),
    nodes: operated.map((n) => n.id),
  });
}

/** Reported only when every production stage's team is known and none of them operates. */
function reportServingOwnedByOthers(ctx: RuleContext, teams: Team[], operated: GraphNode[]): void {
  if (operated.length === 0 || operated.some((n) => !n.team)) return;
  const operators = new Set(teams.filter((t) => hasRole(t, OPERATING)).map((t) => t.name));
  if (operated.some((n) => operators.has(n.team!))) return;
  const first = operated[0];
  const owners = [...new Set(operated.map((n) => n.team!))];
  ctx.report({
    at: first.source!,
    message: `${capitalise(describe(first))}${operated.length > 1 ? ` and ${operated.length - 1} other serving or deployment stage(s)` : ''} belong to ${owners.join(', ')}, not to a team with an mlops or platform role (${[...operators].join(', ')}), so the model reaches production without the team that operates production owning it. Move ownership of serving and deployment to ${[...operators][0]} (CODEOWNERS or \`owners:\` in mlsystem.yaml), or give the owning team that role if it is really on call.`,
    related: operated.slice(1).flatMap((n) => (n.source ? [{ ...n.source, message: `${n.label} is owned by ${n.team}` }] : [])),
    nodes: operated.map((n) => n.id),
  });
}
