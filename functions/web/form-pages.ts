import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { HttpResult } from '../api/http';
import type { WorkingDayCalendar } from '../domain/calendar';
import { ConcurrentUpdateError, ValidationError } from '../domain/errors';
import {
  answerPage,
  firstUnanswered,
  isFormPage,
  nextPage,
  pageOfField,
  pagesFor,
  previousPage,
  problemsOfAll,
  toSubmissionBody,
  type FieldError,
  type QuestionPage,
} from '../domain/form-journey';
import { FORM_SESSION_HOURS, isLive, type FormReceipt, type FormSession, type FormSessionRepository } from '../domain/form-session';
import type { Policy } from '../domain/policy';
import type { Receipt } from '../domain/receive-submission';
import { LIMITS } from '../domain/submission';
import { answerRows } from './check-answers';
import { cookie, formBody, FormBodyError, html, messagePage, redirect, type PageContext } from './page-http';
import { fill, text, type Renderer } from './render';

/**
 * The form's pages over a form session: which page to show, what a post changes, and sending the
 * answers from the check-answers page exactly once. Answers with problems are kept (and shown back)
 * so that nothing typed is lost; a page is marked answered only once its answers will do.
 */

export const SESSION_COOKIE = 'form';
/** A send that has not finished after this long is taken to have failed (a crashed attempt), so the person may send again. */
const SENDING_GIVES_UP_MS = 60_000;

/** Locale section of each question page. */
const PAGE_TEXTS: Record<QuestionPage, string> = {
  type: 'type',
  urgent: 'urgent',
  'what-happened': 'whatHappened',
  'when-and-where': 'whenAndWhere',
  service: 'service',
  contact: 'contact',
  support: 'support',
};

