// The VS Code side of the graph view (client/src/graphPanel.ts) against a small fake of the
// `vscode` API: panel options and CSP, the ready/update handshake and its debounce, and the
// validation of page messages (open only inside the workspace, export only where the user saves).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import type * as Panel from '../../client/src/graphPanel';
import type { GraphJson } from '../../server/src/engine/model/graphJson';

class FakeUri {
  constructor(
    readonly scheme: string,
    readonly fsPath: string,
  ) {}
  get path(): string {
    return this.fsPath;
  }
  static file(p: string): FakeUri {
    return new FakeUri('file', p);
  }
  static joinPath(base: FakeUri, ...parts: string[]): FakeUri {
    return new FakeUri(base.scheme, join(base.fsPath, ...parts));
  }
  toString(): string {
    return `${this.scheme}://${this.fsPath}`;
  }
}

class FakeEventEmitter<T> {
  private readonly listeners: Array<(e: T) => void> = [];
  readonly event = (listener: (e: T) => void) => {
    this.listeners.push(listener);
    return { dispose: () => this.listeners.splice(this.listeners.indexOf(listener), 1) };
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
}

class FakeRange {
  constructor(
    readonly startLine: number,
    readonly startCharacter: number,
    readonly endLine: number,
    readonly endCharacter: number,
  ) {}
}

interface Recorded {
  panelOptions?: Record<string, unknown>;
  panels: number;
  html: string;
  title: string;
  posted: Array<Record<string, unknown>>;
  shown: Array<{ file: string; selection: FakeRange; viewColumn: number }>;
  warnings: string[];
  errors: string[];
  written: Array<{ file: string; text: string }>;
  saveTarget?: FakeUri;
  receive?: (m: unknown) => void;
  disposeHandlers: Array<() => void>;
}

const recorded: Recorded = {
  panels: 0,
  html: '',
  title: '',
  posted: [],
  shown: [],
  warnings: [],
  errors: [],
  written: [],
  disposeHandlers: [],
};
let workspace: string;
let outside: string;

function fakeVscode(): Record<string, unknown> {
  const panel = {
    get title() {
      return recorded.title;
    },
    set title(t: string) {
      recorded.title = t;
    },
    webview: {
      set html(h: string) {
        recorded.html = h;
      },
      get html() {
        return recorded.html;
      },
      cspSource: 'https://*.vscode-cdn.net',
      asWebviewUri: (u: FakeUri) => ({ toString: () => `https://file+.vscode-resource.vscode-cdn.net${u.fsPath}` }),
      postMessage: async (m: Record<string, unknown>) => {
        recorded.posted.push(m);
        return true;
      },
      onDidReceiveMessage: (h: (m: unknown) => void) => {
        recorded.receive = h;
        return { dispose() {} };
      },
    },
    onDidDispose: (h: () => void) => {
      recorded.disposeHandlers.push(h);
      return { dispose() {} };
    },
    reveal() {},
    dispose() {
      for (const h of recorded.disposeHandlers.splice(0)) h();
    },
  };
  return {
    Uri: FakeUri,
    Range: FakeRange,
    ViewColumn: { One: 1, Beside: -2 },
    EventEmitter: FakeEventEmitter,
    window: {
      createWebviewPanel: (_type: string, title: string, _column: number, options: Record<string, unknown>) => {
        recorded.panels++;
        recorded.panelOptions = options;
        recorded.title = title;
        return panel;
      },
      showTextDocument: async (doc: { uri: FakeUri }, options: { selection: FakeRange; viewColumn: number }) =>
        recorded.shown.push({ file: doc.uri.fsPath, selection: options.selection, viewColumn: options.viewColumn }),
      showSaveDialog: async () => recorded.saveTarget,
      showWarningMessage: async (m: string) => recorded.warnings.push(m),
      showErrorMessage: async (m: string) => recorded.errors.push(m),
      showInformationMessage: async () => undefined,
    },
    workspace: {
      get workspaceFolders() {
        return [{ uri: FakeUri.file(workspace), name: 'ws', index: 0 }];
      },
      openTextDocument: async (uri: FakeUri) => ({ uri, validateRange: (r: FakeRange) => r }),
      fs: {
        writeFile: async (uri: FakeUri, bytes: Uint8Array) =>
          recorded.written.push({ file: uri.fsPath, text: new TextDecoder().decode(bytes) }),
      },
      asRelativePath: (u: FakeUri) => u.fsPath,
    },
  };
}

/** Makes `require('vscode')` return the fake, then loads the panel module. */
/* eslint-disable @typescript-eslint/no-require-imports -- the module loader itself is what is patched here */
function loadPanel(): typeof Panel {
  const Module = require('node:module') as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
  };
  require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: fakeVscode() } as unknown as NodeJS.Module;
  return require('../../client/src/graphPanel') as typeof Panel;
}
/* eslint-enable @typescript-eslint/no-require-imports */

