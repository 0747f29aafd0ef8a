// Status bar item: how many Loopwise findings the workspace has; a click opens Problems.
import * as vscode from 'vscode';

export class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('loopwise.status', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = 'Loopwise';
    this.item.command = 'workbench.actions.view.problems';
    this.item.show();
  }

  update(): void {
    let errors = 0;
    let others = 0;
    for (const [, diagnostics] of vscode.languages.getDiagnostics()) {
      for (const d of diagnostics) {
        if (d.source !== 'loopwise') continue;
        if (d.severity === vscode.DiagnosticSeverity.Error) errors++;
        else others++;
      }
    }
    this.item.text =
      errors + others === 0 ? '$(pass) Loopwise' : `$(circuit-board) Loopwise ${errors ? `$(error) ${errors} ` : ''}$(warning) ${others}`;
    this.item.tooltip = `Loopwise: ${errors} errors, ${others} other findings in this workspace. Click to open Problems.`;
  }

  dispose(): void {
    this.item.dispose();
  }
}
