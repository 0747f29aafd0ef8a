// The VS Code side of the graph view: one webview panel that shows the system graph (or the
// graph around one file), refreshed when diagnostics change. The page is untrusted as far as
// this file is concerned: every message is validated, `open` only opens files inside a
// workspace folder, `export` writes only where the user chose in a save dialog.
import { randomBytes } from 'node:crypto';
import { realpath } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Range } from '../../server/src/engine/model/facts';
import type { GraphJson } from '../../server/src/engine/model/graphJson';
// html.ts is a pure module with no runtime imports: the page shell and its CSP live in one place.
import { webviewHtml } from '../../server/src/engine/render/html';
import type { FindingJson } from '../../server/src/engine/model/finding';

export interface GraphScope {
  /** Workspace-relative file for "Show Graph for This File". */
  file?: string;
  /** The file's URI, which also says which workspace folder (and so which analysis) it belongs to. */
  uri?: string;
  /** A loop id (`R1`): the page opens on that loop's causal loop diagram (and its filter in the full graph). */
  loop?: string;
}

export interface GraphData {
  graph: GraphJson;
  findings: FindingJson[];
}

export type GraphFetch = (scope?: GraphScope) => Promise<GraphData>;

/** What the page reports after each drawing: node keys, edge count, loop ids, finding count (or the error). */
export type GraphRenderReport =
  { type: 'rendered'; nodes: string[]; edges: number; loops: string[]; findings: number } | { type: 'renderFailed'; error: string };

type PageMessage =
  | { type: 'ready' }
  | { type: 'open'; file: string; range: Range }
  | { type: 'export'; format: 'svg' | 'mermaid'; content: string }
  | GraphRenderReport;

const VIEW_TYPE = 'loopwise.graph';
const UPDATE_DEBOUNCE_MS = 300;
const MAX_EXPORT_CHARS = 64 * 1024 * 1024;
const MAX_PATH_CHARS = 4096;
const MAX_REPORTED_NODES = 100_000;

export class GraphPanel {
  private static current: GraphPanel | undefined;
  private static readonly rendered = new vscode.EventEmitter<GraphRenderReport>();
  /** Fires each time the page has drawn the graph (or failed to): the extension's API passes it on. */
  static readonly onDidRender = GraphPanel.rendered.event;
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Only the newest fetch may post; older ones that finish later are dropped. */
  private fetchSeq = 0;

  /** Opens the panel, or reveals it with the new scope. */
  static show(context: vscode.ExtensionContext, fetch: GraphFetch, scope?: GraphScope): GraphPanel {
    const existing = GraphPanel.current;
    if (existing) {
      existing.fetch = fetch;
      existing.scope = scope;
      existing.panel.title = panelTitle(scope);
      existing.panel.reveal();
      void existing.refresh();
      return existing;
    }
    const media = vscode.Uri.joinPath(context.extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, panelTitle(scope), vscode.ViewColumn.Beside, {
      enableScripts: true,
      localResourceRoots: [media],
      // Coming back to the panel is instant: the page, its drawing and zoom stay alive while hidden.
      retainContextWhenHidden: true,
    });
    GraphPanel.current = new GraphPanel(panel, media, fetch, scope);
    return GraphPanel.current;
  }

  /** The open panel, if any: the extension calls `GraphPanel.active?.update()` when diagnostics change. */
  static get active(): GraphPanel | undefined {
    return GraphPanel.current;
  }

