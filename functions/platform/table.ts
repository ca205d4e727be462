/**
 * The one table's shape, read by infra/ (CloudFormation) and local/ (DynamoDB Local) alike.
 * Projections (sk = STATE) carry gsi1/gsi2 keys for listings; events carry the audit keys
 * (their day) for the daily seal; projections with an open clock carry the due keys for the daily
 * deadline sweep; idempotency records expire by TTL.
 */
export const TABLE_SCHEMA = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
  indexes: [
    // Keys only: a listing reads its page's projections from the table by key (event-store.dynamodb.ts), so an
    // index copy costs one write unit instead of the projection's kilobytes, and none when its keys do not change.
    { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', projection: 'KEYS_ONLY' },
    { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', projection: 'KEYS_ONLY' },
    { name: 'audit', partitionKey: 'auditpk', sortKey: 'auditsk', projection: 'INCLUDE', nonKeyAttributes: ['hash'] },
    // Sparse: only projections with an open statutory clock carry it (duesk = "<next due date>#<stream>").
    { name: 'due', partitionKey: 'duepk', sortKey: 'duesk', projection: 'KEYS_ONLY' },
  ],
} as const;

export type IndexSpec = (typeof TABLE_SCHEMA.indexes)[number];
