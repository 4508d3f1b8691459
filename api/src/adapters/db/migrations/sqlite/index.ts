import { Migration20261128073314_init } from './Migration20261128073314_init.js';
import { Migration20261128074549_moderation } from './Migration20261128074549_moderation.js';
import { Migration20261201093144_moderationLog } from './Migration20261201093144_moderationLog.js';
import { Migration20261201105258_usageMinute } from './Migration20261201105258_usageMinute.js';
import { Migration20261201120000_memories } from './Migration20261201120000_memories.js';
import { Migration20261201120100_actions } from './Migration20261201120100_actions.js';
import { Migration20261201120200_apiKeys } from './Migration20261201120200_apiKeys.js';
import { Migration20261201120300_viewerMinutes } from './Migration20261201120300_viewerMinutes.js';
import { Migration20261202090000_memorySources } from './Migration20261202090000_memorySources.js';
import { Migration20261207150000_memoryTokens } from './Migration20261207150000_memoryTokens.js';
import { Migration20261207170000_eventEpochIndex } from './Migration20261207170000_eventEpochIndex.js';
import { Migration20261207170000_broadcastDelay } from './Migration20261207170000_broadcastDelay.js';
import { Migration20261207170000_heldLines } from './Migration20261207170000_heldLines.js';

/** sqlite migrations in order; each is applied once at start (no runtime schema sync). */
export const sqliteMigrations = [
  { name: 'Migration20261128073314_init', class: Migration20261128073314_init },
  { name: 'Migration20261128074549_moderation', class: Migration20261128074549_moderation },
  { name: 'Migration20261201093144_moderationLog', class: Migration20261201093144_moderationLog },
  { name: 'Migration20261201105258_usageMinute', class: Migration20261201105258_usageMinute },
  { name: 'Migration20261201120000_memories', class: Migration20261201120000_memories },
  { name: 'Migration20261201120100_actions', class: Migration20261201120100_actions },
  { name: 'Migration20261201120200_apiKeys', class: Migration20261201120200_apiKeys },
  { name: 'Migration20261201120300_viewerMinutes', class: Migration20261201120300_viewerMinutes },
  { name: 'Migration20261202090000_memorySources', class: Migration20261202090000_memorySources },
  { name: 'Migration20261207150000_memoryTokens', class: Migration20261207150000_memoryTokens },
  { name: 'Migration20261207170000_eventEpochIndex', class: Migration20261207170000_eventEpochIndex },
  { name: 'Migration20261207170000_broadcastDelay', class: Migration20261207170000_broadcastDelay },
  { name: 'Migration20261207170000_heldLines', class: Migration20261207170000_heldLines },
];
