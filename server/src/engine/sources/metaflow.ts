// Metaflow flows, read statically: a FlowSpec subclass is a pipeline, each `@step` method a
// stage, `self.next(...)` the transitions (branches, `foreach` fan-outs, switches). Parameters
// and their defaults, `IncludeFile`, step decorators (`@resources`, `@batch`/`@kubernetes`
// images, `@conda`/`@pypi` packages, `@environment` variables, `@timeout`, `@retry`), flow
// decorators (`@schedule`, `@trigger`, `@trigger_on_finish`, `@conda_base`/`@pypi_base`), data
// artifacts (`self.x = ...` written by a step and read by a step after it), reads of another
// flow's latest run through the client API (noted), and what step code reads and writes (the
// code-I/O scan).
import { collectPythonSettings } from './pythonSettings';
import type { SourceAdapter, SourceFile } from './adapter';
import type { ArtifactRef, FileFacts, Schedule, Stage } from '../model/facts';

import type { CallArgs, SyntaxNode } from '../text/python';
import { callArgs, callName, dictEntries, elements, initPython, shortName, stringValue, readPythonFile } from '../text/python';
import { guessRole, kindOfPath } from './roles';
import { PipelineFacts, Scope, isLiteral, moduleStrings, pathRef, type PyValue } from './python';

const METAFLOW_IMPORT = /^\s*(?:from\s+metaflow\b[\w.]*\s+import\b|import\s+metaflow\b)/m;

export const metaflowAdapter: SourceAdapter = {
  format: 'metaflow',
  displayName: 'Metaflow',
  globs: ['**/*.py'],
  contributes: { ownable: true, orchestrator: true, pipelineNoun: 'flow' },
  detect: (file) => /\.py$/i.test(file.path) && METAFLOW_IMPORT.test(file.text) && /\bFlowSpec\b/.test(file.text),
  init: () => initPython(),
  parse: (file) => parseMetaflow(file),
};

export function parseMetaflow(file: SourceFile): FileFacts {
  return readPythonFile(file, 'metaflow', 'this flow', (root, index, facts) => {
    const out = new PipelineFacts(file.path, file.text, index, facts);
    const scope = moduleStrings(root);
    for (const statement of root.namedChildren) {
      const cls = classOf(statement);
      if (cls && isFlow(cls.def)) new FlowReader(out, scope, cls.def, cls.decorators).read();
    }
    collectPythonSettings(root, index, file.path, facts.values);
  });
}

function classOf(node: SyntaxNode | null): { def: SyntaxNode; decorators: SyntaxNode[] } | undefined {
  if (node?.type === 'class_definition') return { def: node, decorators: [] };
  const def = node?.type === 'decorated_definition' ? node.childForFieldName('definition') : undefined;
  if (!node || def?.type !== 'class_definition') return undefined;
  return { def, decorators: node.namedChildren.filter((c): c is SyntaxNode => c?.type === 'decorator') };
}

