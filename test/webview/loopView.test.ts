// The loop view in headless Chromium, on the page `loopwise graph --loop R1 --format html`
// writes for the fraud-detection example: it opens on the diagram, every text is at least 11 px
// on screen, nothing overlaps, clicks and keys open the right file and line, and "Full graph"
// goes back. With LOOPWISE_SCREENSHOTS=1 it refreshes media/screenshots/loop-R1-{light,dark}.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { loadWorkspace } from '../../server/src/node/workspace';
import { toGraphJson, type GraphJson } from '../../server/src/engine/model/graphJson';
import { renderHtml } from '../../server/src/engine/render/html';
import type { Finding } from '../../server/src/engine/model/finding';
import { launchBrowser, pageAssets, repoRoot, watchedPage, type Watched } from './browser';

let browser: Browser;
let graph: GraphJson;
let findings: Finding[];

before(async () => {
  const ws = await loadWorkspace(join(repoRoot(), 'examples', 'fraud-detection'), { today: '2026-11-27' });
  const result = ws.analysis.run();
  findings = result.findings;
  graph = toGraphJson(result.graph, result.loops, result.findings, result.card);
  browser = await launchBrowser();
});

after(async () => {
  await shared?.page.close();
  await browser?.close();
});

async function openLoopPage(colorScheme: 'light' | 'dark'): Promise<Watched> {
  const watched = await watchedPage(browser, { colorScheme, width: 1400, height: 1000 });
  const { script, css } = pageAssets();
  const html = renderHtml({ graph, findings, script, css, title: 'fraud-detection', loop: 'R1' });
  await watched.page.setContent(html, { waitUntil: 'load' });
  await watched.page.waitForSelector('#lwl-canvas svg[data-loop="R1"]', { timeout: 60_000 });
  return watched;
}

let shared: Watched | undefined;

/** One light page for the tests that look and click, in order: the page script is large and draws the full graph too. */
async function sharedPage(): Promise<Watched> {
  shared ??= await openLoopPage('light');
  return shared;
}

async function lastMessage(page: Page): Promise<Record<string, unknown> | undefined> {
  return page.evaluate(() => (window.__loopwiseMessages ?? []).at(-1) as unknown as Record<string, unknown> | undefined);
}

/** A point on the middle of an arc, in page coordinates (an arc's box centre is off the curve). */
async function arcMiddle(page: Page, from: string): Promise<{ x: number; y: number }> {
  return page.$eval(`#lwl-canvas g.lwl-link[data-from="${from}"] path.lwl-arc`, (el) => {
    const path = el as SVGPathElement;
    const p = path.getPointAtLength(path.getTotalLength() / 2);
    const m = path.getScreenCTM()!;
    return { x: p.x * m.a + p.y * m.c + m.e, y: p.x * m.b + p.y * m.d + m.f };
  });
}

test('"Show this loop" for R1 opens on its causal loop diagram: 10 stocks, 10 signed links, the R mark, the owners', async () => {
  const { page, problems } = await sharedPage();
  assert.equal(await page.isVisible('#lwl-overlay'), true);
  assert.match((await page.textContent('.lwl-heading')) ?? '', /Loop R1 · reinforcing · 10 stocks, 3 owners/);
  assert.equal(await page.$$eval('#lwl-canvas g.lwl-stock', (els) => els.length), 10);
  const signs = await page.$$eval('#lwl-canvas g.lwl-link', (els) => els.map((el) => el.getAttribute('data-sign')));
  assert.deepEqual(signs, Array(10).fill('+'));
  assert.equal(await page.textContent('#lwl-canvas .lwl-mark .lwl-id'), 'R1');
  assert.match((await page.textContent('#lwl-canvas .lwl-legend')) ?? '', /ml-platform → data-eng → fraud-ml → ml-platform/);
  assert.deepEqual(problems, [], 'no CSP violation or page error');
  if (process.env.LOOPWISE_SCREENSHOTS) await page.screenshot({ path: join(repoRoot(), 'media', 'screenshots', 'loop-R1-light.png') });
});

