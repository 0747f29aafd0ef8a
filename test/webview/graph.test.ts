// The graph page in real headless Chromium, loaded from renderHtml exactly as
// `loopwise graph --format html` writes it: what the SVG shows, what clicks and keys post,
// filters, focus, collapse, updates, export, hostile labels, CSP and themes.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { GraphJson, GraphJsonNode } from '../../server/src/engine/model/graphJson';
import { webviewHtml } from '../../server/src/engine/render/html';
import type { Finding } from '../../server/src/engine/model/finding';
import { launchBrowser, loadGraph, pageAssets, repoRoot, waitForRender, watchedPage, type PageAssets, type Watched } from './browser';
import { syntheticGraph } from './synthetic';

interface Fixture {
  graph: GraphJson;
  findings: Finding[];
}

const root = repoRoot();
const fixture: Fixture = JSON.parse(readFileSync(join(root, 'test/fixtures/webview/fraud-detection.json'), 'utf8'));
const STAGES = ['train', 'score', 'review', 'export_labels', 'deploy'];
const STOCKS = ['transactions', 'features', 'model', 'metrics', 'flags', 'labels'];
const id = (label: string) => fixture.graph.nodes.find((n) => n.label === label)!.id;
const node = (key: string) => `#lw-viewport g.node[data-key="${key.replace(/["\\]/g, '\\$&')}"]`;

let browser: Browser;
let assets: PageAssets;
const watched: Watched[] = [];

async function open(options: { colorScheme?: 'light' | 'dark'; data?: Fixture; width?: number; height?: number } = {}): Promise<Page> {
  const w = await watchedPage(browser, options);
  watched.push(w);
  const data = options.data ?? fixture;
  await loadGraph(w.page, assets, data.graph, data.findings);
  return w.page;
}

let shared: Page | undefined;

/** One page for the tests that only look, hover or export, so the 5 MB page script loads once for them. */
async function sharedPage(): Promise<Page> {
  shared ??= await open();
  return shared;
}

async function messages(page: Page): Promise<Array<Record<string, unknown>>> {
  return page.evaluate(() => (window.__loopwiseMessages ?? []) as unknown as Array<Record<string, unknown>>);
}

async function drawnKeys(page: Page): Promise<string[]> {
  return page.$$eval('#lw-viewport g.node[data-key]', (els) => els.map((el) => (el as SVGGElement).dataset.key!).sort());
}

async function chooseFilter(page: Page, key: string, value: string): Promise<void> {
  const renders = await page.evaluate(() => Number(document.body.dataset.lwRenders));
  await page.selectOption(`#lw-filter-${key}`, value);
  await waitForRender(page, renders + 1);
}

before(async () => {
  assets = pageAssets(root);
  browser = await launchBrowser();
});

afterEach(async () => {
  await Promise.all(watched.map((w) => (w.page === shared || w.page.isClosed() ? undefined : w.page.close())));
});

after(async () => {
  await browser?.close();
});

