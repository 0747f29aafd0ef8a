// The causal loop diagram's layout, on the fraud-detection example's real loop R1 and on the
// webview fixture's balancing loop B1 (a negative influence stated in the card).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadWorkspace } from '../../server/src/node/workspace';
import { toGraphJson, type GraphJson } from '../../server/src/engine/model/graphJson';
import { layoutLoop, overlaps, wrapName, type LoopDiagram } from '../../server/src/engine/render/loopDiagram';
import { loopSvg, loopSvgText } from '../../server/src/engine/render/loopDiagramSvg';
import { fraudExample, repoRoot } from '../helpers/paths';

let example: GraphJson;
const fixture: GraphJson = JSON.parse(readFileSync(path.join(repoRoot(), 'test/fixtures/webview/fraud-detection.json'), 'utf8')).graph;

before(async () => {
  const ws = await loadWorkspace(fraudExample(), { today: '2026-11-27' });
  const result = ws.analysis.run();
  example = toGraphJson(result.graph, result.loops, result.findings, result.card);
});

function centreOf(d: LoopDiagram, i: number) {
  const b = d.stocks[i].box;
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

test('R1 of the example: its stocks, in loop order, evenly spaced clockwise on a circle from the top', () => {
  const d = layoutLoop(example, 'R1')!;
  const loop = example.loops.find((l) => l.id === 'R1')!;
  const stocks = loop.nodes.filter((id) => example.nodes.find((n) => n.id === id)!.kind !== 'stage');
  assert.deepEqual(
    d.stocks.map((s) => s.id),
    stocks,
  );
  assert.equal(d.stocks.length, 10);
  for (let i = 0; i < d.stocks.length; i++) {
    const c = centreOf(d, i);
    assert.ok(Math.abs(Math.hypot(c.x - d.centre.x, c.y - d.centre.y) - d.radius) < 0.5, `stock ${i} on the circle`);
    const angle = Math.atan2(c.y - d.centre.y, c.x - d.centre.x);
    const expected = -Math.PI / 2 + (2 * Math.PI * i) / d.stocks.length;
    assert.ok(Math.abs(Math.atan2(Math.sin(angle - expected), Math.cos(angle - expected))) < 1e-6, `stock ${i} at its angle`);
  }
  assert.equal(centreOf(d, 0).y < d.centre.y, true, 'the first stock is at the top');
  assert.ok(centreOf(d, 1).x > centreOf(d, 0).x, 'the loop runs clockwise');
});

test('R1: one link per pair of consecutive stocks, each with one sign, through the stages between them', () => {
  const d = layoutLoop(example, 'R1')!;
  assert.equal(d.links.length, d.stocks.length);
  d.links.forEach((l, i) => {
    assert.equal(l.from, d.stocks[i].id);
    assert.equal(l.to, d.stocks[(i + 1) % d.stocks.length].id);
    assert.equal(l.sign, '+', `${l.from} → ${l.to}: a read then a write`);
    assert.deepEqual(
      l.hops.map((h) => h.kind),
      ['reads', 'writes'],
    );
    assert.equal(l.stages.length, 1);
    assert.equal(l.why.length, 2);
  });
  const review = d.links.find((l) => l.from === 'table:fraud.flagged_transactions')!;
  assert.equal(review.stages[0].label, 'queue_flagged_for_review');
  assert.deepEqual(review.target, {
    file: 'dags/review_labels.py',
    range: { start: { line: 29, character: 49 }, end: { line: 29, character: 75 } },
  });
  assert.equal(review.label.target?.file, 'dags/review_labels.py', 'the stage label opens the stage');
});

test('R1: the R mark, the owners and their handoffs, and nothing overlaps', () => {
  const d = layoutLoop(example, 'R1')!;
  assert.equal(d.loop.polarity, 'R');
  assert.deepEqual(
    d.owners.map((o) => [o.key, o.stocks]),
    [
      ['ml-platform', 4],
      ['data-eng', 3],
      ['fraud-ml', 3],
    ],
  );
  assert.deepEqual(d.crossings, ['ml-platform', 'data-eng', 'fraud-ml', 'ml-platform']);
  assert.equal(d.links.filter((l) => l.handoff).length, 3);
  assert.deepEqual(overlaps(d), []);
  const text = loopSvgText(d);
  assert.match(text, /<g class="lwl-mark" data-polarity="R">/);
  assert.match(text, /<text class="lwl-id"[^>]*>R1<\/text>/);
  assert.match(text, /Owners crossed \(3 handoffs\): /);
  assert.equal((text.match(/class="lwl-sign"/g) ?? []).length, 10, 'one sign per link');
});

test('B1 of the fixture: the card states the negative influence, so that link is − and the loop balancing', () => {
  const d = layoutLoop(fixture, 'B1')!;
  assert.equal(d.loop.polarity, 'B');
  assert.deepEqual(
    d.stocks.map((s) => s.id),
    ['table:warehouse.transactions', 'world:fraud-attempts'],
  );
  const [score, back] = d.links;
  assert.equal(score.sign, '-');
  assert.deepEqual(
    score.hops.map((h) => [h.kind, h.sign]),
    [
      ['reads', '+'],
      ['influence', '-'],
    ],
  );
  assert.match(score.why[1], /^− score influences fraud attempts, with the sign the card states \(mlsystem\.yaml:/);
  assert.equal(back.sign, '+');
  assert.equal(back.label.lines[0], 'influence (card)');
  assert.deepEqual(overlaps(d), []);
  assert.match(loopSvgText(d), /data-sign="-"/);
});

test('a link whose edge the graph does not have gets "?", never a guessed sign', () => {
  const graph: GraphJson = {
    version: 1,
    nodes: [
      { id: 'a', kind: 'artifact', label: 'a' },
      { id: 's', kind: 'stage', label: 's' },
    ],
    edges: [{ from: 'a', to: 's', kind: 'reads', sign: '+' }],
    loops: [{ id: 'R1', polarity: 'R', nodes: ['a', 's'], documented: false }],
    teams: [],
  };
  const d = layoutLoop(graph, 'R1')!;
  assert.equal(d.stocks.length, 1, 'one stock: the loop returns to it');
  assert.equal(d.links[0].sign, '?');
  assert.equal(d.links[0].arc.large, true, 'the arc goes almost all the way round');
  assert.equal(layoutLoop(graph, 'R9'), undefined);
});

test('names from the files are escaped in the SVG, and long names wrap at path separators', () => {
  const hostile = '<script>alert(1)</script>"&';
  const graph: GraphJson = {
    version: 1,
    nodes: [
      { id: 'a', kind: 'artifact', label: hostile, owner: '<b>x</b>' },
      {
        id: 's',
        kind: 'stage',
        label: hostile,
        file: 'x.yaml',
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
      },
    ],
    edges: [
      { from: 'a', to: 's', kind: 'reads', sign: '+' },
      { from: 's', to: 'a', kind: 'writes', sign: '+' },
    ],
    loops: [{ id: 'R1', polarity: 'R', nodes: ['a', 's'], documented: false }],
    teams: [],
  };
  const text = loopSvgText(layoutLoop(graph, 'R1')!);
  assert.doesNotMatch(text, /<script|<b>/);
  assert.match(text, /&lt;script&gt;/);
  assert.deepEqual(wrapName('s3://acme-fraud-data/labels/reviewed.parquet', 22, 3), [
    's3://acme-fraud-data/',
    'labels/',
    'reviewed.parquet',
  ]);
  assert.deepEqual(wrapName('models/fraud_model.pkl', 18), ['models/', 'fraud_model.pkl']);
  assert.deepEqual(wrapName('a/b/cccccccccc/dddddddddd/eeeeeeeeee.pkl', 16), ['…dddddddddd/', 'eeeeeeeeee.pkl']);
  const { targets } = loopSvg(layoutLoop(graph, 'R1')!);
  assert.deepEqual(targets, [{ file: 'x.yaml', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } }]);
});
