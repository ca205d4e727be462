import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { versionConflict } from '../platform/errors';
import { ApplicationDraft } from './domain/draft';

/**
 * Application drafts in the table, one item per enterprise and matter beside no aggregate: a draft is scratch, not a
 * record (no stream, no log). The table's TTL removes an expired one within days; until then reads leave it out.
 * An enterprise has at most one per matter, so its listing is a Query of one small partition.
 */
const pk = (uscc: string) => `APPLICATION-DRAFTS#${uscc}`;
const sk = (matterId: string) => `DRAFT#${matterId}`;
const epochSeconds = (iso: string) => Math.ceil(Date.parse(iso) / 1000);

export class DraftStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async list(uscc: string, now: Date): Promise<ApplicationDraft[]> {
    const out = await this.ddb.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :draft)',
        FilterExpression: 'expiresAt > :now',
        ExpressionAttributeValues: { ':pk': pk(uscc), ':draft': 'DRAFT#', ':now': Math.floor(now.getTime() / 1000) },
        Limit: 100,
      }),
    );
    return (out.Items ?? []).map((i) => ApplicationDraft.parse(i.draft));
  }

  /** Saved over version `draft.version - 1` (none, or an expired one, for version 1), or a 409. */
  async save(uscc: string, draft: ApplicationDraft, now: Date): Promise<ApplicationDraft> {
    const replaced = draft.version - 1;
    try {
      await this.ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: pk(uscc), sk: sk(draft.matterId), kind: 'application-draft', version: draft.version, expiresAt: epochSeconds(draft.expiresAt), draft },
          ConditionExpression: replaced === 0 ? 'attribute_not_exists(pk) OR expiresAt <= :now' : 'version = :replaced AND expiresAt > :now',
          ExpressionAttributeValues:
            replaced === 0 ? { ':now': Math.floor(now.getTime() / 1000) } : { ':replaced': replaced, ':now': Math.floor(now.getTime() / 1000) },
        }),
      );
      return draft;
    } catch (e) {
      if ((e as Error).name === 'ConditionalCheckFailedException') throw versionConflict(`The draft of ${draft.matterId}`);
      throw e;
    }
  }

  /** Gone, whether it was there or not (a discard retried discards nothing twice). */
  async discard(uscc: string, matterId: string): Promise<void> {
    await this.ddb.send(new DeleteCommand({ TableName: this.table, Key: { pk: pk(uscc), sk: sk(matterId) } }));
  }
}
