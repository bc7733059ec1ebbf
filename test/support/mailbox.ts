import { setTimeout as sleep } from 'node:timers/promises';

export interface Mail {
  subject: string;
  to: string[];
  text: string;
  html: string;
}

/** Every mail the SES stand-in holds. */
export async function mails(mailboxUrl: string): Promise<Mail[]> {
  const res = await fetch(`${mailboxUrl}/store`);
  const body = (await res.json()) as { emails: Array<{ subject: string; destination: { to: string[] }; body: { text?: string; html?: string } }> };
  return body.emails.map((e) => ({ subject: e.subject, to: e.destination.to, text: e.body?.text ?? '', html: e.body?.html ?? '' }));
}

/** Waits for a mail whose subject matches, to `to` if given. */
export async function mailTo(mailboxUrl: string, match: { subject: RegExp | string; to?: string }, timeoutMs = 20_000): Promise<Mail> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = (await mails(mailboxUrl)).find(
      (m) => (typeof match.subject === 'string' ? m.subject.includes(match.subject) : match.subject.test(m.subject)) && (!match.to || m.to.includes(match.to)),
    );
    if (found) return found;
    if (Date.now() > until) {
      const seen = (await mails(mailboxUrl)).map((m) => `${m.to.join(',')}: ${m.subject}`);
      throw new Error(`no mail ${String(match.subject)} to ${match.to ?? 'anyone'}; the mailbox has:\n${seen.join('\n')}`);
    }
    await sleep(50);
  }
}
