// `loopwise graph --loop R1`: one feedback loop as a causal loop diagram, as an SVG file or the
// interactive page opened on it; unknown loops and formats that cannot draw one are usage errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { repoRoot, fraudExample } from '../helpers/paths';

function loopwise(args: string[]) {
  const r = spawnSync(process.execPath, [path.join(repoRoot(), 'bin', 'loopwise.js'), ...args], {
    cwd: repoRoot(),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('--loop R1 writes the loop as an SVG causal loop diagram (the default format with --loop)', () => {
  const r = loopwise(['graph', fraudExample(), '--loop', 'R1']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="lwl"/);
  assert.match(r.stdout, /data-loop="R1"/);
  assert.equal((r.stdout.match(/<g class="lwl-stock"/g) ?? []).length, 10);
  assert.equal((r.stdout.match(/data-sign="\+"/g) ?? []).length, 10);
  assert.match(r.stdout, /queue_flagged_for_review/);
  assert.doesNotMatch(r.stdout, /<script|href=/, 'a picture, nothing that runs or loads');
});

test('--loop R1 --format html is the graph page opened on the loop', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'loopwise-loop-'));
  const out = path.join(dir, 'r1.html');
  const r = loopwise(['graph', fraudExample(), '--loop', 'R1', '--format', 'html', '-o', out]);
  assert.equal(r.code, 0, r.stderr);
  const html = readFileSync(out, 'utf8');
  assert.match(html, /"scope":\{"loop":"R1"\}/);
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;/);
  rmSync(dir, { recursive: true });
});

test('an unknown loop, --format svg without --loop, and --loop with json are usage errors', () => {
  const unknown = loopwise(['graph', fraudExample(), '--loop', 'B7']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /No loop "B7" in this workspace \(its loops: R1\)/);
  const svg = loopwise(['graph', fraudExample(), '--format', 'svg']);
  assert.equal(svg.code, 2);
  assert.match(svg.stderr, /--format svg draws one loop: add --loop <id>/);
  const json = loopwise(['graph', fraudExample(), '--loop', 'R1', '--format', 'json']);
  assert.equal(json.code, 2);
  assert.match(json.stderr, /--loop draws one loop as svg, html, mermaid, not json/);
});
