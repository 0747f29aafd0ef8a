// Engine findings -> LSP diagnostics (code actions: codeActions.ts). The engine knows nothing
// of LSP; these are the only places that translate.
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver/node';
import type { Finding, Fix, Severity } from '../engine/model/finding';
import { docsUrl } from '../engine/rules/rule';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export interface DiagnosticData {
  fixes?: Fix[];
  loop?: string;
  nodes?: string[];
}

/**
 * A rule's docs page: the page in the repository, which the browser shows rendered. (The copy
 * shipped in the extension would open as an editable markdown source in the editor.)
 */
export function ruleDocsHref(ruleId: string): string {
  return docsUrl(ruleId);
}

export function toDiagnostic(f: Finding, uriOf: (file: string) => string): Diagnostic {
  const d: Diagnostic = {
    range: f.range,
    severity: SEVERITY[f.severity],
    code: f.ruleId,
    codeDescription: { href: ruleDocsHref(f.ruleId) },
    source: 'loopwise',
    message: f.message,
    relatedInformation: f.related.map((r) => ({ location: { uri: uriOf(r.file), range: r.range }, message: r.message })),
    data: { fixes: f.fixes, loop: f.loop, nodes: f.nodes } satisfies DiagnosticData,
  };
  if (f.tags?.includes('unnecessary')) d.tags = [DiagnosticTag.Unnecessary];
  return d;
}
