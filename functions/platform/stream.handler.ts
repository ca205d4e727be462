import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { eventMetrics } from '../event-metrics';
import type { EventType } from '../events';
import { reactions as reactionTable, type ReactionTable, workflowsCalledFor } from '../reactions';
import { eventId, StoredEvent } from './event-store';
import { logger, withLogContext } from './log';
import { coldStart } from './metrics';
import { type WorkflowStarter } from './workflows';
import { SfnWorkflowStarter } from './workflows.sfn';

/**
 * Reactions to new domain events. Receives DynamoDB stream batches; for every inserted event
 * item it counts the business figure the event is (event-metrics.ts) and starts the workflows its
 * type reacts to, named after the event id so that a redelivery changes nothing. Each workflow's
 * input carries the correlation — the originating request and the event — so its tasks log and
 * record both. Failed records are reported back one by one (partial batch response), so one bad
 * record neither blocks nor replays the others.
 */
export function createStreamHandler(reactions: ReactionTable, starter: () => WorkflowStarter) {
  return async (batch: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    coldStart('stream-reactions');
    const batchItemFailures: { itemIdentifier: string }[] = [];
    for (const record of batch.Records) {
      const image = record.dynamodb?.NewImage;
      if (record.eventName !== 'INSERT' || !image) continue;
      const item = unmarshall(image as Record<string, AttributeValue>);
      // A seeded history (npm run seed) is taken as settled: nothing reacts to it.
      if (item.kind !== 'event' || item.seeded) continue;
      const event = StoredEvent.parse(item);
      const id = eventId(event);
      const failed = await withLogContext(
        { event: id, aggregate: event.stream, ...(event.correlationId ? { requestId: event.correlationId } : {}) },
        async () => {
          try {
            eventMetrics[event.type as EventType]?.(event);
            for (const call of workflowsCalledFor(event, reactions)) {
              const started = await starter().start(call.stateMachine, call.executionName, call.input);
              logger.info('reaction', {
                type: event.type,
                stateMachine: call.stateMachine,
                execution: call.executionName,
                alreadyStarted: started.alreadyStarted,
              });
            }
            return false;
          } catch (error) {
            logger.error('reaction failed', { type: event.type, error });
            return true;
          }
        },
      );
      if (failed) {
        batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
        // Later records of the same shard must wait for this one: stop here, they will be redelivered.
        break;
      }
    }
    return { batchItemFailures };
  };
}

// Its own starter rather than platform/deps: the stream function reaches Step Functions only, and
// deps would bundle every adapter and, through the index registry, every domain module (~300 KiB).
let starter: WorkflowStarter | undefined;
export const handler = createStreamHandler(reactionTable, () => (starter ??= new SfnWorkflowStarter()));
