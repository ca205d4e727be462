import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';

export interface NotifyStackProps extends StackProps {
  /** The domain e-mail to enterprises is sent from. */
  emailDomain: string;
}

/**
 * The sending side of notifications to enterprises (docs/notifications.md), in the region that
 * offers it: SES e-mail and SNS SMS are not in every region the platform runs in (not in
 * ap-east-1), so the task function calls them in this stack's region (NOTIFY_REGION). The domain's
 * identity is verified by the DKIM records this stack outputs, published in the domain's DNS.
 */
export class NotifyStack extends Stack {
  readonly identity: EmailIdentity;

  constructor(scope: Construct, id: string, props: NotifyStackProps) {
    super(scope, id, props);
    this.identity = new EmailIdentity(this, 'NotifyEmailIdentity', { identity: Identity.domain(props.emailDomain) });
    this.identity.dkimRecords.forEach((r, i) => new CfnOutput(this, `DkimRecord${i + 1}`, { value: `${r.name} CNAME ${r.value}` }));
  }
}
