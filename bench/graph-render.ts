// Benchmark (not a test): how long the graph page takes to show a large system, in headless
// Chromium, through the same self-contained HTML as `loopwise graph --format html`.
// Run: node scripts/build.mjs && node out/bench/graph-render.js [runs]
// (LOOPWISE_GRAPH_SCRIPT=<file> measures another build of the page script, e.g. an older one.)
//
// First: the first drawing of the fraud example and of a 300-node graph against the targets
// (1.5 s and 3 s from page load to the drawing on screen), where the time goes (HTML and script
// start-up, view, Mermaid load, Mermaid parse+layout+SVG, decoration), and the smallest label on
// screen at the initial zoom (at least 11 px).
//
// For each generated graph: page load to SVG ready (script start-up included), the render
// alone, what was drawn, and the latency of the interactions that keep a big graph usable
// (opening a pipeline, filtering by team, focusing on a node's neighbourhood, hovering a loop,
// expanding a pipeline in place).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { renderHtml } from '../server/src/engine/render/html';
import { launchBrowser, pageAssets, waitForRender, type PageAssets } from '../test/webview/browser';
import { synthetic } from '../test/webview/synthetic';
import { toGraphJson, type GraphJson } from '../server/src/engine/model/graphJson';
import type { Finding } from '../server/src/engine/model/finding';
import { loadWorkspace } from '../server/src/node/workspace';
import { repoRoot } from '../test/webview/browser';

interface Case {
  name: string;
  pipelines: number;
  stages: number;
  /** Applied after the first render: 'off' draws every stage. */
  collapse?: 'off';
}

interface Row {
  graph: string;
  mode: string;
  drawn: string;
  loadMs: number;
  renderMs: number;
  svgKb: number;
  interactions: string;
}

const CASES: Case[] = [
  { name: '300 nodes', pipelines: 30, stages: 5 },
  { name: '300 nodes', pipelines: 30, stages: 5, collapse: 'off' },
  { name: '2,000 nodes', pipelines: 200, stages: 5 },
];
const TIMEOUT_MS = 600_000;

interface FirstDraw {
  graph: string;
  targetMs: number;
  firstDrawMs: number;
  parts: string;
  minLabelPx: number;
}

