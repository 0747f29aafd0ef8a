// Findings that are not about the system but about reading it: syntax errors, an invalid
// card, skipped files, suppressions. They have ids and docs like every rule.
import type { Rule, RuleMeta } from './rule';

function core(name: string, severity: RuleMeta['severity'], description: string): Rule {
  return {
    meta: { id: `loopwise/${name}`, category: 'loopwise', severity, description, fixable: false, sources: [] },
    check: () => undefined,
  };
}

export const CORE_RULES = {
  syntax: core('syntax-error', 'error', 'The file does not parse; Loopwise keeps its last good facts until it does.'),
  invalidCard: core('invalid-card', 'error', 'The system card (mlsystem.yaml) does not follow its schema.'),
  invalidConfig: core('invalid-config', 'warning', 'A pipeline file has a value Loopwise cannot use (wrong type, unknown owner format).'),
  skipped: core('skipped-file', 'info', 'A file was not analysed: too large or binary.'),
  template: core(
    'unrendered-template',
    'info',
    'A templated file (Helm, Jinja, cookiecutter, kapitan) was read only in part, or not at all: it is YAML only once rendered.',
  ),
  unsupportedSdk: core(
    'unsupported-sdk',
    'info',
    'Python files use a pipeline SDK Loopwise has no adapter for: they are not in the graph, so no findings there does not mean no debt.',
  ),
  internalError: core('internal-error', 'warning', 'Loopwise failed on a file or rule; the rest of the analysis still ran.'),
  suppressionWithoutReason: core('suppression-without-reason', 'warning', 'A loopwise-ignore comment gives no reason.'),
  expiredSuppression: core(
    'expired-suppression',
    'warning',
    'A loopwise-ignore comment is past its `until` date, so it no longer applies.',
  ),
  unusedSuppression: core('unused-suppression', 'info', 'A loopwise-ignore comment suppresses nothing.'),
};
