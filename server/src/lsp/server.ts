// The Loopwise language server (stdio). Indexes every workspace folder with progress, keeps
// one incremental Analysis per folder, and publishes diagnostics for every file with findings
// (open or not). Handlers never throw into the connection: failures are logged.
import {
  DidChangeWatchedFilesNotification,
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  FileChangeType,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type CodeAction,
  type CodeActionContext,
  type Range,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as path from 'node:path';
import { Folder } from './folder';
import { VERSION } from '../version';
import { FactsCache } from '../node/factsCache';
import { existsSync } from 'node:fs';
import { toDiagnostic } from './convert';
import { codeActionsFor, editSupportOf, FIX_ALL_KIND, REVEAL_COMMAND, type EditSupport } from './codeActions';
import { toGraphJson } from '../engine/model/graphJson';
import { toJson } from '../cli/format/json';
import { hoverFor } from './hover';
import { definitionOf, nodeAt, referencesOf, stageLenses, stageSymbols, toLocations } from './navigation';
import type { AnalysisResult } from '../engine/analysis';
import type { Finding, Severity } from '../engine/model/finding';
import { GraphRequest, loopCounts, StatusNotification, type GraphResult, type LoopwiseStatus } from './protocol';
import { unfilledFields } from '../engine/rules/feedback/documented';
import { candidateGlobs } from '../engine/sources/formats';
import { pushTo, sameItems } from '../engine/text/collections';

const DEBOUNCE_MS = 60;
const STATUS_MS = 250;
/** Quiet time before the caches are written (the first after indexing; a shutdown writes at once). */
const SAVE_IDLE_MS = 10_000;
/** Files converted and sent between pauses of stage 2 (about 20 ms of work, so requests wait no longer). */
const PUBLISH_SLICE = 100;

export function startServer(connection: Connection = createConnection(ProposedFeatures.all)): void {
  new LoopwiseServer(connection).listen();
}

class LoopwiseServer {
  private readonly documents = new TextDocuments(TextDocument);
  private folders: Folder[] = [];
  /** What each file's diagnostics were when last sent, so only changes go over the wire. */
  private published = new Map<string, string>();
  /** The findings behind each published list, when stage 2 published it: an unchanged list is not converted again. */
  private publishedFindings = new Map<string, readonly Finding[]>();
  /** Folder root -> workspace-relative file -> URI (building a file URL costs more than the rest of a diagnostic). */
  private readonly uris = new Map<string, Map<string, string>>();
  private timer?: NodeJS.Timeout;
  /** The cache is written when the server has been idle a while: writing a big one takes seconds of this thread. */
  private saveTimer?: NodeJS.Timeout;
  /** Counts the changes that schedule a publish, so a publish that paused knows its findings went stale. */
  private edits = 0;
  private supportsProgress = false;
  private ready: Promise<void> = Promise.resolve();
  /** True during the first indexing: requests then use the last result instead of re-analysing a half-loaded folder. */
  private indexing = false;
  /** Folders whose analysis is running (paused between steps): requests meanwhile use the last result. */
  private readonly running = new Set<Folder>();
  private publishing = false;
  private publishAgain = false;
  /** Edited files whose own diagnostics (stage 1) are due on the next turn of the event loop. */
  private readonly ownDue = new Set<string>();
  private severities: Record<string, Severity | 'off'> = {};
  private readonly loopCounts = new Map<Folder, Omit<LoopwiseStatus, 'indexing'>>();
  private statusSentAt = 0;
  private watchesFiles = false;
  private editSupport: EditSupport = { documentChanges: false, createFiles: false, snippets: false };

  constructor(private readonly connection: Connection) {}

  listen(): void {
    const c = this.connection;
    c.onInitialize((p) => this.initialize(p));
    c.onInitialized(() => {
      this.ready = this.indexAll();
      if (this.watchesFiles) void this.watchCandidateFiles();
    });
    c.onShutdown(() => {
      clearTimeout(this.saveTimer);
      this.saveCaches();
    });
    this.documents.onDidChangeContent((e) => this.safely(() => this.onText(e.document.uri, e.document.getText())));
    this.documents.onDidClose((e) => this.safely(() => this.onClose(e.document.uri)));
    c.onDidChangeWatchedFiles((p) =>
      this.safely(async () => {
        for (const change of p.changes) await this.onFileEvent(change.uri, change.type);
      }),
    );
    c.onDidChangeConfiguration(() =>
      this.safely(async () => {
        await this.loadSettings();
        this.schedule();
      }),
    );
    c.onCodeAction((p) => this.guard(() => this.codeActions(p.textDocument.uri, p.context), []));
    c.onExecuteCommand((p) => this.guard(() => this.executeCommand(p.command, p.arguments ?? []), undefined));
    c.onHover((p) => this.guard(() => this.hover(p.textDocument.uri, p.position), null));
    c.onDefinition((p) => this.guard(() => this.navigate(p.textDocument.uri, p.position, 'definition'), []));
    c.onReferences((p) => this.guard(() => this.navigate(p.textDocument.uri, p.position, 'references'), []));
    c.onDocumentSymbol((p) => this.guard(() => this.inFolder(p.textDocument.uri, (result, rel) => stageSymbols(result, rel)) ?? [], []));
    c.onCodeLens((p) => this.guard(() => this.inFolder(p.textDocument.uri, (result, rel) => stageLenses(result, rel)) ?? [], []));
    c.onRequest(GraphRequest, (p) =>
      this.guard(
        async () => {
          await this.ready;
          return this.graph(p?.uri);
        },
        { graph: undefined, findings: [] },
      ),
    );
    this.documents.listen(c);
    c.listen();
  }

  private initialize(p: InitializeParams): InitializeResult {
    this.supportsProgress = !!p.capabilities.window?.workDoneProgress;
    this.editSupport = editSupportOf(p);
    this.watchesFiles = !!p.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    const roots = p.workspaceFolders?.map((f) => f.uri) ?? (p.rootUri ? [p.rootUri] : []);
    const options = p.initializationOptions as { rules?: Record<string, Severity | 'off'>; cacheFolder?: string } | undefined;
    this.folders = roots
      .filter((u) => u.startsWith('file:'))
      .map((u) => fileURLToPath(u))
      .map((root) => new Folder(root, options?.cacheFolder ? FactsCache.forFolder(options.cacheFolder, root, VERSION) : undefined));
    this.severities = options?.rules ?? {};
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: ['quickfix', FIX_ALL_KIND] },
        executeCommandProvider: { commands: [REVEAL_COMMAND] },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentSymbolProvider: true,
        codeLensProvider: { resolveProvider: false },
      },
      serverInfo: { name: 'loopwise', version: VERSION },
    };
  }

  /** Asks the client to watch every file some format may read (sources/formats.ts), lock files included. */
  private async watchCandidateFiles(): Promise<void> {
    const watchers = candidateGlobs().map((globPattern) => ({ globPattern }));
    await this.guard(() => this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }), undefined);
  }

  private async loadSettings(): Promise<void> {
    try {
      const config = (await this.connection.workspace.getConfiguration('loopwise')) as { rules?: Record<string, Severity | 'off'> } | null;
      this.severities = config?.rules ?? {};
    } catch {
      // Clients without workspace/configuration keep the initialization options.
    }
    for (const f of this.folders) f.setSeverities(this.severities);
  }

  /** Indexes every folder with progress; yields between batches so requests are still answered. */
  private async indexAll(): Promise<void> {
    this.indexing = true;
    const progress = this.supportsProgress ? await this.connection.window.createWorkDoneProgress().catch(() => undefined) : undefined;
    progress?.begin('Loopwise', 0, 'Indexing pipeline files…', false);
    try {
      for (const f of this.folders) {
        f.setSeverities(this.severities);
        const start = performance.now();
        await f.index((done, total) => {
          progress?.report(total ? Math.round((done / total) * 100) : 0, `${done}/${total} files`);
          this.sendStatus({ done, total });
        });
        const files = f.analysis.paths().length;
        this.connection.console.log(
          `Loopwise read ${f.root}: ${files} files${f.cached ? `, ${f.cached} of them from the cache` : ''}${f.restored ? ", with the last session's analysis" : ''}, in ${Math.round(performance.now() - start)} ms.`,
        );
      }
      for (const doc of this.documents.all()) this.onText(doc.uri, doc.getText(), false);
      await this.publishLatest();
    } catch (e) {
      this.connection.console.error(`Loopwise indexing failed: ${(e as Error).stack ?? e}`);
    } finally {
      this.indexing = false;
      progress?.done();
    }
    this.saveWhenIdle();
  }

  /** Writes the caches once no edit came for SAVE_IDLE_MS (an edit meanwhile puts it off again), or at shutdown. */
  private saveWhenIdle(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      if (this.timer || this.publishing || this.running.size) this.saveWhenIdle();
      else this.saveCaches();
    }, SAVE_IDLE_MS);
  }

  /** Keeps each folder's facts for the next session; a cache that cannot be written only costs that session time. */
  private saveCaches(): void {
    for (const f of this.folders) {
      try {
        f.saveCache();
      } catch (e) {
        this.connection.console.warn(`Loopwise could not write its cache for ${f.root}: ${(e as Error).message}`);
      }
    }
  }

  /**
   * The folder's findings and graph: fresh, or while indexing, or while an edit's analysis is
   * due or running, the last ones computed (if any): a request never waits for a whole analysis.
   */
  private resultOf(folder: Folder): AnalysisResult | undefined {
    const busy = this.indexing || this.running.has(folder) || this.timer !== undefined || this.publishing;
    return busy ? (folder.analysis.latest() ?? (this.indexing ? undefined : folder.analysis.run())) : folder.analysis.run();
  }

  private folderOf(uri: string): { folder: Folder; rel: string } | undefined {
    if (!uri.startsWith('file:')) return undefined;
    const file = fileURLToPath(uri);
    const folder = this.folders.filter((f) => file.startsWith(f.root + path.sep)).sort((a, b) => b.root.length - a.root.length)[0];
    return folder ? { folder, rel: path.relative(folder.root, file).split(path.sep).join('/') } : undefined;
  }

  private onText(uri: string, text: string, schedule = true): void {
    const hit = this.folderOf(uri);
    if (!hit || !hit.folder.accepts(hit.rel)) return;
    hit.folder.analysis.setFile(hit.rel, text);
    if (this.saveTimer) this.saveWhenIdle();
    if (!schedule) return;
    this.publishOwnSoon(uri);
    this.schedule();
  }

  /**
   * Stage 1 of publishing an edit: the edited file's own diagnostics (its parse problems and
   * `file`-scope rules, fresh; the rest as last computed), on the next turn of the event loop so
   * that changes arriving together are read once. Stage 2 (publish) follows with everything.
   */
  private publishOwnSoon(uri: string): void {
    if (this.ownDue.size === 0) setImmediate(() => this.safely(() => this.publishOwn()));
    this.ownDue.add(uri);
  }

  private publishOwn(): void {
    const due = [...this.ownDue];
    this.ownDue.clear();
    if (this.indexing) return;
    for (const uri of due) {
      const hit = this.folderOf(uri);
      if (!hit?.folder.analysis.hasFile(hit.rel)) continue;
      const uriOf = this.uriOf(hit.folder.root);
      const diagnostics = hit.folder.analysis.fileFindings(hit.rel).map((f) => toDiagnostic(f, uriOf));
      this.published.set(uri, JSON.stringify(diagnostics));
      this.publishedFindings.delete(uri);
      void this.connection.sendDiagnostics({ uri, version: this.documents.get(uri)?.version, diagnostics });
    }
  }

  private async onClose(uri: string): Promise<void> {
    const hit = this.folderOf(uri);
    if (!hit) return;
    await hit.folder.reload(hit.rel);
    this.schedule();
  }

  private async onFileEvent(uri: string, type: FileChangeType): Promise<void> {
    const hit = this.folderOf(uri);
    if (!hit) return;
    if (type === FileChangeType.Deleted) hit.folder.remove(hit.rel);
    else if (!this.documents.get(uri)) await hit.folder.reload(hit.rel);
    this.schedule();
  }

  private schedule(): void {
    this.edits++;
    clearTimeout(this.timer);
    this.timer = setTimeout(
      () =>
        this.safely(async () => {
          this.timer = undefined;
          await this.ready;
          await this.publishLatest();
        }),
      DEBOUNCE_MS,
    );
  }

  /** One publish at a time; changes that arrive during one are published right after it. */
  private async publishLatest(): Promise<void> {
    if (this.publishing) {
      this.publishAgain = true;
      return;
    }
    this.publishing = true;
    try {
      do {
        this.publishAgain = false;
        await this.publish();
      } while (this.publishAgain);
    } finally {
      this.publishing = false;
    }
  }

  /**
   * Stage 2: publishes the findings of files whose diagnostics changed, and clears files that no
   * longer have any. The analysis pauses between its steps, so requests are answered meanwhile
   * (from the last result), and a newer edit cancels it: the edit's own publish follows.
   */
  private async publish(): Promise<void> {
    const next = new Map<string, Finding[]>();
    const roots: Array<{ prefix: string; uriOf: (file: string) => string }> = [];
    for (const folder of this.folders) {
      const uriOf = this.uriOf(folder.root);
      this.running.add(folder);
      let result: AnalysisResult | undefined;
      try {
        result = await folder.analysis.runCancellable(() => new Promise((resolve) => setImmediate(resolve)));
      } finally {
        this.running.delete(folder);
      }
      if (!result) return;
      roots.push({ prefix: `${uriOf('')}/`, uriOf });
      for (const finding of result.findings) pushTo(next, uriOf(finding.file), finding);
      this.loopCounts.set(
        folder,
        loopCounts(result.loops, (l) => !!l.documentedBy && unfilledFields(l.documentedBy).length > 0),
      );
    }
    this.sendStatus();
    for (const uri of this.published.keys()) {
      if (next.has(uri)) continue;
      this.published.delete(uri);
      this.publishedFindings.delete(uri);
      void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
    // The longest root first: a file in a nested folder belongs to the nested folder.
    roots.sort((a, b) => b.prefix.length - a.prefix.length);
    const edits = this.edits;
    let converted = 0;
    for (const [uri, findings] of next) {
      // The same findings as last time (the same objects when rules were reused, equal ones when
      // a rule ran again and found the same): nothing to convert or send.
      const before = this.publishedFindings.get(uri);
      if (before && sameItems(before, findings, sameFinding)) {
        this.publishedFindings.set(uri, findings);
        continue;
      }
      // Thousands of files to convert (the first publish of a big workspace) go a slice at a
      // time; an edit meanwhile makes these findings stale, and its own publish follows.
      if (++converted % PUBLISH_SLICE === 0) {
        await new Promise((resolve) => setImmediate(resolve));
        if (this.edits !== edits) return;
      }
      this.publishedFindings.set(uri, findings);
      const uriOf = roots.find((r) => uri.startsWith(r.prefix))?.uriOf ?? roots[0].uriOf;
      const diagnostics = findings.map((f) => toDiagnostic(f, uriOf));
      const json = JSON.stringify(diagnostics);
      if (this.published.get(uri) === json) continue;
      this.published.set(uri, json);
      void this.connection.sendDiagnostics({ uri, version: this.documents.get(uri)?.version, diagnostics });
    }
  }

  /** file -> URI under one folder root, remembered. */
  private uriOf(root: string): (file: string) => string {
    let uris = this.uris.get(root);
    if (!uris) this.uris.set(root, (uris = new Map()));
    const known = uris;
    return (file) => {
      let uri = known.get(file);
      if (uri === undefined) known.set(file, (uri = pathToFileURL(path.join(root, file)).toString()));
      return uri;
    };
  }

  /** The status bar's `loopwise/status`: indexing progress (at most every STATUS_MS), else the loop counts. */
  private sendStatus(indexing?: { done: number; total: number }): void {
    const now = performance.now();
    if (indexing && indexing.done < indexing.total && now - this.statusSentAt < STATUS_MS) return;
    this.statusSentAt = now;
    const counts = [...this.loopCounts.values()];
    const sum = (key: 'loops' | 'undocumented' | 'incomplete') => counts.reduce((n, c) => n + c[key], 0);
    const status: LoopwiseStatus = { loops: sum('loops'), undocumented: sum('undocumented'), incomplete: sum('incomplete') };
    if (indexing) status.indexing = indexing;
    void this.connection.sendNotification(StatusNotification, status);
  }

  private codeActions(uri: string, context: CodeActionContext): CodeAction[] {
    const hit = this.folderOf(uri);
    if (!hit) return [];
    const { folder, rel } = hit;
    const source = {
      findings: () => this.resultOf(folder)?.findings ?? [],
      text: (file: string) => folder.analysis.text(file),
      exists: (file: string) => folder.analysis.hasFile(file) || existsSync(path.join(folder.root, file)),
      uriOf: this.uriOf(folder.root),
    };
    return codeActionsFor(source, rel, context, this.editSupport);
  }

  /** `loopwise.revealCardEntry uri range`: opens the file a fix wrote to, the placeholder selected. */
  private async executeCommand(command: string, args: unknown[]): Promise<void> {
    if (command !== REVEAL_COMMAND) return;
    const [uri, range] = args as [string, Range];
    if (typeof uri !== 'string' || !range?.start) return;
    await this.connection.window.showDocument({ uri, takeFocus: true, selection: range });
  }

  private hover(uri: string, position: { line: number; character: number }) {
    const hit = this.folderOf(uri);
    const result = hit && this.resultOf(hit.folder);
    return hit && result ? hoverFor(result, hit.rel, position) : null;
  }

  /** Runs `use` on the analysis of the folder that holds `uri`, with the file's folder-relative path. */
  private inFolder<T>(uri: string, use: (result: AnalysisResult, rel: string, uriOf: (file: string) => string) => T): T | undefined {
    const hit = this.folderOf(uri);
    if (!hit) return undefined;
    const uriOf = this.uriOf(hit.folder.root);
    const result = this.resultOf(hit.folder);
    return result && use(result, hit.rel, uriOf);
  }

  /** Definition: where an artifact is produced (in any format); references: everywhere it is named. */
  private navigate(uri: string, position: { line: number; character: number }, what: 'definition' | 'references') {
    return (
      this.inFolder(uri, (result, rel, uriOf) => {
        const node = nodeAt(result, rel, position);
        if (!node) return [];
        return toLocations(what === 'definition' ? definitionOf(result, node) : referencesOf(node), uriOf);
      }) ?? []
    );
  }

  private graph(uri?: string): GraphResult {
    const hit = uri ? this.folderOf(uri) : undefined;
    const folder = hit?.folder ?? this.folders[0];
    if (!folder) return { graph: undefined, findings: [] };
    const result = folder.analysis.run();
    return {
      root: folder.root,
      graph: toGraphJson(result.graph, result.loops, result.findings, result.card),
      findings: result.findings.map(toJson),
    };
  }

  private async guard<T>(fn: () => T | Promise<T>, fallback: T): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      this.connection.console.error(`Loopwise: ${(e as Error).stack ?? e}`);
      return fallback;
    }
  }

  private safely(fn: () => void | Promise<void>): void {
    void this.guard(fn, undefined);
  }
}

/** Whether two findings give the same diagnostic (everything toDiagnostic reads), without converting them. */
function sameFinding(a: Finding, b: Finding): boolean {
  if (a === b) return true;
  const sameRange = (x: Range, y: Range) =>
    x.start.line === y.start.line &&
    x.start.character === y.start.character &&
    x.end.line === y.end.line &&
    x.end.character === y.end.character;
  const sameJson = (x: unknown, y: unknown) => x === y || JSON.stringify(x) === JSON.stringify(y);
  return (
    a.ruleId === b.ruleId &&
    a.severity === b.severity &&
    a.message === b.message &&
    a.file === b.file &&
    a.loop === b.loop &&
    sameRange(a.range, b.range) &&
    sameItems(a.related, b.related, (x, y) => x.file === y.file && x.message === y.message && sameRange(x.range, y.range)) &&
    sameJson(a.fixes, b.fixes) &&
    sameJson(a.nodes, b.nodes) &&
    sameJson(a.tags, b.tags)
  );
}
