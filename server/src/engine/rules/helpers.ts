// Small helpers shared by rules: naming nodes and files in messages, related locations.
import type { ConfigValue, FileFacts, Reference, ServingRuntime, SourceRef } from '../model/facts';
import type { GraphEdge, GraphNode, SystemGraph } from '../model/graph';
import { dirname } from '../text/paths';
import { pushTo } from '../text/collections';
import type { RuleContext } from './rule';
import type { GroupQuery } from './fileQuery';
import type { RelatedLocation } from '../model/finding';

/** `train` (dvc.yaml) — how messages name a node so the user can find it. */
export function describe(node: GraphNode | undefined): string {
  if (!node) return 'an unknown node';
  const where = node.source?.file ? ` (${node.source.file})` : '';
  return node.kind === 'stage'
    ? `stage \`${node.label}\`${where}`
    : node.kind === 'world'
      ? `\`${node.label}\` (outside world)`
      : `\`${node.label}\``;
}

export function related(at: SourceRef | undefined, message: string): RelatedLocation[] {
  return at ? [{ ...at, message }] : [];
}

/** Where a finding starts, as a key: findings at one place are reported once. */
export function refKey(at: SourceRef): string {
  return `${at.file}:${at.range.start.line}:${at.range.start.character}`;
}

export function sameRange(a: SourceRef, b: SourceRef): boolean {
  return a.file === b.file && a.range.start.line === b.range.start.line && a.range.start.character === b.range.start.character;
}

/** Template expressions and references are not literal values. */
export function isTemplated(value: string): boolean {
  return /\$\{\{|\$\{|\{\{|\{%|%[A-Z_]+%|^\$[A-Za-z_]/.test(value);
}

/** Whether a stage writes a model: what makes a `train` stage the trainer, not a helper of it. */
export function writesModel(graph: SystemGraph, stage: GraphNode): boolean {
  return graph.outgoing(stage.id).some((e) => e.kind === 'writes' && graph.nodes.get(e.to)?.artifactKind === 'model');
}

/**
 * Whether the read or write at `at` names an Airflow Dataset (`Dataset(uri)` in a schedule or in
 * `outlets`). Airflow Datasets are events, matched by exact URI: several producers may update
 * one, and a near-matching URI is a different Dataset.
 */
export function isAirflowDatasetAt(ctx: RuleContext, at: SourceRef | undefined): boolean {
  if (!at) return false;
  const f = factsOfFile(ctx, at.file);
  return f?.format === 'airflow' && f.io.some((io) => io.artifact.scheme === 'dataset' && sameRange(io.range, at));
}

// Indexes over one run's facts, built once per run (the facts array is the run's own) instead of
// a scan of every file per node: rules call these inside loops over nodes or services.
const byFile = new WeakMap<readonly FileFacts[], Map<string, FileFacts>>();
const byStage = new WeakMap<readonly FileFacts[], Map<string, ConfigValue[]>>();
const runtimes = new WeakMap<readonly FileFacts[], ServingRuntime[]>();

/** The facts of one file of this run. */
export function factsOfFile(ctx: Pick<RuleContext, 'facts'>, file: string | undefined): FileFacts | undefined {
  let index = byFile.get(ctx.facts);
  if (!index) byFile.set(ctx.facts, (index = new Map(ctx.facts.map((f) => [f.file, f]))));
  return file === undefined ? undefined : index.get(file);
}

/** The configuration values that configure a stage (`ConfigValue.stage`), from every file. */
export function valuesOfStage(ctx: Pick<RuleContext, 'facts'>, stage: string): readonly ConfigValue[] {
  let index = byStage.get(ctx.facts);
  if (!index) {
    index = new Map();
    for (const f of ctx.facts)
      for (const v of f.values) {
        if (v.stage === undefined) continue;
        const list = index.get(v.stage);
        if (list) list.push(v);
        else index.set(v.stage, [v]);
      }
    byStage.set(ctx.facts, index);
  }
  return index.get(stage) ?? [];
}

/** Every KServe ServingRuntime declared in the workspace. */
export function servingRuntimes(ctx: Pick<RuleContext, 'facts'>): readonly ServingRuntime[] {
  let all = runtimes.get(ctx.facts);
  if (!all) runtimes.set(ctx.facts, (all = ctx.facts.flatMap((f) => f.servingRuntimes ?? [])));
  return all;
}

/** A workspace path written without a leading `/`: relative to some folder. */
export function isRelativePath(key: string): boolean {
  return key.startsWith('path:') && !key.startsWith('path:/');
}

/**
 * Edges to or from one relative path, grouped by the folder the path is resolved in. A relative
 * path in Python code is resolved against the working folder of the process that runs it, which
 * the code does not state; run as `python script.py`, that is most often the script's own folder.
 * So scripts in different folders that write `models/model.pkl` (copies of one lesson, a project
 * per folder) do not name one file; within one folder, or with a format that states its base (a
 * DVC stage, a workflow step, keyed from the repository root), they do.
 */
export function byWorkingFolder(edges: readonly GraphEdge[]): GraphEdge[][] {
  const groups = new Map<string, GraphEdge[]>();
  for (const e of edges) {
    const file = e.source?.file ?? '';
    pushTo(groups, file.endsWith('.py') ? dirname(file) : '', e);
  }
  return [...groups.values()];
}

/** Parameter references by the file (or `kedro`) they resolve in: one index the rules that match parameters share. */
export const PARAM_REFS_BY_SCOPE: GroupQuery<Reference> = {
  id: 'helpers/param-refs-by-scope',
  fields: ['references'],
  *entries(f) {
    for (const r of f.references) if (r.kind === 'param' && r.scope) yield [r.scope, r];
  },
};
