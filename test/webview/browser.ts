// Headless Chromium for the webview tests and the render benchmark: the browser shipped inside
// @sparticuz/chromium, else a system Chromium. Pages are loaded from renderHtml, exactly as
// `loopwise graph --format html` writes them.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { GraphJson } from '../../server/src/engine/model/graphJson';
import { renderHtml } from '../../server/src/engine/render/html';
import type { Finding } from '../../server/src/engine/model/finding';

export function repoRoot(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${from}`);
    dir = up;
  }
  return dir;
}

const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
// @sparticuz/chromium's flags are tuned for AWS Lambda. Left out: two that would weaken the very
// security the tests check (same-origin policy, mixed content), and --single-process, with
// which closing one page takes the whole browser down.
const DROPPED_FLAGS = new Set(['--disable-web-security', '--allow-running-insecure-content', '--single-process']);
const EXTRA_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function launchBrowser(): Promise<Browser> {
  try {
    const { default: Chromium } = await import('@sparticuz/chromium');
    const executablePath = await Chromium.executablePath();
    const args = Chromium.args.filter((a) => !DROPPED_FLAGS.has(a));
    return await chromium.launch({ executablePath, args: [...args, ...EXTRA_FLAGS], headless: true });
  } catch (error) {
    const fallback = SYSTEM_CHROMIUM.find((p) => existsSync(p));
    if (!fallback) throw error;
    return chromium.launch({ executablePath: fallback, args: EXTRA_FLAGS, headless: true });
  }
}

export interface PageAssets {
  script: string;
  css: string;
}

export function pageAssets(root = repoRoot()): PageAssets {
  const script = join(root, 'media/dist/graph.js');
  if (!existsSync(script)) throw new Error(`${script} is missing: run node scripts/build.mjs`);
  return { script: readFileSync(script, 'utf8'), css: readFileSync(join(root, 'media/graph.css'), 'utf8') };
}

export interface Watched {
  page: Page;
  /** CSP violations and page errors seen so far. */
  problems: string[];
  dialogs: string[];
}

/** A page with listeners for CSP violations (console and DOM events), page errors and dialogs. */
export async function watchedPage(
  browser: Browser,
  options: { colorScheme?: 'light' | 'dark'; width?: number; height?: number } = {},
): Promise<Watched> {
  const page = await browser.newPage({
    viewport: { width: options.width ?? 1400, height: options.height ?? 820 },
    colorScheme: options.colorScheme ?? 'light',
  });
  const watched: Watched = { page, problems: [], dialogs: [] };
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) watched.problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => watched.problems.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => {
    watched.dialogs.push(d.message());
    void d.dismiss();
  });
  await page.exposeFunction('__reportViolation', (text: string) => watched.problems.push(`csp: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __reportViolation(t: string): void }).__reportViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`);
    });
  });
  return watched;
}

export async function loadGraph(
  page: Page,
  assets: PageAssets,
  graph: GraphJson,
  findings: readonly Finding[],
  title = 'fraud-detection',
): Promise<void> {
  await page.setContent(renderHtml({ graph, findings, script: assets.script, css: assets.css, title }), { waitUntil: 'load' });
  await waitForRender(page, 1);
}

/** Waits until the page has finished its n-th render; fails fast when the page could not draw. */
export async function waitForRender(page: Page, n: number, timeout = 120_000): Promise<void> {
  await page.waitForFunction(
    (count) =>
      document.body.dataset.lwState === 'error' ||
      (document.body.dataset.lwState === 'ready' && Number(document.body.dataset.lwRenders ?? 0) >= count),
    n,
    { timeout, polling: 50 },
  );
  if ((await page.evaluate(() => document.body.dataset.lwState)) === 'error')
    throw new Error(`the page could not draw: ${await page.textContent('.lw-status')}`);
}