describe('graph webview', () => {
  test('draws every stage and stock, the world, team groups with roles, loop labels and badges', async () => {
    const page = await sharedPage();
    const text = await page.$eval('#lw-viewport svg', (svg) => svg.textContent ?? '');
    for (const label of [...STAGES, ...STOCKS, 'fraud attempts']) assert.ok(text.includes(label), `missing ${label}`);
    for (const label of STAGES)
      assert.equal(await page.$eval(node(id(label)), (g) => g.classList.contains('flow')), true, `${label} is a flow`);
    for (const label of STOCKS)
      assert.equal(await page.$eval(node(id(label)), (g) => g.classList.contains('stock')), true, `${label} is a stock`);
    assert.equal(
      await page.$eval(node(id('fraud attempts')), (g) => g.classList.contains('world') && g.querySelector('polygon') !== null),
      true,
      'world is a hexagon',
    );

    const groups = await page.$$eval('#lw-viewport g.cluster[data-group]', (els) =>
      els.map((el) => [(el as SVGGElement).dataset.group, el.querySelector('.cluster-label')?.textContent?.trim()]),
    );
    assert.deepEqual(Object.fromEntries(groups), {
      'team:fraud-ml': 'fraud-ml · research',
      'team:platform': 'platform · mlops',
      '(unowned)': 'unowned',
    });
    const members: Record<string, string[]> = {
      'team:fraud-ml': ['train', 'review', 'features', 'model', 'metrics'],
      'team:platform': ['score', 'deploy', 'transactions', 'flags'],
      '(unowned)': ['export_labels', 'labels'],
    };
    for (const [group, labels] of Object.entries(members)) {
      for (const label of labels) assert.equal(await insideGroup(page, id(label), group), true, `${label} drawn inside ${group}`);
    }
    assert.equal(await insideGroup(page, id('fraud attempts'), 'team:platform'), false, 'the world belongs to no team');

    const loopLabels = await page.$$eval('#lw-viewport .edgeLabel.lw-loop-close', (els) =>
      els.map((el) => [el.textContent?.trim(), el.classList.contains('lw-loop-undoc') ? 'undoc' : 'doc']),
    );
    assert.deepEqual(Object.fromEntries(loopLabels), { R1: 'undoc', B1: 'doc' });
    assert.equal(await page.$$eval('#lw-viewport path.lw-edge.lw-loop-undoc', (els) => els.length), 7, 'R1 has 7 hops, all dashed red');
    assert.equal(await page.$$eval('#lw-viewport path.lw-edge.lw-loop-doc', (els) => els.length), 3, 'B1 has 3 hops');

    const badges = await page.$$eval('#lw-viewport .lw-badge', (els) =>
      els.map((el) => ({
        key: (el.closest('g.node') as SVGGElement).dataset.key,
        count: el.querySelector('text')?.textContent,
        error: el.classList.contains('lw-error'),
        title: el.querySelector('title')?.textContent,
      })),
    );
    assert.equal(badges.length, 2);
    const score = badges.find((b) => b.key === id('score'))!;
    assert.deepEqual([score.count, score.error], ['2', true]);
    assert.match(score.title!, /feedback\/undocumented-loop, resilience\/serving-without-fallback/);
    const train = badges.find((b) => b.key === id('train'))!;
    assert.deepEqual([train.count, train.error], ['1', false]);
    assert.match(train.title!, /config\/unpinned-seed/);
  });

  test('unowned nodes sit in the dashed unowned group', async () => {
    const page = await sharedPage();
    for (const label of ['export_labels', 'labels'])
      assert.equal(await page.$eval(node(id(label)), (g) => g.classList.contains('unowned')), true, label);
    assert.equal(
      await page.$eval('#lw-viewport g.cluster.lw-group-unowned rect', (r) => getComputedStyle(r).strokeDasharray !== 'none'),
      true,
    );
  });

  test('after drawing, the page reports what it drew to its host: node keys, edges, loops, findings', async () => {
    const page = await sharedPage();
    const report = (await messages(page)).filter((m) => m.type === 'rendered').at(-1);
    assert.ok(report, 'a rendered message');
    assert.deepEqual((report.nodes as string[]).slice().sort(), await drawnKeys(page));
    assert.equal(report.edges, await page.$$eval('#lw-viewport [data-id]', (els) => els.filter((e) => e.closest('.edgePaths')).length));
    assert.deepEqual(
      report.loops,
      fixture.graph.loops.map((l) => l.id),
    );
    assert.equal(report.findings, fixture.findings.length);
  });

  test('clicking a node records an open message with its file and range', async () => {
    const page = await open();
    await page.click(node(id('score')));
    const last = (await messages(page)).at(-1);
    const score = fixture.graph.nodes.find((n) => n.label === 'score')!;
    assert.deepEqual(last, { type: 'open', file: '.github/workflows/score.yml', range: score.range });
    assert.equal(await page.$eval(node(id('score')), (g) => g.classList.contains('lw-selected')), true);
  });

  test('keyboard: Tab reaches nodes, Enter opens, arrows move between nodes', async () => {
    const page = await open();
    await page.focus(node(id('train')));
    await page.keyboard.press('Enter');
    assert.deepEqual((await messages(page)).at(-1), {
      type: 'open',
      file: 'dvc.yaml',
      range: fixture.graph.nodes.find((n) => n.label === 'train')!.range,
    });
    const before = await page.evaluate(() => (document.activeElement as SVGGElement | null)?.dataset?.key);
    await page.keyboard.press('ArrowDown');
    const afterDown = await page.evaluate(() => (document.activeElement as SVGGElement | null)?.dataset?.key);
    assert.ok(afterDown && afterDown !== before, 'arrow moved focus to another node');
    assert.equal(await page.$$eval('#lw-viewport g.node[tabindex="0"]', (els) => els.length), 12);
    assert.equal(await page.$$eval('label[for^="lw-filter-"]', (els) => els.length), 5, 'every filter has a label');
  });

  test('team, loop, rule, file and format filters hide what they should', async () => {
    const page = await open();
    await chooseFilter(page, 'team', 'platform');
    const platform = ['score', 'deploy', 'transactions', 'flags', 'model', 'fraud attempts'].map(id).sort();
    assert.deepEqual(await drawnKeys(page), platform, "platform's stages and stocks, and what its stages touch");
    await chooseFilter(page, 'team', '');

    await chooseFilter(page, 'loop', 'R1');
    assert.deepEqual(
      await drawnKeys(page),
      fixture.graph.loops
        .find((l) => l.id === 'R1')!
        .nodes.slice()
        .sort(),
    );
    await chooseFilter(page, 'loop', '');

    await chooseFilter(page, 'rule', 'config/unpinned-seed');
    assert.deepEqual(await drawnKeys(page), [id('train')]);
    await chooseFilter(page, 'rule', '');

    await chooseFilter(page, 'format', 'airflow');
    const airflow = await drawnKeys(page);
    assert.ok(airflow.includes(id('review')) && airflow.includes(id('export_labels')) && !airflow.includes(id('train')), airflow.join());
    await chooseFilter(page, 'format', '');

    await chooseFilter(page, 'file', 'dvc.yaml');
    assert.ok(!(await drawnKeys(page)).includes(id('score')));
    await chooseFilter(page, 'file', '');
    assert.equal((await drawnKeys(page)).length, 12);
  });

  test('focus shows the neighbourhood of the selected node within N hops', async () => {
    const page = await open();
    await page.click(node(id('train')));
    await page.fill('#lw-hops', '1');
    await page.dispatchEvent('#lw-hops', 'change');
    const renders = await page.evaluate(() => Number(document.body.dataset.lwRenders));
    await page.click('button:has-text("Focus")');
    await waitForRender(page, renders + 1);
    assert.deepEqual(await drawnKeys(page), ['train', 'features', 'labels', 'model', 'metrics'].map(id).sort());
  });

  test('hovering a loop label highlights its hops; the side list pins a loop', async () => {
    const page = await sharedPage();
    await page.hover('#lw-viewport .edgeLabel.lw-loop-close[data-loops="R1"]');
    assert.equal(await page.$eval('#lw-viewport svg', (s) => s.classList.contains('lw-dim')), true);
    const hops = await page.$$eval('#lw-viewport g.node.lw-hop', (els) => els.map((el) => (el as SVGGElement).dataset.key!).sort());
    assert.deepEqual(
      hops,
      fixture.graph.loops
        .find((l) => l.id === 'R1')!
        .nodes.slice()
        .sort(),
    );
    assert.equal(await page.$$eval('#lw-viewport path.lw-edge.lw-hop', (els) => els.length), 7);
    await page.mouse.move(5, 5);
    await page.click('.lw-loop-item[data-loop="B1"]');
    await page.mouse.move(5, 5);
    const pinned = await page.$$eval('#lw-viewport g.node.lw-hop', (els) => els.length);
    assert.equal(pinned, 3);
    await page.click('.lw-loop-item[data-loop="B1"]');
    await page.mouse.move(5, 5);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    assert.equal(await page.$eval('#lw-viewport svg', (s) => s.classList.contains('lw-dim')), false, 'a second click unpins');
  });

  test('the findings list reveals the node: selects, centres and focuses it', async () => {
    const page = await open();
    await page.click('.lw-finding:has-text("config/unpinned-seed")');
    assert.equal(
      await page.$eval(node(id('train')), (g) => g.classList.contains('lw-selected') && g.classList.contains('lw-revealed')),
      true,
    );
    assert.equal(await page.evaluate(() => (document.activeElement as SVGGElement | null)?.dataset?.key), id('train'));
    const centred = await page.$eval(node(id('train')), (g) => {
      const canvas = document.getElementById('lw-canvas')!.getBoundingClientRect();
      const r = g.getBoundingClientRect();
      return (
        Math.abs(r.left + r.width / 2 - (canvas.left + canvas.width / 2)) < 2 &&
        Math.abs(r.top + r.height / 2 - (canvas.top + canvas.height / 2)) < 2
      );
    });
    assert.equal(centred, true);
    await page.click('.lw-open:has-text("dvc.yaml:13")');
    assert.deepEqual((await messages(page)).at(-1), { type: 'open', file: 'dvc.yaml', range: fixture.findings[2].range });
  });

  test('an update keeps zoom, pan and selection and draws the new graph', async () => {
    const page = await open();
    await page.click(node(id('score')));
    await page.click('button[aria-label^="Zoom in"]');
    const transform = await page.$eval('#lw-viewport', (el) => (el as HTMLElement).style.transform);
    const renders = await page.evaluate(() => Number(document.body.dataset.lwRenders));
    const extra: GraphJsonNode = {
      id: 'dvc.yaml#training/evaluate',
      kind: 'stage',
      label: 'evaluate',
      file: 'dvc.yaml',
      team: 'fraud-ml',
      pipeline: 'training',
    };
    const graph = {
      ...fixture.graph,
      nodes: [...fixture.graph.nodes, extra],
      edges: [...fixture.graph.edges, { from: id('model'), to: extra.id, kind: 'reads', sign: '+' }],
    };
    await page.evaluate((data) => window.postMessage({ type: 'update', ...data }, '*'), { graph, findings: fixture.findings });
    await waitForRender(page, renders + 1);
    assert.ok((await drawnKeys(page)).includes(extra.id));
    assert.equal(await page.$eval('#lw-viewport', (el) => (el as HTMLElement).style.transform), transform);
    assert.equal(await page.$eval(node(id('score')), (g) => g.classList.contains('lw-selected')), true);
  });

  test('an update asking for a loop ("Show loop R1") selects its filter once; later refreshes keep what the user picked', async () => {
    const page = await open();
    const renders = await page.evaluate(() => Number(document.body.dataset.lwRenders));
    const r1 = fixture.graph.loops
      .find((l) => l.id === 'R1')!
      .nodes.slice()
      .sort();
    await page.evaluate((data) => window.postMessage({ type: 'update', ...data, scope: { loop: 'R1' } }, '*'), fixture);
    await waitForRender(page, renders + 1);
    assert.equal(await page.$eval('#lw-filter-loop', (el) => (el as HTMLSelectElement).value), 'R1');
    assert.deepEqual(await drawnKeys(page), r1);
    await chooseFilter(page, 'loop', '');
    const after = await page.evaluate(() => Number(document.body.dataset.lwRenders));
    await page.evaluate((data) => window.postMessage({ type: 'update', ...data, scope: { loop: 'R1' } }, '*'), fixture);
    await page.waitForTimeout(400);
    assert.equal(await page.evaluate(() => document.body.dataset.lwState), 'ready', 'no redraw started');
    assert.equal(await page.evaluate(() => Number(document.body.dataset.lwRenders)), after, 'an unchanged refresh keeps the drawing');
    assert.equal(await page.$eval('#lw-filter-loop', (el) => (el as HTMLSelectElement).value), '', 'the same request is not applied again');
    const later = await page.evaluate(() => Number(document.body.dataset.lwRenders));
    await page.evaluate((data) => window.postMessage({ type: 'update', ...data, scope: { loop: 'R9' } }, '*'), fixture);
    await waitForRender(page, later + 1);
    assert.equal(await page.$eval('#lw-filter-loop', (el) => (el as HTMLSelectElement).value), '', 'an unknown loop is ignored');
  });

  test('malformed update messages are ignored', async () => {
    const page = await sharedPage();
    const renders = await page.evaluate(() => Number(document.body.dataset.lwRenders));
    await page.evaluate(() => {
      window.postMessage({ type: 'update', graph: 'nope' }, '*');
      window.postMessage({ type: 'open', file: '/etc/passwd' }, '*');
      window.postMessage(null, '*');
    });
    await page.waitForTimeout(400);
    assert.equal(await page.evaluate(() => Number(document.body.dataset.lwRenders)), renders);
    assert.equal((await drawnKeys(page)).length, 12);
  });

  test('export posts SVG and Mermaid text', async () => {
    const page = await sharedPage();
    await page.click('button:has-text("Export SVG")');
    await page.click('button:has-text("Export Mermaid")');
    const exports = (await messages(page)).filter((m) => m.type === 'export');
    assert.deepEqual(
      exports.map((m) => m.format),
      ['svg', 'mermaid'],
    );
    assert.match(String(exports[0].content), /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(String(exports[0].content), /export_labels/);
    assert.match(String(exports[1].content), /^flowchart (LR|TB)\n/);
    assert.match(String(exports[1].content), /-->\|"R1"\|/);
  });

  test('a large graph collapses into one node per pipeline; click focuses on one, Shift+click expands it', async () => {
    const page = await open({ data: { graph: syntheticGraph(30, 4), findings: [] } });
    assert.equal(await page.$$eval('#lw-viewport g.node.pipeline', (els) => els.length), 30);
    assert.match((await page.textContent('.lw-status')) ?? '', /collapsed by pipeline/);
    assert.match(await page.$eval('#lw-viewport g.node.pipeline', (g) => g.textContent ?? ''), /p0\s*4 stages · 4 stocks/);

    let renders = await page.evaluate(() => Number(document.body.dataset.lwRenders));
    await page.click('#lw-viewport g.node.pipeline >> nth=1', { modifiers: ['Shift'] });
    await waitForRender(page, renders + 1);
    assert.equal(await page.$$eval('#lw-viewport g.node.pipeline', (els) => els.length), 29);
    assert.equal(await page.$$eval('#lw-viewport g.node.flow', (els) => els.length), 4);

    renders = await page.evaluate(() => Number(document.body.dataset.lwRenders));
    await page.click('#lw-viewport g.node.pipeline >> nth=0');
    await waitForRender(page, renders + 1);
    const keys = await drawnKeys(page);
    assert.equal(
      await page.$$eval('#lw-viewport g.node.pipeline', (els) => els.length),
      0,
      'the focused neighbourhood is small enough to draw stage by stage',
    );
    assert.ok(keys.includes('pipelines/p0/dvc.yaml#p0/s0') && keys.every((k) => /p[012]\b|p[012]\//.test(k)), keys.join());
  });

  test('hostile names render as text and no script runs', async () => {
    const payload = '<img src=x onerror="window.__pwned=1;alert(1)">';
    const breakout = '"]; click n0 call alert(2); n9["x</script><script>window.__pwned=2</script>';
    const evil: GraphJsonNode[] = [
      { id: 'evil.yml#p/<img>', kind: 'stage', label: payload, file: 'evil.yml', team: '<b onmouseover=alert(3)>team</b>', pipeline: 'p' },
      { id: 'evil:2', kind: 'artifact', label: breakout, type: '`${alert(4)}`', file: 'evil.yml' },
    ];
    const data: Fixture = {
      graph: {
        ...fixture.graph,
        nodes: [...fixture.graph.nodes, ...evil],
        edges: [...fixture.graph.edges, { from: evil[0].id, to: evil[1].id, kind: 'writes', sign: '+' }],
      },
      findings: [
        ...fixture.findings,
        {
          ruleId: '<svg onload=alert(5)>',
          severity: 'error',
          message: '<img src=y onerror=alert(6)>',
          file: 'evil.yml',
          range: fixture.findings[0].range,
          related: [],
          nodes: [evil[0].id],
        },
      ],
    };
    const page = await open({ data });
    // The page opens at readable size on the loops; Fit brings the hostile node into view.
    await page.click('button:has-text("Fit")');
    await page.hover(node(evil[0].id));
    await page.click(node(evil[0].id));
    await page.click('.lw-finding:has-text("<svg onload")');
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    const w = watched.at(-1)!;
    assert.deepEqual(w.dialogs, []);
    const text = await page.$eval('#lw-viewport svg', (svg) => svg.textContent ?? '');
    assert.ok(text.includes('<img src=x onerror="window.__pwned=1;alert(1)">'), 'the stage name is shown as text');
    assert.ok(text.includes('n9["x</script>'), 'the breakout attempt is shown as text');
    assert.equal(await page.$$eval('#lw-viewport img, #lw-viewport script, .lw-side img, .lw-side svg', (els) => els.length), 0);
    assert.equal(await page.$$eval('script', (els) => els.length), 2, 'only the data block and the page script');
    assert.ok((await page.textContent('.lw-findings'))?.includes('<img src=y onerror=alert(6)>'));
  });

  test('dark theme: page and drawing follow prefers-color-scheme; screenshots for the README', async () => {
    // The README shows the real example (example.test.ts); these go to a temporary folder.
    const shots = mkdtempSync(join(tmpdir(), 'loopwise-shots-'));
    const colours: Record<string, { bg: string; node: string }> = {};
    for (const scheme of ['light', 'dark'] as const) {
      const page = await open({ colorScheme: scheme, width: 1440, height: 1080 });
      colours[scheme] = await page.evaluate(() => ({
        bg: getComputedStyle(document.body).backgroundColor,
        node: getComputedStyle(document.querySelector('#lw-viewport g.node.stock rect')!).fill,
      }));
      await page.screenshot({ path: join(shots, `graph-${scheme}.png`) });
    }
    assert.equal(colours.light.bg, 'rgb(255, 255, 255)');
    assert.equal(colours.dark.bg, 'rgb(13, 17, 23)');
    assert.notEqual(colours.light.node, colours.dark.node);
    assert.ok(luminance(colours.dark.node) < 0.2, `dark node fill ${colours.dark.node}`);
  });

  test('inside VS Code: posts ready, draws the update, posts open; follows theme variables and high contrast', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loopwise-webview-'));
    try {
      writeFileSync(join(dir, 'graph.js'), assets.script);
      writeFileSync(join(dir, 'graph.css'), assets.css);
      const nonce = 'dGVzdC1ub25jZS0xMjM0NTY=';
      const html = webviewHtml({ scriptUri: 'graph.js', cssUri: 'graph.css', cspSource: 'file:', nonce })
        .replace(
          '<html lang="en">',
          '<html lang="en" style="--vscode-editor-background: #1e1e1e; --vscode-editor-foreground: #d4d4d4; --vscode-editorWidget-background: #252526">',
        )
        .replace('<body>', '<body class="vscode-dark">');
      writeFileSync(join(dir, 'index.html'), html);
      const w = await watchedPage(browser);
      watched.push(w);
      await w.page.addInitScript(() => {
        const posted: unknown[] = [];
        (window as unknown as { __posted: unknown[] }).__posted = posted;
        (window as unknown as { acquireVsCodeApi: () => unknown }).acquireVsCodeApi = () => ({
          postMessage: (m: unknown) => posted.push(m),
          getState: () => undefined,
          setState: () => undefined,
        });
      });
      await w.page.goto(`file://${join(dir, 'index.html')}`);
      await w.page.waitForFunction(() =>
        (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === 'ready'),
      );
      await w.page.evaluate((data) => window.postMessage({ type: 'update', ...data }, '*'), fixture);
      await waitForRender(w.page, 1);
      await w.page.click(node(id('deploy')));
      const posted = await w.page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted);
      assert.deepEqual(posted.at(-1), {
        type: 'open',
        file: '.github/workflows/deploy.yml',
        range: fixture.graph.nodes.find((n) => n.label === 'deploy')!.range,
      });
      assert.equal(await w.page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(30, 30, 30)');
      assert.equal(await w.page.$eval('#lw-viewport g.node.stock rect', (r) => getComputedStyle(r).fill), 'rgb(37, 37, 38)');

      // A theme switch (VS Code swaps the body class) redraws, keeping the view.
      const transform = await w.page.$eval('#lw-viewport', (el) => (el as HTMLElement).style.transform);
      await w.page.evaluate(() => {
        document.documentElement.style.setProperty('--vscode-editorWidget-background', '#000000');
        document.documentElement.style.setProperty('--vscode-contrastBorder', '#6fc3df');
        document.body.className = 'vscode-high-contrast';
      });
      await waitForRender(w.page, 2);
      assert.equal(await w.page.$eval('#lw-viewport g.node.stock rect', (r) => getComputedStyle(r).fill), 'rgb(0, 0, 0)');
      assert.equal(await w.page.$eval('#lw-viewport g.node.stock rect', (r) => getComputedStyle(r).strokeWidth), '2px');
      assert.equal(await w.page.$eval('#lw-viewport', (el) => (el as HTMLElement).style.transform), transform);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('no CSP violation and no page error in any page', () => {
    const problems = watched.flatMap((w) => w.problems);
    assert.deepEqual(problems, []);
  });
});

/** Whether a node is drawn within a group's box (Mermaid does not nest node elements in clusters). */
async function insideGroup(page: Page, key: string, group: string): Promise<boolean> {
  return page.evaluate(
    ([key, group]) => {
      const n = document.querySelector(`#lw-viewport g.node[data-key="${CSS.escape(key)}"]`)!.getBoundingClientRect();
      const g = document.querySelector(`#lw-viewport g.cluster[data-group="${CSS.escape(group)}"] > rect`)!.getBoundingClientRect();
      return n.left >= g.left && n.right <= g.right && n.top >= g.top && n.bottom <= g.bottom;
    },
    [key, group],
  );
}

function luminance(rgb: string): number {
  const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) ?? ['0', '0', '0']).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}
