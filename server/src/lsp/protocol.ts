// What the server and the VS Code client agree on beyond LSP, typed once for both sides (as
// vscode-eslint's shared protocol does): the `loopwise/graph` request, the `loopwise/status`
// notification (what only Loopwise knows, for the status bar — indexing progress and the
// workspace's feedback loops; the findings themselves are in Problems already) and the command
// ids code actions carry. Pure: the client bundles this file too.
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { Loop } from '../engine/model/loops';
import type { GraphJson } from '../engine/model/graphJson';
import type { FindingJson } from '../engine/model/finding';

/** Opens the file a fix wrote to with its first placeholder selected; run by the server (window/showDocument). */
export const REVEAL_COMMAND = 'loopwise.revealCardEntry';
/** Opens the graph focused on a loop; arguments: the loop id and the URI of a file of its workspace folder. Run by the client. */
export const SHOW_LOOP_COMMAND = 'loopwise.showLoop';

/** `loopwise/graph`: the graph and findings of the workspace folder of `uri` (the first folder without one). */
export interface GraphParams {
  uri?: string;
}

/** No graph when no workspace folder is open or the request failed; the findings are then empty too. */
export interface GraphResult {
  /** The folder's path on the server's machine. */
  root?: string;
  graph?: GraphJson;
  findings: FindingJson[];
}

export const GraphRequest = new RequestType<GraphParams | undefined, GraphResult, void>('loopwise/graph');

/** `loopwise/status`, server to client, after indexing steps and after each analysis. */
export const StatusNotification = new NotificationType<LoopwiseStatus>('loopwise/status');

export interface LoopwiseStatus {
  /** Set while the workspace is being indexed. */
  indexing?: { done: number; total: number };
  /** Feedback loops found (possible ones not counted). */
  loops: number;
  /** Loops the system card does not document. */
  undocumented: number;
  /** Loops whose card entry still has placeholder owner, monitor or brake text. */
  incomplete: number;
}

export function loopCounts(
  loops: readonly Loop[],
  isIncomplete: (loop: Loop) => boolean,
): Pick<LoopwiseStatus, 'loops' | 'undocumented' | 'incomplete'> {
  const real = loops.filter((l) => !l.possible);
  return {
    loops: real.length,
    undocumented: real.filter((l) => !l.documented).length,
    incomplete: real.filter((l) => l.documented && isIncomplete(l)).length,
  };
}
