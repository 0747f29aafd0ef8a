// The TextMate injection grammar, tokenised by VS Code's own engine (vscode-textmate with the
// oniguruma WASM), injected into a minimal host grammar that scopes `# ...` comments the way
// VS Code's YAML and Python grammars do: a begin/end rule named comment.line.number-sign.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { Registry, INITIAL, type IGrammar } from 'vscode-textmate';
import { repoRoot } from '../helpers/paths';

const HOST = {
  scopeName: 'source.yaml',
  patterns: [
    {
      begin: '(#)',
      end: '$',
      name: 'comment.line.number-sign.yaml',
      beginCaptures: { 1: { name: 'punctuation.definition.comment.yaml' } },
    },
  ],
};

async function grammar(): Promise<IGrammar> {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer;
  await oniguruma.loadWASM(wasm);
  const injection = JSON.parse(readFileSync(path.join(repoRoot(), 'syntaxes', 'loopwise-ignore.tmLanguage.json'), 'utf8'));
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (p) => new oniguruma.OnigScanner(p),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope) => (scope === 'source.yaml' ? HOST : scope === injection.scopeName ? injection : null),
    getInjections: (scope) => (scope === 'source.yaml' ? [injection.scopeName] : []),
  });
  return (await registry.loadGrammar('source.yaml'))!;
}

function scopesOf(g: IGrammar, line: string): Array<[string, string]> {
  return g.tokenizeLine(line, INITIAL).tokens.map((t) => [line.slice(t.startIndex, t.endIndex), t.scopes[t.scopes.length - 1]]);
}

test('a suppression directive is highlighted inside a comment', async () => {
  const g = await grammar();
  const tokens = scopesOf(g, 'image: x:latest  # loopwise-ignore config/unpinned-version until 2027-01-31: rebuilt nightly');
  const find = (text: string) => tokens.find(([t]) => t === text)?.[1];
  assert.equal(find('loopwise-ignore'), 'keyword.control.directive.loopwise');
  assert.equal(find('config/unpinned-version'), 'entity.name.tag.rule-id.loopwise');
  assert.equal(find('until'), 'keyword.other.until.loopwise');
  assert.equal(find('2027-01-31'), 'constant.numeric.date.loopwise');
  assert.equal(find('rebuilt nightly'), 'string.unquoted.reason.loopwise');
});

test('outside comments nothing is injected', async () => {
  const g = await grammar();
  const tokens = scopesOf(g, 'name: loopwise-ignore config/x');
  assert.ok(
    tokens.every(([, scope]) => !scope.endsWith('.loopwise')),
    JSON.stringify(tokens),
  );
});
