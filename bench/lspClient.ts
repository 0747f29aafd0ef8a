// A language-server session over stdio for the benchmark: spawn, initialize, timed requests,
// diagnostics waits, peak RSS (VmHWM) and a clean exit (so `--cpu-prof` can write its profile).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-languageserver-protocol/node';

const WAIT_MS = 60_000;

export interface Published {
  uri: string;
  version?: number;
  diagnostics: Array<{ code?: string | number; range?: { start: { line: number } } }>;
}

export class LspSession {
  readonly rpc: MessageConnection;
  private readonly child: ChildProcess;
  private readonly waiters: Array<(p: Published) => boolean> = [];
  private progressEnded: () => void = () => undefined;
  readonly indexed = new Promise<void>((r) => (this.progressEnded = r));
  readonly started = performance.now();
  firstDiagnosticsMs = 0;

  constructor(command: string[], nodeArgs: string[] = []) {
    this.child = spawn(process.execPath, [...nodeArgs, ...command], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.rpc = createMessageConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.rpc.onNotification('textDocument/publishDiagnostics', (p: Published) => {
      this.firstDiagnosticsMs ||= performance.now() - this.started;
      for (let i = this.waiters.length - 1; i >= 0; i--) if (this.waiters[i](p)) this.waiters.splice(i, 1);
    });
    this.rpc.onRequest('window/workDoneProgress/create', () => null);
    this.rpc.onNotification('$/progress', (p: { value: { kind: string } }) => {
      if (p.value.kind === 'end') this.progressEnded();
    });
    this.rpc.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
    this.rpc.onRequest('client/registerCapability', () => null);
    this.rpc.onNotification('window/logMessage', () => undefined);
    this.rpc.listen();
  }

  async initialize(root: string, initializationOptions?: unknown): Promise<void> {
    await this.rpc.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(root).toString(),
      workspaceFolders: [{ uri: pathToFileURL(root).toString(), name: 'bench' }],
      capabilities: { window: { workDoneProgress: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
      initializationOptions,
    });
    await this.rpc.sendNotification('initialized', {});
  }

  /** Resolves with the time (from now) of the first publish for `uri` that `accept` takes. */
  waitFor(uri: string, accept: (p: Published) => boolean): Promise<number> {
    const t = performance.now();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        process.stderr.write(`no diagnostics for ${uri} within ${WAIT_MS} ms\n`);
        resolve(Number.NaN);
      }, WAIT_MS);
      this.waiters.push((p) => {
        if (p.uri !== uri || !accept(p)) return false;
        clearTimeout(timer);
        resolve(performance.now() - t);
        return true;
      });
    });
  }

  async timed(method: string, params: unknown): Promise<number> {
    const t = performance.now();
    await this.rpc.sendRequest(method, params);
    return performance.now() - t;
  }

  /** CPU time the server process has used so far (user + system), which machine load does not inflate. */
  cpuMs(): number {
    const fields = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  }

  peakRssMb(): number {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    return Number(status.match(/VmHWM:\s+(\d+)/)?.[1] ?? 0) / 1024;
  }

  /** shutdown + exit, so the process ends by itself (and writes a CPU profile if asked to). */
  async close(): Promise<void> {
    const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
    await Promise.race([this.rpc.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 5000))]);
    void this.rpc.sendNotification('exit');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    this.rpc.dispose();
    this.child.kill();
  }
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)];
}
