// What a stage's format states about how it runs, beyond its inputs and outputs. Rules read the
// typed notes; a remark is prose for people (hover, JSON output) that no rule matches on, so a
// rule never depends on how an adapter happened to word something.

export type Probe = 'readinessProbe' | 'livenessProbe' | 'startupProbe';
export const PROBES: readonly Probe[] = ['readinessProbe', 'livenessProbe', 'startupProbe'];

export type KServeSetting = 'modelFormat' | 'runtime' | 'deploymentMode' | 'routerType' | 'serviceName';

export type StageNote =
  /** Chooses which downstream tasks run (Airflow branch operators and `@task.branch`). */
  | { kind: 'branch' }
  /**
   * Runs only when `expression` holds: KFP `condition` (or `dsl.If`), Argo `when`, a KServe
   * InferenceGraph step `condition`, the `if` branch of a SageMaker ConditionStep.
   */
  | { kind: 'condition'; keyword: 'when' | 'condition' | 'if'; expression: string }
  /** Waits for another pipeline (Airflow ExternalTaskSensor): the whole DAG, or one of its tasks. */
  | { kind: 'waits-for'; pipeline: string; task?: string; offset?: string }
  /** Starts another pipeline (Airflow TriggerDagRunOperator). */
  | { kind: 'triggers'; pipeline: string }
  /** A GitHub Actions deployment environment: its protection rules may require a reviewer. */
  | { kind: 'deployment-environment'; name: string }
  /** Runs to completion instead of serving: a Job's container, an Azure ML job or batch deployment. */
  | { kind: 'runs-to-completion'; workload: string }
  | { kind: 'probe'; probe: Probe }
  /** How KServe serves a component: the model format, the runtime it names, the mode, a graph router. */
  | { kind: 'kserve'; key: KServeSetting; value: string }
  | { kind: 'remark'; text: string };

export type NoteOf<K extends StageNote['kind']> = Extract<StageNote, { kind: K }>;

export function remark(text: string): StageNote {
  return { kind: 'remark', text };
}

/** The note as people read it. */
export function noteText(note: StageNote): string {
  switch (note.kind) {
    case 'branch':
      return 'branch';
    case 'condition':
      return `${note.keyword}: ${note.expression}`;
    case 'waits-for':
      return `waits for ${note.task === undefined ? `DAG ${note.pipeline}` : `${note.pipeline}/${note.task}`}${note.offset ? ` (${note.offset})` : ''}`;
    case 'triggers':
      return `triggers DAG ${note.pipeline}`;
    case 'deployment-environment':
      return `environment: ${note.name}`;
    case 'runs-to-completion':
      return `runs to completion (${note.workload})`;
    case 'probe':
      return note.probe;
    case 'kserve':
      return `${note.key}: ${note.value}`;
    case 'remark':
      return note.text;
  }
}

export function notesOf<K extends StageNote['kind']>(stage: { notes?: StageNote[] } | undefined, kind: K): NoteOf<K>[] {
  return (stage?.notes ?? []).filter((n): n is NoteOf<K> => n.kind === kind);
}

export function hasNote(stage: { notes?: StageNote[] } | undefined, kind: StageNote['kind']): boolean {
  return stage?.notes?.some((n) => n.kind === kind) ?? false;
}

/** Adds the note unless the stage already has one that reads the same. */
export function addNote(stage: { notes?: StageNote[] }, note: StageNote): void {
  const notes = (stage.notes ??= []);
  const text = noteText(note);
  if (!notes.some((n) => noteText(n) === text)) notes.push(note);
}

/** Notes without repeats (by how they read), in first-seen order. */
export function uniqueNotes(notes: StageNote[]): StageNote[] {
  const seen = new Set<string>();
  return notes.filter((n) => {
    const text = noteText(n);
    return !seen.has(text) && (seen.add(text), true);
  });
}

/** The stage's notes as people read them; undefined when it has none. */
export function noteTexts(stage: { notes?: StageNote[] } | undefined): string[] | undefined {
  return stage?.notes?.map(noteText);
}
