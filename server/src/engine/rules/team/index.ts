import type { Rule } from '../rule';
import { missingRole } from './missingRole';
import { isolatedHandoff } from './isolatedHandoff';

export const TEAM_RULES: Rule[] = [missingRole, isolatedHandoff];
