// What a rule reports and a fix changes: the findings every host shows (editor diagnostics, CLI
// formats, SARIF, the graph's annotations) and the edits that resolve them. In the model, so that
// rules (which build fixes) and fixes (which read findings) depend on it and not on each other.
import type { Range, SourceRef } from './facts';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface TextEdit {
  file: string;
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  isPreferred?: boolean;
  /** The edit text contains snippet placeholders (`${1:reason}`); hosts that cannot expand them insert the default. */
  snippet?: boolean;
}

export interface RelatedLocation extends SourceRef {
  message: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  file: string;
  range: Range;
  related: RelatedLocation[];
  fixes?: Fix[];
  /** Loop or node ids the finding is about, for hosts that draw the graph. */
  nodes?: string[];
  loop?: string;
  tags?: Array<'unnecessary' | 'deprecated'>;
}

/** One finding in the findings JSON (`loopwise check --format json`, docs/json-format.md); fields are only ever added. */
export interface FindingJson {
  ruleId: string;
  severity: Severity;
  message: string;
  file: string;
  range: Range;
  related: Array<{ file: string; range: Range; message: string }>;
  fixes?: Fix[];
  loop?: string;
  nodes?: string[];
}
