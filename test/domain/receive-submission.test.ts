import { beforeEach, describe, expect, it } from 'vitest';
import { WorkingDayCalendar } from '../../functions/domain/calendar';
import { StoreUnavailableError, ValidationError, WorkflowUnavailableError } from '../../functions/domain/errors';
import { defaultPolicy } from '../../functions/domain/policy';
import { receiveSubmission, type ReceiveDeps } from '../../functions/domain/receive-submission';
import { startWorkflow } from '../../functions/domain/start-workflow';
import { aStoredCase } from '../support/cases';
import { MemoryCases, MemoryDirectory, MemoryState, MemoryWorkflow } from '../support/memory-ports';
import { aComplaint, aCompliment } from '../support/mothers';

/**
 * Steps 1 and 2 of the procedure from the public form: the submission is logged at once with a
 * reference and an acknowledgement deadline, and its workflow started; a bot learns nothing and
 * stores nothing; a workflow that cannot start leaves the case in the Administration Manager's hands.
 */

const calendar = WorkingDayCalendar.fromPolicy(defaultPolicy);

let cases: MemoryCases;
let workflow: MemoryWorkflow;
let clock: Date;
let d: ReceiveDeps;

beforeEach(() => {
  cases = new MemoryCases();
  workflow = new MemoryWorkflow(new MemoryState());
  clock = new Date('2026-03-02T10:00:00Z');
  d = { policy: defaultPolicy, calendar, cases, directory: new MemoryDirectory(), workflow, now: () => clock };
});

describe('receiveSubmission', () => {
  it('logs a complaint at once with the next reference of the year and its acknowledgement deadline, and starts its workflow', async () => {
    const receipt = await receiveSubmission(aComplaint(), d);
    // Seven working days after Monday 2 March 2026.
    expect(receipt).toEqual({ reference: 'CC-2026-00001', kind: 'complaint', receivedAt: '2026-03-02T10:00:00.000Z', acknowledgeBy: '2026-03-11T23:59:59.999Z' });
    const c = (await cases.get('CC-2026-00001'))!;
    expect(c).toMatchObject({
      channel: 'web',
      receivedAt: '2026-03-02T10:00:00.000Z',
      receivedOn: '2026-03-02',
      acknowledgeBy: '2026-03-11T23:59:59.999Z',
      status: 'open',
      version: 1,
    });
    expect(c.recordedBy).toBeUndefined();
    expect((await cases.timeline('CC-2026-00001')).map((e) => [e.type, e.actor, e.version])).toEqual([['received', { type: 'public' }, 1]]);
    expect(workflow.started).toEqual(['CC-2026-00001']);
  });

  it('numbers each submission after the last, and a compliment like a complaint', async () => {
    await receiveSubmission(aComplaint(), d);
    expect(await receiveSubmission(aCompliment(), d)).toMatchObject({ reference: 'CC-2026-00002', kind: 'compliment' });
    expect(workflow.started).toEqual(['CC-2026-00001', 'CC-2026-00002']);
  });

  it('starts the numbers again each year', async () => {
    clock = new Date('2025-12-31T23:59:00Z');
    expect((await receiveSubmission(aComplaint({ incidentDate: '2025-12-30' }), d)).reference).toBe('CC-2025-00001');
    clock = new Date('2026-01-01T00:01:00Z');
    expect((await receiveSubmission(aComplaint({ incidentDate: '2025-12-30' }), d)).reference).toBe('CC-2026-00001');
  });

  it('keeps the channel it came by', async () => {
    await receiveSubmission(aComplaint(), d, 'email');
    expect((await cases.get('CC-2026-00001'))?.channel).toBe('email');
  });

  it.each([
    // the moment of receipt; the London date it counts from; an incident on that date is accepted
    ['in winter', '2026-03-02T23:30:00Z', '2026-03-02'],
    ['late on a summer evening, already the next day in London', '2026-06-30T23:30:00Z', '2026-07-01'],
  ])('counts from the London date of receipt, %s', async (_when, at, today) => {
    clock = new Date(at);
    const receipt = await receiveSubmission(aComplaint({ incidentDate: today }), d);
    expect((await cases.get(receipt.reference))?.receivedOn).toBe(today);
    expect(receipt.acknowledgeBy).toBe(calendar.deadline(clock, 7).toISOString());
  });

  it('refuses an incident after the London date of receipt, storing nothing', async () => {
    clock = new Date('2026-06-30T23:30:00Z');
    await expect(receiveSubmission(aComplaint({ incidentDate: '2026-07-02' }), d)).rejects.toThrow(ValidationError);
    expect(await cases.listAll()).toEqual([]);
    expect(workflow.started).toEqual([]);
  });

  it('refuses a submission that is not valid, storing nothing and starting nothing', async () => {
    await expect(receiveSubmission(aComplaint({ summary: '' }), d)).rejects.toThrow(ValidationError);
    expect(await cases.listAll()).toEqual([]);
    expect(cases.counters.size).toBe(0);
    expect(workflow.started).toEqual([]);
  });

  describe('a bot that filled the honeypot', () => {
    it('gets a receipt shaped like any other, numbered far beyond any real sequence, and nothing is stored or started', async () => {
      clock = new Date('2026-03-02T10:00:00.700Z');
      const receipt = await receiveSubmission(aComplaint({ website: 'https://spam.example' }), d);
      expect(receipt).toEqual({ reference: 'CC-2026-92862', kind: 'complaint', receivedAt: '2026-03-02T10:00:00.700Z', acknowledgeBy: '2026-03-11T23:59:59.999Z' });
      expect(await cases.listAll()).toEqual([]);
      expect(cases.counters.size).toBe(0);
      expect(workflow.started).toEqual([]);
    });

    it('gets a different number a second later, and the kind it sent', async () => {
      clock = new Date('2026-03-02T10:00:01Z');
      expect(await receiveSubmission(aCompliment({ website: 'x' }), d)).toMatchObject({ reference: 'CC-2026-92863', kind: 'compliment' });
    });
  });
});

describe('startWorkflow', () => {
  it('leaves a logged case to the Administration Manager, with a task due by its acknowledgement deadline, when the workflow cannot start', async () => {
    workflow.failStartOnce(new WorkflowUnavailableError('Step Functions is not answering'));
    const receipt = await receiveSubmission(aComplaint(), d);
    const c = (await cases.get(receipt.reference))!;
    expect(c.tasks).toEqual([
      { type: 'workflow-stopped', due: receipt.acknowledgeBy, createdAt: clock.toISOString(), note: 'The workflow did not start: acknowledge and assign by hand' },
    ]);
    expect(c.version).toBe(2);
    const events = await cases.timeline(receipt.reference);
    expect(events.map((e) => [e.type, e.actor])).toEqual([
      ['received', { type: 'public' }],
      ['task-created', { type: 'system' }],
    ]);
    expect(workflow.started).toEqual([]);
  });

  it('lets any other failure through: it is a bug, not an outage', async () => {
    const c = cases.put(aStoredCase());
    workflow.failStartOnce(new TypeError('a bug'));
    await expect(startWorkflow(c, d)).rejects.toThrow(TypeError);
    expect((await cases.get(c.reference))?.tasks).toBeUndefined();
  });

  it('fails when the task cannot be stored either, so the caller knows', async () => {
    const c = cases.put(aStoredCase());
    workflow.failStartOnce(new WorkflowUnavailableError('down'));
    cases.failOnce((e) => e.type === 'task-created', new StoreUnavailableError('down too'));
    await expect(startWorkflow(c, d)).rejects.toThrow(StoreUnavailableError);
  });
});
