// Readable on first open, in real headless Chromium at 1600x1000: the on-screen size of every
// label at the initial zoom (the fraud example and a 300-node graph), automatic pipeline
// collapse, focus on a collapsed pipeline, filters that keep loops and findings consistent with
// what is drawn, the node search, and an unchanged update that does not lay out again.
// Screenshots go to a temporary folder (LOOPWISE_SCREENSHOTS=<dir> keeps them there).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { toGraphJson, type GraphJson } from '../../server/src/engine/model/graphJson';
import type { Finding } from '../../server/src/engine/model/finding';
import { loadWorkspace } from '../../server/src/node/workspace';
import { launchBrowser, loadGraph, pageAssets, repoRoot, waitForRender, watchedPage, type PageAssets, type Watched } from './browser';
import { synthetic, syntheticGraph } from './synthetic';

interface Data {
  graph: GraphJson;
  findings: Finding[];
}

const root = repoRoot();
const WIDTH = 1600;
const HEIGHT = 1000;
const MIN_LABEL_PX = 11;
const shots = process.env.LOOPWISE_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'loopwise-readable-'));
const fixture: Data = JSON.parse(readFileSync(join(root, 'test/fixtures/webview/fraud-detection.json'), 'utf8'));

let browser: Browser;
let assets: PageAssets;
let example: Data;
const watched: Watched[] = [];

before(async () => {
  mkdirSync(shots, { recursive: true });
  assets = pageAssets(root);
  browser = await launchBrowser();
  const ws = await loadWorkspace(join(root, 'examples', 'fraud-detection'), { today: '2026-11-27' });
  const result = ws.analysis.run();
  example = { graph: toGraphJson(result.graph, result.loops, result.findings, result.card), findings: result.findings };
});

after(async () => {
  await Promise.all(watched.map((w) => (w.page.isClosed() ? undefined : w.page.close())));
  await browser?.close();
});

async function open(data: Data): Promise<Page> {
  const w = await watchedPage(browser, { width: WIDTH, height: HEIGHT });
  watched.push(w);
  await loadGraph(w.page, assets, data.graph, data.findings);
  return w.page;
}

interface LabelSizes {
  /** Smallest on-screen font size over every label of the drawing, in CSS px. */
  min: number;
  labels: number;
  /** The viewport's CSS scale. */
  scale: number;
}

/**
 * On-screen size of each label: its computed font size times the scale at which it is really
 * drawn, measured as getBoundingClientRect (after transforms) over its untransformed size.
 */
async function labelSizes(page: Page): Promise<LabelSizes> {
  return page.evaluate(() => {
    const viewport = document.querySelector<HTMLElement>('#lw-viewport')!;
    const scale = new DOMMatrix(getComputedStyle(viewport).transform).a;
    const sizes: number[] = [];
    for (const el of viewport.querySelectorAll<HTMLElement>('.nodeLabel, .edgeLabel span, .cluster-label span')) {
      // HTML labels sit in a foreignObject: its on-screen width over its (unrounded) drawing width.
      const object = el.closest('foreignObject');
      if (!el.textContent?.trim() || !object?.width.baseVal.value) continue;
      const drawn = object.getBoundingClientRect().width / object.width.baseVal.value;
      sizes.push(parseFloat(getComputedStyle(el).fontSize) * drawn);
    }
    for (const el of viewport.querySelectorAll<SVGTextElement>('svg text')) {
      if (!el.textContent?.trim()) continue;
      const box = el.getBBox();
      if (!box.height) continue;
      sizes.push(parseFloat(getComputedStyle(el).fontSize) * (el.getBoundingClientRect().height / box.height));
    }
    return { min: Math.min(...sizes), labels: sizes.length, scale };
  });
}

async function rerender(page: Page, action: () => Promise<unknown>): Promise<void> {
  const renders = await page.evaluate(() => Number(document.body.dataset.lwRenders));
  await action();
  await waitForRender(page, renders + 1);
}

async function drawnKeys(page: Page): Promise<string[]> {
  return page.$$eval('#lw-viewport g.node[data-key]', (els) => els.map((el) => (el as SVGGElement).dataset.key!).sort());
}

/** Drawn nodes whose centre is inside the canvas. */
async function onScreenKeys(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const box = document.querySelector('#lw-canvas')!.getBoundingClientRect();
    return [...document.querySelectorAll<SVGGElement>('#lw-viewport g.node[data-key]')]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        const x = r.left + r.width / 2;
        const y = r.top + r.height / 2;
        return x >= box.left && x <= box.right && y >= box.top && y <= box.bottom;
      })
      .map((el) => el.dataset.key!);
  });
}

async function screenshot(page: Page, name: string): Promise<void> {
  const png = await page.screenshot({ path: join(shots, `${name}.png`) });
  assert.ok(png.length > 20_000, `${name}: the screenshot shows a drawing (${png.length} bytes)`);
}

