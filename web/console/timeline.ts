import type { Console } from './main';
import { contactName, day, decisionName, taskName } from './format';

/**
 * What an event of a case's timeline changed, in a few words beside it ("stage 1: Head of
 * Operations"): read from the event's data, never its free text (reasons and findings are on the
 * case, and go under the retention policy). An event without such words gets none.
 */

type Data = Record<string, unknown>;
const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
const count = (v: unknown) => (typeof v === 'number' ? v : undefined);

export function eventDetail(ctx: Console, type: string, data: Data): string | undefined {
  const { t, nameOf } = ctx;
  const stage = count(data.stage);
  const owner = text(data.owner);
  switch (type) {
    case 'owner-assigned':
    case 'owner-transferred':
      if (stage === undefined) return undefined;
      return owner ? t('timeline.stageOwner', { stage, owner: nameOf(owner) }) : t('timeline.stageNoOwner', { stage });
    case 'referred-to-cro':
      return stage !== undefined && owner ? t('timeline.stageOwner', { stage, owner: nameOf(owner) }) : undefined;
    case 'outcome-recorded': {
      if (stage === undefined) return undefined;
      const decision = text(data.decision);
      if (decision) return t('timeline.stageDecision', { stage, decision: decisionName(t, decision) });
      const next = count(data.nextStage);
      return next !== undefined && owner ? t('timeline.movedOn', { stage, next, owner: nameOf(owner) }) : t('timeline.furtherAction', { stage });
    }
    case 'deadline-extended': {
      const days = count(data.workingDays);
      const to = text(data.to);
      return stage !== undefined && days !== undefined && to ? t('timeline.extended', { stage, days, date: day(to) }) : undefined;
    }
    case 'stage-escalated': {
      const from = count(data.from);
      const to = count(data.to);
      if (from === undefined) return undefined;
      return to === undefined ? t('timeline.escalatedLast', { from }) : t('timeline.escalated', { from, to });
    }
    case 'acknowledged': {
      const via = text(data.via);
      if (!via) return undefined;
      const on = text(data.on);
      return on ? t('timeline.acknowledgedOn', { via: contactName(t, via), date: day(on) }) : t('timeline.acknowledged', { via: contactName(t, via) });
    }
    case 'task-created': {
      const task = text(data.task);
      const due = text(data.due);
      return task && due ? t('timeline.task', { task: taskName(t, task), date: day(due) }) : undefined;
    }
    case 'task-done': {
      const task = text(data.task);
      return task ? taskName(t, task) : undefined;
    }
    case 'category-set': {
      const to = text(data.to);
      return to ? (ctx.config.complaintCategories.find((k) => k.id === to)?.name ?? to) : undefined;
    }
    case 'information-review-referred': {
      const request = text(data.request);
      const deadline = text(data.deadline);
      return request && deadline ? t('timeline.reviewReferred', { request: t(`informationReview.requests.${request}`), date: day(deadline) }) : undefined;
    }
    case 'information-review-extended': {
      const days = count(data.workingDays);
      const to = text(data.to);
      return days !== undefined && to ? t('timeline.reviewExtended', { days, date: day(to) }) : undefined;
    }
    case 'information-review-decided': {
      const decision = text(data.decision);
      return decision ? t('timeline.reviewDecided', { decision: decisionName(t, decision) }) : undefined;
    }
    default:
      return undefined;
  }
}