function isFlow(cls: SyntaxNode): boolean {
  const bases = cls.childForFieldName('superclasses');
  return !!bases && /(^|[\s(,.])FlowSpec\b/.test(bases.text);
}

/** `@name(...)` or `@name`: its short name and arguments. */
function decoratorCall(decorator: SyntaxNode): { name: string; args?: CallArgs; node: SyntaxNode } | undefined {
  const expression = decorator.namedChildren.find((c) => c && c.type !== 'comment');
  if (!expression) return undefined;
  if (expression.type === 'call') return { name: shortName(callName(expression)), args: callArgs(expression), node: expression };
  return { name: shortName(expression.text), node: expression };
}

interface Step {
  stage: Stage;
  def: SyntaxNode;
  body: SyntaxNode;
  writes: Set<string>;
  reads: Array<{ name: string; at: number }>;
}

/** Attributes of `self` that are Metaflow's own, not data artifacts. */
const SELF_API = new Set(['next', 'input', 'index', 'foreach_stack', 'merge_artifacts', 'name', 'tags', 'current']);
const SCHEDULE_PRESETS: Array<[string, string]> = [
  ['hourly', '@hourly'],
  ['daily', '@daily'],
  ['weekly', '@weekly'],
];

class FlowReader {
  private readonly name: string;
  private readonly steps = new Map<string, Step>();
  private readonly params = new Set<string>();

  constructor(
    private readonly out: PipelineFacts,
    private readonly scope: Scope<PyValue>,
    private readonly cls: SyntaxNode,
    private readonly decorators: SyntaxNode[],
  ) {
    this.name = cls.childForFieldName('name')?.text ?? 'Flow';
  }

  read(): void {
    const body = this.cls.childForFieldName('body');
    for (const member of body?.namedChildren ?? []) {
      if (member?.type === 'expression_statement') this.classAttribute(member);
      else if (member?.type === 'decorated_definition') this.step(member);
    }
    for (const step of this.steps.values()) this.transitions(step);
    this.flowDecorators();
    this.artifacts();
  }

  // --- parameters ----------------------------------------------------------------------------

  /** `alpha = Parameter("alpha", default=0.01)`, `data = IncludeFile("data", default="x.csv")`. */
  private classAttribute(statement: SyntaxNode): void {
    const assignment = statement.namedChildren[0];
    const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : undefined;
    const right = assignment?.childForFieldName('right');
    if (left?.type !== 'identifier' || right?.type !== 'call') return;
    const kind = shortName(callName(right));
    if (kind !== 'Parameter' && kind !== 'IncludeFile' && kind !== 'Config') return;
    this.params.add(left.text);
    const args = callArgs(right);
    const nameNode = args.keywords.get('name') ?? args.positional[0];
    const name = (nameNode && stringValue(nameNode)?.value) ?? left.text;
    this.out.facts.definitions.push({ kind: 'param', name, scope: this.paramScope(), range: this.out.ref(nameNode ?? left) });
    const d = args.keywords.get('default');
    if (d && isLiteral(d)) {
      const value = this.out.value(`${this.name}.${name}`, d, nameNode ?? left, { isParam: true });
      const help = args.keywords.get('help');
      const comment = help ? stringValue(help)?.value : undefined;
      if (comment) value.comment = comment;
    }
    if (kind === 'IncludeFile' && d) {
      const path = stringValue(d, this.scope.lookup);
      if (path && !path.dynamic) this.pendingIncludes.push({ ref: pathRef(path), node: d });
    }
  }

  private readonly pendingIncludes: Array<{ ref: ArtifactRef; node: SyntaxNode }> = [];

  private paramScope(): string {
    return `${this.out.file}#${this.name}`;
  }

  // --- steps ---------------------------------------------------------------------------------

  private step(node: SyntaxNode): void {
    const def = node.childForFieldName('definition');
    const nameNode = def?.childForFieldName('name');
    const body = def?.childForFieldName('body');
    const decorators = node.namedChildren.filter((c): c is SyntaxNode => c?.type === 'decorator').flatMap((d) => decoratorCall(d) ?? []);
    if (!def || !nameNode || !body || !decorators.some((d) => d.name === 'step')) return;
    const stage = this.out.stage(this.name, nameNode.text, nameNode, guessRole(nameNode.text), `@step ${nameNode.text}`);
    const step: Step = { stage, def, body, writes: new Set(), reads: [] };
    this.steps.set(stage.name, step);
    for (const d of decorators) this.stepDecorator(step, d.name, d.args);
    this.out.scanCode(stage, body, new Scope(this.scope));
    this.selfAttributes(step);
    this.otherFlows(step);
  }

  private stepDecorator(step: Step, name: string, args: CallArgs | undefined): void {
    const stage = step.stage;
    if (!args) {
      if (name === 'catch' || name === 'retry') this.out.note(stage, name);
      return;
    }
    if (name === 'batch' || name === 'kubernetes') {
      const image = args.keywords.get('image');
      if (image) this.out.image(stage, image, this.scope.lookup);
      this.out.note(stage, `@${name}`);
    } else if (name === 'conda' || name === 'pypi') {
      const packages = args.keywords.get(name === 'conda' ? 'libraries' : 'packages');
      if (packages) this.out.packages(stage, packages, this.scope.lookup);
      this.python(stage, args.keywords.get('python'));
    } else if (name === 'environment') {
      const vars = args.keywords.get('vars');
      for (const e of vars ? dictEntries(vars) : [])
        if (isLiteral(e.value)) this.out.value(`${this.name}.${stage.name}.environment.${e.key}`, e.value, undefined, { stage: stage.id });
    } else if (name === 'timeout') {
      const minutes = ['seconds', 'minutes', 'hours'].reduce((sum, unit, i) => {
        const n = args.keywords.get(unit);
        const v = n?.type === 'integer' || n?.type === 'float' ? Number(n.text) : 0;
        return sum + v * [1 / 60, 1, 60][i];
      }, 0);
      if (minutes > 0)
        (stage.limits ??= []).push({
          minutes,
          scope: 'run',
          origin: `\`@timeout(${args.keywords.size ? [...args.keywords.keys()].join(', ') : ''})\``,
          range: this.out.ref(args.keywords.values().next().value as SyntaxNode),
        });
    } else if (name === 'retry' || name === 'catch') this.out.note(stage, name);
    else if (name === 'resources') this.out.note(stage, `@resources(${[...args.keywords.keys()].join(', ')})`);
  }

  private python(stage: Stage | undefined, node: SyntaxNode | undefined): void {
    const version = node ? stringValue(node, this.scope.lookup) : undefined;
    if (!node || !version || version.dynamic) return;
    this.out.facts.versions.push({
      subject: 'package',
      name: 'python',
      version: version.value,
      range: this.out.ref(node),
      ...(stage ? { stage: stage.id } : {}),
    });
  }

  /** `self.next(self.a, self.b)`, `self.next(self.a, foreach="items")`, `self.next({"x": self.a}, condition="c")`. */
  private transitions(step: Step): void {
    const text = this.out.text;
    const re = /\bself\.next\s*\(/g;
    const body = text.slice(step.body.startIndex, step.body.endIndex);
    for (let m = re.exec(body); m; m = re.exec(body)) {
      const list = step.body.namedDescendantForIndex(step.body.startIndex + m.index + m[0].length - 1);
      const call = list?.type === 'argument_list' ? list.parent : undefined;
      if (call?.type !== 'call') continue;
      const args = callArgs(call);
      const foreach = args.keywords.get('foreach');
      const condition = args.keywords.get('condition');
      const targets = args.positional.flatMap((a) => (a.type === 'dictionary' ? dictEntries(a).map((e) => e.value) : elements(a)));
      for (const target of targets) {
        const next = /^self\.(\w+)$/.exec(target.text)?.[1];
        const after = next ? this.steps.get(next) : undefined;
        if (!after) continue;
        this.out.order(step.stage, after.stage, foreach ? 'foreach' : condition ? 'switch' : 'next', this.out.ref(target));
        if (foreach) {
          after.stage.dynamic = true;
          this.out.note(after.stage, `foreach ${stringValue(foreach)?.value ?? foreach.text}`);
        }
        if (condition) this.out.note(after.stage, `switch on ${stringValue(condition)?.value ?? condition.text}`);
      }
    }
  }

  // --- data artifacts ------------------------------------------------------------------------

  /** `self.x = ...` writes artifact x; `self.x` elsewhere reads it. */
  private selfAttributes(step: Step): void {
    const body = this.out.text.slice(step.body.startIndex, step.body.endIndex);
    for (const m of body.matchAll(/\bself\.([A-Za-z_]\w*)\b(\s*(?:\[[^\]\n]*\]\s*)?(?:[-+*/|&]?=(?!=))|\s*\()?/g)) {
      const attr = m[1];
      if (SELF_API.has(attr) || m[2]?.trim().startsWith('(')) continue;
      if (m[2] && /=$/.test(m[2].trim()) && !m[2].includes('[')) step.writes.add(attr);
      else step.reads.push({ name: attr, at: step.body.startIndex + (m.index ?? 0) });
    }
  }

  /** `run = Flow("X").latest_successful_run` then `run.data.y`: this step reads flow X's artifact y. */
  private otherFlows(step: Step): void {
    const body = this.out.text.slice(step.body.startIndex, step.body.endIndex);
    const runs = new Map<string, string>();
    for (const m of body.matchAll(/\b(\w+)\s*=\s*(?:metaflow\.)?Flow\(\s*["'](\w+)["']\s*\)\.latest_(?:successful_)?run\b/g))
      runs.set(m[1], m[2]);
    const direct = /(?:metaflow\.)?Flow\(\s*["'](\w+)["']\s*\)\.latest_(?:successful_)?run\.data\.(\w+)/g;
    const found: Array<{ flow: string; attr: string; at: number; length: number }> = [];
    for (const m of body.matchAll(direct)) found.push({ flow: m[1], attr: m[2], at: m.index ?? 0, length: m[0].length });
    for (const [variable, flow] of runs)
      for (const m of body.matchAll(new RegExp(`\\b${variable}(?:\\[[^\\]\\n]*\\]\\.task)?\\.data\\.(\\w+)`, 'g')))
        found.push({ flow, attr: m[1], at: m.index ?? 0, length: m[0].length });
    // Another flow's run is read as it happens to be: noted, not linked (that flow's artifacts
    // are its own run's values, not files in the workspace).
    for (const f of found) this.out.note(step.stage, `reads ${f.attr} from flow ${f.flow}'s latest run`);
  }

  /**
   * A data artifact handed from step to step within a run: like an XCom, it lives in the run
   * (scoped to this file's flow: two files may define flows of one name, as tutorial versions do).
   */
  private artifactRef(attr: string): ArtifactRef {
    return { scheme: 'xcom', name: `${this.name}.${attr}`, scope: `${this.out.file}#${this.name}`, kind: kindOfPath(attr) };
  }

  /**
   * Artifacts flow forward: a step reads the value an ancestor step wrote. An attribute written
   * by several steps is one artifact per writer, so a step that rewrites it makes no cycle.
   */
  private artifacts(): void {
    const writers = new Map<string, Step[]>();
    for (const step of this.steps.values()) for (const w of step.writes) writers.set(w, [...(writers.get(w) ?? []), step]);
    const nameOf = (attr: string, writer: Step): string => ((writers.get(attr)?.length ?? 0) > 1 ? `${attr}@${writer.stage.name}` : attr);
    for (const step of this.steps.values()) {
      const ancestors = this.ancestors(step);
      const seen = new Set<string>();
      for (const read of step.reads) {
        if (seen.has(read.name)) continue;
        seen.add(read.name);
        const range = this.out.index.ref(this.out.file, read.at, read.at + 5 + read.name.length);
        if (this.params.has(read.name)) {
          this.out.facts.references.push({ kind: 'param', name: read.name, scope: this.paramScope(), range, stage: step.stage.id });
          continue;
        }
        if (step.writes.has(read.name)) continue;
        // Only handed-off values are linked: Metaflow keeps every artifact for the client API, so an unread one is no dead output.
        for (const w of writers.get(read.name) ?? [])
          if (ancestors.has(w)) {
            const artifact = this.artifactRef(nameOf(read.name, w));
            this.out.io(w.stage, 'writes', { ...artifact }, w.stage.range);
            this.out.io(step.stage, 'reads', artifact, range);
          }
      }
    }
    const start = this.steps.get('start');
    for (const include of this.pendingIncludes) if (start) this.out.io(start.stage, 'reads', include.ref, this.out.ref(include.node));
  }

  private ancestors(step: Step): Set<Step> {
    const byId = new Map([...this.steps.values()].map((s) => [s.stage.id, s]));
    const result = new Set<Step>();
    const queue = [step.stage.id];
    while (queue.length) {
      const id = queue.pop() as string;
      for (const o of this.out.facts.orders) {
        const before = o.after === id ? byId.get(o.before) : undefined;
        if (before && !result.has(before)) {
          result.add(before);
          queue.push(before.stage.id);
        }
      }
    }
    return result;
  }

  // --- flow decorators -----------------------------------------------------------------------

  private flowDecorators(): void {
    const start = this.steps.get('start');
    for (const decorator of this.decorators) {
      const d = decoratorCall(decorator);
      if (!d) continue;
      if (d.name === 'schedule') this.schedule(d.args, d.node);
      else if ((d.name === 'conda_base' || d.name === 'pypi_base') && d.args) {
        const packages = d.args.keywords.get(d.name === 'conda_base' ? 'libraries' : 'packages');
        if (packages) this.out.packages(undefined, packages, this.scope.lookup);
        this.python(undefined, d.args.keywords.get('python'));
      } else if (d.name === 'trigger_on_finish' && d.args && start) {
        const flows = [
          d.args.keywords.get('flow'),
          ...(d.args.keywords.get('flows') ? elements(d.args.keywords.get('flows') as SyntaxNode) : []),
        ];
        for (const node of flows) {
          const flow = node ? stringValue(node)?.value : undefined;
          if (flow && node)
            this.out.facts.orders.push({ before: `@${flow}`, after: start.stage.id, via: 'trigger_on_finish', range: this.out.ref(node) });
        }
      } else if (d.name === 'trigger' && d.args) {
        const event = d.args.keywords.get('event') ?? d.args.keywords.get('events');
        if (event) this.pushSchedule('event', event.type === 'list' ? event.text : (stringValue(event)?.value ?? event.text), event);
      }
    }
  }

  private schedule(args: CallArgs | undefined, node: SyntaxNode): void {
    const cron = args?.keywords.get('cron');
    const timezone = args?.keywords.get('timezone');
    const tz = timezone ? stringValue(timezone)?.value : undefined;
    const cronStr = cron ? stringValue(cron, this.scope.lookup) : undefined;
    if (cron && cronStr) return this.pushSchedule('cron', cronStr.value, cron, tz);
    for (const [key, preset] of SCHEDULE_PRESETS)
      if (args?.keywords.get(key)?.type === 'true') return this.pushSchedule('preset', preset, node, tz);
    // `@schedule` alone runs daily.
    if (!args || args.keywords.size === 0) this.pushSchedule('preset', '@daily', node, tz);
  }

  private pushSchedule(kind: Schedule['kind'], expression: string, node: SyntaxNode, timezone?: string): void {
    this.out.facts.schedules.push({
      pipeline: this.name,
      file: this.out.file,
      kind,
      expression,
      ...(timezone ? { timezone } : {}),
      range: this.out.ref(node),
    });
  }
}
