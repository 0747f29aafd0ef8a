import type { Rule, RuleContext } from '../rule';
import type { Definition, FileFacts, IO, Reference, SourceRef, Stage } from '../../model/facts';
import { basename, dirname, joinPath } from '../../text/paths';
import { rawFacts, type GroupQuery } from '../fileQuery';
import { PARAM_REFS_BY_SCOPE } from '../helpers';

// Code that loads parameters itself: DVC's API, a YAML load, or a helper module Loopwise cannot see into.
const DYNAMIC_PARAMS = /params_show|dvc\.api|load_params|yaml\.(safe_)?load|OmegaConf|hydra/;
const LOCAL_IMPORT = /^\s*(from\s+\.|from\s+(src|utils|lib|common|helpers|config)\b|import\s+(src|utils|lib|common|helpers|config)\b)/m;
const SCRIPT = /(^|\s)([\w./-]+\.(py|R|r|sh|ipynb))\b/g;
const KEDRO_PIPELINE_PARAMS = /(^|\/)parameters[_/]([\w-]+?)(\.ya?ml)?$/;

/**
 * A declared parameter that nothing references. Precision first: a parameter is only reported
 * where every reader is visible —
 * - DVC: params.yaml keys of a file that stages do track (`params:`), when no stage tracks the
 *   whole file and every stage script is in the workspace and does not mention the key;
 * - Kedro: keys of `parameters_<pipeline>.yml` when pipeline `<pipeline>` is in the same project
 *   (model/projects.ts) and no node of that project takes them (or `parameters`);
 * - MLflow: entry-point parameters whose `{name}` is not in the entry point's command.
 * Only the outermost unused key of a section is reported.
 */
export const unusedParameter: Rule = {
  meta: {
    id: 'config/unused-parameter',
    category: 'config',
    severity: 'info',
    description: 'A declared parameter (params.yaml, Kedro parameters, MLproject) that no stage, node or command reads.',
    fixable: false,
    sources: ['Sculley et al. 2015, "Hidden Technical Debt in Machine Learning Systems" (configuration debt, dead experimental codepaths)'],
  },
  *check(ctx) {
    const refsByScope = ctx.grouped(PARAM_REFS_BY_SCOPE);
    const dvcByScope = ctx.grouped(DVC_BY_SCOPE);
    for (const f of ctx.facts) {
      if (ctx.pauseDue()) yield;
      if (f.incomplete) continue; // a partial parse of a broken file: which keys it has is unknown
      if (f.format === 'dvc-params') {
        const refs = refsByScope.get(f.file);
        const pipelines = dvcByScope.get(f.file);
        // Checked again only when the file, its references, its pipelines or their scripts changed.
        ctx.memo(f.file, [f, refs, pipelines], () => checkDvcParams(ctx, f, refs, pipelines));
      } else if (f.format === 'kedro-params') checkKedroParams(ctx, f, refsByScope.get('kedro'));
      else if (f.format === 'mlflow') checkMlproject(ctx, f, refsByScope.get(f.file));
    }
  },
};

/** DVC pipelines by the params files they reference: a search per params file was quadratic in big monorepos. */
const DVC_BY_SCOPE: GroupQuery<FileFacts> = {
  id: 'config/unused-parameter/dvc',
  // The check reads the pipelines' stages and io: a change to them is a change to the list.
  fields: ['format', 'references', 'stages', 'io'],
  *entries(f) {
    if (f.format !== 'dvc') return;
    for (const scope of new Set(f.references.map((r) => r.scope))) if (scope) yield [scope, rawFacts(f)];
  },
};

// ---------------------------------------------------------------------------------------------
// DVC

function checkDvcParams(ctx: RuleContext, params: FileFacts, refs: readonly Reference[], pipelines: readonly FileFacts[]): void {
  if (refs.every((r) => r.untracked)) return; // nothing tracks this file: code may read it in ways Loopwise cannot see
  const stages = pipelines.flatMap((f) => f.stages);
  const io = pipelines.flatMap((f) => f.io);
  const name = basename(params.file);
  if (stages.some((s) => s.command?.includes(name)) || io.some((i) => readsWholeFile(i, params.file, refs))) return;
  const scripts = scriptTexts(ctx, stages, io);
  if (!scripts) return;
  const dynamic = scripts.filter((t) => DYNAMIC_PARAMS.test(t) || t.includes(name));
  const mentioned = (d: Definition) => dynamic.some((t) => d.name.split('.').some((part) => new RegExp(`\\b${escape(part)}\\b`).test(t)));
  for (const d of outermostUnused(
    params.definitions.filter((d) => d.kind === 'param'),
    refs,
  )) {
    if (mentioned(d)) continue;
    report(
      ctx,
      d.range,
      `\`${d.name}\` in ${name} is read by no stage: no \`params:\` entry or \`\${}\` names it and no stage script mentions it — delete it, or list it under the \`params:\` of the stage that needs it so DVC tracks it.`,
    );
  }
}

