import { monitorTimescales } from '../domain/monitor-timescales';
import { getMailingJobDeps } from './deps';
import { scheduledJob } from './scheduled';

const deps = getMailingJobDeps();

/**
 * The daily timescale monitor (functions/config/schedules.ts DailyTimescaleMonitor): the run of the
 * time it was due, so a retry acts on that day.
 */
export const handler = scheduledJob('timescale monitor', (input) => monitorTimescales(new Date(input.scheduledTime), deps));