const graph: GraphJson = {
  version: 1,
  nodes: [{ id: 'dvc.yaml#p/train', kind: 'stage', label: 'train', file: 'dvc.yaml' }],
  edges: [],
  loops: [],
  teams: [],
};
const range = { start: { line: 1, character: 2 }, end: { line: 1, character: 7 } };
const context = () => ({ extensionUri: FakeUri.file('/ext') }) as never;
const flush = () => new Promise((r) => setTimeout(r, 20));

let panelModule: typeof Panel;
let fetches: Array<{ file?: string } | undefined>;
const fetchGraph = async (scope?: { file?: string }) => {
  fetches.push(scope);
  return { graph, findings: [] };
};

before(() => {
  workspace = realpathSync(mkdtempSync(join(tmpdir(), 'loopwise-ws-')));
  outside = realpathSync(mkdtempSync(join(tmpdir(), 'loopwise-outside-')));
  mkdirSync(join(workspace, 'dags'));
  writeFileSync(join(workspace, 'dvc.yaml'), 'stages:\n  train:\n');
  writeFileSync(join(workspace, 'dags', 'review.py'), '');
  writeFileSync(join(outside, 'secret.txt'), 'secret');
  symlinkSync(join(outside, 'secret.txt'), join(workspace, 'link.txt'));
  panelModule = loadPanel();
});

