import type { Answers, QuestionPage } from './form-journey';

/**
 * A person's answers between the pages of the form, kept on the server (so the form works without
 * JavaScript and nothing personal travels in hidden fields). The browser holds only a random
 * session id in a cookie; the store knows it by its hash, so the table alone never opens a session.
 */
export interface FormSession {
  /** SHA-256 (hex) of the cookie's session id. */
  key: string;
  /** The form's anti-forgery token: every POST must carry it (it is in no cookie). */
  csrf: string;
  state: 'answering' | 'sending' | 'sent';
  answers: Answers;
  /** The question pages answered so far, so nobody lands on a page past one never seen. */
  answered: QuestionPage[];
  /** When the send now running began (state `sending`). */
  sendingSince?: string;
  /** Once sent: what the confirmation page shows (the answers are then cleared). */
  receipt?: FormReceipt;
  /** 1 when created, +1 per save (a save carries the version it read). */
  version: number;
  /** ISO instant after which the session is gone (the store also expires it). */
  expiresAt: string;
}

export interface FormReceipt {
  reference: string;
  kind: 'complaint' | 'compliment';
  receivedAt: string;
  acknowledgeBy: string;
  urgent: boolean;
  /** Whether the acknowledgement goes by email (it carries the tracking link). */
  byEmail: boolean;
}

export interface FormSessionRepository {
  get(key: string): Promise<FormSession | undefined>;
  /** Saves only if the stored session is still at `expectedVersion` (0: a new one), else ConcurrentUpdateError. */
  save(session: FormSession, expectedVersion: number): Promise<void>;
}

/** How long unfinished answers are kept: a day, then the person starts again. */
export const FORM_SESSION_HOURS = 24;

export const isLive = (s: FormSession | undefined, now: Date): s is FormSession => s !== undefined && s.expiresAt > now.toISOString();
