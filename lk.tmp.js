const { FactsCache } = require('./out/server/src/node/factsCache.js');
const { loadWorkspace } = require('./out/server/src/node/workspace.js');
const { buildGraph } = require('./out/server/src/engine/model/build.js');
const { buildOwnership } = require('./out/server/src/engine/model/owners.js');
const { findLoops } = require('./out/server/src/engine/model/loops.js');
(async () => {
  const cache = new FactsCache('/tmp/lk.cache', '0.1.0');
  const ws = await loadWorkspace(process.argv[2], {}, cache);
  const facts = ws.analysis.paths().sort().map((p) => ws.analysis.factsOf(p)).filter(Boolean);
  cache.remember(ws.root, ws.analysis); cache.save();
  for (let r = 0; r < 5; r++) {
    let t = performance.now();
    const own = buildOwnership(facts.flatMap((f) => f.ownerRules), undefined);
    const g = buildGraph(facts, undefined, own);
    const link = performance.now() - t; t = performance.now();
    const loops = findLoops(g);
    console.log('link', link.toFixed(0), 'loops', (performance.now() - t).toFixed(0), 'nodes', g.nodes.size, 'edges', g.edges.length);
  }
})();
