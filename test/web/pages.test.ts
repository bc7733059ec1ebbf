import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy, immutableCacheControl, securityHeaders } from '../../functions/config/security-headers';
import { defaultPolicy as policy } from '../../functions/domain/policy';
import { LIMITS } from '../../functions/domain/submission';
import { errorSummaryOf, FormClient, titleOf, type PageAnswer } from '../support/form-client';
import { mailTo } from '../support/mailbox';
import { bearer, get, startTestStack } from '../support/stack';

/**
 * The public pages over HTTP, through the local stack (and, in the `bundles` project, the bundle
 * CDK deploys with its templates beside it): what each page says, the security headers, the
 * journey from the start page to the confirmation, and what a bad or forged post gets.
 */

let stack: Awaited<ReturnType<typeof startTestStack>>;
let adminToken: string;

beforeAll(async () => {
  stack = await startTestStack();
  adminToken = await stack.token('admin-manager');
});
afterAll(async () => stack?.stop());

const client = () => new FormClient(stack.apiUrl);

function expectSecurityHeaders(page: PageAnswer) {
  for (const [name, value] of Object.entries(securityHeaders)) expect(page.headers.get(name), name).toBe(value);
}

const complaintPages: Array<[string, Record<string, string>]> = [
  ['/form/type', { kind: 'complaint' }],
  ['/form/urgent', { urgent: 'no' }],
  ['/form/what-happened', { summary: 'Fire engine <b>blocked</b> my driveway', details: 'It parked across my drive\nfor two hours. <script>alert(1)</script>', website: '' }],
  ['/form/when-and-where', { incidentDay: '3', incidentMonth: '11', incidentYear: '2026', location: 'High Street, Luton' }],
  ['/form/service', { function: 'operations' }],
  ['/form/contact', { name: 'Ann Example', preferredContact: 'email', email: 'ann@example.com' }],
  ['/form/support', { accessibilityNeeds: 'Large print, please' }],
];

/** Answers every page as given (each answer must do), ending on the check page. */
async function answerAll(c: FormClient, pages: Array<[string, Record<string, string>]>) {
  for (const [page, fields] of pages) {
    const answered = await c.answerPage(page, fields);
    expect(answered.status, `${page}: ${errorSummaryOf(answered.html).join('; ')}`).toBe(303);
  }
}

async function send(c: FormClient): Promise<string> {
  const sent = await c.answerPage('/form/check', {});
  expect(sent.status).toBe(303);
  expect(sent.location).toBe('/form/confirmation');
  const confirmation = await c.get('/form/confirmation');
  expect(confirmation.status).toBe(200);
  return /data-reference>([^<]+)</.exec(confirmation.html)![1]!;
}

