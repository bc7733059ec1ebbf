import type { Case } from './case';
import { change, recordAcknowledgement, type Change, type RuleContext } from './case-rules';
import type { CompleteTask, RecordAcknowledgement } from './commands';
import { InvalidStateError, ValidationError } from './errors';
import type * as z from './zod';

/**
 * The Administration Manager's tasks done by hand (DESIGN.md §2 step 2, and "Throughout"):
 * - an acknowledgement made by letter, by telephone, or by an email sent by hand is recorded, with
 *   the day it was made (the monthly report counts that day against the 7 working days, and the
 *   timescale monitor stops asking for it); recording it ends the task to acknowledge;
 * - a task the workflow gave (a letter that may not have gone out, a workflow that stopped) is
 *   marked done once handled, open case or closed (a closing letter fails after the closure).
 */

export function acknowledgeByHand(c: Case, input: z.output<typeof RecordAcknowledgement>, ctx: RuleContext): Change {
  if (c.kind !== 'complaint') throw new InvalidStateError(`${c.reference} is a compliment: it is thanked, not acknowledged`);
  if (c.acknowledgedAt) {
    throw new InvalidStateError(`${c.reference} was already acknowledged (by ${c.acknowledgedVia ?? 'email'}, on ${ctx.calendar.londonDate(new Date(c.acknowledgedAt))})`);
  }
  const today = ctx.calendar.londonDate(ctx.now);
  const on = input.acknowledgedOn ?? today;
  if (on > today) throw new ValidationError([{ path: 'acknowledgedOn', message: 'cannot be in the future' }]);
  if (on < c.receivedOn) throw new ValidationError([{ path: 'acknowledgedOn', message: `cannot be before the case was received (${c.receivedOn})` }]);
  return recordAcknowledgement(c, input.via, ctx, on === today ? undefined : on);
}

/**
 * Marks a task done: the one `key` names; without a key, the only task of its type, or the one of
 * its type without a key (a task given before tasks had keys).
 */
export function completeTask(c: Case, input: z.output<typeof CompleteTask>, ctx: RuleContext): Change {
  const ofType = (c.tasks ?? []).filter((t) => t.type === input.task);
  const task = input.key !== undefined ? ofType.find((t) => t.key === input.key) : ofType.length === 1 ? ofType[0] : ofType.find((t) => t.key === undefined);
  if (!task && input.key === undefined && ofType.length > 1) {
    throw new ValidationError([{ path: 'key', message: `${c.reference} has ${ofType.length} "${input.task}" tasks: say which (one of: ${ofType.map((t) => t.key).join(', ')})` }]);
  }
  if (!task) throw new InvalidStateError(`${c.reference} has no task "${input.task}"${input.key === undefined ? '' : ` for "${input.key}"`} to mark done`);
  return change(c, { ...c, tasks: c.tasks!.filter((t) => t !== task) }, ctx, 'task-done', { task: task.type, due: task.due, ...(task.key ? { key: task.key } : {}) });
}
