import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { env, requiredEnv } from './env';
import { traced } from './tracing';

/**
 * SDK clients, created once per container. The same code runs in AWS and locally: only where
 * the clients point differs, and that comes from the standard service endpoint variables
 * (AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL_SFN), which the local
 * runtime sets and Lambda never has.
 */

let ddb: DynamoDBDocumentClient | undefined;
let s3: S3Client | undefined;
let sfn: SFNClient | undefined;

export const documentClient = (): DynamoDBDocumentClient =>
  (ddb ??= DynamoDBDocumentClient.from(traced(new DynamoDBClient({})), { marshallOptions: { removeUndefinedValues: true } }));

export const s3Client = (): S3Client =>
  (s3 ??= traced(
    new S3Client({
      // s3rver serves path-style only; in AWS virtual-hosted style is the default.
      forcePathStyle: env('S3_FORCE_PATH_STYLE') === 'true',
      // s3rver corrupts streamed uploads when the SDK adds flexible checksums (TOOLCHAIN.md).
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    }),
  ));

export const sfnClient = (): SFNClient => (sfn ??= traced(new SFNClient({})));

let kms: KMSClient | undefined;
export const kmsClient = (): KMSClient => (kms ??= traced(new KMSClient({})));

export const tableName = (): string => requiredEnv('TABLE_NAME');
export const documentsBucket = (): string => requiredEnv('DOCUMENTS_BUCKET');
export const auditBucket = (): string => requiredEnv('AUDIT_BUCKET');
