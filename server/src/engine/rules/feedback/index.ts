import type { Rule } from '../rule';
import { undocumentedLoop } from './undocumentedLoop';
import { possibleHiddenLoop } from './possibleHiddenLoop';
import { selfLabeling } from './selfLabeling';
import { loopWithoutMonitor } from './loopWithoutMonitor';
import { reinforcingWithoutBrake } from './reinforcingWithoutBrake';

export const FEEDBACK_RULES: Rule[] = [undocumentedLoop, possibleHiddenLoop, selfLabeling, loopWithoutMonitor, reinforcingWithoutBrake];
