// The packages a system package manager installs (`apk add`, `apt-get install`, `yum`/`dnf`/`microdnf install`),
// read by each manager's own version syntax: apk `name=1.2-r0` / `name~1.2`, apt `name=1.2-1`, rpm managers
// `name-1.2` (a hyphen then a digit starts the version). A bare name gets whatever the distribution's
// repository holds on the day the job runs. Options that take a value are skipped with their value;
// local package files, URLs, templated arguments and rpm groups (`@group`) name no repository version.
import type { PackageSpec } from './pipInstall';

export type SystemInstaller = 'apk' | 'apt' | 'yum' | 'dnf' | 'microdnf';

export interface SystemInstall {
  installer: SystemInstaller;
  packages: PackageSpec[];
}

const OPTIONS_WITH_VALUE: Record<SystemInstaller, Set<string>> = {
  apk: new Set(['-X', '--repository', '-t', '--virtual', '--arch', '-p', '--root', '--keys-dir', '--cache-dir', '--repositories-file']),
  apt: new Set(['-o', '--option', '-t', '--target-release', '--default-release', '-c', '--config-file']),
  yum: new Set(['-c', '--config', '--enablerepo', '--disablerepo', '--installroot', '--releasever', '-x', '--exclude', '--setopt']),
  dnf: new Set([
    '-c',
    '--config',
    '--enablerepo',
    '--disablerepo',
    '--installroot',
    '--releasever',
    '-x',
    '--exclude',
    '--setopt',
    '--repo',
  ]),
  microdnf: new Set(['--enablerepo', '--disablerepo', '--installroot', '--releasever', '--setopt', '--config']),
};
const NAME = /^[A-Za-z0-9][A-Za-z0-9+._-]*$/;
const NOT_A_REPOSITORY_PACKAGE = /[$\\]|\{\{|^[.~/]|\.(apk|deb|rpm)$|^[a-z][\w+.-]*:\/\//i;

/** The install command and its packages, or undefined when the command is not a system package install. */
export function systemInstall(argv: readonly string[]): SystemInstall | undefined {
  const installer = installerOf(argv);
  if (!installer) return undefined;
  const args = argv.slice(argv.indexOf(installer === 'apk' ? 'add' : 'install') + 1);
  const packages: PackageSpec[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (OPTIONS_WITH_VALUE[installer].has(arg)) {
      i++;
      continue;
    }
    if (arg.startsWith('-') || arg.startsWith('@') || NOT_A_REPOSITORY_PACKAGE.test(arg)) continue;
    const spec = packageSpec(installer, arg);
    if (spec) packages.push(spec);
  }
  return { installer, packages };
}

function installerOf(argv: readonly string[]): SystemInstaller | undefined {
  const [tool, ...rest] = argv;
  const verb = rest.find((a) => !a.startsWith('-'));
  if (tool === 'apk') return verb === 'add' ? 'apk' : undefined;
  if (tool === 'apt-get' || tool === 'apt') return verb === 'install' ? 'apt' : undefined;
  if (tool === 'yum' || tool === 'dnf' || tool === 'microdnf') return verb === 'install' ? tool : undefined;
  return undefined;
}

function packageSpec(installer: SystemInstaller, arg: string): PackageSpec | undefined {
  if (installer === 'apk') {
    // `name@tag` picks a tagged repository, not a version.
    const m = /^([^=~<>@]+)(?:@[\w-]+)?(?:([=~<>]+)(.+))?$/.exec(arg);
    return m && NAME.test(m[1]) ? { name: m[1], version: m[3] ? `${m[2] === '=' ? '' : m[2]}${m[3]}` : undefined, raw: arg } : undefined;
  }
  if (installer === 'apt') {
    // `name/release` picks a release (its newest version), not a version.
    const m = /^([^=/]+)(?:\/[\w.-]+)?(?:=(.+))?$/.exec(arg);
    return m && NAME.test(m[1]) ? { name: m[1], version: m[2], raw: arg } : undefined;
  }
  if (!NAME.test(arg)) return undefined;
  const m = /^(.+?)-(\d[\w.:~+-]*)$/.exec(arg);
  return m ? { name: m[1], version: m[2], raw: arg } : { name: arg, raw: arg };
}