after(() => {
  panelModule.GraphPanel.active?.dispose();
  rmSync(workspace, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

beforeEach(() => {
  panelModule.GraphPanel.active?.dispose();
  Object.assign(recorded, { panels: 0, posted: [], shown: [], warnings: [], errors: [], written: [], saveTarget: undefined });
  fetches = [];
});

async function send(message: unknown): Promise<void> {
  recorded.receive!(message);
  await flush();
}

describe('GraphPanel', () => {
  test('creates a script-enabled panel limited to media/, with a nonce CSP', () => {
    panelModule.GraphPanel.show(context(), fetchGraph);
    assert.deepEqual(recorded.panelOptions, {
      enableScripts: true,
      localResourceRoots: [FakeUri.joinPath(FakeUri.file('/ext'), 'media')],
      retainContextWhenHidden: true,
    });
    const csp = /content="([^"]*)"/.exec(recorded.html)![1].replace(/&#39;/g, "'");
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, new RegExp(`script-src 'nonce-${nonce.replace(/[+/]/g, '\\$&')}';`));
    assert.match(
      recorded.html,
      new RegExp(
        `<script nonce="${nonce.replace(/[+/]/g, '\\$&')}" src="https://file\\+\\.vscode-resource\\.vscode-cdn\\.net/ext/media/dist/graph\\.js">`,
      ),
    );
    assert.equal(recorded.title, 'Loopwise: System Graph');
  });

  test('posts the graph once the page is ready, and debounces updates', async () => {
    const panel = panelModule.GraphPanel.show(context(), fetchGraph);
    panel.update();
    await new Promise((r) => setTimeout(r, 350));
    assert.equal(recorded.posted.length, 0, 'nothing is posted before the page is ready');
    await send({ type: 'ready' });
    assert.deepEqual(recorded.posted, [{ type: 'update', graph, findings: [], scope: {} }]);
    for (let i = 0; i < 5; i++) panel.update();
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(fetches.length, 2, 'five updates within 300 ms fetch once');
  });

  test('showing again reuses the panel with the new scope', async () => {
    panelModule.GraphPanel.show(context(), fetchGraph);
    await send({ type: 'ready' });
    panelModule.GraphPanel.show(context(), fetchGraph, { file: 'dags/review.py' });
    await flush();
    assert.equal(recorded.panels, 1);
    assert.equal(recorded.title, 'Loopwise: review.py');
    assert.deepEqual(fetches.at(-1), { file: 'dags/review.py' });
  });

  test('"Show this loop" scope: the panel is titled by the loop and the page gets the loop id (loopView.test.ts: it opens the diagram)', async () => {
    const withLoop: GraphJson = { ...graph, loops: [{ id: 'R1', polarity: 'R', nodes: ['dvc.yaml#p/train'], documented: false }] };
    panelModule.GraphPanel.show(context(), async (scope) => (fetches.push(scope), { graph: withLoop, findings: [] }), {
      loop: 'R1',
      uri: 'file:///ws/dvc.yaml',
    });
    assert.equal(recorded.title, 'Loopwise: Loop R1');
    await send({ type: 'ready' });
    const update = recorded.posted.at(-1)!;
    assert.deepEqual(update, { type: 'update', graph: withLoop, findings: [], scope: { loop: 'R1', uri: 'file:///ws/dvc.yaml' } });
    assert.deepEqual(fetches.at(-1), { loop: 'R1', uri: 'file:///ws/dvc.yaml' });
  });

  test('open reveals the range of a file inside the workspace, beside the panel', async () => {
    panelModule.GraphPanel.show(context(), fetchGraph);
    await send({ type: 'open', file: 'dvc.yaml', range });
    assert.deepEqual(recorded.shown, [{ file: join(workspace, 'dvc.yaml'), selection: new FakeRange(1, 2, 1, 7), viewColumn: -2 }]);
  });

  test("the page's drawing reports reach onDidRender; malformed ones are dropped", async () => {
    panelModule.GraphPanel.show(context(), fetchGraph);
    const reports: unknown[] = [];
    const sub = panelModule.GraphPanel.onDidRender((r) => reports.push(r));
    try {
      await send({ type: 'rendered', nodes: ['dvc.yaml#p/train'], edges: 0, loops: [], findings: 0 });
      await send({ type: 'renderFailed', error: 'Parse error on line 1' });
      await send({ type: 'rendered', nodes: 'all', edges: 0, loops: [], findings: 0 });
      await send({ type: 'rendered', nodes: [], edges: -1, loops: [], findings: 0 });
      await send({ type: 'renderFailed' });
    } finally {
      sub.dispose();
    }
    assert.deepEqual(reports, [
      { type: 'rendered', nodes: ['dvc.yaml#p/train'], edges: 0, loops: [], findings: 0 },
      { type: 'renderFailed', error: 'Parse error on line 1' },
    ]);
  });

  test('open refuses paths outside the workspace, symlinks out of it and missing files', async () => {
    panelModule.GraphPanel.show(context(), fetchGraph);
    for (const file of ['../outside.txt', join(outside, 'secret.txt'), 'link.txt', 'dags/../../x', 'missing.yaml'])
      await send({ type: 'open', file, range });
    assert.deepEqual(recorded.shown, []);
    assert.equal(recorded.warnings.length, 5);
  });

  test('malformed messages are dropped without effect', async () => {
    panelModule.GraphPanel.show(context(), fetchGraph);
    const bad: unknown[] = [
      null,
      'open',
      { type: 'open', file: 'dvc.yaml' },
      { type: 'open', file: 'dvc.yaml', range: { start: { line: -1, character: 0 }, end: { line: 0, character: 0 } } },
      { type: 'open', file: 'dvc.yaml', range: { start: { line: 0.5, character: 0 }, end: { line: 0, character: 0 } } },
      { type: 'open', file: 'dvc.yaml\0.txt', range },
      { type: 'open', file: 42, range },
      { type: 'export', format: 'html', content: '<script>' },
      { type: 'export', format: 'svg', content: 42 },
      { type: 'eval', code: 'alert(1)' },
    ];
    for (const m of bad) await send(m);
    assert.deepEqual([recorded.shown, recorded.warnings, recorded.written, fetches], [[], [], [], []]);
  });

  test('export writes where the user chose; Markdown gets a mermaid fence; cancel writes nothing', async () => {
    panelModule.GraphPanel.show(context(), fetchGraph);
    recorded.saveTarget = FakeUri.file(join(workspace, 'graph.svg'));
    await send({ type: 'export', format: 'svg', content: '<svg/>' });
    recorded.saveTarget = FakeUri.file(join(workspace, 'graph.md'));
    await send({ type: 'export', format: 'mermaid', content: 'flowchart LR\n' });
    recorded.saveTarget = undefined;
    await send({ type: 'export', format: 'svg', content: '<svg/>' });
    assert.deepEqual(recorded.written, [
      { file: join(workspace, 'graph.svg'), text: '<svg/>' },
      { file: join(workspace, 'graph.md'), text: '```mermaid\nflowchart LR\n```\n' },
    ]);
  });

  test('closing the panel forgets it', () => {
    const panel = panelModule.GraphPanel.show(context(), fetchGraph);
    assert.equal(panelModule.GraphPanel.active, panel);
    panel.dispose();
    assert.equal(panelModule.GraphPanel.active, undefined);
  });
});

describe('workspace containment', () => {
  test('isInside', () => {
    const { isInside } = panelModule;
    assert.equal(isInside('/ws', '/ws/a/b'), true);
    assert.equal(isInside('/ws', '/ws/..a'), true);
    assert.equal(isInside('/ws', '/ws'), false);
    assert.equal(isInside('/ws', '/ws2/a'), false);
    assert.equal(isInside('/ws', '/a'), false);
  });
});