describe('the start page', () => {
  it('says what the form is for, to telephone an urgent matter, what happens after, and how to get help', async () => {
    const page = await client().get('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expectSecurityHeaders(page);
    expect(titleOf(page.html)).toBe(`Make a complaint or pay a compliment – Complaints and compliments – ${policy.organisation.name}`);
    expect(page.html.match(/<h1[ >]/g)).toHaveLength(1);
    expect(page.html).toContain(`telephone us on ${policy.organisation.phone}`);
    expect(page.html).toContain(`within ${policy.acknowledgeWithinWorkingDays} working days`);
    expect(page.html).toContain(`within ${policy.stages[0]!.workingDays} working days`);
    expect(page.html).toContain(policy.ombudsman.name);
    expect(page.html).toContain('If English is not your first language');
    expect(page.html).toMatch(/<a href="\/form\/type" role="button"[^>]*class="govuk-button govuk-button--start"/);
    expect(page.html).toContain('<html lang="en-GB"');
  });

  it('carries no GOV.UK branding: no crown, no GOV.UK logo, no GDS Transport', async () => {
    const page = await client().get('/');
    expect(page.html).not.toMatch(/GOV\.UK|govuk-logo|[Cc]rown/);
    expect(page.html).toContain(policy.organisation.name);
    const css = await (await fetch(new URL(/href="(\/assets\/app\.[0-9a-f]+\.css)"/.exec(page.html)![1]!, stack.apiUrl))).text();
    expect(css).not.toContain('GDS Transport');
  });

  it('allows its one inline script by hash and no other', async () => {
    for (const path of ['/', '/form/type']) {
      const page = await client().get(path);
      const scripts = [...page.html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
      expect(scripts).toHaveLength(1);
      const hash = `'sha256-${createHash('sha256').update(scripts[0]!).digest('base64')}'`;
      expect(contentSecurityPolicy).toContain(`script-src 'self' ${hash}`);
    }
    expect(contentSecurityPolicy).toContain("frame-ancestors 'none'");
  });

  it('serves its static files with hashed names, kept for a year, with the same headers', async () => {
    const page = await client().get('/');
    const files = [...page.html.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(files.map((f) => f.replace(/\.[0-9a-f]{12}\./, '.HASH.')).sort()).toEqual(['/assets/app.HASH.css', '/assets/app.HASH.js', '/assets/favicon.HASH.svg']);
    for (const file of files) {
      const res = await fetch(new URL(file, stack.apiUrl));
      expect(res.status, file).toBe(200);
      expect(res.headers.get('cache-control')).toBe(immutableCacheControl);
      expect(res.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
    }
    expect((await fetch(new URL('/assets/app.000000000000.css', stack.apiUrl))).status).toBe(404);
    expect((await fetch(new URL('/assets/../package.json', stack.apiUrl))).status).toBe(404);
  });
});

describe('the journey', () => {
  it('from the first question to the confirmation, the reference is the stored case and every answer is on it', async () => {
    const c = client();
    const first = await c.get('/form/type');
    expect(first.status).toBe(200);
    const cookie = first.headers.getSetCookie().join('\n');
    expect(cookie).toMatch(/^form=[A-Za-z0-9_-]{43}; Path=\/form; Max-Age=86400; HttpOnly; SameSite=Strict$/);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(first.html).toMatch(/<form method="post" novalidate>/);

    await answerAll(c, complaintPages);
    const check = await c.get('/form/check');
    expect(check.status).toBe(200);
    expect(titleOf(check.html)).toMatch(/^Check your answers before sending/);
    // Every answer shown, escaped, each with a Change link to its page.
    expect(check.html).toContain('Fire engine &lt;b&gt;blocked&lt;/b&gt; my driveway');
    expect(check.html).toContain('for two hours. &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(check.html).not.toContain('<script>alert(1)');
    expect(check.html).toContain('Tuesday 3 November 2026');
    expect(check.html).toContain('By email: ann@example.com');
    for (const page of ['type', 'urgent', 'what-happened', 'when-and-where', 'service', 'contact', 'support']) {
      expect(check.html, page).toContain(`href="/form/${page}?change=1#`);
    }

    const reference = await send(c);
    expect(reference).toMatch(/^CC-\d{4}-\d{5}$/);
    const stored = await get(`${stack.apiUrl}/api/cases/${reference}`, bearer(adminToken));
    expect(stored.status).toBe(200);
    expect(stored.json).toMatchObject({
      reference,
      kind: 'complaint',
      channel: 'web',
      urgent: false,
      summary: 'Fire engine <b>blocked</b> my driveway',
      details: 'It parked across my drive\nfor two hours. <script>alert(1)</script>',
      incidentDate: '2026-11-03',
      location: 'High Street, Luton',
      function: 'operations',
      customer: { name: 'Ann Example', email: 'ann@example.com', preferredContact: 'email', accessibilityNeeds: 'Large print, please', anonymous: false },
    });

    // Sent means sent: the pages now show the confirmation, and the answers have left the session.
    expect((await c.get('/form/contact')).location).toBe('/form/confirmation');
    const again = await c.get('/form/confirmation');
    expect(again.html).toContain(reference);
    expect(again.html).not.toContain('ann@example.com');
  });

  it('a change from the check page returns to it; a change that needs a new question asks it first', async () => {
    const c = client();
    await answerAll(c, [
      ['/form/type', { kind: 'compliment' }],
      ['/form/what-happened', { summary: 'Thank you', details: 'The crew were kind.' }],
      ['/form/when-and-where', {}],
      ['/form/service', {}],
      ['/form/contact', { preferredContact: 'none' }],
      ['/form/support', {}],
    ]);
    const shown = await c.get('/form/what-happened?change=1');
    expect(shown.html).toContain('href="/form/check"');
    const changed = await c.post('/form/what-happened?change=1', { csrf: /name="csrf" value="([^"]+)"/.exec(shown.html)![1]!, summary: 'Thanks', details: 'Kind crew.' });
    expect(changed.location).toBe('/form/check');
    // A compliment turned complaint must say whether it is urgent, and give a way to reply.
    const toComplaint = await c.post('/form/type?change=1', { csrf: /name="csrf" value="([^"]+)"/.exec(shown.html)![1]!, kind: 'complaint' });
    expect(toComplaint.location).toBe('/form/urgent?change=1');
    expect((await c.get('/form/check')).location).toBe('/form/urgent');
  });

  it('a compliment needs no name and no reply', async () => {
    const c = client();
    await answerAll(c, [
      ['/form/type', { kind: 'compliment' }],
      ['/form/what-happened', { summary: 'Thank you to Luton crew', details: 'They were kind.' }],
      ['/form/when-and-where', {}],
      ['/form/service', { function: 'unknown' }],
      ['/form/contact', { preferredContact: 'none' }],
      ['/form/support', {}],
    ]);
    const reference = await send(c);
    const stored = await get(`${stack.apiUrl}/api/cases/${reference}`, bearer(adminToken));
    expect(stored.json).toMatchObject({ kind: 'compliment', customer: { anonymous: true, preferredContact: 'none' } });
    expect(stored.json.function).toBeUndefined();
  });

  it('an urgent complaint repeats the telephone advice and tells the Duty Officer at once', async () => {
    const c = client();
    const urgentPage = await c.get('/form/type').then(() => c.answerPage('/form/type', { kind: 'complaint' })).then(() => c.get('/form/urgent'));
    expect(urgentPage.html).toContain(`telephone us now on ${policy.organisation.phone}`);
    await answerAll(c, [['/form/urgent', { urgent: 'yes' }], ...complaintPages.slice(2)]);
    const reference = await send(c);
    const confirmation = await c.get('/form/confirmation');
    expect(confirmation.html).toContain('We have told the Duty Officer');
    expect(confirmation.html).toContain(policy.organisation.phone);
    const alert = await mailTo(stack.mailboxUrl, { subject: `URGENT: possible danger to the public, ${reference}`, to: 'duty-officer@bedsfire.example' });
    expect(alert.text).toContain('Fire engine <b>blocked</b> my driveway');
  });

  it('sending twice at once stores one case', async () => {
    const c = client();
    await answerAll(c, complaintPages);
    const check = await c.get('/form/check');
    const csrf = /name="csrf" value="([^"]+)"/.exec(check.html)![1]!;
    const [a, b] = await Promise.all([c.post('/form/check', { csrf }), c.post('/form/check', { csrf })]);
    expect([a.status, b.status]).toEqual([303, 303]);
    const reference = /data-reference>([^<]+)</.exec((await c.get('/form/confirmation')).html)![1]!;
    const list = await get(`${stack.apiUrl}/api/cases?status=open`, bearer(adminToken));
    const sameSummary = (list.json.items as Array<{ reference: string }>).filter((i) => i.reference === reference);
    expect(sameSummary).toHaveLength(1);
    const sequence = Number(reference.slice(-5));
    expect((await get(`${stack.apiUrl}/api/cases/CC-${reference.slice(3, 7)}-${String(sequence + 1).padStart(5, '0')}`, bearer(adminToken))).status).toBe(404);
  });

  it('the honeypot: a bot is answered as if sent, and nothing is stored', async () => {
    const c = client();
    await answerAll(c, [complaintPages[0]!, complaintPages[1]!, ['/form/what-happened', { ...complaintPages[2]![1], website: 'http://spam.example' }], ...complaintPages.slice(3)]);
    const reference = await send(c);
    expect((await get(`${stack.apiUrl}/api/cases/${reference}`, bearer(adminToken))).status).toBe(404);
  });
});

describe('bad answers', () => {
  it('every problem is shown at its field and summarised at the top, linked, and what was typed is kept', async () => {
    const c = client();
    await answerAll(c, complaintPages.slice(0, 2));
    const tooLong = 'x'.repeat(LIMITS.summary + 1);
    const page = await c.answerPage('/form/what-happened', { summary: tooLong, details: '' });
    expect(page.status).toBe(422);
    expect(titleOf(page.html)).toMatch(/^Error: What is your complaint about\?/);
    expect(errorSummaryOf(page.html)).toEqual([
      [`What it is about must be ${LIMITS.summary} characters or fewer`, '#summary'],
      ['Enter what happened', '#details'],
    ]);
    expect(page.html).toMatch(/<p id="summary-error" class="govuk-error-message">\s*<span class="govuk-visually-hidden">Error:<\/span> What it is about must be 200 characters or fewer/);
    expect(page.html).toContain(`>${tooLong}</textarea>`);
    expect(page.html).toContain(`maxlength="${LIMITS.summary}"`);
    expect(page.html).toContain(`maxlength="${LIMITS.details}"`);
    // Kept in the session too: shown again on the next visit.
    expect((await c.get('/form/what-happened')).html).toContain(`>${tooLong}</textarea>`);
  });

  it('the date and the way to reply are checked as the API checks them', async () => {
    const c = client();
    await answerAll(c, complaintPages.slice(0, 3));
    const date = await c.answerPage('/form/when-and-where', { incidentDay: '31', incidentMonth: '2', incidentYear: '2026' });
    expect(errorSummaryOf(date.html)).toEqual([['The date it happened must be a real date', '#incidentDay']]);
    await answerAll(c, complaintPages.slice(3, 5));
    const contact = await c.answerPage('/form/contact', { preferredContact: 'email', email: 'ann@' });
    expect(errorSummaryOf(contact.html)).toEqual([['Enter an email address in the correct format, like name@example.com', '#email']]);
    const none = await c.answerPage('/form/contact', {});
    expect(errorSummaryOf(none.html)).toEqual([['Select how you would like us to reply', '#preferredContact']]);
  });

  it('pages cannot be skipped: a later page sends back to the first unanswered one', async () => {
    const c = client();
    expect((await c.get('/form/contact')).location).toBe('/form/type');
    await c.get('/form/type');
    expect((await c.get('/form/check')).location).toBe('/form/type');
    await answerAll(c, complaintPages.slice(0, 1));
    expect((await c.get('/form/support')).location).toBe('/form/urgent');
  });

  it('an unknown page is a 404 page', async () => {
    const page = await client().get('/form/nothing-here');
    expect(page.status).toBe(404);
    expect(titleOf(page.html)).toMatch(/^Page not found/);
    expectSecurityHeaders(page);
  });
});

describe('forged and stale posts', () => {
  async function started() {
    const c = client();
    await answerAll(c, complaintPages.slice(0, 1));
    return c;
  }

  it('refuses a post without the anti-forgery token, and changes nothing', async () => {
    const c = await started();
    const forged = await c.post('/form/urgent', { urgent: 'yes' });
    expect(forged.status).toBe(403);
    expect((await c.post('/form/urgent', { urgent: 'yes', csrf: 'x'.repeat(43) })).status).toBe(403);
    expect((await c.get('/form/what-happened')).location).toBe('/form/urgent');
  });

  it('refuses a post from another site, even with the token', async () => {
    const c = await started();
    const csrf = /name="csrf" value="([^"]+)"/.exec((await c.get('/form/urgent')).html)![1]!;
    expect((await c.post('/form/urgent', { urgent: 'no', csrf }, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await c.post('/form/urgent', { urgent: 'no', csrf }, { 'sec-fetch-site': 'same-site' })).status).toBe(403);
    // An older browser: no Sec-Fetch-Site, an Origin of another site.
    const old = await fetch(new URL('/form/urgent', stack.apiUrl), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example', cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      body: new URLSearchParams({ urgent: 'no', csrf }).toString(),
    });
    expect(old.status).toBe(403);
    expect((await c.post('/form/urgent', { urgent: 'no', csrf })).status).toBe(303);
  });

  it('a post without a session says the answers were not saved, and how to start again', async () => {
    const page = await client().post('/form/urgent', { urgent: 'no', csrf: 'x' });
    expect(page.status).toBe(400);
    expect(titleOf(page.html)).toMatch(/^Your answers were not saved/);
    expect(page.html).toContain('href="/form/type"');
  });

  it('refuses what is not a form post', async () => {
    const c = await started();
    const res = await fetch(new URL('/form/urgent', stack.apiUrl), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin', cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      body: '{"urgent":"no"}',
    });
    expect(res.status).toBe(400);
  });
});

