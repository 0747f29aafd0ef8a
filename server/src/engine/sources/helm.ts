// Helm charts by their layout: a chart is a folder with a Chart.yaml, its manifests templates
// under its `templates/` folder (helm.sh: "The Chart File Structure").
import type { SiblingReader } from './adapter';

/** Whether `path` lies in the `templates/` folder of a chart, i.e. a Chart.yaml sits beside that folder. */
export function inHelmChart(path: string, siblings: SiblingReader): boolean {
  const parts = path.split('/');
  for (let i = parts.length - 2; i >= 0; i--) {
    if (parts[i] !== 'templates') continue;
    const root = parts.slice(0, i).join('/');
    if (siblings.read(root ? `${root}/Chart.yaml` : 'Chart.yaml') !== undefined) return true;
  }
  return false;
}
