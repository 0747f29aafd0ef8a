import type { Rule } from '../rule';
import { untrackedEmissions } from './untrackedEmissions';

export const COST_RULES: Rule[] = [untrackedEmissions];