test('every text is at least 11 px on screen and no two labels, boxes or signs overlap', async () => {
  const { page } = await sharedPage();
  const report = await page.evaluate(() => {
    const svg = document.querySelector('#lwl-canvas svg')!;
    const scale = svg.getBoundingClientRect().width / Number(svg.getAttribute('width'));
    const sizes = [...svg.querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
    const items = [
      ...[...svg.querySelectorAll('g.lwl-stock rect.lwl-box')].map((el) => ({
        name: `stock ${el.parentElement!.getAttribute('data-id')}`,
        el,
      })),
      ...[...svg.querySelectorAll('g.lwl-flow text')].map((el) => ({ name: `flow ${el.textContent}`, el })),
      ...[...svg.querySelectorAll('g.lwl-sign text')].map((el, i) => ({ name: `sign ${i}`, el })),
      ...[...svg.querySelectorAll('g.lwl-mark text, g.lwl-legend text')].map((el) => ({ name: `text ${el.textContent}`, el })),
    ].map(({ name, el }) => ({ name, r: el.getBoundingClientRect() }));
    const overlapping: string[] = [];
    for (let i = 0; i < items.length; i++)
      for (let j = i + 1; j < items.length; j++) {
        const a = items[i].r;
        const b = items[j].r;
        if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
          overlapping.push(`${items[i].name} / ${items[j].name}`);
      }
    // Stock labels stay inside their boxes.
    const outside = [...svg.querySelectorAll('g.lwl-stock')].flatMap((g) => {
      const box = g.querySelector('rect.lwl-box')!.getBoundingClientRect();
      return [...g.querySelectorAll('text')]
        .map((t) => t.getBoundingClientRect())
        .filter((t) => t.left < box.left || t.right > box.right + 0.5 || t.top < box.top || t.bottom > box.bottom)
        .map(() => g.getAttribute('data-id'));
    });
    return { smallest: Math.min(...sizes), overlapping, outside };
  });
  assert.ok(report.smallest >= 11, `smallest text ${report.smallest} px`);
  assert.deepEqual(report.overlapping, []);
  assert.deepEqual(report.outside, []);
});

test('a click on a link, a stage label or a stock posts "open" with its file and line; so does Enter', async () => {
  const { page } = await sharedPage();
  const middle = await arcMiddle(page, 'table:fraud.flagged_transactions');
  await page.mouse.click(middle.x, middle.y);
  assert.deepEqual(await lastMessage(page), {
    type: 'open',
    file: 'dags/review_labels.py',
    range: { start: { line: 29, character: 49 }, end: { line: 29, character: 75 } },
  });
  assert.equal(await page.textContent('#lwl-canvas g.lwl-flow[data-from="path:data/reweighted"] text'), 'train');
  await page.click('#lwl-canvas g.lwl-flow[data-from="path:data/reweighted"] text');
  const stage = graph.nodes.find((n) => n.id === 'dvc.yaml#./train')!;
  assert.deepEqual(await lastMessage(page), { type: 'open', file: 'dvc.yaml', range: stage.range });
  await page.click('#lwl-canvas g.lwl-stock[data-id="table:review.queue"] rect.lwl-box');
  assert.deepEqual(await lastMessage(page), {
    type: 'open',
    file: 'dags/review_labels.py',
    range: graph.nodes.find((n) => n.id === 'table:review.queue')!.range,
  });
  await page.focus('#lwl-canvas g.lwl-link[data-from="path:data/prepared"]');
  await page.keyboard.press('Enter');
  const read = graph.edges.find((e) => e.from === 'path:data/prepared' && e.kind === 'reads')!;
  assert.deepEqual(await lastMessage(page), { type: 'open', file: 'dvc.yaml', range: read.range });
});

test('"Full graph" goes back to the system graph; the loop picker opens the diagram again', async () => {
  const { page } = await sharedPage();
  await page.click('#lwl-back');
  assert.equal(await page.isVisible('#lwl-overlay'), false);
  assert.equal(await page.isVisible('#lwl-opener'), true);
  await page.selectOption('#lwl-opener', 'R1');
  assert.equal(await page.isVisible('#lwl-overlay'), true);
  await page.keyboard.press('Escape');
  assert.equal(await page.isVisible('#lwl-overlay'), false);
});

test('an update message from the extension with scope.loop (the "Show this loop" command) opens the diagram again', async () => {
  const { page } = await sharedPage();
  assert.equal(await page.isVisible('#lwl-overlay'), false);
  const post = (scope: Record<string, string>) =>
    page.evaluate(([g, f, s]) => window.postMessage({ type: 'update', graph: g, findings: f, scope: s }, '*'), [
      graph,
      findings,
      scope,
    ] as const);
  await post({});
  await page.waitForTimeout(200);
  assert.equal(await page.isVisible('#lwl-overlay'), false, 'a refresh without a loop leaves the full graph');
  await post({ loop: 'R1', uri: 'file:///ws/dvc.yaml' });
  await page.waitForSelector('#lwl-overlay:not([hidden]) svg[data-loop="R1"]');
  await post({ loop: 'R9' });
  await page.waitForTimeout(200);
  assert.equal(await page.isVisible('#lwl-overlay svg[data-loop="R1"]'), true, 'a loop the graph does not have is ignored');
});

test('the dark theme draws too', async () => {
  const { page, problems } = await openLoopPage('dark');
  const fill = await page.$eval('#lwl-canvas .lwl-name', (el) => getComputedStyle(el).fill);
  assert.equal(fill, 'rgb(230, 237, 243)', 'light text on the dark background');
  if (process.env.LOOPWISE_SCREENSHOTS) await page.screenshot({ path: join(repoRoot(), 'media', 'screenshots', 'loop-R1-dark.png') });
  assert.deepEqual(problems, []);
  await page.close();
});
