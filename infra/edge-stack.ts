import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { edgeWebAcl } from './waf';

export interface EdgeStackProps extends StackProps {
  stage: string;
}

/**
 * What a CloudFront distribution's web ACL needs: a stack in us-east-1, where CloudFront-scoped ACLs live. Its ACL
 * counts requests per viewer address (ADR 0015); the app stack's distribution names it. Not in the China regions,
 * whose WAF is regional only.
 */
export class EdgeStack extends Stack {
  readonly webAclArn: string;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    this.webAclArn = edgeWebAcl(this, `powerpermit-${props.stage}-edge`).attrArn;
  }
}
