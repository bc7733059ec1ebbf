import { DynamoDbRetentionStore } from '../adapters/dynamodb-retention-store';
import { getTableDeps } from '../api/deps';
import { londonDate, startOfDay } from '../domain/calendar';
import { removeDuePersonalData, type RetentionDeps } from '../domain/remove-personal-data';
import { scheduledJob } from './scheduled';

// London dates, no working days: the job needs neither the calendar's bank holidays nor the case repositories.
const core = getTableDeps();
const deps: RetentionDeps = { store: new DynamoDbRetentionStore(core.doc, core.env.TABLE_NAME), policy: core.policy, calendar: { londonDate, startOfDay }, now: core.now };

/**
 * The retention job (functions/config/schedules.ts DailyRetention): removes the personal data of
 * every finished case whose retention period has ended by the time the run was due. Mails nobody.
 */
export const handler = scheduledJob('retention job', (input) => removeDuePersonalData(new Date(input.scheduledTime), deps));
