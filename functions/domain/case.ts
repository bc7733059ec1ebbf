import type { Submission } from './submission';

/** How a case reached the service. Staff-recorded channels arrive with the staff API. */
export type Channel = 'web' | 'phone' | 'letter' | 'email' | 'in-person' | 'consultation';

export type Actor = { type: 'public' } | { type: 'staff'; id: string } | { type: 'system' };

export interface Customer {
  name?: string;
  email?: string;
  phone?: string;
  address?: string;
  preferredContact: Submission['preferredContact'];
  accessibilityNeeds?: string;
  anonymous: boolean;
}

export interface Case {
  reference: string;
  kind: Submission['kind'];
  status: 'open' | 'closed';
  /** Current stage number (1-based), or null before stage 1 and after closure. */
  stage: number | null;
  owner: string | null;
  channel: Channel;
  /** ISO instants. */
  receivedAt: string;
  /** Europe/London date of receipt (YYYY-MM-DD): the day timescales count from, and the report month. */
  receivedOn: string;
  acknowledgeBy: string;
  /** The next deadline the case must meet while open (acknowledgement, then the stage's). */
  nextDeadline: string | null;
  customer: Customer;
  summary: string;
  details: string;
  function?: string;
  incidentDate?: string;
  location?: string;
  urgent: boolean;
  /** Optimistic-concurrency version, 1 on creation, +1 per change. */
  version: number;
}

/** One line of a case's timeline. Append-only; written in the same transaction as the change. */
export interface AuditEvent {
  reference: string;
  at: string;
  type: 'received';
  actor: Actor;
  /** What changed, without personal data (the case itself holds that, and can be anonymised). */
  data: Record<string, string | number | boolean | null>;
}

export function formatReference(prefix: string, year: number, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(5, '0')}`;
}

export function newCase(
  submission: Submission,
  at: { reference: string; receivedAt: Date; receivedOn: string; acknowledgeBy: Date; channel: Channel },
): Case {
  const { kind, summary, details, urgent, name, email, phone, address, preferredContact, accessibilityNeeds, anonymous } =
    submission;
  const customer: Customer = { preferredContact, anonymous };
  if (name) customer.name = name;
  if (email) customer.email = email;
  if (phone) customer.phone = phone;
  if (address) customer.address = address;
  if (accessibilityNeeds) customer.accessibilityNeeds = accessibilityNeeds;
  const c: Case = {
    reference: at.reference,
    kind,
    status: 'open',
    stage: null,
    owner: null,
    channel: at.channel,
    receivedAt: at.receivedAt.toISOString(),
    receivedOn: at.receivedOn,
    acknowledgeBy: at.acknowledgeBy.toISOString(),
    nextDeadline: at.acknowledgeBy.toISOString(),
    customer,
    summary,
    details,
    urgent,
    version: 1,
  };
  if (submission.function) c.function = submission.function;
  if (submission.incidentDate) c.incidentDate = submission.incidentDate;
  if (submission.location) c.location = submission.location;
  return c;
}

export function receivedEvent(c: Case, actor: Actor): AuditEvent {
  return {
    reference: c.reference,
    at: c.receivedAt,
    type: 'received',
    actor,
    data: { kind: c.kind, channel: c.channel, function: c.function ?? null, urgent: c.urgent, acknowledgeBy: c.acknowledgeBy },
  };
}
