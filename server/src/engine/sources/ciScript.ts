// Commands of CI job scripts (GitHub Actions `run:`, GitLab CI `script:`): what a command reads and
// writes (`dvc pull`, `aws s3 cp`, `gsutil cp`, `python x.py --out y`) and the packages it installs.
import { stageId, type FileFacts, type SourceRef } from '../model/facts';
import { remark, type StageNote } from '../model/stageNotes';
import { basename } from '../text/paths';
import { guessRole, kindOfPath } from './roles';
import { isUri } from '../model/identity';
import type { ShellCommand } from './shell';
import { pipInstallSpecs, pipInstallStart } from './pipInstall';
import { systemInstall } from './systemInstall';
import { registryCommand } from './registry/commands';
import { addRegistryAccess } from './registry/facts';

/** The file's facts and the pipeline the job belongs to. */
export interface ScriptContext {
  facts: FileFacts;
  name: string;
}

export function readScriptCommand(
  wf: ScriptContext,
  stage: string,
  jobId: string,
  cmd: ShellCommand,
  at: SourceRef,
  notes: StageNote[],
): void {
  const { facts } = wf;
  const [tool, sub] = cmd.argv;
  const system = systemInstall(cmd.argv);
  for (const access of registryCommand(cmd.argv)) addRegistryAccess(facts, stage, access, at);
  if (tool === 'dvc' && (sub === 'pull' || sub === 'fetch' || sub === 'checkout')) {
    for (const target of positional(cmd.argv.slice(2)))
      facts.io.push({ stage, direction: 'reads', artifact: { scheme: 'path', name: target, kind: kindOfPath(target) }, range: at });
  } else if (tool === 'dvc' && (sub === 'repro' || sub === 'exp')) {
    notes.push(remark(`runs dvc ${sub}`));
  } else if (
    (tool === 'aws' && sub === 's3' && (cmd.argv[2] === 'cp' || cmd.argv[2] === 'sync')) ||
    (tool === 'gsutil' && (sub === 'cp' || sub === 'rsync'))
  ) {
    const [from, to] = positional(cmd.argv.slice(tool === 'aws' ? 3 : 2));
    if (from && to) {
      facts.io.push({ stage, direction: 'reads', artifact: artifactOf(from), range: at });
      facts.io.push({ stage, direction: 'writes', artifact: artifactOf(to), range: at });
    }
  } else if (/^python3?$/.test(tool ?? '') && cmd.argv[1] && !cmd.argv[1].startsWith('-')) {
    readPythonStep(wf, stage, jobId, cmd, at);
  } else if (pipInstallStart(cmd.argv) > 0) {
    readInstall(wf, stage, cmd.argv.slice(pipInstallStart(cmd.argv)), at);
  } else if (system) {
    for (const spec of system.packages)
      facts.versions.push({ subject: 'package', name: spec.name, version: spec.version, installer: system.installer, range: at, stage });
  } else if (tool === 'npm' && (sub === 'install' || sub === 'i')) {
    for (const pkg of positional(cmd.argv.slice(2)))
      facts.versions.push({
        subject: 'package',
        name: pkg.replace(/@[^@/]*$/, '') || pkg,
        version: /.@[^/]+$/.test(pkg) ? pkg.slice(pkg.lastIndexOf('@') + 1) : undefined,
        range: at,
        stage,
      });
  }
}

/** A `python script.py args` step is a stage of its own: the script and its path arguments are what it reads. */
function readPythonStep(wf: ScriptContext, jobStage: string, jobId: string, cmd: ShellCommand, at: SourceRef): void {
  const script = cmd.argv[1];
  const id = stageId(wf.facts.file, wf.name, `${jobId}/${basename(script)}`);
  if (!wf.facts.stages.some((s) => s.id === id)) {
    wf.facts.stages.push({
      id,
      name: `${jobId}/${basename(script)}`,
      pipeline: wf.name,
      role: guessRole(script, cmd.text),
      range: at,
      command: cmd.text,
    });
    wf.facts.orders.push({ before: jobStage, after: id, via: 'step', range: at });
  }
  wf.facts.io.push({ stage: id, direction: 'reads', artifact: { scheme: 'path', name: script, kind: 'code' }, range: at });
  const args = cmd.argv.slice(2);
  args.forEach((arg, i) => {
    const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : arg;
    if (!looksLikeArtifact(value)) return;
    const flag = arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : (args[i - 1] ?? '');
    const direction = /out|dest|save|export|write|target|to$/i.test(flag) ? 'writes' : 'reads';
    wf.facts.io.push({ stage: id, direction, artifact: artifactOf(value), range: at });
  });
}

function readInstall(wf: ScriptContext, stage: string, args: string[], at: SourceRef): void {
  for (const spec of pipInstallSpecs(args, INSTALLERS)) {
    wf.facts.versions.push({ subject: 'package', name: spec.name, version: spec.version, range: at, stage });
  }
}

// Upgrading the installer itself does not change what the pipeline computes.
const INSTALLERS = new Set(['pip', 'setuptools', 'wheel', 'pip-tools', 'uv']);

function positional(args: string[]): string[] {
  return args.filter((a) => !a.startsWith('-'));
}

function looksLikeArtifact(value: string): boolean {
  if (isUri(value)) return true;
  return (
    /^[\w.\-/]+\.(csv|parquet|json|jsonl|pkl|joblib|onnx|pt|h5|txt|tsv|feather|avro|orc|npz|npy)$/i.test(value) ||
    /^(data|models?|artifacts|outputs?)\/[\w.\-/]+$/.test(value)
  );
}

function artifactOf(value: string): { scheme: 'uri' | 'path'; name: string; kind?: ReturnType<typeof kindOfPath> } {
  return { scheme: isUri(value) ? 'uri' : 'path', name: value, kind: kindOfPath(value) };
}
