import type { Rule } from '../rule';
import { highRiskWithoutOversight } from './highRiskWithoutOversight';

export const GOVERNANCE_RULES: Rule[] = [highRiskWithoutOversight];