export interface FormPagesDeps {
  policy: Policy;
  calendar: WorkingDayCalendar;
  now: () => Date;
  sessions: FormSessionRepository;
  /** Sends the answers (receiveSubmission). */
  send: (body: Record<string, unknown>) => Promise<Receipt>;
  renderer: Renderer;
  /** Whether the cookie may travel over HTTPS only (true in AWS). */
  secure: boolean;
  randomId?: () => string;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const sameToken = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export class FormPages {
  private readonly ctx: PageContext;
  private readonly randomId: () => string;

  constructor(private readonly d: FormPagesDeps) {
    this.ctx = { renderer: d.renderer, organisation: d.policy.organisation };
    this.randomId = d.randomId ?? (() => randomBytes(32).toString('base64url'));
  }

  private get t() {
    return this.d.renderer.messages;
  }

  private cookieFor(id: string): string {
    return `${SESSION_COOKIE}=${id}; Path=/form; Max-Age=${FORM_SESSION_HOURS * 3600}; HttpOnly; SameSite=Strict${this.d.secure ? '; Secure' : ''}`;
  }

  private async load(event: APIGatewayProxyEventV2): Promise<FormSession | undefined> {
    const id = cookie(event, SESSION_COOKIE);
    if (!id || !/^[A-Za-z0-9_-]{43}$/.test(id)) return undefined;
    const session = await this.d.sessions.get(sha256(id));
    return isLive(session, this.d.now()) ? session : undefined;
  }

  private async create(): Promise<{ session: FormSession; cookie: string }> {
    const id = this.randomId();
    const now = this.d.now();
    const session: FormSession = {
      key: sha256(id),
      csrf: this.randomId(),
      state: 'answering',
      answers: {},
      answered: [],
      version: 1,
      expiresAt: new Date(now.getTime() + FORM_SESSION_HOURS * 3_600_000).toISOString(),
    };
    await this.d.sessions.save(session, 0);
    return { session, cookie: this.cookieFor(id) };
  }

  private async save(before: FormSession, changes: Partial<FormSession>): Promise<FormSession> {
    const next: FormSession = { ...before, ...changes, version: before.version + 1 };
    await this.d.sessions.save(next, before.version);
    return next;
  }

  private today(): string {
    return this.d.calendar.londonDate(this.d.now());
  }

  /** The words of a problem: `questions.<page>.errors.<name>.<problem>`. */
  private errorText(page: QuestionPage, e: FieldError): string {
    // A problem only the API found (answers sent from an older page, say) may have no words of its own.
    for (const problem of [e.problem, 'invalid', 'required']) {
      try {
        return fill(text(this.t, `questions.${PAGE_TEXTS[page]}.errors.${e.name}.${problem}`), e.values);
      } catch {
        // try the next
      }
    }
    return text(this.t, 'check.errorsSomewhere');
  }

  // ------------------------------------------------------------------------------ GET

  async show(event: APIGatewayProxyEventV2, page: string): Promise<HttpResult> {
    if (!isFormPage(page)) return messagePage(this.ctx, 'notFound', 404);
    const change = event.queryStringParameters?.change === '1';
    let session = await this.load(event);
    let cookies: string[] | undefined;

    if (page === 'confirmation') return this.showConfirmation(session);
    if (session?.state === 'sent' || session?.state === 'sending') {
      // Sent already: the first page starts another; any other shows what was sent.
      if (page !== 'type') return redirect('/form/confirmation');
      session = undefined;
    }
    if (!session) {
      if (page !== 'type') return redirect('/form/type');
      const created = await this.create();
      session = created.session;
      cookies = [created.cookie];
    }

    const answers = session.answers;
    if (page !== 'check' && !pagesFor(answers).includes(page)) return redirect(`/form/${nextPage(page as QuestionPage, answers)}`);
    // Nobody lands on a page past one they have not answered (a bookmark, a typed address).
    const first = firstUnanswered(session.answered, answers);
    const order = [...pagesFor(answers), 'check'];
    if (first && order.indexOf(page) > order.indexOf(first)) return redirect(`/form/${first}`);

    if (page === 'check') return this.renderCheck(session, [], cookies);
    return this.renderQuestion(page as QuestionPage, session, [], change, 200, cookies);
  }

  private renderQuestion(page: QuestionPage, session: FormSession, errors: FieldError[], change: boolean, status: number, cookies?: string[]): HttpResult {
    const fieldErrors: Record<string, string> = {};
    const summary = errors.map((e) => {
      const message = this.errorText(page, e);
      fieldErrors[e.name] = message;
      return { text: message, href: `#${e.field}` };
    });
    const texts = (this.t.questions as Record<string, Record<string, string>>)[PAGE_TEXTS[page]]!;
    const kind = session.answers.kind;
    const title = texts.title ?? (kind === 'complaint' ? texts.titleComplaint : texts.titleCompliment)!;
    const previous = previousPage(page, session.answers);
    return html(
      this.ctx,
      status,
      `questions/${page}.njk`,
      {
        title,
        answers: session.answers,
        csrf: session.csrf,
        errors: summary,
        fieldErrors,
        limits: LIMITS,
        back: change ? '/form/check' : previous ? `/form/${previous}` : '/',
      },
      { cookies },
    );
  }

  private renderCheck(session: FormSession, problems: Array<{ page: QuestionPage; errors: FieldError[] }>, cookies?: string[], status = 200): HttpResult {
    const rows = answerRows(session.answers, this.d.policy, this.t);
    const errors = problems.flatMap((p) => p.errors.map((e) => ({ text: this.errorText(p.page, e), href: `/form/${p.page}?change=1#${e.field}` })));
    const kindWord = text(this.t, session.answers.kind === 'complaint' ? 'check.kindComplaint' : 'check.kindCompliment').toLowerCase();
    return html(
      this.ctx,
      status,
      'check.njk',
      { title: text(this.t, 'check.title'), aboutRows: rows.about, youRows: rows.you, csrf: session.csrf, errors, kindWord, back: `/form/${pagesFor(session.answers).at(-1)}` },
      { cookies },
    );
  }

  private async showConfirmation(session: FormSession | undefined): Promise<HttpResult> {
    // A send still running in another request (a double click): wait a moment for its receipt.
    for (let i = 0; session?.state === 'sending' && i < 10; i++) {
      await new Promise((r) => setTimeout(r, 300));
      session = await this.d.sessions.get(session.key);
    }
    const receipt = session?.receipt;
    if (!receipt) return redirect('/');
    const title = text(this.t, receipt.kind === 'complaint' ? 'confirmation.titleComplaint' : 'confirmation.titleCompliment');
    return html(this.ctx, 200, 'confirmation.njk', { title, receipt });
  }

  // ------------------------------------------------------------------------------ POST

  async answer(event: APIGatewayProxyEventV2, page: string): Promise<HttpResult> {
    if (!isFormPage(page) || page === 'confirmation') return messagePage(this.ctx, 'notFound', 404);
    let form: Record<string, string>;
    try {
      form = formBody(event);
    } catch (error) {
      if (error instanceof FormBodyError) return messagePage(this.ctx, 'forbidden', 400, '/form/type');
      throw error;
    }
    const session = await this.load(event);
    if (!session) return messagePage(this.ctx, 'expired', 400, '/form/type');
    if (!sameToken(form.csrf ?? '', session.csrf)) return messagePage(this.ctx, 'forbidden', 403, `/form/${page}`);
    if (session.state === 'sent') return redirect('/form/confirmation');
    const change = event.queryStringParameters?.change === '1';
    try {
      if (page === 'check') return await this.sendAnswers(session);
      return await this.answerQuestion(page as QuestionPage, form, session, change);
    } catch (error) {
      if (error instanceof ConcurrentUpdateError) return messagePage(this.ctx, 'conflict', 409, '/form/check');
      throw error;
    }
  }

  private async answerQuestion(page: QuestionPage, form: Record<string, string>, session: FormSession, change: boolean): Promise<HttpResult> {
    if (session.state === 'sending') return redirect('/form/confirmation');
    // Browsers send a textarea's line breaks as CRLF but count each as one character: one LF each,
    // so a text at the limit in the browser is at the limit here. The summary is one line.
    const cleaned = Object.fromEntries(Object.entries(form).map(([k, v]) => [k, k === 'summary' ? v.replace(/\s*[\r\n]+\s*/g, ' ') : v.replace(/\r\n?/g, '\n')]));
    const { answers, errors } = answerPage(page, cleaned, session.answers, this.d.policy, this.today());
    // Kept even with problems, so that going back and forth never loses what was typed.
    const answered = errors.length ? session.answered.filter((p) => p !== page) : [...new Set([...session.answered, page])];
    const saved = await this.save(session, { answers, answered });
    if (errors.length) return this.renderQuestion(page, saved, errors, change, 422);
    // After a change, on to the first page the change made necessary (a complaint is asked whether it is urgent), else back to the check page.
    const next = change ? (firstUnanswered(saved.answered, answers) ?? 'check') : nextPage(page, answers);
    return redirect(`/form/${next}${change && next !== 'check' ? '?change=1' : ''}`);
  }

  private async sendAnswers(session: FormSession): Promise<HttpResult> {
    if (session.state === 'sending' && this.d.now().getTime() - Date.parse(session.sendingSince ?? '') < SENDING_GIVES_UP_MS) return redirect('/form/confirmation');
    const first = firstUnanswered(session.answered, session.answers);
    if (first) return redirect(`/form/${first}`);
    const problems = problemsOfAll(session.answers, this.d.policy, this.today());
    if (problems.length) return this.renderCheck(session, problems, undefined, 422);

    // Claimed before sending: a second click finds it sending and waits for the receipt instead of sending again.
    let sending: FormSession;
    try {
      sending = await this.save(session, { state: 'sending', sendingSince: this.d.now().toISOString() });
    } catch (error) {
      // Another click of Send took the claim first: its receipt is what the confirmation shows.
      if (error instanceof ConcurrentUpdateError) return redirect('/form/confirmation');
      throw error;
    }
    let receipt: Receipt;
    try {
      receipt = await this.d.send(toSubmissionBody(sending.answers));
    } catch (error) {
      const back = await this.save(sending, { state: 'answering', sendingSince: undefined }).catch(() => undefined);
      if (error instanceof ValidationError && back) {
        const byPage = new Map<QuestionPage, FieldError[]>();
        for (const issue of error.issues) {
          const p = pageOfField(issue.path) ?? 'what-happened';
          byPage.set(p, [...(byPage.get(p) ?? []), { name: issue.path, field: issue.path, problem: 'invalid' }]);
        }
        return this.renderCheck(back, [...byPage].map(([page, errors]) => ({ page, errors })), undefined, 422);
      }
      throw error;
    }
    const formReceipt: FormReceipt = {
      reference: receipt.reference,
      kind: receipt.kind,
      receivedAt: receipt.receivedAt,
      acknowledgeBy: receipt.acknowledgeBy,
      urgent: sending.answers.urgent === 'yes' && sending.answers.kind === 'complaint',
      byEmail: sending.answers.preferredContact === 'email',
    };
    // The answers leave the session once sent: the case holds them now.
    await this.save(sending, { state: 'sent', receipt: formReceipt, answers: {}, answered: [], sendingSince: undefined });
    return redirect('/form/confirmation');
  }
}
