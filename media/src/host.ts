// The page's one link to whoever hosts it: a VS Code webview (acquireVsCodeApi) or the
// standalone HTML file from `loopwise graph --format html`, where there is no one to open a
// file: messages are recorded on window.__loopwiseMessages (tests read them) and exports download.
import type { Range } from '../../server/src/engine/model/facts';

/** What one drawing showed (or why it failed): the editor learns that the page really drew the graph. */
export type RenderReport =
  { type: 'rendered'; nodes: string[]; edges: number; loops: string[]; findings: number } | { type: 'renderFailed'; error: string };

export type PageMessage =
  | { type: 'ready' }
  | { type: 'open'; file: string; range: Range }
  | { type: 'export'; format: 'svg' | 'mermaid'; content: string }
  | RenderReport;

export interface Host {
  /** Inside VS Code: clicks open files. */
  readonly inEditor: boolean;
  post(message: PageMessage): void;
  loadState(): unknown;
  saveState(state: unknown): void;
}

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

declare global {
  interface Window {
    __loopwiseMessages?: PageMessage[];
  }
}

export function connectHost(): Host {
  if (typeof acquireVsCodeApi === 'function') return editorHost(acquireVsCodeApi());
  return standaloneHost();
}

function editorHost(api: VsCodeApi): Host {
  return {
    inEditor: true,
    post: (message) => api.postMessage(message),
    loadState: () => api.getState(),
    saveState: (state) => api.setState(state),
  };
}

function standaloneHost(): Host {
  const log: PageMessage[] = [];
  window.__loopwiseMessages = log;
  let saved: unknown;
  return {
    inEditor: false,
    post(message) {
      log.push(message);
      if (message.type === 'export') download(message.format, message.content);
    },
    loadState: () => saved,
    saveState: (state) => (saved = state),
  };
}

function download(format: 'svg' | 'mermaid', content: string): void {
  const type = format === 'svg' ? 'image/svg+xml' : 'text/plain';
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = format === 'svg' ? 'loopwise-graph.svg' : 'loopwise-graph.mmd';
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
