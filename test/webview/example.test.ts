// The fraud-detection example's real graph (adapters -> graph -> GraphJson) drawn in headless
// Chromium: every stage and stock, the team groups, the loop label and the badges. With
// LOOPWISE_SCREENSHOTS=1 it also refreshes the README's screenshots (light and dark).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { loadWorkspace } from '../../server/src/node/workspace';
import { toGraphJson, type GraphJson } from '../../server/src/engine/model/graphJson';
import type { Finding } from '../../server/src/engine/model/finding';
import { launchBrowser, loadGraph, pageAssets, repoRoot, watchedPage } from './browser';

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
  await browser?.close();
});

test('the example graph shows every stage and stock, the teams, loop R1 and the badges', async () => {
  for (const scheme of ['light', 'dark'] as const) {
    const watched = await watchedPage(browser, { colorScheme: scheme, width: 1600, height: 1100 });
    const { page } = watched;
    await loadGraph(page, pageAssets(), graph, findings, 'fraud-detection');
    const text = await page.$eval('#lw-viewport svg', (svg) => svg.textContent ?? '');
    const labels = graph.nodes.filter((n) => n.kind !== 'world').map((n) => n.label);
    const missing = labels.filter((l) => !text.includes(l.length > 40 ? l.slice(0, 30) : l));
    assert.deepEqual(missing, [], 'every stage and stock is drawn');
    for (const team of ['fraud-ml', 'ml-platform', 'data-eng']) assert.ok(text.includes(team), `team group ${team}`);
    assert.ok(text.includes('R1'), 'the loop is labelled');
    const badges = await page.$$eval('#lw-viewport .lw-badge', (els) => els.length);
    assert.ok(badges >= 5, `badges on nodes with findings (${badges})`);
    assert.deepEqual(watched.problems, [], 'no CSP violation or page error');
    if (process.env.LOOPWISE_SCREENSHOTS)
      await page.screenshot({ path: join(repoRoot(), 'media', 'screenshots', `example-${scheme}.png`) });
    await page.close();
  }
});
