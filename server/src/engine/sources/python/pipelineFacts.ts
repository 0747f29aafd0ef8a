// What every Python SDK adapter writes into FileFacts the same way: stages, de-duplicated IO
// and orders, the code-I/O scan of a step's body, container images, package pins and literal
// settings. The adapter decides what is a stage; this says how its facts look.
import type { ArtifactRef, ConfigValue, FileFacts, SourceRef, Stage } from '../../model/facts';
import { stageId } from '../../model/facts';
import { addNote, remark, type StageNote } from '../../model/stageNotes';
import type { LineIndex } from '../../text/lineIndex';
import type { SyntaxNode } from '../../text/python';
import { dictEntries, elements, nodeRef, stringValue } from '../../text/python';
import { splitImage } from '../images';
import { CodeIoScan, type CallHook, type CodeIoSink } from './codeIo';
import type { Direction } from './refs';
import { sqlIo } from './sql';
import type { PyValue, Scope } from './values';

/** A literal's value as a ConfigValue holds it: strings, numbers, booleans, None; other expressions as written. */
export function literalValue(node: SyntaxNode | undefined): ConfigValue['value'] {
  if (!node) return null;
  switch (node.type) {
    case 'string':
    case 'concatenated_string':
      return stringValue(node)?.value ?? node.text;
    case 'integer':
    case 'float': {
      const n = Number(node.text.replace(/_/g, ''));
      return Number.isFinite(n) ? n : node.text;
    }
    case 'true':
      return true;
    case 'false':
      return false;
    case 'none':
      return null;
    case 'unary_operator': {
      const n = Number(node.text.replace(/[\s_]/g, ''));
      return Number.isFinite(n) ? n : node.text;
    }
    default:
      return node.text;
  }
}

/** Literal kinds a parameter default can be read from (a call or a name is not a value the file states). */
export function isLiteral(node: SyntaxNode): boolean {
  return ['string', 'concatenated_string', 'integer', 'float', 'true', 'false', 'none', 'unary_operator'].includes(node.type);
}

export class PipelineFacts {
  private readonly ioKeys = new Set<string>();
  private readonly orderKeys = new Set<string>();

  constructor(
    readonly file: string,
    readonly text: string,
    readonly index: LineIndex,
    readonly facts: FileFacts,
  ) {}

  ref(node: SyntaxNode): SourceRef {
    return nodeRef(this.index, this.file, node);
  }

  stage(pipeline: string, name: string, node: SyntaxNode, role: Stage['role'], command?: string): Stage {
    const stage: Stage = { id: stageId(this.file, pipeline, name), name, pipeline, role, range: this.ref(node) };
    if (command) stage.command = command;
    this.facts.stages.push(stage);
    return stage;
  }

  /** A typed note, or a remark (prose no rule reads). */
  note(stage: Stage, note: StageNote | string): void {
    addNote(stage, typeof note === 'string' ? remark(note) : note);
  }

  io(stage: Stage, direction: Direction, artifact: ArtifactRef, range: SourceRef): void {
    const key = `${stage.id}\u0000${direction}\u0000${artifact.scheme}\u0000${artifact.scope ?? ''}\u0000${artifact.name}`;
    if (this.ioKeys.has(key)) return;
    this.ioKeys.add(key);
    this.facts.io.push({ stage: stage.id, direction, artifact, range });
  }

  order(before: Stage, after: Stage, via: string, range: SourceRef): void {
    const key = `${before.id}\u0000${after.id}`;
    if (before === after || this.orderKeys.has(key)) return;
    this.orderKeys.add(key);
    this.facts.orders.push({ before: before.id, after: after.id, via, range });
  }

  /** What a step's code reads and writes (python/codeIo). */
  scanCode(stage: Stage, body: SyntaxNode, scope: Scope<PyValue>, hooks: CallHook[] = []): void {
    const sink: CodeIoSink = {
      io: (direction, artifact, range) => this.io(stage, direction, artifact, range),
      sql: (text, node, dynamic) => {
        for (const t of sqlIo(text, node, dynamic, this.index, this.file)) this.io(stage, t.direction, t.artifact, t.range);
      },
      rangeOf: (node) => this.ref(node),
    };
    new CodeIoScan(sink, scope, this.text, hooks).run(body);
  }

  image(stage: Stage, node: SyntaxNode, lookup?: (name: string) => ReturnType<typeof stringValue>): void {
    const image = stringValue(node, lookup);
    if (!image) return;
    stage.image = image.value;
    if (image.dynamic) return;
    this.facts.versions.push({ subject: 'image', ...splitImage(image.value), range: this.ref(node), stage: stage.id });
  }

  /** `packages_to_install=["pandas==2.1", "scikit-learn"]` or `{"pandas": "2.1"}`: one package pin each. */
  packages(stage: Stage | undefined, node: SyntaxNode, lookup?: (name: string) => ReturnType<typeof stringValue>): void {
    if (node.type === 'dictionary') {
      for (const e of dictEntries(node)) {
        const version = stringValue(e.value, lookup)?.value.trim();
        this.facts.versions.push({
          subject: 'package',
          name: e.key,
          ...(version ? { version } : {}),
          range: this.ref(e.value),
          ...(stage ? { stage: stage.id } : {}),
        });
      }
      return;
    }
    for (const element of elements(node)) {
      const req = stringValue(element, lookup);
      if (!req || req.dynamic || req.value.trim().startsWith('-')) continue;
      const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*(?:\[[^\]]*\])?)\s*(.*?)\s*$/.exec(req.value);
      if (!m || /^(git\+|https?:)/.test(req.value.trim())) continue;
      const spec = m[2].replace(/;.*$/, '').trim();
      this.facts.versions.push({
        subject: 'package',
        name: m[1],
        ...(spec ? { version: spec } : {}),
        range: this.ref(element),
        ...(stage ? { stage: stage.id } : {}),
      });
    }
  }

  /** A setting the file states as a literal. */
  value(key: string, node: SyntaxNode, keyNode: SyntaxNode | undefined, extra: Partial<ConfigValue> = {}): ConfigValue {
    const value: ConfigValue = { key, value: literalValue(node), range: this.ref(node), ...extra };
    if (keyNode) value.keyRange = this.ref(keyNode);
    this.facts.values.push(value);
    return value;
  }
}