/** `- params.yaml:` with no key list: the stage depends on every key of the file. */
function readsWholeFile(io: IO, file: string, refs: readonly Reference[]): boolean {
  if (io.direction !== 'reads' || (joinPath(io.artifact.base ?? '', io.artifact.name) !== file && io.artifact.name !== file)) return false;
  return !refs.some((r) => r.range.file === io.range.file && within(r.range, io.range));
}

/** Texts of every script the stages run; undefined when one is not in the workspace (it could read anything). */
function scriptTexts(ctx: RuleContext, stages: Stage[], io: IO[]): string[] | undefined {
  const paths = new Set<string>();
  for (const i of io)
    if (i.direction === 'reads' && i.artifact.kind === 'code' && /\.(py|r|sh|ipynb)$/i.test(i.artifact.name))
      paths.add(joinPath(i.artifact.base ?? '', i.artifact.name));
  for (const s of stages) for (const m of (s.command ?? '').matchAll(SCRIPT)) paths.add(joinPath(s.cwd ?? dirname(s.range.file), m[2]));
  const texts: string[] = [];
  for (const p of paths) {
    const text = ctx.text(p);
    if (text === undefined || LOCAL_IMPORT.test(text)) return undefined;
    texts.push(text);
  }
  return texts;
}

// ---------------------------------------------------------------------------------------------
// Kedro

/** Only the nodes of the params file's own Kedro project take its parameters. */
function checkKedroParams(ctx: RuleContext, params: FileFacts, allRefs: readonly Reference[]): void {
  const project = ctx.projectOf(params.file);
  const refs = allRefs.filter((r) => ctx.projectOf(r.range.file) === project);
  const pipeline = KEDRO_PIPELINE_PARAMS.exec(params.file)?.[2];
  if (!pipeline || refs.some((r) => r.name === '*' || r.uncertain)) return;
  const kedro = ctx.facts.filter((f) => f.format === 'kedro-pipeline' && ctx.projectOf(f.file) === project);
  // A pipeline wrapped in another module (`pipeline(other(), namespace=..)`) takes names Loopwise does not link.
  const wrapsForeign = (f: FileFacts) => f.definitions.some((d) => d.scope?.startsWith('kedro:'));
  if (
    !kedro.some((f) => f.stages.some((s) => s.pipeline === pipeline)) ||
    kedro.some((f) => f.problems.length || f.stages.some((s) => s.dynamic) || wrapsForeign(f))
  )
    return;
  for (const d of outermostUnused(
    params.definitions.filter((d) => d.kind === 'param'),
    refs,
  )) {
    report(
      ctx,
      d.range,
      `\`${d.name}\` in ${basename(params.file)} is taken by no node of pipeline \`${pipeline}\` (no \`params:${d.name}\` input, nor a section containing it) — delete it, or pass it to the node that needs it.`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// MLflow

function checkMlproject(ctx: RuleContext, project: FileFacts, refs: readonly Reference[]): void {
  const entryPoints = [...project.stages].sort((a, b) => a.range.range.start.line - b.range.range.start.line);
  for (const d of project.definitions) {
    if (d.kind !== 'param') continue;
    const entry = [...entryPoints].reverse().find((s) => s.range.range.start.line <= d.range.range.start.line);
    if (!entry?.command || refs.some((r) => r.name === d.name && r.stage === entry.id)) continue;
    report(
      ctx,
      d.range,
      `Parameter \`${d.name}\` of entry point \`${entry.name}\` is not used in its command (no \`{${d.name}}\`), so MLflow accepts a value for it and drops it — use it in the command, or remove it.`,
    );
  }
}

// ---------------------------------------------------------------------------------------------

/** Unused keys whose parent section is used (or that are top-level): one finding per unused subtree. */
function outermostUnused(defs: Definition[], refs: readonly Reference[]): Definition[] {
  const used = (name: string) => refs.some((r) => r.name === name || name.startsWith(`${r.name}.`) || r.name.startsWith(`${name}.`));
  const names = new Set(defs.map((d) => d.name));
  return defs.filter((d) => {
    if (used(d.name)) return false;
    const parent = d.name.includes('.') ? d.name.slice(0, d.name.lastIndexOf('.')) : undefined;
    return parent === undefined || !names.has(parent) || used(parent);
  });
}

function report(ctx: RuleContext, at: SourceRef, message: string): void {
  ctx.report({ at, message });
}

function within(inner: SourceRef, outer: SourceRef): boolean {
  const before = (a: SourceRef['range']['start'], b: SourceRef['range']['start']) =>
    a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.range.start, inner.range.start) && before(inner.range.end, outer.range.end);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
