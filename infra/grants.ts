import { Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import type { Construct, IConstruct } from 'constructs';

/**
 * Least-privilege grants, written out action by action instead of the broad `grantReadWrite*`
 * helpers. Each grant that needs a wildcard acknowledges exactly that cdk-nag finding, with its
 * reason, on the function it is given to, so any other wildcard still fails the synth.
 */
export interface NamedTable {
  tableName: string;
  key: IKey;
}
export interface NamedBucket {
  bucketName: string;
  key: IKey;
}

/** Acknowledges one cdk-nag AwsSolutions finding on a construct and everything under it. */
export function acknowledge(scope: IConstruct, finding: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions::${finding}`, reason });
}

const READ_ITEMS = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem'];
const WRITE_ITEMS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];

const tableArn = (scope: Construct, name: string) => Stack.of(scope).formatArn({ service: 'dynamodb', resource: 'table', resourceName: name });

const allow = (grantee: IGrantable, actions: string[], resources: string[]) =>
  grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions, resources }));

export function grantTable(scope: Construct, grantee: IGrantable, table: NamedTable, mode: 'read' | 'read-write'): void {
  const arn = tableArn(scope, table.tableName);
  const indexes = `${arn}/index/*`;
  allow(grantee, mode === 'read' ? READ_ITEMS : [...READ_ITEMS, ...WRITE_ITEMS], [arn, indexes]);
  allow(grantee, mode === 'read' ? ['kms:Decrypt'] : ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'], [table.key.keyArn]);
  acknowledge(
    scope,
    `AwsSolutions-IAM5[Resource::${nagResource(scope, indexes)}]`,
    "Queries go through the table's own secondary indexes (gsi1, gsi2, audit); the wildcard covers only those indexes of this one table.",
  );
}

export function grantObjects(scope: Construct, grantee: IGrantable, bucket: NamedBucket, prefix: string, actions: ('s3:GetObject' | 's3:PutObject')[]): void {
  const objects = `arn:${Stack.of(scope).partition}:s3:::${bucket.bucketName}/${prefix}*`;
  allow(grantee, actions, [objects]);
  allow(grantee, actions.includes('s3:PutObject') ? ['kms:Decrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'], [bucket.key.keyArn]);
  acknowledge(
    scope,
    `AwsSolutions-IAM5[Resource::${nagResource(scope, objects)}]`,
    `Objects under ${prefix} are content-addressed (their keys are SHA-256 digests or days), so they cannot be listed one by one in a policy; the grant is limited to ${actions.join(', ')} under that prefix of this one bucket.`,
  );
}

/** A token-bearing ARN as cdk-nag prints it in a finding id: `<AWS::Region>` for a Ref, `<Logical.Attr>` for a GetAtt. */
export function nagResource(scope: Construct, s: string): string {
  const resolved = Stack.of(scope).resolve(s) as unknown;
  if (typeof resolved === 'string') return resolved;
  const join = (resolved as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (!join) return s;
  const part = (p: unknown): string => {
    if (typeof p === 'string') return p;
    const ref = (p as { Ref?: string }).Ref;
    if (ref) return `<${ref}>`;
    const [logicalId, attribute] = (p as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
    return `<${logicalId}.${attribute}>`;
  };
  return join[1].map(part).join(join[0]);
}
