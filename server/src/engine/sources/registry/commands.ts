// Registry accesses in shell commands (CI steps, container commands, Bash tasks): the CLIs of
// each registry, and any registry URI passed to another command.
import { hfRepo, parseRegistryUri, wandbName } from './uri';
import type { RegistryAccess } from './stock';

/** Options of `argv` as `--name value` or `--name=value` (the last one wins). */
function option(argv: string[], ...names: string[]): string | undefined {
  let found: string | undefined;
  argv.forEach((word, i) => {
    for (const name of names) {
      if (word === name && argv[i + 1] !== undefined) found = argv[i + 1];
      else if (word.startsWith(`${name}=`)) found = word.slice(name.length + 1);
    }
  });
  return found;
}

function positional(argv: string[], valued: Set<string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i];
    if (w.startsWith('-')) {
      if (!w.includes('=') && valued.has(w)) i++;
      continue;
    }
    out.push(w);
  }
  return out;
}

const HF_VALUED = new Set([
  '--repo-type',
  '--revision',
  '--token',
  '--commit-message',
  '--include',
  '--exclude',
  '--local-dir',
  '--cache-dir',
]);

/** Whether a script may run a registry CLI or name a registry URI: scripts without any are not split into commands. */
export function mayUseRegistry(script: string): boolean {
  return /\b(?:mlflow|huggingface-cli|hf|wandb|gcloud|aws)\s|models:\/|hf:\/\/|wandb-artifact:|:model-package/.test(script);
}

/** The registry accesses of one command (argv as the shell splits it). */
export function registryCommand(argv: string[]): RegistryAccess[] {
  const [tool, sub, verb] = argv;
  if (tool === 'mlflow' && (sub === 'models' || sub === 'deployments')) {
    const uri = option(argv, '-m', '--model-uri');
    const access = uri ? parseRegistryUri(uri) : undefined;
    return access ? [access] : [];
  }
  if ((tool === 'huggingface-cli' || tool === 'hf') && (sub === 'upload' || sub === 'download')) {
    const type = option(argv, '--repo-type');
    if (type && type !== 'model') return [];
    const repo = positional(argv.slice(2), HF_VALUED)[0];
    const access = repo
      ? hfRepo(
          sub === 'download' && option(argv, '--revision') ? `${repo}@${option(argv, '--revision')}` : repo,
          sub === 'upload' ? 'writes' : 'reads',
        )
      : undefined;
    return access ? [sub === 'upload' ? { ...access, pointer: undefined } : access] : [];
  }
  if (tool === 'wandb' && sub === 'artifact' && (verb === 'get' || verb === 'put')) {
    const spec = verb === 'put' ? option(argv, '--name', '-n') : positional(argv.slice(3), new Set(['--root', '--type', '-t']))[0];
    const access = spec ? wandbName(spec, verb === 'put' ? 'writes' : 'reads') : undefined;
    return access ? [access] : [];
  }
  if (tool === 'gcloud' && sub === 'ai' && verb === 'models' && argv[3] === 'upload') {
    const parent = option(argv, '--parent-model');
    const name = (parent && parseRegistryUri(parent)?.name) ?? parent ?? option(argv, '--model-id') ?? option(argv, '--display-name');
    return name ? [{ direction: 'writes', registry: 'vertex', name }] : [];
  }
  if (tool === 'gcloud' && sub === 'ai' && verb === 'endpoints' && argv[3] === 'deploy-model') {
    const model = option(argv, '--model');
    if (!model) return [];
    const resource = parseRegistryUri(model);
    return [resource ?? { direction: 'reads', registry: 'vertex', name: model.split('@')[0], pointer: 'default' }];
  }
  if (tool === 'aws' && sub === 'sagemaker') return sagemakerCli(argv);
  return argv.flatMap((word) => {
    const access = parseRegistryUri(word.slice(word.indexOf('=') + 1));
    return access ? [access] : [];
  });
}

function sagemakerCli(argv: string[]): RegistryAccess[] {
  const verb = argv[2];
  const group = option(argv, '--model-package-group-name');
  const status = option(argv, '--model-approval-status');
  if (verb === 'create-model-package' && group)
    return [
      {
        direction: 'writes',
        registry: 'sagemaker',
        name: group,
        ...(/^approved$/i.test(status ?? '') ? { promotes: true, pointer: 'Approved' } : {}),
      },
    ];
  if (verb === 'update-model-package' && /^approved$/i.test(status ?? '')) {
    const target = parseRegistryUri(option(argv, '--model-package-arn') ?? '', 'writes');
    return target ? [{ ...target, promotes: true, pointer: 'Approved' }] : [];
  }
  if (verb === 'list-model-packages' && group) return [{ direction: 'reads', registry: 'sagemaker', name: group, pointer: 'latest' }];
  return argv.flatMap((word) => {
    const access = parseRegistryUri(word);
    return access ? [access] : [];
  });
}
