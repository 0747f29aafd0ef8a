// Renderers of the graph JSON: Mermaid (escaping, generated ids, groups, loops, classes,
// filters, focus, collapse), DOT (escaping) and the HTML shells (CSP, embedded JSON).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import type { GraphJson, GraphJsonNode } from '../../server/src/engine/model/graphJson';
import { quote, toDot } from '../../server/src/engine/render/dot';
import { escapeScript, jsonForScript, renderHtml, webviewHtml } from '../../server/src/engine/render/html';
import { buildView, escapeMermaidLabel, toMermaid, UNOWNED } from '../../server/src/engine/render/mermaid';
import type { Finding } from '../../server/src/engine/model/finding';

function repoRoot(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

const fixture: { graph: GraphJson; findings: Finding[] } = JSON.parse(
  readFileSync(join(repoRoot(), 'test/fixtures/webview/fraud-detection.json'), 'utf8'),
);
const { graph, findings } = fixture;
const id = (label: string) => graph.nodes.find((n) => n.label === label)!.id;
const keys = (view: ReturnType<typeof buildView>) => view.nodes.map((n) => n.key).sort();

/** What the browser shows for an escaped label: Mermaid turns #NN; into &#NN;. */
const decode = (s: string) => s.replace(/#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)));
const SAFE_OUTPUT = /^(?:[\p{L}\p{N} _\-.,:/@+=()!?'…]|#\d+;)*$/u;

describe('escapeMermaidLabel', () => {
  const cases: Array<[string, string]> = [
    ['plain', 'plain'],
    ['<img src=x onerror=alert(1)>', '#60;img src=x onerror=alert(1)#62;'],
    ['say "hi"', 'say #34;hi#34;'],
    ['a & b', 'a #38; b'],
    ['`md` **bold**', '#96;md#96; #42;#42;bold#42;#42;'],
    ['#quot; #35;', '#35;quot#59; #35;35#59;'],
    ['%% comment', '#37;#37; comment'],
    ['a|b]c}d{e[f', 'a#124;b#93;c#125;d#123;e#91;f'],
    ['line\nbreak\r\n\ttab', 'line break tab'],
    ['Größe 特徴 données', 'Größe 特徴 données'],
    ['rtl\u202Eevil', 'rtlevil'],
    ['😀', '#128512;'],
    ['', '#160;'],
  ];
  for (const [input, expected] of cases) {
    test(JSON.stringify(input), () => assert.equal(escapeMermaidLabel(input), expected));
  }

  test('output only holds safe characters and entity codes, and decodes back to the cleaned text', () => {
    const nasty = [
      '"]; click n0 call alert(1); x["',
      '</script><script>alert(1)</script>',
      'end',
      'a-->b',
      'x:::cls',
      '\\"',
      '${x}',
      "'single'",
      '&lt;',
    ];
    for (const s of nasty) {
      const out = escapeMermaidLabel(s);
      assert.match(out, SAFE_OUTPUT, s);
      assert.equal(decode(out), s, s);
    }
  });

  test('long labels are cut with an ellipsis', () => {
    assert.equal(escapeMermaidLabel('x'.repeat(100), 10), `${'x'.repeat(9)}…`);
    assert.equal(escapeMermaidLabel('<'.repeat(20), 3), '#60;#60;…');
  });
});

describe('toMermaid', () => {
  const { text, ids, view } = toMermaid(graph, findings);

  test('nodes get generated ids that map back to graph ids; no raw id reaches the text', () => {
    assert.deepEqual(
      Object.keys(ids.nodes),
      graph.nodes.map((_, i) => `n${i}`),
    );
    assert.deepEqual(Object.values(ids.nodes).sort(), graph.nodes.map((n) => n.id).sort());
    for (const n of graph.nodes) assert.ok(!text.includes(n.id), `raw id ${n.id} in text`);
    assert.match(text, /^flowchart LR\n/);
  });

  test('shapes: stocks are boxes, flows stadiums, the world a hexagon', () => {
    const mid = (label: string) => Object.keys(ids.nodes).find((k) => ids.nodes[k] === id(label))!;
    assert.match(text, new RegExp(`${mid('train')}\\(\\["train ⚠ 1"\\]\\)`));
    assert.match(text, new RegExp(`${mid('features')}\\["features"\\]`));
    assert.match(text, new RegExp(`${mid('flags')}\\["flags<br/>predictions"\\]`));
    assert.match(text, new RegExp(`${mid('fraud attempts')}\\{\\{"fraud attempts"\\}\\}`));
  });

  test('team subgraphs carry name and role; unowned nodes get their own group; the world none', () => {
    assert.match(text, /subgraph t\d\["fraud-ml #183; research"\]/);
    assert.match(text, /subgraph t\d\["platform #183; mlops"\]/);
    assert.match(text, /subgraph tu\["unowned"\]/);
    assert.equal(view.nodes.find((n) => n.key === id('labels'))!.group, UNOWNED);
    assert.equal(view.nodes.find((n) => n.key === id('fraud attempts'))!.group, undefined);
    assert.match(text, /class tu unownedGroup/);
  });

  test('loops are labelled on their closing edge and their hops styled', () => {
    const mid = (label: string) => Object.keys(ids.nodes).find((k) => ids.nodes[k] === id(label))!;
    assert.match(text, new RegExp(`${mid('export_labels')} -->\\|"R1"\\| ${mid('labels')}`));
    assert.match(text, new RegExp(`${mid('fraud attempts')} ==>\\|"B1"\\| ${mid('transactions')}`));
    assert.match(text, /linkStyle [\d,]+ stroke:#d1242f,stroke-width:2px,stroke-dasharray:6 3/);
    const r1 = view.loops.find((l) => l.id === 'R1')!;
    assert.equal(r1.edges.length, 7);
    assert.equal(r1.documented, false);
  });

  test('classes for kinds, severities, unowned and loop nodes', () => {
    assert.match(text, /class [n\d,]+ flow/);
    assert.match(text, /class [n\d,]+ sevError/);
    assert.match(text, /classDef sevError /);
    assert.match(text, /class [n\d,]+ unowned\n/);
  });

  test("the webview target names every edge and leaves colours to the page's CSS", () => {
    const web = toMermaid(graph, findings, { target: 'webview' });
    const edgeLines = web.text.split('\n').filter((l) => /-->|-\.->|==>/.test(l));
    assert.equal(edgeLines.length, graph.edges.length);
    for (const [i, line] of edgeLines.entries()) assert.match(line, new RegExp(` e${i}@`));
    assert.doesNotMatch(web.text, /classDef|linkStyle|⚠|✖/);
  });

  test('hostile labels and ids stay inside their quotes', () => {
    const evil: GraphJsonNode = {
      id: 'x"];click n0 call alert(1)%%',
      kind: 'stage',
      label: '"]) --> n1\nclick n1 "javascript:alert(1)"',
      team: 'a"]\nend\nsubgraph',
      file: 'e.yml',
    };
    const out = toMermaid({ ...graph, nodes: [...graph.nodes, evil], teams: [...graph.teams, { name: evil.team!, roles: ['<b>'] }] }, []);
    const lines = out.text.split('\n');
    assert.ok(!lines.some((l) => /^\s*click\b/.test(l)), 'no click directive');
    assert.ok(!out.text.includes(evil.id));
    for (const label of [...out.text.matchAll(/"([^"]*)"/g)].map((m) => m[1])) assert.match(label, /^(?:[^"<>&`#]|#\d+;|<br\/>)*$/u);
    assert.equal(lines.filter((l) => l.trim() === 'end').length, lines.filter((l) => l.trim().startsWith('subgraph ')).length);
  });
});

describe('buildView filters, focus and collapse', () => {
  test('team filter keeps the team and the stocks its stages touch', () => {
    const view = buildView(graph, findings, { filter: { teams: ['platform'] } });
    assert.deepEqual(keys(view), ['score', 'deploy', 'transactions', 'flags', 'model', 'fraud attempts'].map(id).sort());
  });

  test('the unowned team value selects unowned stages', () => {
    const view = buildView(graph, findings, { filter: { teams: [UNOWNED] } });
    assert.ok(keys(view).includes(id('export_labels')));
    assert.ok(!keys(view).includes(id('train')));
  });

  test('loop, rule, file (and folder) and format filters', () => {
    assert.deepEqual(
      keys(buildView(graph, findings, { filter: { loops: ['B1'] } })),
      ['transactions', 'score', 'fraud attempts'].map(id).sort(),
    );
    assert.deepEqual(keys(buildView(graph, findings, { filter: { rules: ['resilience/serving-without-fallback'] } })), [id('score')]);
    const dags = keys(buildView(graph, findings, { filter: { files: ['dags/'] } }));
    assert.ok(dags.includes(id('review')) && dags.includes(id('flags')) && !dags.includes(id('train')));
    const dvc = keys(buildView(graph, findings, { filter: { formats: ['dvc'] } }));
    assert.ok(dvc.includes(id('train')) && dvc.includes(id('labels')) && !dvc.includes(id('score')));
  });

  test('filters intersect and report how many nodes they hid', () => {
    const view = buildView(graph, findings, { filter: { teams: ['platform'], loops: ['R1'] } });
    assert.deepEqual(keys(view), ['score', 'flags', 'model'].map(id).sort());
    assert.equal(view.hidden, 9);
    assert.equal(view.loops.length, 0, 'a loop with hidden nodes is not drawn');
  });

  test('focus keeps the nodes within N hops, both directions', () => {
    assert.deepEqual(
      keys(buildView(graph, findings, { focus: { nodes: [id('train')], hops: 1 } })),
      ['train', 'features', 'labels', 'model', 'metrics'].map(id).sort(),
    );
    assert.equal(buildView(graph, findings, { focus: { nodes: [id('train')], hops: 0 } }).nodes.length, 1);
  });

  test('collapse draws one node per pipeline with counts; loops map onto pipelines', () => {
    const view = buildView(graph, findings, { collapse: true });
    const pipelines = view.nodes.filter((n) => n.kind === 'pipeline');
    assert.deepEqual(pipelines.map((p) => p.label).sort(), ['deploy', 'fraud_review', 'score', 'training']);
    const training = pipelines.find((p) => p.label === 'training')!;
    assert.deepEqual(training.counts, { stages: 1, stocks: 3 });
    assert.equal(training.group, 'team:fraud-ml');
    assert.equal(pipelines.find((p) => p.label === 'score')!.findings!.severity, 'error');
    assert.deepEqual(view.loops.find((l) => l.id === 'R1')!.nodes.length, 3);
    const text = toMermaid(graph, findings, { collapse: true }).text;
    assert.match(text, /\[\["training<br\/>1 stage · 3 stocks ⚠ 1"\]\]/);
  });

  test("'auto' collapses only large graphs; expanded pipelines stay stage by stage", () => {
    assert.equal(buildView(graph, findings).collapsed, false);
    assert.equal(buildView(graph, findings, { collapseAbove: 5 }).collapsed, true);
    const key = buildView(graph, findings, { collapse: true }).nodes.find((n) => n.label === 'fraud_review')!.key;
    const expanded = buildView(graph, findings, { collapse: true, expand: [key] });
    assert.ok(keys(expanded).includes(id('review')) && keys(expanded).includes(id('export_labels')));
  });

  test('findings given as a list override the summaries in the graph', () => {
    const view = buildView(graph, [{ ...findings[2], severity: 'error' }]);
    assert.equal(view.nodes.find((n) => n.key === id('train'))!.findings!.severity, 'error');
    assert.equal(view.nodes.find((n) => n.key === id('score'))!.findings!.count, 2, 'from the node summary');
  });
});

describe('toDot', () => {
  test('quotes and escapes every string', () => {
    assert.equal(quote('a "b" \\N\nc'), '"a \\"b\\" \\\\N\\nc"');
    const evil: GraphJsonNode = { id: 'e"]; x -> y; //', kind: 'stage', label: '"; n0 -> n1 [label=<b>x</b>]; "', file: 'e.yml' };
    const dot = toDot({ ...graph, nodes: [...graph.nodes, evil] }, findings);
    const line = dot.split('\n').find((l) => l.includes('n0 -> n1'))!;
    assert.match(line, /label="\\"; n0 -> n1 \[label=<b>x<\/b>\]; \\""/);
  });

  test('clusters per team, hexagon world, loop labels on closing edges', () => {
    const dot = toDot(graph, findings);
    assert.match(dot, /^digraph loopwise \{\n {2}rankdir=LR;/);
    assert.match(dot, /subgraph cluster_\d \{\n {4}label="fraud-ml · research";/);
    assert.match(dot, /label="unowned";\n {4}style=dashed;/);
    assert.match(dot, /shape=hexagon, label="fraud attempts"/);
    assert.match(dot, /-> n\d+ \[label="R1", style=dashed, color="#d1242f", penwidth=2\];/);
  });
});

describe('html', () => {
  const script = 'var s = "</script><script>alert(1)</script>"; var c = "<!--";';
  const hostile = {
    ...graph,
    nodes: [...graph.nodes, { id: 'x', kind: 'stage', label: '</script><script>alert(1)</script><!--' } as GraphJsonNode],
  };
  const html = renderHtml({
    graph: hostile,
    findings,
    script,
    css: 'body{} </style><p>escaped</p>',
    nonce: 'abcdefghijklmnopqrstuv==',
    title: '<title>"x"',
  });

  test('strict CSP: scripts by nonce only, nothing remote', () => {
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)![1].replace(/&#39;/g, "'");
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-abcdefghijklmnopqrstuv=='(;|$)/);
    assert.doesNotMatch(csp, /script-src[^;]*unsafe/);
    assert.doesNotMatch(csp, /https?:/);
  });

  test('the page has exactly the data block and the nonce-bearing script, nothing else executable', () => {
    assert.equal([...html.matchAll(/<script\b/gi)].length, 2);
    assert.equal([...html.matchAll(/<\/script/gi)].length, 2);
    assert.match(html, /<script type="application\/json" id="loopwise-data">/);
    assert.match(html, /<script nonce="abcdefghijklmnopqrstuv==">/);
    assert.equal([...html.matchAll(/<\/style/gi)].length, 1, 'the CSS cannot close its <style>');
    assert.match(html, /<title>&lt;title&gt;"x"<\/title>/);
  });

  test('the embedded JSON round-trips', () => {
    const json = /<script type="application\/json" id="loopwise-data">([^<]*)<\/script>/.exec(html)![1];
    const data = JSON.parse(json);
    assert.equal(data.graph.nodes.at(-1).label, '</script><script>alert(1)</script><!--');
    assert.equal(data.title, '<title>"x"');
  });

  test('jsonForScript and escapeScript neutralise markup', () => {
    assert.equal(jsonForScript({ a: '</script>&\u2028' }), '{"a":"\\u003c/script\\u003e\\u0026\\u2028"}');
    assert.equal(escapeScript('"</SCRIPT>" "<!--" "<script"'), '"\\x3C/SCRIPT>" "\\x3C!--" "\\x3Cscript"');
    assert.equal(new Function(`return ${escapeScript('"</script>"')}`)(), '</script>');
  });

  test('webviewHtml: nonce-bound script from the webview source, validated inputs', () => {
    const page = webviewHtml({
      scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/dist/graph.js',
      cssUri: 'https://x/graph.css"><script>',
      cspSource: 'https://*.vscode-cdn.net',
      nonce: 'abcdefghijklmnopqrstuv==',
    });
    assert.match(page, /script-src &#39;nonce-abcdefghijklmnopqrstuv==&#39;;/);
    assert.match(page, /style-src https:\/\/\*\.vscode-cdn\.net &#39;unsafe-inline&#39;/);
    assert.match(page, /<link rel="stylesheet" href="https:\/\/x\/graph.css&quot;&gt;&lt;script&gt;">/);
    assert.throws(() => webviewHtml({ scriptUri: 'a', cssUri: 'b', cspSource: "'unsafe-eval'", nonce: 'abcdefghijklmnopqrstuv==' }));
    assert.throws(() => webviewHtml({ scriptUri: 'a', cssUri: 'b', cspSource: 'x', nonce: "x' 'unsafe-inline" }));
  });

  test('a nonce is generated when none is given', () => {
    const a = renderHtml({ graph, findings, script: '', css: '', title: 't' });
    const b = renderHtml({ graph, findings, script: '', css: '', title: 't' });
    const nonce = (s: string) => /nonce-([^&]+)&#39;/.exec(s)![1];
    assert.notEqual(nonce(a), nonce(b));
    assert.ok(nonce(a).length >= 22);
  });
});
