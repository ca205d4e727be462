import { SendEmailCommand, SESv2Client, SESv2ServiceException } from '@aws-sdk/client-sesv2';
import type { Notifier, OutgoingMessage, SendOutcome } from './notifier';
import { traced } from './tracing';

/** E-mail through Amazon SES (v2), from the deployment's verified identity (NOTIFY_EMAIL_FROM). */
export class SesNotifier implements Notifier {
  private readonly ses: SESv2Client;

  /** In the notify region (NOTIFY_REGION): SES is not offered everywhere the platform runs. */
  constructor(
    private readonly from: string,
    region: string,
  ) {
    this.ses = traced(new SESv2Client({ region }));
  }

  async send(m: OutgoingMessage): Promise<SendOutcome> {
    try {
      const out = await this.ses.send(
        new SendEmailCommand({
          FromEmailAddress: this.from,
          Destination: { ToAddresses: [m.to] },
          Content: { Simple: { Subject: { Data: m.subject, Charset: 'UTF-8' }, Body: { Text: { Data: m.text, Charset: 'UTF-8' } } } },
          // The notification's id travels with the message, for the bounce and complaint records.
          EmailTags: [{ Name: 'notification', Value: m.messageId.replace(/[^A-Za-z0-9_-]/g, '_') }],
        }),
      );
      return { ok: true, outcome: `ses ${out.MessageId ?? ''}`.trim() };
    } catch (e) {
      // A refusal (bad address, suppressed, not verified) is an answer; throttling or a 5xx is not.
      if (e instanceof SESv2ServiceException && e.$fault === 'client' && e.name !== 'TooManyRequestsException') return { ok: false, outcome: `ses ${e.name}` };
      throw e;
    }
  }
}
