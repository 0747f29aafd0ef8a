import type { Rule } from '../rule';
import { noFallback } from './noFallback';
import { noHealthCheck } from './noHealthCheck';

export const RESILIENCE_RULES: Rule[] = [noFallback, noHealthCheck];
