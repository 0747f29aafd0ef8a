// Every rule Loopwise runs, by category in catalogue order (DESIGN.md §4). Adding a rule
// touches its category folder only: the rule file and the category's index.
import type { Rule } from './rule';
import { CONFIG_RULES } from './config/index';
import { PIPELINE_RULES } from './pipeline/index';
import { FEEDBACK_RULES } from './feedback/index';
import { OWNERSHIP_RULES } from './ownership/index';
import { TEAM_RULES } from './team/index';
import { RESILIENCE_RULES } from './resilience/index';
import { MONITORING_RULES } from './monitoring/index';
import { GOVERNANCE_RULES } from './governance/index';
import { COST_RULES } from './cost/index';
import { CORE_RULES } from './core';

export const RULES: Rule[] = [
  ...CONFIG_RULES,
  ...PIPELINE_RULES,
  ...FEEDBACK_RULES,
  ...OWNERSHIP_RULES,
  ...TEAM_RULES,
  ...RESILIENCE_RULES,
  ...MONITORING_RULES,
  ...GOVERNANCE_RULES,
  ...COST_RULES,
];

/** Rules plus the core ids (syntax errors, suppressions), for `loopwise rules` and SARIF metadata. */
export const ALL_RULE_METAS = [...RULES.map((r) => r.meta), ...Object.values(CORE_RULES).map((r) => r.meta)];
