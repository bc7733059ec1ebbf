import { SESv2Client } from '@aws-sdk/client-sesv2';
import sesLocalModule from 'aws-ses-v2-local';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SesMailer } from '../../functions/adapters/ses-mailer';
import { newCase } from '../../functions/domain/case';
import { acknowledgement } from '../../functions/domain/customer-letters';
import { MailerUnavailableError, MailRejectedError, type EmailMessage } from '../../functions/domain/mail';
import { defaultPolicy } from '../../functions/domain/policy';
import { parseSubmission } from '../../functions/domain/submission';
import { aComplaint } from '../support/mothers';
import { enGB } from '../support/texts';

const sesLocal = (sesLocalModule as unknown as { default?: typeof sesLocalModule }).default ?? sesLocalModule;

const FROM = 'complaints@bedsfire.example';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

let ses: Server;
let endpoint: string;
let client: SESv2Client;

const listen = (server: Server) =>
  new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
const close = (server: Server | undefined) => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));

beforeAll(async () => {
  ses = await sesLocal({ host: '127.0.0.1', port: 0 });
  if (!ses.listening) await new Promise((resolve) => ses.once('listening', resolve));
  endpoint = `http://127.0.0.1:${(ses.address() as AddressInfo).port}`;
  client = new SESv2Client({ endpoint, region: 'eu-west-2', credentials, maxAttempts: 1 });
});
afterAll(async () => {
  client?.destroy();
  ses?.closeAllConnections();
  await close(ses);
});
beforeEach(async () => {
  await fetch(`${endpoint}/clear-store`, { method: 'POST' });
});

interface StoredEmail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
}

async function store(): Promise<StoredEmail[]> {
  const res = await fetch(`${endpoint}/store`);
  return ((await res.json()) as { emails: StoredEmail[] }).emails;
}

function aMessage(overrides: Record<string, unknown> = {}): EmailMessage {
  const { submission } = parseSubmission(aComplaint(overrides), defaultPolicy, '2026-06-01');
  const c = newCase(submission, {
    reference: 'CC-2026-00042',
    receivedAt: new Date('2026-06-01T09:00:00Z'),
    receivedOn: '2026-06-01',
    acknowledgeBy: new Date('2026-06-10T22:59:59.999Z'),
    channel: 'web',
  });
  const m = acknowledgement(c, defaultPolicy, enGB, { stageOneDeadline: '2026-06-15T22:59:59.999Z' });
  if (!m) throw new Error('expected an acknowledgement');
  return m;
}

describe('SesMailer against aws-ses-v2-local', () => {
  it('sends a template message: one mail with the right sender, recipient, subject and bodies', async () => {
    const message = aMessage({ name: 'Ann <script>alert(1)</script> & "Co"', summary: 'Drive <b>blocked</b> & more' });
    const { messageId } = await new SesMailer(client, FROM).send(message);

    const emails = await store();
    expect(emails).toHaveLength(1);
    const [mail] = emails as [StoredEmail];
    expect(mail.messageId).toBe(messageId);
    expect(mail.from).toBe(FROM);
    expect(mail.destination).toEqual({ to: ['ann@example.com'], cc: [], bcc: [] });
    expect(mail.replyTo).toEqual([defaultPolicy.organisation.email]);
    expect(mail.subject).toBe('We have received your complaint: reference CC-2026-00042');
    expect(mail.body.text).toBe(message.text);
    expect(mail.body.html).toBe(message.html);
    expect(mail.body.text).toContain('Dear Ann <script>alert(1)</script> & "Co",');
    expect(mail.body.html).toContain('Dear Ann &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;,');
    expect(mail.body.html).toContain('Drive &lt;b&gt;blocked&lt;/b&gt; &amp; more');
    expect(mail.body.html).not.toContain('<script>');
  });

  it('sends UTF-8 text unchanged', async () => {
    const message = aMessage({ name: 'Zoë Ñandú – “quoted”' });
    await new SesMailer(client, FROM, { configurationSetName: 'complaints' }).send(message);
    const [mail] = (await store()) as [StoredEmail];
    expect(mail.body.text).toContain('Dear Zoë Ñandú – “quoted”,');
  });

  it.each([
    ['a display name', 'Ann Example <ann@example.com>'],
    ['two addresses', 'ann@example.com, evil@example.com'],
    ['a header injection', 'ann@example.com\r\nBcc: evil@example.com'],
    ['no domain dot', 'ann@localhost'],
    ['a space', 'ann example@example.com'],
  ])('refuses a recipient with %s before calling SES: nothing is sent', async (_why, to) => {
    const message = { ...aMessage(), to: [to] };
    await expect(new SesMailer(client, FROM).send(message)).rejects.toThrow(MailRejectedError);
    expect(await store()).toEqual([]);
  });

  it('refuses a message with a good and a bad recipient, and sends neither', async () => {
    await expect(new SesMailer(client, FROM).send({ ...aMessage(), to: ['ann@example.com', 'not an address'] })).rejects.toThrow(MailRejectedError);
    expect(await store()).toEqual([]);
  });

  it('refuses a bad reply-to, no recipient, and a subject with a line break', async () => {
    const mailer = new SesMailer(client, FROM);
    await expect(mailer.send({ ...aMessage(), replyTo: 'a@example.com\nBcc: evil@example.com' })).rejects.toThrow(MailRejectedError);
    await expect(mailer.send({ ...aMessage(), to: [] })).rejects.toThrow(MailRejectedError);
    await expect(mailer.send({ ...aMessage(), subject: 'Hello\r\nBcc: evil@example.com' })).rejects.toThrow(MailRejectedError);
    expect(await store()).toEqual([]);
  });

  it.each(['Complaints <complaints@bedsfire.example>', 'complaints@bedsfire', 'complaints@bedsfire.example\r\nBcc: evil@example.com', ''])(
    'refuses the malformed sender %j (which the stand-in would accept): nothing is sent',
    async (from) => {
      expect(() => new SesMailer(client, from)).toThrow(MailRejectedError);
      expect(await store()).toEqual([]);
    },
  );

  it('reports an unreachable SES as unavailable, with the cause', async () => {
    const unreachable = new SESv2Client({ endpoint: 'http://127.0.0.1:9', region: 'eu-west-2', credentials, maxAttempts: 1 });
    const error = await new SesMailer(unreachable, FROM).send(aMessage()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailerUnavailableError);
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^Could not reach SES \(ECONNREFUSED\)/);
    unreachable.destroy();
  });
});

