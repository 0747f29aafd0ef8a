// Engine findings -> LSP diagnostics (code actions: codeActions.ts). The engine knows nothing
// of LSP; these are the only places that translate.
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver/node';
import type { Finding, Fix, Severity } from '../engine/rules/rule';
import { docsUrl } from '../engine/rules/rule';
import { docsPagePath } from '../node/findUp';

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

/** A rule's docs page: the copy shipped with the server when there is one, else the online page. */
export function ruleDocsHref(ruleId: string): string {
  let href = hrefs.get(ruleId);
  if (!href) {
    const page = docsPagePath(ruleId);
    href = page ? pathToFileURL(page).toString() : docsUrl(ruleId);
    hrefs.set(ruleId, href);
  }
  return href;
}

const hrefs = new Map<string, string>();

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
