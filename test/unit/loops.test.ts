import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SystemGraph, type GraphNode, type Sign } from '../../server/src/engine/model/graph';
import { findLoops, findOrderCycles, stronglyConnected } from '../../server/src/engine/model/loops';

function graph(
  nodes: Array<[string, GraphNode['kind']]>,
  edges: Array<[string, string, 'reads' | 'writes' | 'after' | 'influence', Sign?]>,
): SystemGraph {
  const g = new SystemGraph();
  for (const [id, kind] of nodes) g.addNode({ id, kind, label: id, mentions: [] });
  for (const [from, to, kind, sign] of edges) g.addEdge({ from, to, kind, sign: sign ?? 1, confidence: 1 });
  return g;
}

test('a data loop through a stock is reinforcing when all signs are +', () => {
  const g = graph(
    [
      ['train', 'stage'],
      ['model', 'artifact'],
      ['score', 'stage'],
      ['flags', 'artifact'],
    ],
    [
      ['train', 'model', 'writes'],
      ['model', 'score', 'reads'],
      ['score', 'flags', 'writes'],
      ['flags', 'train', 'reads'],
    ],
  );
  const { loops } = findLoops(g);
  assert.equal(loops.length, 1);
  assert.equal(loops[0].polarity, 'R');
  assert.equal(loops[0].id, 'R1');
  assert.deepEqual(loops[0].nodes, ['flags', 'train', 'model', 'score'], 'starts at the first stock in sort order, in flow order');
  assert.equal(loops[0].edges.length, 4);
});

test('one negative influence makes a loop balancing; two make it reinforcing again', () => {
  const one = graph(
    [
      ['a', 'artifact'],
      ['w', 'world'],
      ['s', 'stage'],
    ],
    [
      ['a', 'w', 'influence', -1],
      ['w', 's', 'influence', 1],
      ['s', 'a', 'writes'],
    ],
  );
  assert.equal(findLoops(one).loops[0].polarity, 'B');
  const two = graph(
    [
      ['a', 'artifact'],
      ['w', 'world'],
      ['s', 'stage'],
    ],
    [
      ['a', 'w', 'influence', -1],
      ['w', 's', 'influence', -1],
      ['s', 'a', 'writes'],
    ],
  );
  assert.equal(findLoops(two).loops[0].polarity, 'R');
});

test('ordering edges never make a feedback loop; an ordering cycle among stages is found separately', () => {
  const g = graph(
    [
      ['a', 'stage'],
      ['b', 'stage'],
    ],
    [
      ['a', 'b', 'after'],
      ['b', 'a', 'after'],
    ],
  );
  assert.equal(findLoops(g).loops.length, 0);
  assert.equal(findOrderCycles(g).loops.length, 1);
});

test('a cycle of stages only (no stock) is not a feedback loop', () => {
  const g = graph(
    [
      ['a', 'stage'],
      ['b', 'stage'],
    ],
    [
      ['a', 'b', 'influence'],
      ['b', 'a', 'influence'],
    ],
  );
  assert.equal(findLoops(g).loops.length, 0);
});

test('enumeration is bounded: a dense jungle stops at the cap and says so', () => {
  const nodes: Array<[string, GraphNode['kind']]> = [];
  const edges: Array<[string, string, 'writes' | 'reads']> = [];
  const n = 14;
  for (let i = 0; i < n; i++) nodes.push([`s${i}`, 'stage'], [`a${i}`, 'artifact']);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      edges.push([`s${i}`, `a${j}`, 'writes']);
      edges.push([`a${j}`, `s${i}`, 'reads']);
    }
  const started = Date.now();
  const { loops, truncated } = findLoops(graph(nodes, edges), { maxLoops: 200, maxLength: 40 });
  assert.ok(Date.now() - started < 2000, 'bounded time');
  assert.equal(truncated, true);
  assert.equal(loops.length, 200);
});

test('Tarjan finds components, not single nodes', () => {
  const next: Record<string, string[]> = { a: ['b'], b: ['a', 'c'], c: ['d'], d: ['c'], e: [] };
  const comps = stronglyConnected(Object.keys(next), (id) => next[id]).map((c) => c.sort().join(''));
  assert.deepEqual(comps.sort(), ['ab', 'cd']);
});

test('two loops sharing a stock are both found, with stable ids', () => {
  const g = graph(
    [
      ['m', 'artifact'],
      ['s1', 'stage'],
      ['s2', 'stage'],
      ['x', 'artifact'],
      ['y', 'artifact'],
    ],
    [
      ['m', 's1', 'reads'],
      ['s1', 'x', 'writes'],
      ['x', 's2', 'reads'],
      ['s2', 'm', 'writes'],
      ['m', 's2', 'reads'],
      ['s2', 'y', 'writes'],
      ['y', 's1', 'reads'],
      ['s1', 'm', 'writes'],
    ],
  );
  const ids = findLoops(g).loops.map((l) => `${l.id}:${l.nodes.join('>')}`);
  assert.deepEqual(
    ids,
    findLoops(g).loops.map((l) => `${l.id}:${l.nodes.join('>')}`),
  );
  assert.ok(ids.length >= 2);
});