  /** The editor column the panel is shown in (undefined while hidden). */
  get viewColumn(): vscode.ViewColumn | undefined {
    return this.panel.viewColumn;
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    media: vscode.Uri,
    private fetch: GraphFetch,
    private scope: GraphScope | undefined,
  ) {
    const webview = panel.webview;
    webview.html = webviewHtml({
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'dist', 'graph.js')).toString(),
      cssUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'graph.css')).toString(),
      cspSource: webview.cspSource,
      nonce: randomBytes(18).toString('base64'),
    });
    this.disposables.push(
      webview.onDidReceiveMessage((m: unknown) => void this.onMessage(m)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  /** Refetches and redraws, at most once per 300 ms however often it is called. */
  update(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, UPDATE_DEBOUNCE_MS);
  }

  dispose(): void {
    if (GraphPanel.current === this) GraphPanel.current = undefined;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.fetchSeq++;
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private async refresh(): Promise<void> {
    // Until the page says it is ready (again, after being hidden) a message would be lost.
    if (!this.ready) return;
    const seq = ++this.fetchSeq;
    try {
      const data = await this.fetch(this.scope);
      if (seq !== this.fetchSeq) return;
      await this.panel.webview.postMessage({ type: 'update', graph: data.graph, findings: data.findings, scope: this.scope ?? {} });
    } catch (error) {
      if (seq === this.fetchSeq)
        void vscode.window.showErrorMessage(
          `Loopwise: could not build the graph: ${error instanceof Error ? error.message : String(error)}`,
        );
    }
  }

  private async onMessage(raw: unknown): Promise<void> {
    const message = readPageMessage(raw);
    if (!message) return;
    if (message.type === 'ready') {
      this.ready = true;
      await this.refresh();
    } else if (message.type === 'open') await this.open(message.file, message.range);
    else if (message.type === 'export') await this.export(message.format, message.content);
    else GraphPanel.rendered.fire(message);
  }

  private async open(file: string, range: Range): Promise<void> {
    const uri = await resolveInWorkspace(file);
    if (!uri) {
      void vscode.window.showWarningMessage(`Loopwise: ${file} is not a file inside this workspace.`);
      return;
    }
    const document = await vscode.workspace.openTextDocument(uri);
    const selection = document.validateRange(
      new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character),
    );
    // Beside the panel, so that the graph stays in view next to the source it points at.
    await vscode.window.showTextDocument(document, { selection, viewColumn: vscode.ViewColumn.Beside, preview: true });
  }

  private async export(format: 'svg' | 'mermaid', content: string): Promise<void> {
    const name = format === 'svg' ? 'loopwise-graph.svg' : 'loopwise-graph.mmd';
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      title: 'Export Loopwise graph',
      saveLabel: 'Export',
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: format === 'svg' ? { 'SVG image': ['svg'] } : { 'Mermaid diagram': ['mmd'], Markdown: ['md'] },
    });
    if (!target) return;
    const text = format === 'mermaid' && target.path.toLowerCase().endsWith('.md') ? `\`\`\`mermaid\n${content}\`\`\`\n` : content;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    void vscode.window.showInformationMessage(`Loopwise: graph exported to ${vscode.workspace.asRelativePath(target)}.`);
  }
}

function panelTitle(scope: GraphScope | undefined): string {
  if (scope?.loop) return `Loopwise: Loop ${scope.loop}`;
  return scope?.file ? `Loopwise: ${path.posix.basename(scope.file)}` : 'Loopwise: System Graph';
}

// ------------------------------------------------------------------ page messages

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

export function readPageMessage(raw: unknown): PageMessage | undefined {
  if (!isObj(raw)) return undefined;
  if (raw.type === 'ready') return { type: 'ready' };
  if (raw.type === 'open') {
    const range = readRange(raw.range);
    const file = raw.file;
    if (typeof file !== 'string' || !file || file.length > MAX_PATH_CHARS || file.includes('\0') || !range) return undefined;
    return { type: 'open', file, range };
  }
  if (raw.type === 'export') {
    const { format, content } = raw;
    if ((format !== 'svg' && format !== 'mermaid') || typeof content !== 'string' || content.length > MAX_EXPORT_CHARS) return undefined;
    return { type: 'export', format, content };
  }
  return readRenderReport(raw);
}

function readRenderReport(raw: Obj): GraphRenderReport | undefined {
  if (raw.type === 'renderFailed')
    return typeof raw.error === 'string' ? { type: 'renderFailed', error: raw.error.slice(0, 1000) } : undefined;
  if (raw.type !== 'rendered') return undefined;
  const { nodes, edges, loops, findings } = raw;
  const isKeyList = (v: unknown): v is string[] =>
    Array.isArray(v) && v.length <= MAX_REPORTED_NODES && v.every((k) => typeof k === 'string' && k.length <= MAX_PATH_CHARS);
  if (!isKeyList(nodes) || !isKeyList(loops) || !isCount(edges) || !isCount(findings)) return undefined;
  return { type: 'rendered', nodes, edges, loops, findings };
}

function readRange(v: unknown): Range | undefined {
  if (!isObj(v) || !isObj(v.start) || !isObj(v.end)) return undefined;
  const { start, end } = v;
  if (![start.line, start.character, end.line, end.character].every(isCount)) return undefined;
  return {
    start: { line: start.line as number, character: start.character as number },
    end: { line: end.line as number, character: end.character as number },
  };
}

// ------------------------------------------------------------------ workspace containment

/**
 * The file's URI when it resolves (symlinks included) to a file inside a workspace folder.
 * Graph paths are workspace-relative; `../`, absolute paths and links that leave the folder
 * are refused.
 */
export async function resolveInWorkspace(file: string): Promise<vscode.Uri | undefined> {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme !== 'file') continue;
    const root = folder.uri.fsPath;
    const candidate = path.resolve(root, file);
    if (!isInside(root, candidate)) continue;
    const real = await realpathOrUndefined(candidate);
    const realRoot = await realpathOrUndefined(root);
    if (real && realRoot && isInside(realRoot, real)) return vscode.Uri.file(candidate);
  }
  return undefined;
}

export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== '' && !path.isAbsolute(rel) && rel.split(path.sep)[0] !== '..';
}

async function realpathOrUndefined(p: string): Promise<string | undefined> {
  try {
    return await realpath(p);
  } catch {
    return undefined;
  }
}
