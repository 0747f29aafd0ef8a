// The VS Code client: starts the Loopwise language server and wires commands, the status
// bar item and the graph panel. All analysis happens in the server.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, State, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { StatusItem } from './status';
import { GraphPanel, type GraphFetch, type GraphRenderReport, type GraphScope } from './graphPanel';
import documentPatterns from './documentPatterns.json';
import { GraphRequest, SHOW_LOOP_COMMAND, StatusNotification } from '../../server/src/lsp/protocol';

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel | undefined;

export interface LoopwiseApi {
  /** The running language client, for tests and other extensions. */
  client(): LanguageClient | undefined;
  /** Fires when the graph panel's page has drawn the graph (what it drew), or failed to. */
  onDidRenderGraph: vscode.Event<GraphRenderReport>;
  /** The editor column of the graph panel, if it is open and visible. */
  graphViewColumn(): vscode.ViewColumn | undefined;
}

export async function activate(context: vscode.ExtensionContext): Promise<LoopwiseApi> {
  output = vscode.window.createOutputChannel('Loopwise', { log: true });
  const status = new StatusItem();
  context.subscriptions.push(output, status);
  context.subscriptions.push(
    vscode.commands.registerCommand('loopwise.restartServer', async () => {
      await stopClient();
      await startClient(context, status);
    }),
    vscode.commands.registerCommand('loopwise.showOutput', () => output?.show()),
    vscode.commands.registerCommand('loopwise.showGraph', () => GraphPanel.show(context, fetchGraph)),
    vscode.commands.registerCommand('loopwise.showGraphForFile', () => {
      const doc = vscode.window.activeTextEditor?.document;
      if (!doc) return void vscode.window.showInformationMessage('Loopwise: open a pipeline file to see its part of the graph.');
      GraphPanel.show(context, fetchGraph, { file: vscode.workspace.asRelativePath(doc.uri, false), uri: doc.uri.toString() });
    }),
    // "Show loop R1 as a causal loop diagram" (a quick fix on loop findings): the page opens on the
    // loop's diagram, with the loop's filter selected in the full graph behind it.
    vscode.commands.registerCommand(SHOW_LOOP_COMMAND, (loop: string, uri?: string) => {
      const scope: GraphScope = { uri, loop };
      GraphPanel.show(context, fetchGraph, scope);
    }),
    vscode.languages.onDidChangeDiagnostics(() => GraphPanel.active?.update()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('loopwise')) void client?.sendNotification('workspace/didChangeConfiguration', { settings: null });
    }),
  );
  await startClient(context, status);
  return { client: () => client, onDidRenderGraph: GraphPanel.onDidRender, graphViewColumn: () => GraphPanel.active?.viewColumn };
}

/** The graph model from the server (`loopwise/graph`), for the folder of the scoped file or the first folder. */
const fetchGraph: GraphFetch = async (scope) => {
  const running = client;
  if (!running) throw new Error('the Loopwise server is not running; run "Loopwise: Restart Server"');
  const uri = scope?.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri.toString();
  const { graph, findings } = await running.sendRequest(GraphRequest, { uri });
  if (!graph) throw new Error('no workspace folder is analysed');
  return { graph, findings };
};

async function startClient(context: vscode.ExtensionContext, status: StatusItem): Promise<void> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.stdio },
    debug: { module, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Derived from the format declarations (scripts/sync-formats.mjs); the server registers its
    // own file watchers from the same declarations once it starts.
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'python' },
      ...documentPatterns.map((pattern) => ({ scheme: 'file', pattern })),
    ],
    // The server keeps each file's facts in this workspace's storage, so a reopened workspace is
    // not parsed again (files changed meanwhile are).
    initializationOptions: {
      rules: vscode.workspace.getConfiguration('loopwise').get('rules') ?? {},
      cacheFolder: context.storageUri?.fsPath,
      clientCommands: [SHOW_LOOP_COMMAND],
    },
    outputChannel: output,
    diagnosticCollectionName: 'loopwise',
  };
  client = new LanguageClient('loopwise', 'Loopwise', serverOptions, clientOptions);
  client.onDidChangeState((e) => {
    if (e.newState === State.Stopped) output?.appendLine('Loopwise server stopped.');
  });
  client.onNotification(StatusNotification, (s) => status.show(s));
  await client.start();
}

async function stopClient(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) await running.stop().catch((e: unknown) => output?.appendLine(`Stopping the server failed: ${String(e)}`));
}

export async function deactivate(): Promise<void> {
  await stopClient();
}
