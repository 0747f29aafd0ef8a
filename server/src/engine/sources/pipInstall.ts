// The packages a `pip install` (or `uv pip install`) command line names, read by pip's own rules:
// options that take a value are skipped with their value, local paths, archives, URLs and VCS
// links install code that has no registry version, and any version specifier counts as a version
// (`==1.2`, `>=3.5,<3.12`, `~=2.0`: the team chose a constraint; only a bare name floats freely).

export interface PackageSpec {
  name: string;
  /** `==`/`===` pins, other specifiers as written (`>=3.5,<=3.12`), `@ <url>` references; none when bare. */
  version?: string;
  /** The argument as written. */
  raw: string;
}

// pip install and uv pip install options that consume the next argument.
const OPTIONS_WITH_VALUE = new Set([
  '-r',
  '--requirement',
  '-c',
  '--constraint',
  '-e',
  '--editable',
  '-i',
  '--index-url',
  '--extra-index-url',
  '-f',
  '--find-links',
  '--trusted-host',
  '-t',
  '--target',
  '--platform',
  '--python-version',
  '--implementation',
  '--abi',
  '--root',
  '--prefix',
  '--src',
  '--upgrade-strategy',
  '--progress-bar',
  '--no-binary',
  '--only-binary',
  '-C',
  '--config-settings',
  '--global-option',
  '--report',
  '--log',
  '--cache-dir',
  '--proxy',
  '--retries',
  '--timeout',
  '--exists-action',
  '--cert',
  '--client-cert',
  '--keyring-provider',
  '--python',
  '-p',
  '--index-strategy',
  '--resolution',
  '--prerelease',
  '--extra',
  '--group',
  '--index',
  '--default-index',
  '--link-mode',
  '--exclude-newer',
  '--override',
  '--build-constraint',
]);
const LOCAL_OR_URL = /^(\.|~|\/)|\/|\\|^[a-z][\w+.-]*:|\.(whl|zip|tar\.gz|tgz|tar\.bz2)$/i;
const TEMPLATED = /\$|\{\{|\{%/;
const SPEC = /^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*(?:(@)\s*(\S+)|((?:===|==|~=|>=|<=|!=|>|<)[^;]*))?\s*(?:;.*)?$/;

/** The packages named by the arguments after `install`. */
export function pipInstallSpecs(args: readonly string[], skipNames: ReadonlySet<string> = new Set()): PackageSpec[] {
  const out: PackageSpec[] = [];
  // `--pre` asks for the newest development build on purpose (a nightly test job): the team chose to
  // track it, as a specifier would choose a range, so a bare name under it is not left floating by accident.
  const tracksPreReleases = args.includes('--pre');
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (OPTIONS_WITH_VALUE.has(arg)) {
      i++;
      continue;
    }
    if (arg.startsWith('-') || TEMPLATED.test(arg) || LOCAL_OR_URL.test(arg)) continue;
    const m = SPEC.exec(arg.trim());
    if (!m || skipNames.has(m[1].toLowerCase())) continue;
    out.push({ name: m[1], version: (m[3] ? m[4] : specifier(m[5])) ?? (tracksPreReleases ? '--pre' : undefined), raw: arg });
  }
  return out;
}

/** `==1.2` -> `1.2`; other specifiers as written, without spaces; none when there is no specifier. */
function specifier(text: string | undefined): string | undefined {
  const spec = text?.replace(/\s+/g, '');
  if (!spec) return undefined;
  return /^={2,3}/.test(spec) ? spec.replace(/^={2,3}/, '') : spec;
}

/** Where the arguments of `pip install` start in a command's argv, or -1 when it is not one. */
export function pipInstallStart(argv: readonly string[]): number {
  const [a, b, c, d] = argv;
  if (/^pip3?$/.test(a ?? '') && b === 'install') return 2;
  if (a === 'uv' && b === 'pip' && c === 'install') return 3;
  if (/^python[\d.]*$/.test(a ?? '') && b === '-m' && c === 'pip' && d === 'install') return 4;
  return -1;
}
