// The fix for pipeline/schedule-race: replace clock-time coupling with a dependency the
// orchestrator understands, where producer and consumer share one that has it.
// - Airflow -> Airflow: the consumer DAG is scheduled on a Dataset (`schedule=[Dataset(uri)]`)
//   that the producer task updates (`outlets=[Dataset(uri)]`), imports added where missing.
// - GitHub Actions -> GitHub Actions: the consumer workflow's `schedule:` trigger becomes
//   `workflow_run` on the producer workflow.
import { isMap, isScalar } from 'yaml';
import type { Schedule } from '../model/facts';
import type { GraphNode } from '../model/graph';
import type { RuleContext } from '../rules/rule';
import type { Fix, TextEdit } from '../model/finding';
import { LineIndex } from '../text/lineIndex';
import type { SyntaxNode } from '../text/python';
import {
  addDecoratorKeyword,
  addKeyword,
  appendToList,
  ensureImport,
  keywordArgument,
  nodeAt,
  taskDefinition,
  withPython,
} from './pythonEdit';
import { column, contentEnd, edit, eol, pairIn, parseDocs, topMap } from './yamlEdit';

export interface ClockConsumer {
  consumer: GraphNode;
  schedule: Schedule;
}

export function dependencyFix(
  ctx: RuleContext,
  artifact: GraphNode,
  producer: GraphNode,
  consumers: readonly ClockConsumer[],
): Fix | undefined {
  if (producer.format === 'airflow')
    return datasetFix(
      ctx,
      artifact,
      producer,
      consumers.filter((c) => c.consumer.format === 'airflow'),
    );
  if (producer.format === 'github-actions')
    return workflowRunFix(
      ctx,
      producer,
      consumers.filter((c) => c.consumer.format === 'github-actions'),
    );
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Airflow Datasets

/** The Dataset URI for an artifact: its URI when it has one, else its name (`warehouse.txn_daily_agg`). */
export function datasetUri(artifact: GraphNode): string {
  if (/^[a-z][\w+.-]*:\/\//i.test(artifact.id)) return artifact.id;
  return artifact.id.replace(/^(table|dataset|path|named|feature-view|model):/, '');
}

function datasetFix(ctx: RuleContext, artifact: GraphNode, producer: GraphNode, consumers: readonly ClockConsumer[]): Fix | undefined {
  if (consumers.length === 0 || !producer.stage) return undefined;
  const uri = datasetUri(artifact);
  const files = new Set([producer.stage.range.file, ...consumers.map((c) => c.schedule.file)]);
  const asset = [...files].some((f) => /\bfrom\s+airflow\.sdk\s+import\b/.test(ctx.text(f) ?? ''));
  const [cls, module] = asset ? ['Asset', 'airflow.sdk'] : ['Dataset', 'airflow.datasets'];
  const reference = `${cls}(${JSON.stringify(uri)})`;
  const edits: TextEdit[] = [];
  for (const file of files) {
    const text = ctx.text(file);
    if (text === undefined) return undefined;
    const fileEdits = withPython(text, (root) => {
      const out: TextEdit[] = [];
      for (const c of consumers.filter((x) => x.schedule.file === file)) {
        const e = scheduleEdit(file, text, root, c.schedule, `[${reference}]`);
        if (!e) return undefined;
        out.push(e);
      }
      if (file === producer.stage!.range.file) {
        const e = outletEdit(file, text, root, LineIndex.of(text).offset(producer.stage!.range.range.start), reference, uri);
        if (e === undefined) return undefined;
        if (e) out.push(e);
      }
      const imported = ensureImport(file, text, root, module, cls);
      if (imported) out.push(imported);
      return out;
    });
    if (!fileEdits) return undefined;
    edits.push(...fileEdits);
  }
  const names = consumers.map((c) => c.consumer.pipeline ?? c.consumer.label);
  return { title: `Schedule ${names.join(', ')} on ${reference}, updated by ${producer.label}`, edits, isPreferred: true };
}

/** `schedule="0 3 * * *"` -> `schedule=[Dataset(...)]`; a `schedule_interval=` or `timetable=` keyword is renamed too. */
function scheduleEdit(file: string, text: string, root: SyntaxNode, schedule: Schedule, value: string): TextEdit | undefined {
  const index = LineIndex.of(text);
  const start = index.offset(schedule.range.range.start);
  const end = index.offset(schedule.range.range.end);
  const node = nodeAt(root, start, end);
  const keyword = node?.parent?.type === 'keyword_argument' ? node.parent : undefined;
  const name = keyword?.childForFieldName('name')?.text;
  if (keyword && name !== 'schedule') return edit(file, text, keyword.startIndex, keyword.endIndex, `schedule=${value}`);
  return edit(file, text, start, end, value);
}

/** `outlets=[...]` on the producer task; null when it already lists the Dataset; undefined when the task cannot be found. */
function outletEdit(
  file: string,
  text: string,
  root: SyntaxNode,
  offset: number,
  reference: string,
  uri: string,
): TextEdit | null | undefined {
  const task = taskDefinition(root, offset);
  const call = task?.call ?? task?.decorator?.namedChildren.find((c) => c?.type === 'call') ?? undefined;
  const outlets = call ? keywordArgument(call, 'outlets')?.childForFieldName('value') : undefined;
  if (outlets) return outlets.text.includes(JSON.stringify(uri)) ? null : appendToList(file, text, outlets, reference);
  if (task?.call) return addKeyword(file, text, task.call, 'outlets', `[${reference}]`);
  if (task?.decorator) return addDecoratorKeyword(file, text, task.decorator, 'outlets', `[${reference}]`);
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// GitHub Actions workflow_run

function workflowRunFix(ctx: RuleContext, producer: GraphNode, consumers: readonly ClockConsumer[]): Fix | undefined {
  const workflow = producer.pipeline;
  if (!workflow || consumers.length === 0) return undefined;
  const edits: TextEdit[] = [];
  for (const file of new Set(consumers.map((c) => c.schedule.file))) {
    const e = workflowRunEdit(file, ctx.text(file), workflow);
    if (!e) return undefined;
    edits.push(e);
  }
  return {
    title: `Run ${consumers.map((c) => c.consumer.pipeline).join(', ')} when workflow ${workflow} completes (workflow_run) instead of on a clock`,
    edits,
    isPreferred: true,
  };
}

/** The `schedule:` entry of `on:` becomes `workflow_run: {workflows: [producer], types: [completed]}` in block style. */
function workflowRunEdit(file: string, text: string | undefined, workflow: string): TextEdit | undefined {
  if (text === undefined) return undefined;
  const root = topMap(parseDocs(text));
  const on = root && (pairIn(root, 'on') ?? pairIn(root, 'true'));
  const events = on?.value;
  if (!isMap(events) || events.flow || pairIn(events, 'workflow_run')) return undefined;
  const schedule = pairIn(events, 'schedule');
  if (!schedule || !isScalar(schedule.key) || !schedule.key.range || !schedule.value?.range) return undefined;
  const start = schedule.key.range[0];
  const indent = ' '.repeat(column(text, start) + 2);
  const nl = eol(text);
  const newText = `workflow_run:${nl}${indent}workflows: [${JSON.stringify(workflow)}]${nl}${indent}types: [completed]`;
  return edit(file, text, start, contentEnd(text, schedule.value.range[1]), newText);
}
