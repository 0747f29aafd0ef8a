// The files that go with each rule and each adapter, in the spirit of ESLint's own check of its
// rule files: a rule file is registered and named after its id, and has its docs page, its
// table test and its README row (level and fix column as its `meta` says); the README lists no
// rule that does not exist; an adapter has its test file and is tried on real files (the
// public corpus). Each failure names the file that is missing or the row that is wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { Analysis } from '../../server/src/engine/analysis';
import type { Format } from '../../server/src/engine/model/facts';
import { CORE_RULES } from '../../server/src/engine/rules/core';
import { RULES } from '../../server/src/engine/rules/index';
import type { Rule, RuleMeta } from '../../server/src/engine/rules/rule';
import { ADAPTERS } from '../../server/src/engine/sources/index';
import type { SourceAdapter } from '../../server/src/engine/sources/adapter';
import { corpusFiles, repoRoot } from '../helpers/paths';

const root = repoRoot();
const load = createRequire(__filename);
/** The compiled engine next to this compiled test (out/server/src/engine). */
const engineOut = path.join(__dirname, '..', '..', 'server', 'src', 'engine');

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const isRule = (v: unknown): v is Rule =>
  typeof v === 'object' && v !== null && 'meta' in v && 'check' in v && typeof (v as Rule).check === 'function';
const isAdapter = (v: unknown): v is SourceAdapter =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as SourceAdapter).detect === 'function' &&
  typeof (v as SourceAdapter).parse === 'function';

/** Every module in a compiled engine folder with what it exports, by source file name (no extension). */
function modulesIn(rel: string): Array<{ name: string; exports: unknown[] }> {
  const dir = path.join(engineOut, rel);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.js') && f !== 'index.js')
    .map((f) => ({ name: f.slice(0, -3), exports: Object.values(load(path.join(dir, f)) as Record<string, unknown>) }));
}

interface RuleFile {
  meta: RuleMeta;
  /** e.g. server/src/engine/rules/config/unpinnedVersion.ts */
  source: string;
  /** e.g. test/unit/rules/config/unpinnedVersion.test.ts */
  testFile: string;
}

function ruleFiles(): RuleFile[] {
  const categories = readdirSync(path.join(engineOut, 'rules'), { withFileTypes: true }).filter((d) => d.isDirectory());
  return categories.flatMap((c) =>
    modulesIn(path.join('rules', c.name)).flatMap((m) =>
      m.exports.filter(isRule).map((r) => ({
        meta: r.meta,
        source: `server/src/engine/rules/${c.name}/${m.name}.ts`,
        testFile: `test/unit/rules/${c.name}/${m.name}.test.ts`,
      })),
    ),
  );
}

interface ReadmeRow {
  id: string;
  link: string;
  level: string;
  fix: string;
  line: number;
}

/** The rule tables of the README: `| [id](docs/rules/id.md) | level | ✓ or empty | what it flags |`. */
function readmeRows(): ReadmeRow[] {
  const lines = readFileSync(path.join(root, 'README.md'), 'utf8').split('\n');
  return lines.flatMap((line, i) => {
    const m = /^\| \[([\w-]+\/[\w-]+)\]\(([^)]+)\) \| (\w+) \| *([^|]*?) *\| .+ \|$/.exec(line);
    return m ? [{ id: m[1], link: m[2], level: m[3], fix: m[4], line: i + 1 }] : [];
  });
}

const docsPage = (id: string) => `docs/rules/${id}.md`;
const exists = (rel: string) => existsSync(path.join(root, rel));

test('every rule file is registered and named after its id', () => {
  const files = ruleFiles();
  assert.ok(files.length >= 30, `rule files found under server/src/engine/rules: ${files.length}`);
  const registered = new Set(RULES.map((r) => r.meta.id));
  const problems: string[] = [];
  for (const f of files) {
    const [category, name] = f.meta.id.split('/');
    const folder = f.source.split('/').at(-2)!;
    const base = path.basename(f.source, '.ts');
    if (!registered.has(f.meta.id)) problems.push(`${f.source}: rule ${f.meta.id} is not in RULES (add it to rules/${folder}/index.ts)`);
    if (category !== folder || f.meta.category !== folder)
      problems.push(`${f.source}: rule ${f.meta.id} (category ${f.meta.category}) is in folder ${folder}`);
    if (kebab(base) !== name) problems.push(`${f.source}: rule ${f.meta.id} should be in ${folder}/${camel(name)}.ts`);
  }
  const filed = new Set(files.map((f) => f.meta.id));
  for (const id of registered)
    if (!filed.has(id)) problems.push(`RULES has ${id}, which no file under server/src/engine/rules/<category>/ exports`);
  assert.deepEqual(problems, []);
});

