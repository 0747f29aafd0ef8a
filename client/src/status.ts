// Status bar item: what only Loopwise knows — indexing progress, then the workspace's feedback
// loops and how many the system card does not document (Problems already counts the findings).
// A click opens the system graph.
import * as vscode from 'vscode';
import type { LoopwiseStatus } from '../../server/src/lsp/protocol';

export class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('loopwise.status', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = 'Loopwise';
    this.item.command = 'loopwise.showGraph';
    this.item.text = '$(sync~spin) Loopwise';
    this.item.tooltip = 'Loopwise: starting…';
    this.item.show();
  }

  show(status: LoopwiseStatus): void {
    const { text, tooltip } = describeStatus(status);
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.backgroundColor =
      status.undocumented && !status.indexing ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function describeStatus(s: LoopwiseStatus): { text: string; tooltip: string } {
  if (s.indexing) {
    return {
      text: `$(sync~spin) Loopwise ${s.indexing.done}/${s.indexing.total}`,
      tooltip: `Loopwise is reading the workspace: ${s.indexing.done} of ${s.indexing.total} pipeline files.`,
    };
  }
  if (s.loops === 0) return { text: '$(pass) Loopwise', tooltip: 'Loopwise found no feedback loops. Click to show the system graph.' };
  const open = s.undocumented + s.incomplete;
  const parts = [
    s.undocumented ? `${plural(s.undocumented, 'feedback loop')} not documented in the system card` : '',
    s.incomplete ? `${plural(s.incomplete, 'loop')} documented with placeholder text` : '',
  ].filter(Boolean);
  return open
    ? {
        text: `$(sync) Loopwise: ${plural(open, 'loop')} to document`,
        tooltip: `Loopwise: ${plural(s.loops, 'feedback loop')}; ${parts.join(', ')}. Click to show the system graph.`,
      }
    : {
        text: `$(sync) Loopwise: ${plural(s.loops, 'loop')}`,
        tooltip: `Loopwise: ${plural(s.loops, 'feedback loop')}, all documented in the system card. Click to show the system graph.`,
      };
}
