import { Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

/** What a sending function needs to know about outgoing mail; implemented by {@link MailSending}. */
export interface MailSender {
  /** RFC 5322 From header, e.g. `고용서비스상 사무국 <award-office@example.test>`. */
  readonly mailFrom: string;
  /** The verified domain (SES identity) the From address is on. */
  readonly mailDomain: string;
  readonly configurationSetName: string;
  readonly configurationSetArn: string;
  readonly identityArn: string;
  /**
   * ses:SendEmail scoped to the identity and the configuration set, and only with the configured
   * sender as From (`ses:FromAddress`): a function cannot send as anyone else on the domain.
   */
  grantSendEmail(grantee: iam.IGrantable): iam.Grant;
}

export interface MailSendingProps {
  /** Domain verified in SES (DKIM); the From address must be on it. */
  readonly mailDomain: string;
  readonly mailFrom: string;
}

/**
 * The sending events the configuration set publishes to the account's default EventBridge bus (SES
 * supports no other): bounces, complaints and deliveries, which functions/mail-events.ts records.
 * Never opens or clicks: tracking stays off.
 */
export const PUBLISHED_MAIL_EVENTS = [
  ses.EmailSendingEvent.BOUNCE,
  ses.EmailSendingEvent.COMPLAINT,
  ses.EmailSendingEvent.DELIVERY,
] as const;

/**
 * SES v2 sending: a domain identity (Easy DKIM) and a configuration set with reputation metrics and
 * no open/click tracking (no engagement metrics, no tracking redirect domain); its one event
 * destination is the default EventBridge bus, for {@link PUBLISHED_MAIL_EVENTS}.
 */
export class MailSending extends Construct implements MailSender {
  readonly mailFrom: string;
  readonly mailDomain: string;
  readonly configurationSet: ses.ConfigurationSet;
  readonly identity: ses.EmailIdentity;
  readonly configurationSetName: string;
  readonly configurationSetArn: string;
  readonly identityArn: string;

  constructor(scope: Construct, id: string, props: MailSendingProps) {
    super(scope, id);
    const fromDomain = addressDomain(props.mailFrom);
    const domain = props.mailDomain.toLowerCase();
    if (fromDomain !== domain && !fromDomain.endsWith(`.${domain}`)) {
      throw new Error(`mailFrom "${props.mailFrom}" is not on the mail domain "${props.mailDomain}"`);
    }
    this.mailFrom = props.mailFrom;
    this.mailDomain = props.mailDomain;

    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      sendingEnabled: true,
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.configurationSet.addEventDestination('MailEvents', {
      destination: ses.EventDestination.eventBus(
        events.EventBus.fromEventBusName(this, 'DefaultBus', 'default'),
      ),
      events: [...PUBLISHED_MAIL_EVENTS],
      enabled: true,
    });
    this.identity = new ses.EmailIdentity(this, 'Identity', {
      identity: ses.Identity.domain(props.mailDomain),
      configurationSet: this.configurationSet,
    });

    this.configurationSetName = this.configurationSet.configurationSetName;
    this.configurationSetArn = Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
    });
    this.identityArn = this.identity.emailIdentityArn;
  }

  grantSendEmail(grantee: iam.IGrantable): iam.Grant {
    return grantSendEmail(this, grantee);
  }
}

/**
 * The one way functions get to send mail: SES v2 `SendEmail` (its IAM action, whatever the content:
 * simple or raw) on the identity and the configuration set, with `ses:FromAddress` equal to the bare
 * address of `mailFrom`.
 */
export function grantSendEmail(
  mail: Pick<MailSender, 'identityArn' | 'configurationSetArn' | 'mailFrom'>,
  grantee: iam.IGrantable,
): iam.Grant {
  return iam.Grant.addToPrincipal({
    grantee,
    actions: ['ses:SendEmail'],
    resourceArns: [mail.identityArn, mail.configurationSetArn],
    conditions: { StringEquals: { 'ses:FromAddress': bareAddress(mail.mailFrom) } },
  });
}

/** `user@domain` of `Name <user@domain>` or `user@domain`. */
export function bareAddress(address: string): string {
  const angle = /<([^<>]+)>\s*$/.exec(address);
  const bare = (angle?.[1] ?? address).trim();
  const at = bare.lastIndexOf('@');
  if (at < 1 || at === bare.length - 1) throw new Error(`not an e-mail address: "${address}"`);
  return bare;
}

/** Domain of `Name <user@domain>` or `user@domain`, lower-cased. */
export function addressDomain(address: string): string {
  const angle = /<([^<>]+)>\s*$/.exec(address);
  const bare = (angle?.[1] ?? address).trim();
  const at = bare.lastIndexOf('@');
  if (at < 1 || at === bare.length - 1) throw new Error(`not an e-mail address: "${address}"`);
  return bare.slice(at + 1).toLowerCase();
}