test('every rule has its docs page and its table test', () => {
  const problems: string[] = [];
  for (const f of ruleFiles()) {
    if (!exists(docsPage(f.meta.id))) problems.push(`${f.meta.id}: no docs page ${docsPage(f.meta.id)}`);
    if (!exists(f.testFile)) problems.push(`${f.meta.id}: no test file ${f.testFile}`);
  }
  for (const meta of Object.values(CORE_RULES).map((r) => r.meta))
    if (!exists(docsPage(meta.id))) problems.push(`${meta.id}: no docs page ${docsPage(meta.id)}`);
  assert.deepEqual(problems, []);
});

test("Loopwise's own finding ids (rules/core.ts) are each asserted by some test", () => {
  const tests = ['test/unit', 'test/lsp', 'test/cli']
    .flatMap((dir) => sourcesUnder(path.join(root, dir)))
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
  const untested = Object.values(CORE_RULES)
    .map((r) => r.meta.id)
    .filter((id) => !tests.includes(`'${id}'`));
  assert.deepEqual(untested, [], 'ids that no test under test/unit, test/lsp or test/cli names');
});

test('the README has one row per rule, with the level and fix column its meta says', () => {
  const rows = readmeRows();
  const metas = [...RULES.map((r) => r.meta), ...Object.values(CORE_RULES).map((r) => r.meta)];
  const problems: string[] = [];
  for (const meta of metas) {
    const found = rows.filter((r) => r.id === meta.id);
    if (found.length !== 1) {
      problems.push(`README.md: ${found.length} rows for ${meta.id} (expected one)`);
      continue;
    }
    const [row] = found;
    const fix = meta.fixable ? '✓' : '';
    if (row.link !== docsPage(meta.id)) problems.push(`README.md:${row.line}: ${meta.id} links ${row.link}, not ${docsPage(meta.id)}`);
    if (row.level !== meta.severity) problems.push(`README.md:${row.line}: ${meta.id} level ${row.level}, meta says ${meta.severity}`);
    if (row.fix !== fix) problems.push(`README.md:${row.line}: ${meta.id} fix column "${row.fix}", meta says fixable: ${meta.fixable}`);
  }
  const known = new Set(metas.map((m) => m.id));
  for (const row of rows) if (!known.has(row.id)) problems.push(`README.md:${row.line}: row for ${row.id}, which is no rule`);
  assert.deepEqual(problems, []);
});

/**
 * Formats the corpus has no file of, and why. The card has no public files at all; the others
 * are gaps to close: the corpus keeps only files whose repository grants a licence, and the
 * DVC and plain Kubernetes files it had came from repositories without one. The test fails
 * when a format listed here turns up in the corpus, so the list cannot go stale.
 */
const NOT_IN_CORPUS: Partial<Record<Format, string>> = {
  card: "Loopwise's own format (mlsystem.yaml): no public repository has one; examples/fraud-detection has one (test/unit/example.test.ts)",
};

test('every adapter has its test file and is tried on real files from the public corpus', async () => {
  const modules = modulesIn('sources');
  const problems: string[] = [];
  const analysis = new Analysis({ today: '2026-11-27' });
  const corpus = sourcesUnder(corpusFiles(), () => true);
  for (const file of corpus) analysis.setFile(path.relative(corpusFiles(), file).split(path.sep).join('/'), readFileSync(file, 'utf8'));
  await analysis.init();
  const formatsInCorpus = new Set(corpus.map((f) => analysis.factsOf(path.relative(corpusFiles(), f).split(path.sep).join('/'))?.format));
  for (const adapter of ADAPTERS) {
    const home = modules.find((m) => m.exports.includes(adapter));
    if (!home) {
      problems.push(`adapter ${adapter.format}: no module under server/src/engine/sources exports it`);
      continue;
    }
    const testFile = `test/unit/sources/${home.name}.test.ts`;
    if (!exists(testFile)) problems.push(`adapter ${adapter.format} (server/src/engine/sources/${home.name}.ts): no test file ${testFile}`);
    const exempt = NOT_IN_CORPUS[adapter.format];
    if (formatsInCorpus.has(adapter.format) && exempt)
      problems.push(`adapter ${adapter.format}: is in the corpus now; drop its NOT_IN_CORPUS entry`);
    if (!formatsInCorpus.has(adapter.format) && !exempt)
      problems.push(
        `adapter ${adapter.format}: no file in test/corpus/files is detected as ${adapter.format} (add a public file, SOURCES.md row)`,
      );
  }
  const unregistered = modules.filter((m) => m.exports.some(isAdapter) && !m.exports.some((e) => ADAPTERS.includes(e as SourceAdapter)));
  for (const m of unregistered) problems.push(`server/src/engine/sources/${m.name}.ts exports an adapter that is not in ADAPTERS`);
  assert.deepEqual(problems, []);
});

function camel(kebabName: string): string {
  return kebabName.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
}

function sourcesUnder(dir: string, keep = (f: string) => f.endsWith('.ts')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? sourcesUnder(p, keep) : keep(p) ? [p] : [];
  });
}
