// Code actions: each finding's fixes as quick fixes, "Ignore <rule> here", "Show loop <id> in
// the system graph" (a client command, offered only to clients that declare it), and fix-all for
// a file (`source.fixAll.loopwise`, safe on save) and for the workspace (only when asked for).
// Fixes become workspace edits the client can apply: files a fix creates are created first,
// and placeholders stay snippets where the client takes snippet edits. A fix that leaves text
// to fill in another file (a card entry) also opens that file with the first placeholder
// selected (`loopwise.revealCardEntry`, run by the server through window/showDocument).
import {
  CodeAction,
  CodeActionKind,
  CodeActionTriggerKind,
  type CodeActionContext,
  type CreateFile,
  type Diagnostic,
  type InitializeParams,
  type SnippetTextEdit,
  type TextDocumentEdit,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { Finding, Fix } from '../engine/model/finding';
import { fixAllFixes } from '../engine/fixes/apply';
import { expandSnippet } from '../engine/fixes/snippet';
import { ignoreFix } from '../engine/fixes/ignore';
import { revealTarget } from '../engine/fixes/reveal';
import { REVEAL_COMMAND, SHOW_LOOP_COMMAND } from './protocol';
import type { DiagnosticData } from './convert';
import { pushTo } from '../engine/text/collections';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.loopwise`;

export { REVEAL_COMMAND, SHOW_LOOP_COMMAND };

export interface EditSupport {
  documentChanges: boolean;
  createFiles: boolean;
  snippets: boolean;
  /** The client can open a document with a selection (window/showDocument). */
  showDocument?: boolean;
  /** Commands the client itself runs, from `initializationOptions.clientCommands`. */
  clientCommands?: readonly string[];
}

export function editSupportOf(p: InitializeParams): EditSupport {
  const we = p.capabilities.workspace?.workspaceEdit;
  const options = p.initializationOptions as { clientCommands?: unknown } | undefined;
  return {
    documentChanges: !!we?.documentChanges,
    createFiles: !!we?.documentChanges && !!we.resourceOperations?.includes('create'),
    snippets: !!we?.documentChanges && !!(we as { snippetEditSupport?: boolean } | undefined)?.snippetEditSupport,
    showDocument: !!p.capabilities.window?.showDocument?.support,
    clientCommands: Array.isArray(options?.clientCommands) ? options.clientCommands.filter((c) => typeof c === 'string') : [],
  };
}

/** What code actions need of a workspace folder. */
export interface ActionSource {
  /** Current findings of the folder (workspace-relative files). */
  findings(): readonly Finding[];
  text(file: string): string | undefined;
  exists(file: string): boolean;
  uriOf(file: string): string;
}

export function codeActionsFor(source: ActionSource, file: string, context: CodeActionContext, support: EditSupport): CodeAction[] {
  const asked = (kind: string) => !!context.only?.some((o) => kind === o || kind.startsWith(`${o}.`));
  const actions: CodeAction[] = [];
  // Quick fixes unless only other kinds are asked for; source actions (fix all) only when asked for, as editors do.
  if (!context.only || asked(CodeActionKind.QuickFix)) {
    for (const d of context.diagnostics.filter((x) => x.source === 'loopwise')) actions.push(...quickFixes(source, file, d, support));
  }
  if (asked(FIX_ALL_KIND)) {
    const all = source.findings();
    const inFile = fixAllAction(
      source,
      all.filter((f) => f.file === file),
      support,
      'Fix all auto-fixable Loopwise problems in this file',
      (fix) => fix.edits.every((e) => e.file === file),
    );
    if (inFile) actions.push(inFile);
    if (context.triggerKind !== CodeActionTriggerKind.Automatic) {
      const everywhere = fixAllAction(source, all, support, 'Fix all auto-fixable Loopwise problems in the workspace');
      if (everywhere && editCount(everywhere) > editCount(inFile)) actions.push(everywhere);
    }
  }
  return actions;
}

function quickFixes(source: ActionSource, file: string, d: Diagnostic, support: EditSupport): CodeAction[] {
  const current = source
    .findings()
    .find(
      (f) => f.file === file && f.ruleId === d.code && samePosition(f.range.start, d.range.start) && samePosition(f.range.end, d.range.end),
    );
  const fixes = current?.fixes ?? (d.data as DiagnosticData | undefined)?.fixes ?? [];
  const finding: Finding = current ?? {
    ruleId: String(d.code ?? ''),
    severity: 'warning',
    message: typeof d.message === 'string' ? d.message : d.message.value,
    file,
    range: d.range,
    related: [],
  };
  const ignore = ignoreFix(finding, source.text(file));
  const toAction = (fix: Fix) => {
    const action = CodeAction.create(fix.title, workspaceEditFor([fix], source, support), CodeActionKind.QuickFix);
    action.diagnostics = [d];
    action.isPreferred = !!fix.isPreferred && !fix.snippet;
    const target = support.showDocument ? revealTarget(fix, file, (f) => source.text(f)) : undefined;
    if (target)
      action.command = { title: 'Fill in the entry', command: REVEAL_COMMAND, arguments: [source.uriOf(target.file), target.range] };
    return action;
  };
  const loop = current?.loop ?? (d.data as DiagnosticData | undefined)?.loop;
  const show = loop && support.clientCommands?.includes(SHOW_LOOP_COMMAND) ? [showLoopAction(loop, source.uriOf(file), d)] : [];
  return [...fixes.map(toAction), ...show, ...(ignore ? [toAction(ignore)] : [])];
}

function showLoopAction(loop: string, uri: string, d: Diagnostic): CodeAction {
  const title = `Show loop ${loop} as a causal loop diagram`;
  const action = CodeAction.create(title, { title, command: SHOW_LOOP_COMMAND, arguments: [loop, uri] }, CodeActionKind.QuickFix);
  action.diagnostics = [d];
  action.isPreferred = false;
  return action;
}

function fixAllAction(
  source: ActionSource,
  findings: readonly Finding[],
  support: EditSupport,
  title: string,
  keep: (fix: Fix) => boolean = () => true,
): CodeAction | undefined {
  const fixes = fixAllFixes(findings).filter(keep);
  if (fixes.length === 0) return undefined;
  return CodeAction.create(title, workspaceEditFor(fixes, source, support), FIX_ALL_KIND);
}

function editCount(action: CodeAction | undefined): number {
  const edit = action?.edit;
  if (!edit) return 0;
  if (edit.documentChanges) return edit.documentChanges.reduce((n, c) => n + ('edits' in c ? c.edits.length : 0), 0);
  return Object.values(edit.changes ?? {}).reduce((n, list) => n + list.length, 0);
}

function samePosition(a: { line: number; character: number }, b: { line: number; character: number }): boolean {
  return a.line === b.line && a.character === b.character;
}

/**
 * The fixes' edits as one workspace edit: `documentChanges` (creating missing files first,
 * snippet edits where supported) when the client takes them, else `changes` with placeholders
 * replaced by their defaults.
 */
export function workspaceEditFor(
  fixes: readonly Fix[],
  source: Pick<ActionSource, 'exists' | 'uriOf'>,
  support: EditSupport,
): WorkspaceEdit {
  const byFile = new Map<string, Array<LspTextEdit | SnippetTextEdit>>();
  for (const fix of fixes) {
    for (const e of fix.edits) {
      const snippet = fix.snippet && support.snippets && /\$\{?\d/.test(e.newText);
      const lsp: LspTextEdit | SnippetTextEdit = snippet
        ? { range: e.range, snippet: { kind: 'snippet', value: e.newText } }
        : { range: e.range, newText: fix.snippet ? expandSnippet(e.newText) : e.newText };
      pushTo(byFile, e.file, lsp);
    }
  }
  if (!support.documentChanges) {
    const changes: Record<string, LspTextEdit[]> = {};
    for (const [file, edits] of byFile) changes[source.uriOf(file)] = edits as LspTextEdit[];
    return { changes };
  }
  const documentChanges: Array<TextDocumentEdit | CreateFile> = [];
  for (const [file, edits] of byFile) {
    const uri = source.uriOf(file);
    if (support.createFiles && !source.exists(file)) documentChanges.push({ kind: 'create', uri, options: { ignoreIfExists: true } });
    documentChanges.push({ textDocument: { uri, version: null }, edits });
  }
  return { documentChanges };
}
