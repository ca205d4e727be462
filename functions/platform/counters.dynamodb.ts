import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';

/**
 * Serial numbers (e.g. of licenses): an atomic counter item per series. A number handed out to a
 * command that then fails is not reused, so a series may have gaps, never duplicates.
 */
export async function nextSerial(ddb: DynamoDBDocumentClient, table: string, series: string): Promise<number> {
  const out = await ddb.send(
    new UpdateCommand({
      TableName: table,
      Key: { pk: `COUNTER#${series}`, sk: 'COUNTER' },
      UpdateExpression: 'ADD #n :one SET kind = :kind',
      ExpressionAttributeNames: { '#n': 'value' },
      ExpressionAttributeValues: { ':one': 1, ':kind': 'counter' },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return out.Attributes!.value as number;
}

/**
 * A bounded allowance (e.g. a client's entropy strings of one draw): `item` joins the allowance's
 * set unless the set already holds `limit` others. Conditional, so concurrent takes cannot pass the
 * limit; idempotent, so a retried take of the same item costs nothing. True when taken (or held).
 */
export async function takeAllowance(
  ddb: DynamoDBDocumentClient,
  table: string,
  allowance: string,
  item: string,
  limit: number,
  expiresAt: Date,
): Promise<boolean> {
  try {
    await ddb.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: `ALLOWANCE#${allowance}`, sk: 'ALLOWANCE' },
        UpdateExpression: 'ADD #items :item SET kind = :kind, expiresAt = :expiresAt',
        ConditionExpression: 'attribute_not_exists(#items) OR size(#items) < :limit OR contains(#items, :one)',
        ExpressionAttributeNames: { '#items': 'items' },
        ExpressionAttributeValues: {
          ':item': new Set([item]),
          ':one': item,
          ':limit': limit,
          ':kind': 'allowance',
          ':expiresAt': Math.ceil(expiresAt.getTime() / 1000),
        },
      }),
    );
    return true;
  } catch (e) {
    if ((e as Error).name === 'ConditionalCheckFailedException') return false;
    throw e;
  }
}
