import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, StreamViewType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, type HttpMethods, ObjectLockRetention, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { SealAlgorithm } from '../functions/platform/signing';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Validations } from 'aws-cdk-lib';
import { TABLE_SCHEMA } from '../functions/platform/table';
import { documentStoreCors } from '../web/site';
import { VAULT_PREFIX } from '../functions/enterprises/domain/document';
import { AnyPrincipal, Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';

export interface StatefulStackProps extends StackProps {
  stage: string;
  auditRetentionDays: number;
  /** What the e-seal signs with: ES256 (global profile) or SM2 (mainland profile; KMS offers key spec SM2 in the China regions). */
  sealAlgorithm?: SealAlgorithm;
  /** Keep the messaging gateway's webhook secret (the mainland profile's notification channel). */
  notifyGateway?: boolean;
  /** The public site's origin: its pages read the files the API links to in the documents bucket (web/site.ts documentStoreCors). */
  siteOrigin: string;
}

/** Fixed physical names, so that grants can name exact ARNs (and their few wildcards) across stacks. */
export const physicalNames = (stage: string, account: string, region: string) => ({
  table: `powerpermit-${stage}`,
  documents: `powerpermit-${stage}-documents-${account}-${region}`,
  audit: `powerpermit-${stage}-audit-${account}-${region}`,
});

/**
 * What must outlive every deploy: the table, the buckets and the keys. Everything here is
 * retained on stack deletion and protected against accidental deletion.
 */
export class StatefulStack extends Stack {
  readonly table: TableV2;
  readonly documents: Bucket;
  readonly audit: Bucket;
  readonly dataKey: Key;
  /** Only for the envelopes of personal data (P4): only functions whose manifest opens personal data may decrypt with it. */
  readonly personalDataKey: Key;
  readonly sealKey: Key;
  readonly hotlineSecret: Secret;
  readonly gatewaySecret?: Secret;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);

    this.dataKey = new Key(this, 'DataKey', {
      description: 'PowerPermit data at rest (table, buckets, queues, logs)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Personal data's own key (P4): the data key opens the table, the buckets and the secrets for every function that
    // reads them; this one only the few whose manifest says `personalData: ['open']` (infra/wiring.ts).
    this.personalDataKey = new Key(this, 'PersonalDataKey', {
      description: 'PowerPermit personal data: wraps the per-record keys of sealed personal fields (P4)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The e-seal (E3, E5): an asymmetric key (P-256, or SM2 in the mainland profile) whose private half never leaves KMS.
    const sm2 = props.sealAlgorithm === 'SM2';
    this.sealKey = new Key(this, 'SealKey', {
      description: `PowerPermit e-seal: signs electronic licenses (${sm2 ? 'SM2 over SM3' : 'ES256'})`,
      keySpec: sm2 ? KeySpec.SM2 : KeySpec.ECC_NIST_P256,
      keyUsage: KeyUsage.SIGN_VERIFY,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const names = physicalNames(props.stage, this.account, this.region);
    this.hotlineSecret = this.agreedSecret('HotlineWebhookSecret', 'the 12398 hotline', 'the 12398 hotline platform');
    // The mainland profile's e-mail and SMS go through a messaging gateway, with a secret of its own.
    if (props.notifyGateway)
      this.gatewaySecret = this.agreedSecret(
        'NotifyGatewaySecret',
        'the messaging gateway (e-mail and SMS to enterprises)',
        'the messaging gateway’s operator',
      );

    this.table = new TableV2(this, 'Table', {
      tableName: names.table,
      partitionKey: { name: TABLE_SCHEMA.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_SCHEMA.sortKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      dynamoStream: StreamViewType.NEW_AND_OLD_IMAGES,
      timeToLiveAttribute: TABLE_SCHEMA.ttlAttribute,
      encryption: TableEncryptionV2.customerManagedKey(this.dataKey),
      globalSecondaryIndexes: TABLE_SCHEMA.indexes.map((i) => ({
        indexName: i.name,
        partitionKey: { name: i.partitionKey, type: AttributeType.STRING },
        sortKey: { name: i.sortKey, type: AttributeType.STRING },
        ...(i.projection === 'INCLUDE'
          ? { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...i.nonKeyAttributes] }
          : { projectionType: ProjectionType[i.projection] }),
      })),
    });

    const accessLogs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED, // S3 server access logging cannot write to SSE-KMS buckets.
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      versioned: true,
      lifecycleRules: [{ expiration: Duration.days(400), noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const secureBucket = {
      encryption: BucketEncryption.KMS,
      encryptionKey: this.dataKey,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      removalPolicy: RemovalPolicy.RETAIN,
    };
    const cors = documentStoreCors([props.siteOrigin]);
    this.documents = new Bucket(this, 'Documents', {
      ...secureBucket,
      bucketName: names.documents,
      serverAccessLogsPrefix: 'documents/',
      cors: [
        {
          allowedMethods: cors.AllowedMethods.map((m) => m as HttpMethods),
          allowedOrigins: cors.AllowedOrigins,
          allowedHeaders: cors.AllowedHeaders,
          exposedHeaders: cors.ExposeHeaders,
          maxAge: cors.MaxAgeSeconds,
        },
      ],
    });
    // A vault document's bytes are written once (L2): a PUT under documents/ that does not say If-None-Match is refused
    // by the bucket itself, whoever signs it — so not even a function's role can replace checked bytes with a new version.
    this.documents.addToResourcePolicy(
      new PolicyStatement({
        sid: 'VaultDocumentsAreWrittenOnce',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: [this.documents.arnForObjects(`${VAULT_PREFIX}*`)],
        conditions: { Null: { 's3:if-none-match': 'true' } },
      }),
    );
    // Audit seals and issued licenses: write once, kept for the retention period even from administrators.
    this.audit = new Bucket(this, 'Audit', {
      ...secureBucket,
      bucketName: names.audit,
      serverAccessLogsPrefix: 'audit/',
      objectLockEnabled: true,
      objectLockDefaultRetention: ObjectLockRetention.compliance(Duration.days(props.auditRetentionDays)),
    });
  }

  /**
   * A Standard Webhooks secret agreed with another party out of band: `{"secrets": ["whsec_…"]}`, rotated by adding
   * a secret to the list, then removing the old one (both are accepted during the change).
   */
  private agreedSecret(id: string, of: string, party: string): Secret {
    const secret = new Secret(this, id, {
      description: `Standard Webhooks secrets of ${of}: {"secrets": ["whsec_…"]}`,
      encryptionKey: this.dataKey,
      removalPolicy: RemovalPolicy.RETAIN,
      generateSecretString: { secretStringTemplate: '{}', generateStringKey: 'seed', excludePunctuation: true },
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason: `The secret is agreed with ${party} and rotated with it by hand (both secrets accepted during the change); a Lambda rotation cannot inform the other party.`,
    });
    return secret;
  }
}
