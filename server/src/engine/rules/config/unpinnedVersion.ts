import type { Rule, RuleContext } from '../rule';
import type { RelatedLocation } from '../../model/finding';
import type { VersionPin } from '../../model/facts';
import { MOVING_VERSION as MOVING, movingWriters, pinFixes } from '../../fixes/versionPin';
import { isPlaceholderVersion } from '../../fixes/placeholders';
import { describe } from '../helpers';
import { dirname, joinPath } from '../../text/paths';
import { parse as parseYamlValue } from 'yaml';

function problem(pin: VersionPin): string | undefined {
  const version = pin.version?.trim();
  if (isPlaceholderVersion(version))
    return `\`${pin.name}\` is pinned to the placeholder \`${version}\`; replace it with the version you mean to run.`;
  switch (pin.subject) {
    case 'action':
      if (/\/\.github\/workflows\//.test(pin.name) && version && MOVING.test(version))
        return `Reusable workflow \`${pin.name}@${version}\` follows a branch, so each run calls whatever was last pushed there; pin a release tag or commit SHA.`;
      if (!version)
        return `Action \`${pin.name}\` has no version; pin a release tag or commit SHA (\`${pin.name}@v4\`) so the workflow does not change under you.`;
      return MOVING.test(version)
        ? `Action \`${pin.name}@${version}\` follows a branch; pin a release tag or commit SHA so the workflow does not change under you.`
        : undefined;
    case 'package':
      if (pin.installer)
        return version
          ? undefined
          : `System package \`${pin.name}\` is installed by ${pin.installer} without a version, so each run gets whatever the distribution's repository holds that day (assumed: what the job builds or checks depends on it, as the job installs it); pin it (${SYSTEM_PIN[pin.installer] ?? 'name=version'}) or install it in a versioned image.`;
      return version
        ? undefined
        : `Package \`${pin.name}\` is installed without a version, so each run may get different code; pin it (\`${pin.name}==x.y.z\`) or install from a lock file.`;
    default: {
      if (!version && isPlaceholderLocation(pin.name)) return undefined;
      const what = { image: 'Image', model: 'Model', 'feature-view': 'Feature view', dataset: 'Dataset' }[pin.subject];
      if (pin.moving && version)
        return `Model \`${pin.name}\` is loaded through the registry pointer \`${version}\`, which moves whenever a new version is published or promoted, so what runs changes without a change here; load a fixed version so runs are reproducible and can be rolled back.`;
      if (!version)
        return pin.subject === 'model'
          ? `Model \`${pin.name}\` is loaded from a path with no version in it, so whatever is uploaded there next is served; load a versioned path so deployments are reproducible and can be rolled back.`
          : `${what} \`${pin.name}\` has no version, so it resolves to whatever is newest; pin a tag or digest so runs are reproducible and can be rolled back.`;
      return MOVING.test(version)
        ? `${what} \`${pin.name}\` is pinned to the moving pointer \`${version}\`; pin a fixed version so runs are reproducible and can be rolled back.`
        : undefined;
    }
  }
}

/** How each system package manager writes a version, for the message. */
const SYSTEM_PIN: Record<string, string> = {
  apk: '`name=1.2.3-r0`',
  apt: '`name=1.2.3-1`',
  yum: '`name-1.2.3`',
  dnf: '`name-1.2.3`',
  microdnf: '`name-1.2.3`',
};

/**
 * A documentation placeholder the reader replaces before deploying (`proto://path/to/model`,
 * `s3://<your-bucket>/model`, the reserved `example.com` domains): it names no real location,
 * so whether that location is versioned is the reader's choice.
 */
const PLACEHOLDER_LOCATION = /(^|[/:])path\/to(\/|$)|<[^<>]*>|(^|[/.@])example\.(com|org|net)(\/|:|$)|(^|[/:])your[-_][\w-]+/i;

function isPlaceholderLocation(name: string): boolean {
  return PLACEHOLDER_LOCATION.test(name);
}

export const unpinnedVersion: Rule = {
  meta: {
    id: 'config/unpinned-version',
    category: 'config',
    severity: 'warning',
    description:
      'Images, models, feature views, packages or actions referenced by a moving pointer (`latest`, a branch) or by no version at all.',
    fixable: true,
    sources: [
      'Sculley et al. 2015, "Hidden Technical Debt in Machine Learning Systems" (configuration debt, unstable data dependencies)',
      'Breck et al. 2017, "The ML Test Score", Infrastructure 1 (reproducible training)',
    ],
  },
  *check(ctx) {
    let bases: Set<string> | undefined;
    for (const facts of ctx.facts) {
      if (ctx.pauseDue()) yield;
      for (const pin of facts.versions) {
        if (pin.name.includes('${{') || pin.name.includes('{{')) continue;
        if (pin.subject === 'image' && !pin.version && (bases ??= kustomizeResources(ctx)).has(pin.range.file)) continue;
        const message = problem(pin);
        if (!message) continue;
        // A system package's version comes from its distribution, not from the workspace's lock files.
        const fixes = pin.installer ? [] : pinFixes(ctx, pin);
        const writers = isPlaceholderVersion(pin.version) ? [] : movingWriters(ctx, pin);
        ctx.report({
          at: pin.range,
          message: writers.length ? `${message} ${writtenThrough(writers)}` : message,
          related: writers.flatMap((w) => writeAt(ctx, w, pin)),
          nodes: pin.stage ? [pin.stage] : undefined,
          fixes: fixes.length ? fixes : undefined,
          // A tool a CI job installs on a fresh runner moves less of the result than a library the code imports.
          severity: pin.installer ? 'info' : undefined,
        });
      }
    }
  },
};

/** Why the pin cannot be fixed here alone: a stage of the workspace publishes to the moving pointer. */
function writtenThrough(writers: ReturnType<typeof movingWriters>): string {
  const names = writers.map((w) => describe(w)).join(', ');
  return `Its ${writers.length === 1 ? 'writer' : 'writers'}, ${names}, ${writers.length === 1 ? 'publishes' : 'publish'} to this moving pointer, so pin both ends: publish each version under its own path or tag there and load that version here (pinning only this reference would cut it off from what is published).`;
}

function writeAt(ctx: RuleContext, writer: ReturnType<typeof movingWriters>[number], pin: VersionPin): RelatedLocation[] {
  const write = ctx.graph
    .outgoing(writer.id)
    .find((e) => e.kind === 'writes' && e.source && ctx.graph.incoming(pin.stage ?? '').some((r) => r.kind === 'reads' && r.from === e.to));
  return write?.source ? [{ ...write.source, message: `${writer.label} publishes to the moving pointer here` }] : [];
}

const KUSTOMIZATION = /(^|\/)(kustomization\.ya?ml|Kustomization)$/;

/**
 * Files a kustomization lists under `resources:`. Kustomize sets their images' tags from `images:`
 * (`kustomize edit set image name=name:tag`, in that kustomization or an overlay built on it), so
 * an image named there with no tag at all is the base's placeholder for the tag, not a moving one;
 * an explicit `:latest` is still reported.
 */
function kustomizeResources(ctx: RuleContext): Set<string> {
  const out = new Set<string>();
  for (const file of ctx.files()) {
    if (!KUSTOMIZATION.test(file)) continue;
    let doc: unknown;
    try {
      doc = parseYamlValue(ctx.text(file) ?? '');
    } catch {
      continue;
    }
    const resources = (doc as { resources?: unknown } | null)?.resources;
    if (!Array.isArray(resources)) continue;
    for (const r of resources) if (typeof r === 'string' && /\.ya?ml$/.test(r)) out.add(joinPath(dirname(file), r));
  }
  return out;
}
