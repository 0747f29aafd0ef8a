// A GitLab CI pipeline is one configuration spread over files: the project's `.gitlab-ci.yml`
// and the files it `include`s. To read one of them, Loopwise needs the others: where a `needs`
// job or an `extends` template is defined, the `stages:` order, the `default:` keywords. Only
// local includes are in the workspace; `project:`, `remote:`, `template:` and `component:`
// includes (and wildcard paths) leave the pipeline incomplete, so nothing is reported as missing.
import type { SiblingReader } from './adapter';
import { entries, get, items, mappings, parseYaml, str, isMap, type YamlFile, type YamlNode } from '../text/yaml';
import { dirname } from '../text/paths';
import type { YAMLMap } from 'yaml';

/** Top-level keys that are not jobs (GitLab CI YAML reference, "Global keywords"). */
export const GLOBAL_KEYWORDS = new Set([
  'default',
  'include',
  'stages',
  'variables',
  'workflow',
  'image',
  'services',
  'cache',
  'before_script',
  'after_script',
  'types',
  'spec',
]);

export const DEFAULT_STAGES = ['build', 'test', 'deploy'];

export interface ProjectFile {
  path: string;
  y: YamlFile;
  root: YAMLMap;
}

export interface JobDef {
  name: string;
  file: ProjectFile;
  node: YamlNode | undefined;
}

export interface Include {
  kind: 'local' | 'project' | 'remote' | 'template' | 'component' | 'artifact';
  target: string;
  node: YamlNode;
}

export interface GitLabProject {
  /** The pipeline's main file, or the file itself when no `.gitlab-ci.yml` above includes it. */
  main: string;
  files: ProjectFile[];
  /** Jobs and hidden jobs (templates) by name; the last definition wins, as in GitLab's merge of includes. */
  jobs: Map<string, JobDef>;
  stages: string[];
  /** Whether every file of the pipeline was read: only then is a name that resolves nowhere certainly missing. */
  complete: boolean;
  /** What could not be read, for the coverage notice. */
  unread: string[];
  /** The file is neither a `.gitlab-ci.yml` nor included by one: read on its own. */
  standalone: boolean;
}

const MAX_INCLUDES = 150; // GitLab's own limit on included files

export function readProject(path: string, y: YamlFile, siblings: SiblingReader): GitLabProject {
  const self: ProjectFile | undefined = mappings(y)[0] ? { path, y, root: mappings(y)[0] } : undefined;
  const main = findMain(path, siblings);
  let files: ProjectFile[] = [];
  const unread: string[] = [];
  if (main && main !== path) {
    const mainText = siblings.read(main);
    const mainY = mainText === undefined ? undefined : parseYaml(main, mainText);
    const mainRoot = mainY ? mappings(mainY)[0] : undefined;
    if (mainY && mainRoot) files = collect({ path: main, y: mainY, root: mainRoot }, self, siblings, unread);
    if (!files.some((f) => f.path === path)) files = [];
  }
  const isMain = files.length > 0 || (self !== undefined && /(^|\/)\.gitlab-ci\.ya?ml$/.test(path));
  if (files.length === 0 && self) files = isMain ? collect(self, self, siblings, unread) : [self];
  const jobs = new Map<string, JobDef>();
  for (const file of files)
    for (const [name, node] of entries(file.root)) if (!GLOBAL_KEYWORDS.has(name)) jobs.set(name, { name, file, node });
  const stagesNode = files.map((f) => get(f.root, 'stages')).find(Boolean);
  const declared = items(stagesNode).flatMap((s) => str(files[0].y, s) ?? []);
  const stages = ['.pre', ...(declared.length ? declared.filter((s) => s !== '.pre' && s !== '.post') : DEFAULT_STAGES), '.post'];
  return { main: isMain ? files[0].path : path, files, jobs, stages, complete: isMain && unread.length === 0, unread, standalone: !isMain };
}

/** The nearest `.gitlab-ci.yml` at or above the file's folder. */
function findMain(path: string, siblings: SiblingReader): string | undefined {
  if (/(^|\/)\.gitlab-ci\.ya?ml$/.test(path)) return path;
  let dir = dirname(path);
  for (let depth = 0; depth < 50; depth++) {
    for (const name of ['.gitlab-ci.yml', '.gitlab-ci.yaml']) {
      const candidate = dir ? `${dir}/${name}` : name;
      if (siblings.read(candidate) !== undefined) return candidate;
    }
    if (!dir || dir === '.') return undefined;
    dir = dirname(dir);
  }
  return undefined;
}

/** The main file and every file it includes locally, depth first in include order. */
function collect(main: ProjectFile, self: ProjectFile | undefined, siblings: SiblingReader, unread: string[]): ProjectFile[] {
  const base = dirname(main.path);
  const out: ProjectFile[] = [];
  const visit = (file: ProjectFile) => {
    if (out.length >= MAX_INCLUDES || out.some((f) => f.path === file.path)) return;
    out.push(file);
    for (const inc of includesOf(file.y, file.root)) {
      if (inc.kind !== 'local') {
        unread.push(`${inc.kind}: ${inc.target}`);
        continue;
      }
      if (/[*$]/.test(inc.target)) {
        unread.push(`local: ${inc.target}`);
        continue;
      }
      const target = localPath(base, inc.target);
      if (self && target === self.path) {
        visit(self);
        continue;
      }
      const text = siblings.read(target);
      const y = text === undefined ? undefined : parseYaml(target, text);
      const root = y ? mappings(y)[0] : undefined;
      if (y && root) visit({ path: target, y, root });
      else if (text === undefined) unread.push(`local: ${inc.target} (not in the workspace)`);
    }
  };
  visit(main);
  return out;
}

/** A local include is relative to the project's root folder, with or without a leading `/`. */
export function localPath(base: string, target: string): string {
  const rel = target.replace(/^\.?\/+/, '');
  return base && base !== '.' ? `${base}/${rel}` : rel;
}

/** `include:` as GitLab reads it: a string, a list of strings, or maps keyed by the include's kind. */
export function includesOf(y: YamlFile, root: YamlNode | undefined): Include[] {
  const node = get(root, 'include');
  const list = items(node).length ? items(node) : node ? [node] : [];
  const out: Include[] = [];
  for (const entry of list) {
    const text = str(y, entry);
    if (text) {
      out.push({ kind: /^https?:\/\//.test(text) ? 'remote' : 'local', target: text, node: entry });
      continue;
    }
    if (!isMap(entry)) continue;
    for (const kind of ['local', 'remote', 'template', 'component', 'artifact'] as const) {
      const target = str(y, get(entry, kind));
      if (target) out.push({ kind, target, node: entry });
    }
    const project = str(y, get(entry, 'project'));
    if (project) out.push({ kind: 'project', target: project, node: entry });
  }
  return out;
}