describe('graph webview: readable on first open', () => {
  test('the fraud example opens with every label at least 11 px on screen, on loop R1, with a minimap', async () => {
    const page = await open(example);
    const sizes = await labelSizes(page);
    await screenshot(page, 'example-initial');
    assert.ok(sizes.labels >= 38, `labels measured: ${sizes.labels}`);
    assert.ok(sizes.min >= MIN_LABEL_PX - 0.01, `smallest label ${sizes.min.toFixed(2)} px at scale ${sizes.scale.toFixed(3)}`);
    const loop = example.graph.loops.find((l) => l.id === 'R1')!;
    const visible = await onScreenKeys(page);
    assert.ok(visible.filter((k) => loop.nodes.includes(k)).length >= 3, `loop R1 is in view: ${visible.join(', ')}`);
    // The whole example does not fit at readable size: the minimap shows where the view is.
    assert.equal(await page.$eval('.lw-minimap', (el) => (el as SVGElement).style.display), '');
    assert.ok((await page.$$('.lw-minimap rect.lw-mm-loop')).length >= 3, 'loop nodes are marked in the minimap');
    const before = await page.evaluate(() => document.querySelector<HTMLElement>('#lw-viewport')!.style.transform);
    const mini = (await page.$('.lw-minimap'))!.boundingBox();
    const box = (await mini)!;
    await page.mouse.click(box.x + box.width - 3, box.y + box.height - 3);
    const moved = await page.evaluate(() => document.querySelector<HTMLElement>('#lw-viewport')!.style.transform);
    assert.notEqual(moved, before, 'a click in the minimap moves the view');
  });

  test('a 300-node graph opens collapsed by pipeline with every label at least 11 px on screen', async () => {
    const data = synthetic(30, 5, { teams: 4, loopEvery: 10, findingEvery: 7 });
    assert.equal(data.graph.nodes.length, 300);
    const page = await open(data);
    const sizes = await labelSizes(page);
    await screenshot(page, 'synthetic-300-initial');
    assert.ok(sizes.min >= MIN_LABEL_PX - 0.01, `smallest label ${sizes.min.toFixed(2)} px at scale ${sizes.scale.toFixed(3)}`);
    assert.equal(await page.$$eval('#lw-viewport g.node.pipeline', (els) => els.length), 30);
    assert.match((await page.textContent('.lw-status')) ?? '', /collapsed by pipeline/);
    assert.ok((await onScreenKeys(page)).length >= 4, 'the initial view shows nodes, not empty space');
  });

  test('auto-collapse depends on size: 24 nodes are drawn stage by stage, 120 nodes by pipeline', async () => {
    const small = await open({ graph: syntheticGraph(3, 4), findings: [] });
    assert.equal(await small.$$eval('#lw-viewport g.node.pipeline', (els) => els.length), 0);
    assert.equal((await drawnKeys(small)).length, 24);
    const large = await open({ graph: syntheticGraph(12, 5), findings: [] });
    assert.equal(await large.$$eval('#lw-viewport g.node.pipeline', (els) => els.length), 12);
  });

  test('focusing a collapsed pipeline shows its stages and their neighbours, also in "Collapsed" mode', async () => {
    const page = await open({ graph: syntheticGraph(30, 5), findings: [] });
    for (const mode of ['auto', 'on'] as const) {
      if (mode === 'on') await rerender(page, () => page.selectOption('#lw-collapse', 'on'));
      const p5 = '#lw-viewport g.node.pipeline[data-key="pipeline:pipelines/p5/dvc.yaml#p5"]';
      await rerender(page, () => page.click(p5));
      const keys = await drawnKeys(page);
      for (let s = 0; s < 5; s++)
        assert.ok(keys.includes(`pipelines/p5/dvc.yaml#p5/s${s}`), `${mode}: stage s${s} of p5 in ${keys.join()}`);
      assert.ok(
        keys.some((k) => /p4/.test(k)) && keys.some((k) => /p6/.test(k)),
        `${mode}: the neighbours upstream and downstream are drawn: ${keys.join()}`,
      );
      assert.match((await page.textContent('.lw-status')) ?? '', /focused/);
      await rerender(page, () => page.click('button:has-text("Show all")'));
      assert.equal(await page.$$eval('#lw-viewport g.node.pipeline', (els) => els.length), 30, `${mode}: back to the overview`);
    }
  });

  test('filters keep loops and findings consistent with what is drawn', async () => {
    const page = await open(fixture);
    await rerender(page, () => page.selectOption('#lw-filter-team', 'platform'));
    const drawn = new Set(await drawnKeys(page));
    const status = (await page.textContent('.lw-status')) ?? '';
    // Loops cut by the filter still colour the hops that are drawn, and say so.
    const partlyShown = fixture.graph.loops.filter((l) => l.nodes.some((n) => drawn.has(n)));
    assert.ok(partlyShown.length > 0, 'the team filter keeps part of a loop');
    assert.match(status, new RegExp(`${partlyShown.length} loops? \\(\\d+ partly shown\\)`), status);
    assert.ok((await page.$$('#lw-viewport .lw-edge.lw-loop')).length > 0, 'the drawn hops of the loops keep their colour');
    const reported = await page.evaluate(() => (window.__loopwiseMessages ?? []).filter((m) => m.type === 'rendered').pop());
    assert.deepEqual((reported as { loops: string[] }).loops.sort(), partlyShown.map((l) => l.id).sort());
    // The findings list and counts show the findings on drawn nodes only.
    const expected = fixture.findings.filter((f) => (f.nodes ?? []).some((n) => drawn.has(n)));
    assert.ok(expected.length < fixture.findings.length, 'the filter hides some findings');
    assert.equal(await page.$$eval('.lw-findings .lw-finding', (els) => els.length), expected.length);
    assert.equal(await page.textContent('.lw-side h2 .lw-count'), `${expected.length} of ${fixture.findings.length}`);
    assert.match(status, new RegExp(`${expected.length} of ${fixture.findings.length} findings`));
    assert.equal((reported as { findings: number }).findings, expected.length);
    await rerender(page, () => page.selectOption('#lw-filter-team', ''));
    assert.equal(await page.textContent('.lw-side h2 .lw-count'), String(fixture.findings.length));
    assert.match(
      (await page.textContent('.lw-status')) ?? '',
      new RegExp(`${fixture.graph.loops.length} loops · ${fixture.findings.length} findings`),
    );
  });

  test('the search box marks matches, also inside collapsed pipelines, and Enter goes to them at readable size', async () => {
    const page = await open({ graph: syntheticGraph(30, 5), findings: [] });
    await page.fill('#lw-search', 'p1');
    // p1 and p10..p19 are pipelines whose names match.
    assert.equal(await page.$$eval('#lw-viewport g.node.lw-match', (els) => els.length), 11);
    assert.equal(await page.textContent('.lw-search-count'), '11 found');
    await page.fill('#lw-search', 'out4.parquet');
    assert.equal(await page.$$eval('#lw-viewport g.node.lw-match', (els) => els.length), 30, 'a stock inside each pipeline');
    await page.fill('#lw-search', 'P27/');
    assert.equal(await page.$$eval('#lw-viewport g.node.lw-match', (els) => els.length), 1, 'case-insensitive');
    await page.click('button:has-text("Fit")');
    await page.press('#lw-search', 'Enter');
    const key = 'pipeline:pipelines/p27/dvc.yaml#p27';
    assert.ok((await onScreenKeys(page)).includes(key), 'the match is in view');
    assert.equal(await page.$eval('#lw-viewport g.node.lw-selected', (el) => (el as SVGGElement).dataset.key), key);
    assert.ok((await labelSizes(page)).min >= MIN_LABEL_PX - 0.01, 'zoomed to readable size');
    assert.equal(await page.textContent('.lw-search-count'), '1 of 1');
    await page.fill('#lw-search', 'no such node');
    assert.equal(await page.textContent('.lw-search-count'), 'no match');
  });

  test('an unchanged update keeps the drawing (no new layout); a changed one redraws', async () => {
    const page = await open(fixture);
    const renders = await page.evaluate(() => Number(document.body.dataset.lwRenders));
    const post = (data: Data) =>
      page.evaluate((d) => window.postMessage({ type: 'update', graph: d.graph, findings: d.findings }, '*'), data);
    await post(fixture);
    // A redraw would start after the 100 ms debounce (state 'rendering'); none does.
    await page.waitForTimeout(400);
    assert.equal(await page.evaluate(() => document.body.dataset.lwState), 'ready');
    assert.equal(await page.evaluate(() => Number(document.body.dataset.lwRenders)), renders);
    const changed = { ...fixture, findings: fixture.findings.slice(1) };
    await rerender(page, () => post(changed));
    assert.equal(await page.textContent('.lw-side h2 .lw-count'), String(changed.findings.length));
  });

  test('the legend explains every mark: severity borders, badges, loop labels, edge styles, search matches', async () => {
    const page = await open(fixture);
    const legend = (await page.textContent('.lw-legend')) ?? '';
    for (const phrase of [
      /Red border.*error/,
      /Yellow border.*warning/,
      /Blue border.*info/,
      /Badge: number of findings/,
      /closes loop R1/,
      /↻ R1/,
      /Negative influence/,
      /Possible link/,
      /Influence/,
      /Undocumented loop/,
      /Unowned/,
      /Find box/,
    ])
      assert.match(legend, phrase);
    assert.deepEqual(
      watched.flatMap((w) => w.problems),
      [],
      'no CSP violation and no page error in any page',
    );
  });
});
