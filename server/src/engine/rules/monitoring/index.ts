import type { Rule } from '../rule';
import { unmonitoredStock } from './unmonitoredStock';

export const MONITORING_RULES: Rule[] = [unmonitoredStock];
