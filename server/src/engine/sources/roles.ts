import type { ArtifactKind, StageRole } from '../model/facts';
import { basename } from '../text/paths';

// Ordered by specificity: the first role whose words appear in the stage's name (then its
// command) wins. Words, not substrings: `export_training_labels` labels, it does not train.
const ROLE_WORDS: Array<[StageRole, RegExp]> = [
  ['label', /^(labels?|labell?ing|review|reviewer|reviews|annotat\w*|feedback|adjudicat\w*)$/],
  ['evaluate', /^(eval|evaluate|evaluation|validate|validation|metrics?|monitor\w*|drift|test|compare|gate)$/],
  ['deploy', /^(deploy\w*|release|promote|publish|register|registration|rollout)$/],
  ['train', /^(train|training|retrain|fit|tune|tuning|hyperparameter\w*|hpo)$/],
  ['serve', /^(serve|serving|server|predict\w*|score|scoring|scorer|inference|infer|transformer|predictor)$/],
  ['ingest', /^(ingest\w*|extract|fetch|download|pull|import|collect|sync|load)$/],
  ['report', /^(report\w*|plot\w*|dashboard|notify|comment|kpis?)$/],
  ['transform', /^(prep\w*|featur\w*|transform\w*|clean\w*|aggregat\w*|join|split|process\w*|build\w*|export|compute|merge|reweight)$/],
];

function words(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** The role a stage plays, guessed from its name and command when the format does not say. */
export function guessRole(name: string, command = ''): StageRole {
  for (const text of [name, command]) {
    const ws = words(text);
    // A name usually starts with its verb: `export_training_set` exports, `train_model` trains.
    const leading = ws[0] ? ROLE_WORDS.find(([, pattern]) => pattern.test(ws[0])) : undefined;
    if (leading) return leading[0];
    for (const [role, pattern] of ROLE_WORDS) if (ws.some((w) => pattern.test(w))) return role;
  }
  return 'other';
}

// How code is built and installed: a stage depends on these like on its sources.
const PACKAGING_FILE = /^(pyproject\.toml|setup\.cfg|requirements[\w.-]*\.(txt|in)|pipfile(\.lock)?|[\w.-]+\.lock)$/;
// What people read: figures, documents, web pages, run logs, and whatever sits in a folder named for them.
const REPORT_FILE = /\.(png|jpe?g|gif|svg|pdf|html?|md|log)$/;
const REPORT_FOLDER = /(^|\/)(plots?|figures?|figs|reports?|logs?|data_docs|docs)(\/|$)/;

/** The kind of stock a path most likely holds, from its name. */
export function kindOfPath(path: string): ArtifactKind | undefined {
  const name = basename(path).toLowerCase();
  if (/\.(py|sh|r|ipynb|sql)$/.test(name) || PACKAGING_FILE.test(name)) return 'code';
  if (/\.(pkl|pickle|joblib|onnx|pt|pth|h5|keras|bin|safetensors|ckpt)$/.test(name) || /model/.test(path.toLowerCase())) return 'model';
  if (/metric|score|eval/.test(name)) return 'metrics';
  if (/label/.test(path.toLowerCase())) return 'labels';
  if (/predict|flag|score/.test(path.toLowerCase())) return 'predictions';
  if (/feature/.test(path.toLowerCase())) return 'features';
  if (REPORT_FILE.test(name) || REPORT_FOLDER.test(path.toLowerCase())) return 'report';
  return 'data';
}
