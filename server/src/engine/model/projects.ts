// Projects: which independent project each file belongs to, so that rules comparing values or
// names across files never compare two unrelated projects that sit side by side in one
// workspace. A file's project is the nearest enclosing folder with a project marker, and two
// projects that the graph links (one names exactly a path, URI, table or registry model the
// other names, or reads the other's params file) count as one. See docs/design-notes.md.
import type { ArtifactRef, FileFacts } from './facts';
import { identify } from './identity';
import { dirname } from '../text/paths';

/** Files whose folder is a project's root. */
const MARKER_FILE =
  /(^|\/)(\.dvc\/config|pyproject\.toml|setup\.py|setup\.cfg|MLproject|Chart\.ya?ml|mlsystem\.ya?ml|CODEOWNERS|\.github\/CODEOWNERS|docs\/CODEOWNERS)$/;
/** A Kedro project: `src/<package>/settings.py` beside a `conf/` folder. */
const KEDRO_SETTINGS = /^(?:(.*)\/)?src\/[^/]+\/settings\.py$/;
const WORKFLOW = /^(?:(.*)\/)?\.github\/workflows\/[^/]+$/;
const DVC_PIPELINE = /(^|\/)dvc\.ya?ml$/;
/** Names that identify one thing across projects: a path or URI is where it is, a table or registry model is what it is. */
const LINKING_SCHEMES = new Set(['path', 'uri', 'table', 'model']);

const PARAMS_FILE = /^[^:]+\.(ya?ml|json|toml|py)$/;
/** A local service (`http://localhost:5000`) is every project's own, not a shared resource. */
const LOCAL_URI = /^[a-z][a-z0-9+.-]*:\/\/(localhost|127\.0\.0\.1|0\.0\.0\.0)([:/]|$)/i;

export type ProjectOf = (file: string) => string;

const cache = new WeakMap<readonly FileFacts[], ProjectOf>();

/** The project of each workspace file; computed once per analysed set of facts. */
export function projectsOf(facts: readonly FileFacts[], files: readonly string[]): ProjectOf {
  let projectOf = cache.get(facts);
  if (!projectOf) cache.set(facts, (projectOf = findProjects(facts, files)));
  return projectOf;
}

export function findProjects(facts: readonly FileFacts[], files: readonly string[]): ProjectOf {
  const folderOf = projectFolders(files);
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(x, root);
    return root;
  };
  const union = (a: string, b: string) => {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  };
  const namedBy = new Map<string, string>();
  const link = (key: string, folder: string) => {
    const first = namedBy.get(key);
    if (first === undefined) namedBy.set(key, folder);
    else if (first !== folder) union(first, folder);
  };
  for (const f of facts) {
    const folder = folderOf(f.file);
    const refs: ArtifactRef[] = [...f.io.map((io) => io.artifact), ...f.artifacts.map((a) => a.ref)];
    for (const ref of refs) {
      if (ref.dynamic || !LINKING_SCHEMES.has(ref.scheme)) continue;
      const key = identify(ref).key;
      if (!LOCAL_URI.test(key)) link(key, folder);
    }
    for (const r of f.references) if (r.kind === 'param' && r.scope && PARAMS_FILE.test(r.scope)) link(`path:${r.scope}`, folder);
  }
  return (file) => find(folderOf(file));
}

/**
 * The nearest enclosing marker folder: `.dvc/config`, pyproject.toml, setup.py/cfg, MLproject,
 * Chart.yaml, the system card, CODEOWNERS, `.github/workflows`, a Kedro project; a dvc.yaml
 * folder counts only where no other marker encloses it (the topmost one, as a DVC repository
 * whose `.dvc/` is not listed). A file under none belongs to the workspace root.
 */
function projectFolders(files: readonly string[]): (file: string) => string {
  const markers = new Set<string>();
  const folders = new Set(files.map(dirname));
  for (const file of files) {
    const marker = MARKER_FILE.exec(file);
    if (marker) markers.add(file.slice(0, marker.index).replace(/\/$/, ''));
    const workflow = WORKFLOW.exec(file);
    if (workflow) markers.add(workflow[1] ?? '');
    const kedro = KEDRO_SETTINGS.exec(file);
    if (kedro && hasFolder(folders, kedro[1] ? `${kedro[1]}/conf` : 'conf')) markers.add(kedro[1] ?? '');
  }
  const explicit = [...markers].sort(deepestFirst);
  const pipelines = files
    .filter((f) => DVC_PIPELINE.test(f))
    .map(dirname)
    .sort((a, b) => a.length - b.length);
  for (const dir of pipelines) {
    if (nearest(explicit, `${dir}/x`) !== undefined) continue;
    if (!pipelines.some((other) => other !== dir && encloses(other, dir))) markers.add(dir);
  }
  const sorted = [...markers].sort(deepestFirst);
  const byFolder = new Map<string, string>();
  return (file) => {
    const folder = dirname(file);
    let project = byFolder.get(folder);
    if (project === undefined) byFolder.set(folder, (project = nearest(sorted, file) ?? ''));
    return project;
  };
}

function hasFolder(folders: Set<string>, folder: string): boolean {
  for (const f of folders) if (f === folder || f.startsWith(`${folder}/`)) return true;
  return false;
}

function nearest(sortedDeepestFirst: readonly string[], file: string): string | undefined {
  return sortedDeepestFirst.find((m) => encloses(m, file));
}

function encloses(folder: string, path: string): boolean {
  return folder === '' || path.startsWith(`${folder}/`);
}

function deepestFirst(a: string, b: string): number {
  return b.length - a.length;
}
