import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pipInstallSpecs, pipInstallStart } from '../../../server/src/engine/sources/pipInstall';
import { shellCommands } from '../../../server/src/engine/sources/shell';

const specs = (line: string) => {
  const [cmd] = shellCommands(line);
  const start = pipInstallStart(cmd.argv);
  return start < 0 ? undefined : pipInstallSpecs(cmd.argv.slice(start)).map((s) => `${s.name}${s.version ? ` ${s.version}` : ''}`);
};

test('pip, python -m pip and uv pip install lines name their packages', () => {
  assert.deepEqual(specs('pip install pandas==2.2.1 numpy'), ['pandas 2.2.1', 'numpy']);
  assert.deepEqual(specs('python3 -m pip install scikit-learn'), ['scikit-learn']);
  assert.deepEqual(specs('uv pip install --system coremltools'), ['coremltools']);
  assert.equal(specs('pip list'), undefined);
});

test('version specifiers are versions: a range is a decision, only a bare name floats', () => {
  assert.deepEqual(specs(`pip install "keras>=3.5.0,<=3.12.0" 'protobuf>=3.10,<3.20' tensorflow~=2.15 torch===2.1.0`), [
    'keras >=3.5.0,<=3.12.0',
    'protobuf >=3.10,<3.20',
    'tensorflow ~=2.15',
    'torch 2.1.0',
  ]);
});

test('option values, local paths, archives, URLs and templated names are not packages', () => {
  assert.deepEqual(
    specs(
      'uv pip install --system -r requirements.txt coremltools --extra-index-url https://example.org/whl --index-strategy unsafe-best-match',
    ),
    ['coremltools'],
  );
  assert.deepEqual(specs('pip install .[test] ./libs/core dist/pkg-1.0-py3-none-any.whl git+https://example.org/a/b.git ${PKG}'), []);
  assert.deepEqual(specs('pip install -e . --config-settings editable_mode=strict'), []);
});

test('extras and environment markers keep the package and its version', () => {
  assert.deepEqual(specs(`pip install "ray[serve]==2.9.0" "uvloop; sys_platform != 'win32'"`), ['ray 2.9.0', 'uvloop']);
});

test('an unquoted >= is a shell redirection: the package is installed unpinned', () => {
  assert.deepEqual(specs('pip install pytorch-lightning>=1.2.3'), ['pytorch-lightning']);
  assert.deepEqual(specs('pip install torch > install.log 2>&1'), ['torch']);
  assert.deepEqual(specs(`pip install 'pytorch-lightning>=1.2.3'`), ['pytorch-lightning >=1.2.3']);
});

test('`--pre` tracks the newest development build on purpose (a nightly test job); without it a bare name floats', () => {
  assert.deepEqual(specs('python -m pip install --pre torch torchvision --index-url https://download.pytorch.org/whl/nightly/cu126'), [
    'torch --pre',
    'torchvision --pre',
  ]);
  assert.deepEqual(specs('python -m pip install torch torchvision'), ['torch', 'torchvision']);
});
