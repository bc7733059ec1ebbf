import { ArnFormat, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import type { Policy } from '../../functions/domain/policy';
import type { HouseFunction } from './house-function';

/** Context key (`cdk deploy -c mailDomain=example.org`): verify the whole domain instead of one address. */
export const MAIL_DOMAIN_CONTEXT = 'mailDomain';

/** The one SES action the mailer uses (SESv2 SendEmail, functions/adapters/ses-mailer.ts). */
const SEND_ACTIONS = ['ses:SendEmail'];

export interface MailSenderProps {
  /** The validated policy: its organisation address is the sender of every email. */
  readonly policy: Policy;
  /** Verify this domain rather than the single address; default: context `mailDomain`, else none. */
  readonly domain?: string;
}

/** `a@Mail.Example.org` → `mail.example.org`. */
const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

/**
 * Who the system's email comes from: the policy's organisation address, verified in SES either as
 * that address (the default) or through its whole domain (context `mailDomain`, which then needs
 * the DKIM records SES gives). Functions that send mail get the sender and the right to send as it
 * together, through `grantSend`.
 */
export class MailSender extends Construct {
  /** The From address of every email. */
  readonly address: string;
  readonly identity: EmailIdentity;
  /** The SES identities a send from `address` is authorised against. */
  private readonly identityArns: string[];

  constructor(scope: Construct, id: string, props: MailSenderProps) {
    super(scope, id);
    this.address = props.policy.organisation.email;
    const domain = normaliseDomain(props.domain ?? this.node.tryGetContext(MAIL_DOMAIN_CONTEXT));
    if (domain !== undefined) {
      const from = domainOf(this.address);
      if (from !== domain && !from.endsWith(`.${domain}`)) {
        throw new Error(
          `Context ${MAIL_DOMAIN_CONTEXT} is ${domain}, but the sender ${this.address} (policy organisation.email) is not on that domain`,
        );
      }
    }
    this.identity = new EmailIdentity(this, 'Identity', {
      identity: domain === undefined ? Identity.email(this.address) : Identity.domain(domain),
    });
    // With a domain identity, SES authorises the send against the From address's identity ARN as
    // well as the domain's; with an address identity the two are the same ARN.
    const addressArn = Stack.of(this).formatArn({
      service: 'ses',
      resource: 'identity',
      resourceName: this.address,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    this.identityArns = domain === undefined ? [this.identity.emailIdentityArn] : [this.identity.emailIdentityArn, addressArn];
  }

  /** Lets `fn` send email as the sender: sets MAIL_FROM and grants ses:SendEmail on the sender identity only. */
  grantSend(fn: HouseFunction): void {
    fn.addEnvironment('MAIL_FROM', this.address);
    fn.addToRolePolicy(new PolicyStatement({ actions: SEND_ACTIONS, resources: this.identityArns }));
  }
}

function normaliseDomain(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const domain = String(value).trim().toLowerCase();
  if (!/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(domain)) {
    throw new Error(`Mail domain (context ${MAIL_DOMAIN_CONTEXT}) is not a domain name: ${String(value)}`);
  }
  return domain;
}
