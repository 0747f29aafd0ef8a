import type { Rule } from '../rule';
import { unowned } from './unowned';
import { loopSpansTeams } from './loopSpansTeams';

export const OWNERSHIP_RULES: Rule[] = [unowned, loopSpansTeams];