describe('the private tracking page', () => {
  /** Sends a complaint through the API and returns its reference and the link of its acknowledgement. */
  async function trackedComplaint(email: string): Promise<{ reference: string; link: string }> {
    const res = await fetch(`${stack.apiUrl}/api/public/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'complaint', summary: 'Smoke alarm visit <missed>', details: 'Nobody came <i>at all</i>.', function: 'prevention', name: 'Bo Example', email }),
    });
    const { reference } = (await res.json()) as { reference: string };
    const ack = await mailTo(stack.mailboxUrl, { subject: `We have received your complaint: reference ${reference}`, to: email });
    const link = new RegExp(`${stack.apiUrl.replace(/[.:/]/g, '\\$&')}/track/[A-Za-z0-9_-]{43}`).exec(ack.text)?.[0];
    expect(link, ack.text).toBeDefined();
    expect(ack.html).toContain(`href="${link}"`);
    return { reference, link: link! };
  }

  async function staffAct(role: 'functional-head' | 'admin-manager' | 'legal-governance', user: string | undefined, reference: string, action: string, body: unknown) {
    const token = await stack.token(role, user ? { user } : {});
    const before = await get(`${stack.apiUrl}/api/cases/${reference}`, bearer(token));
    const res = await fetch(`${stack.apiUrl}/api/cases/${reference}/${action}`, {
      method: 'POST',
      headers: { ...bearer(token), 'content-type': 'application/json', 'if-match': before.headers.get('etag')! },
      body: JSON.stringify(body),
    });
    expect(res.status, await res.clone().text()).toBe(200);
  }

  async function waitForStageOne(reference: string) {
    for (let i = 0; i < 100; i++) {
      const c = await get(`${stack.apiUrl}/api/cases/${reference}`, bearer(adminToken));
      if (c.json.stage === 1 && c.json.owner) return c.json;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${reference} never reached stage 1`);
  }

  it('the acknowledgement links to a page that says where the complaint stands, and by whom (a role, never a name)', async () => {
    const { reference, link } = await trackedComplaint('bo.track@example.com');
    await waitForStageOne(reference);
    const page = await client().get(link);
    expect(page.status).toBe(200);
    expectSecurityHeaders(page);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(titleOf(page.html)).toMatch(new RegExp(`^Your complaint ${reference}`));
    expect(page.html).toMatch(/data-stage>Stage 1 of 3</);
    expect(page.html).toContain('being looked into by the head of Prevention');
    expect(page.html).not.toContain('prevention-head');
    // The acknowledgement is among what was sent, escaped as all text is.
    expect(page.html).toContain(`We have received your complaint: reference ${reference}`);
    expect(page.html).toContain('Smoke alarm visit &lt;missed&gt;');
    expect(page.html).not.toContain('<missed>');
  });

  it('an altered, unknown or malformed token is a 404 that shows nothing of any case', async () => {
    const { reference, link } = await trackedComplaint('bo.altered@example.com');
    const token = link.slice(-43);
    const flipped = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    for (const path of [`/track/${flipped}`, `/track/${'A'.repeat(43)}`, '/track/short', `/track/${token}x`]) {
      const page = await client().get(path);
      expect(page.status, path).toBe(404);
      expect(titleOf(page.html)).toMatch(/^Page not found/);
      expect(page.html).not.toContain(reference);
      expect(page.html).not.toContain('Bo Example');
    }
  });

  it('shows an extension and why; takes comments on draft findings as the staff API records them', async () => {
    const { reference, link } = await trackedComplaint('bo.draft@example.com');
    const owner = (await waitForStageOne(reference)).owner as string;
    await staffAct('functional-head', owner, reference, 'extension', { workingDays: 3, reason: 'Waiting for the crew <to return>' });
    await staffAct('functional-head', owner, reference, 'draft-findings', { findings: 'We think the visit was missed because of a diary error.' });

    const c = client();
    const page = await c.get(link);
    expect(page.html).toContain('Waiting for the crew &lt;to return&gt;');
    expect(page.html).toContain('We think the visit was missed because of a diary error.');
    expect(page.html).toMatch(/<textarea[^>]*name="comments"/);

    const empty = await c.post(link, { comments: '  ' });
    expect(empty.status).toBe(422);
    expect(titleOf(empty.html)).toMatch(/^Error: /);
    expect(errorSummaryOf(empty.html)).toEqual([['Enter your comments on our draft findings', '#comments']]);

    expect((await c.post(link, { comments: 'x' }, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    // Not a form post, or larger than any form: a 400, nothing recorded.
    const asJson = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' }, body: '{"comments":"x"}' });
    expect(asJson.status).toBe(400);
    const huge = await c.post(link, { comments: 'x'.repeat(70_000) });
    expect(huge.status).toBe(400);
    expect((await get(`${stack.apiUrl}/api/cases/${reference}`, bearer(adminToken))).json.draftFindings.at(-1).comments).toBeUndefined();

    const sent = await c.post(link, { comments: 'I agree, but nobody rang me either.' });
    expect(sent.status).toBe(303);
    expect(sent.location).toBe(`${new URL(link).pathname}?commented=1#draft-findings`);
    const after = await c.get(sent.location!);
    expect(after.html).toContain('We have received your comments');
    expect(after.html).toContain('I agree, but nobody rang me either.');
    expect(after.html).not.toMatch(/<textarea[^>]*name="comments"/);

    const stored = await get(`${stack.apiUrl}/api/cases/${reference}`, bearer(adminToken));
    expect(stored.json.draftFindings.at(-1).comments).toMatchObject({ text: 'I agree, but nobody rang me either.', recordedBy: 'public' });
    const event = (stored.json.timeline as Array<{ type: string; actor: unknown }>).find((e) => e.type === 'draft-comments-recorded');
    expect(event?.actor).toEqual({ type: 'public' });

    // Once answered, a second post is refused plainly.
    const again = await c.post(link, { comments: 'More' });
    expect(again.status).toBe(422);
    expect(again.html).toContain('There are no draft findings waiting for your comments now');
  });

  it('once closed: the decision, the response and the remedy, the closing letter among what was sent, and nothing for staff only', async () => {
    const { reference, link } = await trackedComplaint('bo.closed@example.com');
    const owner = (await waitForStageOne(reference)).owner as string;
    await staffAct('functional-head', owner, reference, 'outcome', {
      result: 'resolved',
      decision: 'partly-upheld',
      response: 'The visit was missed because of a diary error.',
      remedy: 'We will visit on Monday.',
      lessonsLearned: 'Check the diary twice (staff only)',
    });
    await mailTo(stack.mailboxUrl, { subject: `Our response to your complaint ${reference}`, to: 'bo.closed@example.com' });
    let page = await client().get(link);
    for (let i = 0; i < 100 && !page.html.includes(`Our response to your complaint ${reference}`); i++) {
      await new Promise((r) => setTimeout(r, 100));
      page = await client().get(link);
    }
    expect(page.html).toContain('data-state="closed"');
    expect(page.html).toContain('We upheld part of your complaint.');
    expect(page.html).toContain('The visit was missed because of a diary error.');
    expect(page.html).toContain('We will visit on Monday.');
    expect(page.html).not.toContain('Check the diary twice');
    expect(page.html).not.toContain(owner);
    expect(page.html).not.toMatch(/<textarea[^>]*name="comments"/);
    expect(page.html).toContain(`Our response to your complaint ${reference}`);
  });

  it('under an information-request review: who reviews it and by when; once decided, the review\'s answer, its letter and the Information Commissioner, never the Ombudsman', async () => {
    const { reference, link } = await trackedComplaint('bo.review@example.com');
    await waitForStageOne(reference);
    await staffAct('admin-manager', undefined, reference, 'information-review', { request: 'foi', note: 'Answered late (staff only)' });
    let page = await client().get(link);
    expect(page.html).toContain('data-state="reviewing"');
    expect(page.html).toContain('Your complaint about how we handled your Freedom of Information request is being reviewed by our Legal and Governance team.');
    expect(page.html).not.toContain('data-stage');
    expect(page.html).not.toContain('Answered late');
    await staffAct('legal-governance', undefined, reference, 'information-review/outcome', { decision: 'upheld', response: 'We should have answered within 20 working days.', lessonsLearned: 'Diary the deadline (staff only)' });
    const letter = await mailTo(stack.mailboxUrl, { subject: `The review of your complaint ${reference}`, to: 'bo.review@example.com' });
    page = await client().get(link);
    for (let i = 0; i < 100 && !page.html.includes(`The review of your complaint ${reference}`); i++) {
      await new Promise((r) => setTimeout(r, 100));
      page = await client().get(link);
    }
    expect(page.html).toContain('data-state="closed"');
    expect(page.html).toContain('What the review decided');
    expect(page.html).toContain('We upheld your complaint.');
    expect(page.html).toContain('We should have answered within 20 working days.');
    expect(page.html).toMatch(/data-commissioner>[^<]*Information Commissioner(&#39;|’|')s Office/);
    expect(page.html).toContain('0303 123 1113');
    expect(page.html).not.toContain('Ombudsman');
    expect(page.html).not.toContain('Diary the deadline');
    expect(letter.text).toContain('0303 123 1113');
  });

  it('a revoked link opens nothing', async () => {
    const { reference, link } = await trackedComplaint('bo.revoked@example.com');
    // The workflow changes the case until stage 1 has its owner; the revocation comes after.
    await waitForStageOne(reference);
    expect((await client().get(link)).status).toBe(200);
    await staffAct('admin-manager', undefined, reference, 'tracking-link/revocation', {});
    expect((await client().get(link)).status).toBe(404);
  });
});

describe('every other address', () => {
  it('the staff console is one page under /staff/, with the same headers, and tells it where staff sign in', async () => {
    for (const path of ['/staff/', '/staff/cases', '/staff/cases/CC-2026-00001', '/staff/callback']) {
      const page = await client().get(path);
      expect(page.status, path).toBe(200);
      expectSecurityHeaders(page);
      expect(page.html).toMatch(/<script type="module" src="\/assets\/console\.[0-9a-f]{12}\.js"><\/script>/);
      expect(page.html).toContain('id="app"');
    }
    expect((await client().get('/staff')).location).toBe('/staff/');
    const config = await get(`${stack.apiUrl}/staff/config.json`);
    expect(config.json).toMatchObject({
      authority: `${stack.apiUrl}/local/issuer`,
      clientId: 'fire-complaints-local',
      scope: 'openid profile email',
      endSessionEndpoint: `${stack.apiUrl}/local/issuer/logout`,
      bankHolidays: policy.bankHolidays,
      functions: policy.functions,
      stages: policy.stages,
    });
    expect((await fetch(`${stack.apiUrl}/staff/`, { method: 'POST' })).status).toBe(404);
  });

  it('an address nobody serves is a not-found page; under /api/ a JSON 404 as the API answers', async () => {
    const page = await client().get('/no/such/page');
    expect(page.status).toBe(404);
    expect(titleOf(page.html)).toMatch(/^Page not found/);
    expectSecurityHeaders(page);
    const api = await get(`${stack.apiUrl}/api/no-such-thing`);
    expect(api.status).toBe(404);
    expect(api.json).toEqual({ error: 'not-found', message: 'Not Found' });
    expect((await fetch(`${stack.apiUrl}/api/health`, { method: 'DELETE' })).status).toBe(404);
  });
});
