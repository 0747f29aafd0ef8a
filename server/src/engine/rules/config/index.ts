import type { Rule } from '../rule';
import { unpinnedVersion } from './unpinnedVersion';
import { danglingReference } from './danglingReference';
import { conflictingValues } from './conflictingValues';
import { unusedParameter } from './unusedParameter';
import { undocumentedThreshold } from './undocumentedThreshold';
import { hardcodedPath } from './hardcodedPath';
import { secretInConfig } from './secretInConfig';
import { trainServeSkew } from './trainServeSkew';
import { unseededTraining } from './unseededTraining';
import { silentDefault } from './silentDefault';
import { unknownKey } from './unknownKey';
import { constantCondition } from './constantCondition';
import { fetchFromBranch } from './fetchFromBranch';
import { hardcodedCloudAccount } from './hardcodedCloudAccount';

export const CONFIG_RULES: Rule[] = [
  unpinnedVersion,
  danglingReference,
  conflictingValues,
  unusedParameter,
  undocumentedThreshold,
  hardcodedPath,
  secretInConfig,
  trainServeSkew,
  unseededTraining,
  silentDefault,
  unknownKey,
  constantCondition,
  fetchFromBranch,
  hardcodedCloudAccount,
];