/** Page load to the first drawing on screen, and its parts, at 1600x1000. */
async function firstDraw(
  browser: Browser,
  assets: PageAssets,
  dir: string,
  name: string,
  data: { graph: GraphJson; findings: Finding[] },
  targetMs: number,
  runs: number,
): Promise<FirstDraw> {
  const file = join(dir, `first-${name.replace(/\W+/g, '-')}.html`);
  writeFileSync(file, renderHtml({ graph: data.graph, findings: data.findings, script: assets.script, css: assets.css, title: name }));
  const samples: Array<{ total: number; parts: Record<string, number>; minLabelPx: number }> = [];
  for (let i = 0; i < runs; i++) {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    try {
      await page.goto(`file://${file}`);
      await waitForRender(page, 1, TIMEOUT_MS);
      await page.waitForFunction(() => performance.getEntriesByName('lw-first-paint').length > 0, undefined, { timeout: TIMEOUT_MS });
      samples.push(
        await page.evaluate(() => {
          const parts: Record<string, number> = {};
          const boot = performance.getEntriesByName('lw-boot')[0];
          if (boot) parts['page+script'] = boot.startTime;
          for (const m of performance.getEntriesByType('measure'))
            if (m.name.startsWith('lw-')) parts[m.name.slice(3)] = (parts[m.name.slice(3)] ?? 0) + m.duration;
          const viewport = document.querySelector<HTMLElement>('#lw-viewport')!;
          const sizes = [...viewport.querySelectorAll<HTMLElement>('.nodeLabel')]
            .filter((el) => el.offsetHeight)
            .map((el) => parseFloat(getComputedStyle(el).fontSize) * (el.getBoundingClientRect().height / el.offsetHeight));
          // Until the drawing is on screen: the page marks the first frame painted after it.
          const painted = performance.getEntriesByName('lw-first-paint')[0].startTime;
          return { total: painted, parts, minLabelPx: Math.min(...sizes) };
        }),
      );
    } finally {
      await page.close();
    }
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const names = Object.keys(samples[0].parts);
  return {
    graph: name,
    targetMs: targetMs,
    firstDrawMs: Math.round(med(samples.map((s) => s.total))),
    parts: names.map((n) => `${n} ${Math.round(med(samples.map((s) => s.parts[n] ?? 0)))}`).join(', '),
    minLabelPx: Math.round(med(samples.map((s) => s.minLabelPx)) * 10) / 10,
  };
}

async function exampleData(): Promise<{ graph: GraphJson; findings: Finding[] }> {
  const ws = await loadWorkspace(join(repoRoot(), 'examples', 'fraud-detection'));
  const result = ws.analysis.run();
  return { graph: toGraphJson(result.graph, result.loops, result.findings, result.card), findings: result.findings };
}

function printFirstDraws(rows: FirstDraw[], runs: number): void {
  console.log(
    `\nFirst drawing, headless Chromium 1600x1000, median of ${runs} run(s); load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on this machine\n`,
  );
  console.log('| graph | first drawing ms (target) | where the time goes (ms) | smallest label on screen |');
  console.log('|---|---|---|---|');
  for (const r of rows)
    console.log(
      `| ${r.graph} | ${r.firstDrawMs} (${r.targetMs}) ${r.firstDrawMs <= r.targetMs ? 'ok' : 'OVER'} | ${r.parts} | ${r.minLabelPx} px |`,
    );
}

async function main(): Promise<void> {
  const runs = Math.max(1, Number(process.argv[2] ?? 3));
  const assets = pageAssets();
  if (process.env.LOOPWISE_GRAPH_SCRIPT) assets.script = readFileSync(process.env.LOOPWISE_GRAPH_SCRIPT, 'utf8');
  const browser = await launchBrowser();
  const dir = mkdtempSync(join(tmpdir(), 'loopwise-bench-'));
  try {
    const first = [
      await firstDraw(browser, assets, dir, 'fraud example', await exampleData(), 1500, runs),
      await firstDraw(browser, assets, dir, '300 nodes', synthetic(30, 5, { teams: 4, loopEvery: 10, findingEvery: 7 }), 3000, runs),
    ];
    printFirstDraws(first, runs);
    if (process.env.LOOPWISE_BENCH_FIRST_ONLY) return;
    const rows: Row[] = [];
    for (const c of CASES) rows.push(await measure(browser, assets, dir, c, runs));
    printTable(rows, runs);
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measure(browser: Browser, assets: PageAssets, dir: string, c: Case, runs: number): Promise<Row> {
  const { graph, findings } = synthetic(c.pipelines, c.stages, { teams: 4, loopEvery: 10, findingEvery: 7 });
  const file = join(dir, `${c.pipelines}x${c.stages}.html`);
  writeFileSync(file, renderHtml({ graph, findings, script: assets.script, css: assets.css, title: c.name }));
  const samples: Array<Omit<Row, 'graph' | 'mode' | 'interactions'> & { interactions: Record<string, number> }> = [];
  for (let i = 0; i < runs; i++) {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    try {
      await page.goto(`file://${file}`);
      await waitForRender(page, 1, TIMEOUT_MS);
      let loadMs = await page.evaluate(() => Math.round(performance.now()));
      if (c.collapse) {
        const t0 = Date.now();
        await rerender(page, () => page.selectOption('#lw-collapse', 'off'));
        loadMs += Date.now() - t0;
      }
      const snapshot = await page.evaluate(() => ({
        renderMs: Number(document.body.dataset.lwRenderMs),
        nodes: document.querySelectorAll('#lw-viewport g.node').length,
        edges: document.querySelectorAll('#lw-viewport path.lw-edge').length,
        pipelines: document.querySelectorAll('#lw-viewport g.node.pipeline').length,
        svgKb: Math.round((document.querySelector('#lw-viewport svg')?.outerHTML.length ?? 0) / 1024),
      }));
      const interactions = await interact(page);
      const drawn = `${snapshot.nodes} nodes${snapshot.pipelines ? ` (${snapshot.pipelines} pipelines)` : ''}, ${snapshot.edges} edges`;
      samples.push({ drawn, loadMs, renderMs: snapshot.renderMs, svgKb: snapshot.svgKb, interactions });
    } finally {
      await page.close();
    }
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const names = Object.keys(samples[0].interactions);
  return {
    graph: `${c.name} (${c.pipelines} pipelines)`,
    mode: c.collapse === 'off' ? 'every stage' : 'auto',
    drawn: samples[0].drawn,
    loadMs: med(samples.map((s) => s.loadMs)),
    renderMs: med(samples.map((s) => s.renderMs)),
    svgKb: samples[0].svgKb,
    interactions: names.map((n) => `${n} ${med(samples.map((s) => s.interactions[n]))} ms`).join(', '),
  };
}

/** Interaction latencies, each from the user's action to the redrawn SVG. */
async function interact(page: Page): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  const showAll = () => timed(page, () => page.click('button:has-text("Show all")'));
  const collapsed = (await page.$$('#lw-viewport g.node.pipeline')).length > 0;
  if (collapsed) {
    // A click on a collapsed pipeline focuses on its stages and their neighbourhood.
    result['open pipeline'] = await timed(page, () => clickNode(page, 'g.node.pipeline'));
    await showAll();
  } else {
    await clickNode(page, 'g.node');
    await page.fill('#lw-hops', '2');
    await page.dispatchEvent('#lw-hops', 'change');
    result['focus 2 hops'] = await timed(page, () => page.click('button:has-text("Focus")'));
    await showAll();
  }
  result.team = await timed(page, () => page.selectOption('#lw-filter-team', 'team-b'));
  await timed(page, () => page.selectOption('#lw-filter-team', ''));
  result.hover = await hoverLatency(page);
  if (collapsed) result['expand in place'] = await timed(page, () => clickNode(page, 'g.node.pipeline', { shiftKey: true }));
  return result;
}

/**
 * A click on the first matching node of the drawing. The view opens at readable size, so that
 * node may lie outside the visible part of the canvas: the click is dispatched on it as the
 * canvas's own delegated handler receives it, without scrolling the view first.
 */
async function clickNode(page: Page, selector: string, init: { shiftKey?: boolean } = {}): Promise<void> {
  await page
    .locator(`#lw-viewport ${selector}`)
    .first()
    .dispatchEvent('click', { bubbles: true, ...init });
}

async function timed(page: Page, action: () => Promise<unknown>): Promise<number> {
  const t0 = Date.now();
  await rerender(page, action);
  return Date.now() - t0;
}

async function rerender(page: Page, action: () => Promise<unknown>): Promise<void> {
  const renders = await page.evaluate(() => Number(document.body.dataset.lwRenders));
  await action();
  await waitForRender(page, renders + 1, TIMEOUT_MS);
}

/** Hovering a loop label until its hops are highlighted (one frame later). */
async function hoverLatency(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const el = document.querySelector('#lw-viewport [data-loops]');
    if (!el) return NaN;
    const t0 = performance.now();
    el.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    await new Promise(requestAnimationFrame);
    return Math.round(performance.now() - t0);
  });
}

function printTable(rows: Row[], runs: number): void {
  const header = ['graph', 'layout', 'drawn', 'load→SVG ms', 'render ms', 'SVG KB', 'interactions (action→SVG)'];
  const cells = rows.map((r) => [r.graph, r.mode, r.drawn, String(r.loadMs), String(r.renderMs), String(r.svgKb), r.interactions]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i])).join(' | ')} |`;
  console.log(`\nGraph render, headless Chromium, median of ${runs} run(s)\n`);
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const c of cells) console.log(line(c));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
