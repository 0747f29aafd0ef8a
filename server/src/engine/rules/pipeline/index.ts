import type { Rule } from '../rule';
import { danglingInput } from './danglingInput';
import { orphanOutput } from './orphanOutput';
import { duplicateProducer } from './duplicateProducer';
import { scheduleRace } from './scheduleRace';
import { crossOrchestratorHandoff } from './crossOrchestratorHandoff';
import { leftoverSpecialCase } from './leftoverSpecialCase';
import { jungleHotspot } from './jungleHotspot';
import { cycle } from './cycle';
import { ungatedDeploy } from './ungatedDeploy';

export const PIPELINE_RULES: Rule[] = [
  danglingInput,
  orphanOutput,
  duplicateProducer,
  scheduleRace,
  crossOrchestratorHandoff,
  leftoverSpecialCase,
  jungleHotspot,
  cycle,
  ungatedDeploy,
];