/**
 * Faults aws-ses-v2-local cannot produce (throttling, outages, refusals, a hang), injected at the
 * HTTP level so the real SDK client parses them exactly as it would parse SES's own answers.
 */
describe('SesMailer error translation', () => {
  let fault: Server;
  let faultEndpoint: string;
  let answer: (req: IncomingMessage, res: ServerResponse) => void = () => undefined;

  beforeAll(async () => {
    fault = createServer((req, res) => {
      req.resume();
      req.on('end', () => answer(req, res));
    });
    faultEndpoint = await listen(fault);
  });
  afterAll(async () => {
    fault?.closeAllConnections();
    await close(fault);
  });

  const awsError = (status: number, type: string, message = 'injected') => (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type, 'x-amzn-requestid': 'test' });
    res.end(JSON.stringify({ message }));
  };

  const faultClient = (extra: Partial<ConstructorParameters<typeof SESv2Client>[0]> = {}) =>
    new SESv2Client({ endpoint: faultEndpoint, region: 'eu-west-2', credentials, maxAttempts: 1, ...extra });

  it.each([
    [429, 'TooManyRequestsException'],
    [400, 'LimitExceededException'],
    [400, 'SendingPausedException'],
    [500, 'InternalServiceErrorException'],
    [503, 'ServiceUnavailable'],
    [502, 'SomethingNobodyDocumented'],
  ])('turns HTTP %i %s into MailerUnavailableError', async (status, type) => {
    answer = awsError(status, type);
    const c = faultClient();
    const error = await new SesMailer(c, FROM).send(aMessage()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailerUnavailableError);
    expect(((error as Error).cause as Error).name).toBe(type);
    c.destroy();
  });

  it.each([
    [400, 'MessageRejected'],
    [400, 'MailFromDomainNotVerifiedException'],
    [400, 'BadRequestException'],
    [404, 'NotFoundException'],
  ])('turns HTTP %i %s into MailRejectedError', async (status, type) => {
    answer = awsError(status, type);
    const c = faultClient();
    const error = await new SesMailer(c, FROM).send(aMessage()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailRejectedError);
    expect(((error as Error).cause as Error).name).toBe(type);
    c.destroy();
  });

  it('gives up on an SES that never answers, as MailerUnavailableError', async () => {
    answer = () => undefined; // never answers
    const c = faultClient();
    const started = Date.now();
    await expect(new SesMailer(c, FROM, { timeoutMs: 300 }).send(aMessage())).rejects.toThrow(MailerUnavailableError);
    expect(Date.now() - started).toBeLessThan(5_000);
    c.destroy();
    fault.closeAllConnections();
  });

  it('keeps personal data out of the error message', async () => {
    answer = awsError(400, 'MessageRejected', 'Email address is not verified: ann@example.com');
    const c = faultClient();
    const error = (await new SesMailer(c, FROM).send(aMessage()).catch((e: unknown) => e)) as Error;
    expect(error.message).not.toContain('ann@example.com');
    c.destroy();
  });
});
