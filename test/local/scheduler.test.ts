import { afterEach, describe, expect, it, vi } from 'vitest';
import { schedules, type JobName, type ScheduledJobEvent, type ScheduleDefinition } from '../../functions/config/schedules';
import { addCalendarDays, fromLondonWallClock } from '../../functions/domain/calendar';
import { startLocalScheduler, type LocalScheduler } from '../../local/scheduler';

/*
 * EventBridge Scheduler's local stand-in runs the schedules of functions/config/schedules.ts with
 * croner: the same next runs as the definitions say (in Europe/London, across the clock changes),
 * and a run invokes the job with the event the scheduler sends, retried, then dead-lettered.
 */

const started: LocalScheduler[] = [];
afterEach(() => {
  for (const s of started.splice(0)) s.stop();
  vi.useRealTimers();
});

function scheduler(options: Partial<Parameters<typeof startLocalScheduler>[0]> = {}) {
  const calls: Array<[JobName, ScheduledJobEvent]> = [];
  const s = startLocalScheduler({
    schedules,
    run: false,
    retryDelayMs: 1,
    invoke: async (job, event) => {
      calls.push([job, event]);
      return { ok: true };
    },
    ...options,
  });
  started.push(s);
  return { s, calls };
}

/**
 * The runs of a Monday-to-Friday 07:00 London schedule after `from`, worked out without croner: each
 * date's London wall clock at 07:00 (the calendar's own conversion), weekdays only.
 */
function weekdaysAtSevenLondon(from: Date, count: number): string[] {
  const out: string[] = [];
  for (let date = from.toISOString().slice(0, 10); out.length < count; date = addCalendarDays(date, 1)) {
    const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
    const at = fromLondonWallClock(date, 7);
    if (weekday >= 1 && weekday <= 5 && at.getTime() > from.getTime()) out.push(at.toISOString());
  }
  return out;
}

describe('the next runs of the daily timescale monitor', () => {
  it('are 07:00 London time Monday to Friday, 06:00 UTC in summer time and 07:00 UTC after the October clock change', () => {
    const { s } = scheduler();
    const runs = s.nextRuns('DailyTimescaleMonitor', 4, new Date('2026-10-22T12:00:00Z')).map((d) => d.toISOString());
    // Friday 23 October in BST; the clocks go back on Sunday 25 October; Monday 26 in GMT.
    expect(runs).toEqual(['2026-10-23T06:00:00.000Z', '2026-10-26T07:00:00.000Z', '2026-10-27T07:00:00.000Z', '2026-10-28T07:00:00.000Z']);
  });

  it('move to 06:00 UTC after the March clock change', () => {
    const { s } = scheduler();
    const runs = s.nextRuns('DailyTimescaleMonitor', 2, new Date('2026-03-27T08:00:00Z')).map((d) => d.toISOString());
    expect(runs).toEqual(['2026-03-30T06:00:00.000Z', '2026-03-31T06:00:00.000Z']);
  });

  it.each(['2026-01-01T00:00:00Z', '2026-03-26T07:30:00Z', '2026-10-23T06:00:00Z', '2027-03-25T23:00:00Z'])('agree with the definition worked out by hand, from %s, for three weeks', (from) => {
    const { s } = scheduler();
    const runs = s.nextRuns('DailyTimescaleMonitor', 15, new Date(from)).map((d) => d.toISOString());
    expect(runs).toEqual(weekdaysAtSevenLondon(new Date(from), 15));
  });

  it('are refused for a schedule the definitions do not have', () => {
    const { s } = scheduler();
    expect(() => s.nextRuns('Hourly', 1)).toThrow('No schedule Hourly in functions/config/schedules.ts');
  });
});

describe('a run', () => {
  it("invokes the schedule's job with the schedule's name and the time it was due, and answers what the job answered", async () => {
    const { s, calls } = scheduler();
    await expect(s.fire('DailyTimescaleMonitor', new Date('2026-12-01T07:00:00Z'))).resolves.toEqual({ ok: true });
    expect(calls).toEqual([['TimescaleMonitor', { schedule: 'DailyTimescaleMonitor', scheduledTime: '2026-12-01T07:00:00.000Z' }]]);
  });

  it('is retried as the retry policy says, then dead-lettered, and the failure is the caller’s to see', async () => {
    const dead: Array<[string, ScheduledJobEvent, unknown]> = [];
    let attempts = 0;
    const { s } = scheduler({
      invoke: async () => {
        attempts++;
        throw new Error('mail down');
      },
      onDeadLetter: (name, event, error) => dead.push([name, event, error]),
    });
    await expect(s.fire('DailyTimescaleMonitor', new Date('2026-12-01T07:00:00Z'))).rejects.toThrow('mail down');
    expect(attempts).toBe(schedules.DailyTimescaleMonitor.retry.attempts + 1);
    expect(dead).toEqual([['DailyTimescaleMonitor', { schedule: 'DailyTimescaleMonitor', scheduledTime: '2026-12-01T07:00:00.000Z' }, new Error('mail down')]]);
  });

  it('succeeds on a retry without a dead letter', async () => {
    const dead: unknown[] = [];
    let attempts = 0;
    const { s } = scheduler({
      invoke: async () => {
        if (++attempts < 2) throw new Error('once');
        return 'done';
      },
      onDeadLetter: (...args) => dead.push(args),
    });
    await expect(s.fire('DailyTimescaleMonitor')).resolves.toBe('done');
    expect(attempts).toBe(2);
    expect(dead).toEqual([]);
  });

  it('does not fire on its own unless asked to run', async () => {
    vi.useFakeTimers({ now: new Date('2026-10-23T05:59:58Z') });
    const { s, calls } = scheduler();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(s.running).toBe(false);
    expect(calls).toEqual([]);
  });

  it('fires by the clock when running: at 07:00 London time, with that time as when it was due', async () => {
    vi.useFakeTimers({ now: new Date('2026-10-23T05:59:58Z') });
    const { s, calls } = scheduler({ run: true });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(s.running).toBe(true);
    expect(calls).toEqual([['TimescaleMonitor', { schedule: 'DailyTimescaleMonitor', scheduledTime: '2026-10-23T06:00:00.000Z' }]]);
  });

  it('runs any definition it is given, in its own time zone (one source: the same type infra reads)', () => {
    const monthly: ScheduleDefinition = { job: 'TimescaleMonitor', description: 'x', cron: { minute: '0', hour: '6', day: '1' }, timeZone: 'Europe/London', retry: { attempts: 0, maxEventAgeSeconds: 60 } };
    const { s } = scheduler({ schedules: { Monthly: monthly } });
    expect(s.nextRuns('Monthly', 2, new Date('2026-10-15T00:00:00Z')).map((d) => d.toISOString())).toEqual(['2026-11-01T06:00:00.000Z', '2026-12-01T06:00:00.000Z']);
    expect(s.nextRuns('Monthly', 1, new Date('2026-05-15T00:00:00Z')).map((d) => d.toISOString())).toEqual(['2026-06-01T05:00:00.000Z']);
  });
});
