import { PublishCommand, SNSClient, SNSServiceException } from '@aws-sdk/client-sns';
import type { Notifier, OutgoingMessage, SendOutcome } from './notifier';
import { traced } from './tracing';

/** SMS through Amazon SNS, transactional, to a mainland number (+86). */
export class SnsNotifier implements Notifier {
  private readonly sns: SNSClient;

  /** In the notify region (NOTIFY_REGION): SMS is not offered everywhere the platform runs. */
  constructor(region: string) {
    this.sns = traced(new SNSClient({ region }));
  }

  async send(m: OutgoingMessage): Promise<SendOutcome> {
    try {
      const out = await this.sns.send(
        new PublishCommand({
          PhoneNumber: m.to.startsWith('+') ? m.to : `+86${m.to}`,
          Message: m.text,
          MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
        }),
      );
      return { ok: true, outcome: `sns ${out.MessageId ?? ''}`.trim() };
    } catch (e) {
      if (e instanceof SNSServiceException && e.$fault === 'client' && e.name !== 'ThrottledException') return { ok: false, outcome: `sns ${e.name}` };
      throw e;
    }
  }
}
