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
