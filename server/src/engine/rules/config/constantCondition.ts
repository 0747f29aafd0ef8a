import type { Rule, RuleContext } from '../rule';
import { entries, get, items, isMap, mappings, parseYaml, refOf, str, type YamlFile, type YamlNode } from '../../text/yaml';

export const constantCondition: Rule = {
  meta: {
    id: 'config/constant-condition',
    category: 'config',
    severity: 'warning',
    description:
      'A condition that is always true or always false: a GitHub Actions `if:` with `${{ }}` inside a longer string (a non-empty string is true), an Argo `when:` that compares two constants.',
    fixable: false,
    sources: [
      'GitHub Docs, "Evaluate expressions in workflows and actions": an `if:` is an expression; `${{ }}` inside other text is interpolated into a string',
      'actionlint, "Constant condition at if:" check',
    ],
  },
  scope: 'file',
  check(ctx) {
    for (const facts of ctx.facts) {
      if (facts.format !== 'github-actions' && facts.format !== 'argo') continue;
      if (facts.problems.some((p) => p.template || p.syntax)) continue;
      const text = ctx.text(facts.file);
      if (text === undefined) continue;
      const y = parseYaml(facts.file, text);
      if (facts.format === 'github-actions') checkWorkflow(ctx, y);
      else checkArgo(ctx, y);
    }
  },
};

function checkWorkflow(ctx: RuleContext, y: YamlFile): void {
  for (const root of mappings(y)) {
    for (const [jobId, job] of entries(get(root, 'jobs'))) {
      checkIf(ctx, y, get(job, 'if'), `job \`${jobId}\``);
      for (const step of items(get(job, 'steps'))) checkIf(ctx, y, get(step, 'if'), `this step of \`${jobId}\``);
    }
  }
}

function checkIf(ctx: RuleContext, y: YamlFile, node: YamlNode | undefined, what: string): void {
  const condition = str(y, node)?.trim();
  if (!condition || !condition.includes('${{') || isOneExpression(condition)) return;
  ctx.report({
    at: refOf(y, node),
    message: `\`if: ${condition}\` is always true, so ${what} always runs: GitHub replaces each \`\${{ }}\` inside a longer string with its value and evaluates the result as a string, and a non-empty string is true. Write the whole condition inside one \`\${{ }}\`, or without braces.`,
  });
}

/** `${{ … }}` around the whole condition, with no `}}` closing it earlier. */
function isOneExpression(condition: string): boolean {
  return condition.startsWith('${{') && condition.endsWith('}}') && condition.indexOf('}}') === condition.length - 2;
}

const LITERAL = String.raw`(?:'[^'{}]*'|"[^"{}]*"|-?\d+(?:\.\d+)?|true|false)`;
const CONSTANT_COMPARISON = new RegExp(String.raw`^\s*(${LITERAL})\s*(==|!=|<=|>=|<|>)\s*(${LITERAL})\s*$`);

/** Argo `when:` whose both sides are literals: no parameter or output can change the outcome. */
function checkArgo(ctx: RuleContext, y: YamlFile): void {
  for (const root of mappings(y)) {
    const spec = get(root, 'spec');
    const wfSpec = isMap(get(spec, 'workflowSpec')) ? get(spec, 'workflowSpec') : spec;
    for (const template of items(get(wfSpec, 'templates'))) {
      const steps = items(get(template, 'steps')).flatMap((group) => (isMap(group) ? [group] : items(group)));
      for (const task of [...items(get(get(template, 'dag'), 'tasks')), ...steps]) {
        const node = get(task, 'when');
        const when = str(y, node);
        const m = when ? CONSTANT_COMPARISON.exec(when) : null;
        if (!m || !node) continue;
        const outcome = compare(m[1], m[2], m[3]);
        if (outcome === undefined) continue;
        const name = str(y, get(task, 'name')) ?? 'this task';
        ctx.report({
          at: refOf(y, node),
          message: `\`when: ${when}\` compares two constants, so \`${name}\` ${outcome ? 'always runs' : 'never runs'}; compare a parameter or an output (\`{{inputs.parameters.x}}\`) instead, or remove the condition.`,
        });
      }
    }
  }
}

function compare(left: string, op: string, right: string): boolean | undefined {
  const value = (s: string): string | number => (/^['"]/.test(s) ? s.slice(1, -1) : /^-?\d/.test(s) ? Number(s) : s);
  const [a, b] = [value(left), value(right)];
  if (op === '==') return a === b;
  if (op === '!=') return a !== b;
  if (typeof a !== 'number' || typeof b !== 'number') return undefined;
  return op === '<' ? a < b : op === '>' ? a > b : op === '<=' ? a <= b : a >= b;
}
