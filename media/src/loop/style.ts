// Styles of the loop view's frame (the diagram styles itself, see loopDiagramSvg.ts). Added as a
// <style> element: the page's CSP allows inline styles, never inline scripts.
export const LOOP_VIEW_CSS = `
.lwl-overlay { position: fixed; inset: 0; z-index: 50; display: flex; flex-direction: column;
  background: var(--vscode-editor-background, var(--lw-fb-bg, #fff)); color: var(--vscode-editor-foreground, var(--lw-fb-fg, #1f2328)); }
.lwl-overlay[hidden] { display: none; }
.lwl-bar { display: flex; align-items: center; gap: 10px; padding: 8px 12px; border-bottom: 1px solid var(--vscode-panel-border, var(--lw-fb-border, #d1d9e0)); }
.lwl-heading { flex: 1; margin: 0; font-size: 14px; font-weight: 600; }
.lwl-canvas { flex: 1; overflow: auto; display: flex; }
.lwl-canvas:focus { outline: none; }
.lwl-canvas > svg { margin: auto; flex: none; }
.lwl-gone { margin: auto; max-width: 40em; }
.lwl-opener { position: fixed; left: 12px; bottom: 12px; z-index: 40; }
.lwl-opener[hidden] { display: none; }
`;
