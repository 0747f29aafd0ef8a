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
    for (const scope of paramsFilesOf(f)) link(`path:${scope}`, folder);
  }
  return (file) => find(folderOf(file));
}

/** The params files a file's references read (`params.yaml` of a DVC stage): they link projects. */
export function paramsFilesOf(f: FileFacts): string[] {
  const out: string[] = [];
  for (const r of f.references) if (r.kind === 'param' && r.scope && PARAMS_FILE.test(r.scope)) out.push(r.scope);
  return out;
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
  const pipelines = files
    .filter((f) => DVC_PIPELINE.test(f))
    .map(dirname)
    .sort((a, b) => a.length - b.length);
  const explicitSet = new Set(markers);
  const pipelineSet = new Set(pipelines);
  const enclosedBy = (dir: string, set: ReadonlySet<string>, self: boolean): boolean => {
    if (self && set.has(dir)) return true;
    for (let up = dir; up !== '';) {
      up = dirname(up);
      if (set.has(up)) return true;
    }
    return false;
  };
  for (const dir of pipelines) {
    if (enclosedBy(dir, explicitSet, true)) continue;
    if (!enclosedBy(dir, pipelineSet, false)) markers.add(dir);
  }
  const byFolder = new Map<string, string>();
  // The nearest marker of a folder is the folder itself or its parent's: one lookup per folder
  // level, so thousands of projects cost no more than one.
  const projectOfFolder = (folder: string): string => {
    let project = byFolder.get(folder);
    if (project === undefined) {
      project = markers.has(folder) ? folder : folder === '' ? '' : projectOfFolder(dirname(folder));
      byFolder.set(folder, project);
    }
    return project;
  };
  return (file) => projectOfFolder(dirname(file));
}

function hasFolder(folders: Set<string>, folder: string): boolean {
  for (const f of folders) if (f === folder || f.startsWith(`${folder}/`)) return true;
  return false;
}
