import { SendEmailCommand, type SendEmailCommandInput, type SESv2Client } from '@aws-sdk/client-sesv2';
import { isEmailAddress, MailerUnavailableError, MailRejectedError, type EmailMessage, type Mailer } from '../domain/mail';

/** SES refuses more than 50 recipients in one message. */
const MAX_RECIPIENTS = 50;
// Line breaks and control characters: never in a header.
const HEADER_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** SESv2 errors that say this message (or this sender) is refused: sending it again won't help. */
const REJECTED = new Set(['MessageRejected', 'MailFromDomainNotVerifiedException', 'BadRequestException', 'NotFoundException', 'ValidationException']);
/** SESv2 errors that say "not now": throttling, quotas, paused or suspended sending, service faults. */
const UNAVAILABLE = new Set([
  'TooManyRequestsException',
  'LimitExceededException',
  'ThrottlingException',
  'Throttling',
  'SendingPausedException',
  'AccountSuspendedException',
  'InternalServiceErrorException',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);

export interface SesMailerOptions {
  /** SES configuration set to send through (event publishing, suppression, dedicated IPs). */
  configurationSetName?: string;
  /**
   * Give up on one send after this long (default 10 s), whatever the client's own settings: the SDK's
   * `requestTimeout` only logs a warning unless the handler sets `throwOnRequestTimeout`.
   */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * The Mailer port over Amazon SES (API v2). Checks every address itself before calling SES (SES
 * would refuse most bad ones, but the local stand-in accepts anything), sends the text and HTML
 * bodies as UTF-8, and turns SDK errors into MailerUnavailableError (retry) or MailRejectedError
 * (don't).
 */
export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESv2Client,
    private readonly from: string,
    private readonly options: SesMailerOptions = {},
  ) {
    if (!isEmailAddress(from)) throw new MailRejectedError('The sender address is not a single valid email address');
  }

  async send(message: EmailMessage): Promise<{ messageId: string }> {
    const input = this.toInput(message);
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    let out;
    try {
      out = await this.client.send(new SendEmailCommand(input), { abortSignal: timeout });
    } catch (error) {
      if (timeout.aborted) throw new MailerUnavailableError('SES did not answer in time', { cause: error });
      throw translate(error);
    }
    if (!out.MessageId) throw new MailerUnavailableError('SES accepted the message without a message id');
    return { messageId: out.MessageId };
  }

  private toInput(message: EmailMessage): SendEmailCommandInput {
    if (!Array.isArray(message.to) || message.to.length === 0) throw new MailRejectedError('The message has no recipient');
    if (message.to.length > MAX_RECIPIENTS) throw new MailRejectedError(`A message may have at most ${MAX_RECIPIENTS} recipients`);
    if (!message.to.every(isEmailAddress)) throw new MailRejectedError('A recipient is not a single valid email address');
    if (message.replyTo !== undefined && !isEmailAddress(message.replyTo)) {
      throw new MailRejectedError('The reply-to address is not a single valid email address');
    }
    if (!message.subject || HEADER_UNSAFE.test(message.subject)) throw new MailRejectedError('The subject must be one line of text');
    if (!message.text && !message.html) throw new MailRejectedError('The message has no body');
    const body: NonNullable<NonNullable<SendEmailCommandInput['Content']>['Simple']>['Body'] = {};
    if (message.text) body.Text = { Data: message.text, Charset: 'UTF-8' };
    if (message.html) body.Html = { Data: message.html, Charset: 'UTF-8' };
    return {
      FromEmailAddress: this.from,
      Destination: { ToAddresses: [...message.to] },
      ...(message.replyTo ? { ReplyToAddresses: [message.replyTo] } : {}),
      Content: { Simple: { Subject: { Data: message.subject, Charset: 'UTF-8' }, Body: body } },
      ...(this.options.configurationSetName ? { ConfigurationSetName: this.options.configurationSetName } : {}),
    };
  }
}

interface SdkErrorShape {
  name?: string;
  code?: string;
  $fault?: 'client' | 'server';
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
}

/** Throttling, 5xx, network and timeouts: unavailable. Refusals of the message: rejected. Unknown: unavailable (retry, then a task). */
function translate(error: unknown): MailerUnavailableError | MailRejectedError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  const name = e.name ?? '';
  const status = e.$metadata?.httpStatusCode;
  if (REJECTED.has(name)) return new MailRejectedError(`SES refused the message (${name})`, { cause: error });
  if (UNAVAILABLE.has(name) || e.$retryable || e.$fault === 'server' || status === 429 || (status !== undefined && status >= 500)) {
    return new MailerUnavailableError(`SES is not available now (${name || status || 'error'})`, { cause: error });
  }
  if (status === 400) return new MailRejectedError(`SES refused the message (${name || status})`, { cause: error });
  // No HTTP answer at all (connection refused, DNS, reset, aborted), or an answer that is not about the message (403: credentials).
  return new MailerUnavailableError(`Could not reach SES (${e.code ?? (name || status || 'error')})`, { cause: error });
}
