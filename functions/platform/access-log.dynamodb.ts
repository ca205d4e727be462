import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { shanghaiDate } from './calendar';
import { canonicalJson, sha256Hex, shardOf } from './hash';
import { AUDIT_SHARDS, auditDayKey } from './event-store.dynamodb';
import type { AccessLog, AccessRecord } from './access-log';

export class DynamoAccessLog implements AccessLog {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async record(subject: string, rec: AccessRecord): Promise<void> {
    const hash = sha256Hex(canonicalJson({ subject, ...rec }));
    await this.ddb.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          pk: `ACCESS#${subject}`,
          sk: `${rec.at}#${rec.requestId}`,
          kind: 'access',
          ...rec,
          hash,
          auditpk: auditDayKey(shanghaiDate(new Date(rec.at)), shardOf(`ACCESS#${subject}`, AUDIT_SHARDS)),
          auditsk: `${rec.at}#ACCESS#${subject}#${rec.requestId}`,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async list(subject: string, limit = 100): Promise<(AccessRecord & { hash: string })[]> {
    const out = await this.ddb.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `ACCESS#${subject}` },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map(
      ({ action, actor, at, requestId, detail, hash }) =>
        ({ action, actor, at, requestId, ...(detail ? { detail } : {}), hash }) as AccessRecord & { hash: string },
    );
  }
}
