import { test } from 'node:test';
import assert from 'node:assert/strict';
import { systemInstall } from '../../../server/src/engine/sources/systemInstall';
import { shellCommands } from '../../../server/src/engine/sources/shell';

const read = (line: string) => {
  const install = systemInstall(shellCommands(line)[0].argv);
  return install && { installer: install.installer, packages: install.packages.map((p) => [p.name, p.version]) };
};

test('apk add: `=`/`~` versions, repository tags and --virtual names are no version', () => {
  assert.deepEqual(read('apk add --no-cache bash curl=8.5.0-r0 git~2.43 jq@edge'), {
    installer: 'apk',
    packages: [
      ['bash', undefined],
      ['curl', '8.5.0-r0'],
      ['git', '~2.43'],
      ['jq', undefined],
    ],
  });
  assert.deepEqual(read('apk add -t .build-deps gcc')?.packages, [['gcc', undefined]]);
  assert.equal(read('apk update'), undefined);
});

test('apt-get install: `=version` pins, `/release` does not, options and local .deb files are skipped', () => {
  assert.deepEqual(
    read('sudo apt-get install -y --no-install-recommends -o Dpkg::Options::=--force-confold git=1:2.34.1-1 curl/jammy ./pkg.deb'),
    {
      installer: 'apt',
      packages: [
        ['git', '1:2.34.1-1'],
        ['curl', undefined],
      ],
    },
  );
  assert.deepEqual(read('apt install -y ffmpeg')?.packages, [['ffmpeg', undefined]]);
  assert.equal(read('apt-get update'), undefined);
});

test('yum/dnf/microdnf install: a hyphen then a digit starts the version; groups and templated names are skipped', () => {
  assert.deepEqual(read('dnf install -y --setopt=tsflags=nodocs python3-devel python3-3.9.16 @development cuda-${CUDA}')?.packages, [
    ['python3-devel', undefined],
    ['python3', '3.9.16'],
  ]);
  assert.equal(read('microdnf install jq')?.installer, 'microdnf');
  assert.equal(read('yum remove jq'), undefined);
});
