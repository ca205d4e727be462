import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { chainEvents, GENESIS_HASH } from '../../functions/platform/event-store';
import { createStreamHandler } from '../../functions/platform/stream.handler';
import { executionNameFor, type WorkflowStarter } from '../../functions/platform/workflows';

const [registered, other] = chainEvents({
  stream: 'ENTERPRISE#X',
  expectedVersion: 0,
  lastHash: GENESIS_HASH,
  actor: 'a',
  at: new Date('2026-11-22T00:00:00Z'),
  events: [
    { type: 'EnterpriseRegistered', data: { uscc: 'X' } },
    { type: 'Other', data: {} },
  ],
});
const record = (item: Record<string, unknown>, seq: string, eventName: 'INSERT' | 'MODIFY' = 'INSERT') => ({
  eventName,
  dynamodb: { SequenceNumber: seq, NewImage: marshall(item, { removeUndefinedValues: true }) },
});
const batch = (...records: unknown[]) => ({ Records: records }) as unknown as DynamoDBStreamEvent;

describe('stream reactions', () => {
  const reactions = {
    EnterpriseRegistered: [{ stateMachine: 'audit-checkpoint' as const, input: (e: { data: Record<string, unknown> }) => ({ uscc: String(e.data.uscc) }) }],
  };

  it('starts the reacting workflow once per event, named after the event id', async () => {
    const started: [string, string, unknown][] = [];
    const starter: WorkflowStarter = { start: async (m, n, i) => (started.push([m, n, i]), { executionArn: n, alreadyStarted: false }) };
    const handler = createStreamHandler(reactions, () => starter);
    const item = { pk: 'ENTERPRISE#X', sk: 'EV#0000000001', kind: 'event', ...registered };
    const res = await handler(
      batch(
        record(item, '1'),
        record({ ...item, sk: 'EV#2', kind: 'event', ...other }, '2'),
        record({ pk: 'ENTERPRISE#X', sk: 'STATE', kind: 'state' }, '3', 'MODIFY'),
      ),
    );
    expect(res.batchItemFailures).toEqual([]);
    // The input carries the correlation: the event that called for the workflow (and the request behind it, when there was one).
    expect(started).toEqual([
      ['audit-checkpoint', executionNameFor('ENTERPRISE#X@1', 'audit-checkpoint'), { uscc: 'X', correlation: { eventId: 'ENTERPRISE#X@1' } }],
    ]);
    expect(executionNameFor('ENTERPRISE#X@1', 'audit-checkpoint')).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
  });

  it('passes over a seeded event (npm run seed): its history is taken as settled', async () => {
    const started: string[] = [];
    const handler = createStreamHandler(reactions, () => ({ start: async (m, n) => (started.push(n), { executionArn: n, alreadyStarted: false }) }));
    const item = { pk: 'ENTERPRISE#X', sk: 'EV#0000000001', kind: 'event', ...registered };
    expect(await handler(batch(record({ ...item, seeded: true }, '1')))).toEqual({ batchItemFailures: [] });
    expect(started).toEqual([]);
    await handler(batch(record(item, '2')));
    expect(started).toHaveLength(1);
  });

  it('reports a failed record and stops the batch there, so later records are retried in order', async () => {
    const starter: WorkflowStarter = {
      start: async () => {
        throw new Error('throttled');
      },
    };
    const handler = createStreamHandler(reactions, () => starter);
    const item = { pk: 'ENTERPRISE#X', sk: 'EV#0000000001', kind: 'event', ...registered };
    const res = await handler(batch(record(item, '10'), record(item, '11')));
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: '10' }]);
  });

  it('the originating request of an event travels into the workflow it starts', async () => {
    const [withRequest] = chainEvents({
      stream: 'ENTERPRISE#Y',
      expectedVersion: 0,
      lastHash: GENESIS_HASH,
      actor: 'a',
      at: new Date('2026-11-22T00:00:00Z'),
      correlationId: 'req-123',
      events: [{ type: 'EnterpriseRegistered', data: { uscc: 'Y' } }],
    });
    const started: unknown[] = [];
    const handler = createStreamHandler(reactions, () => ({ start: async (_m, n, i) => (started.push(i), { executionArn: n, alreadyStarted: false }) }));
    await handler(batch(record({ pk: 'ENTERPRISE#Y', sk: 'EV#0000000001', kind: 'event', ...withRequest }, '20')));
    expect(started).toEqual([{ uscc: 'Y', correlation: { eventId: 'ENTERPRISE#Y@1', requestId: 'req-123' } }]);
  });
});
