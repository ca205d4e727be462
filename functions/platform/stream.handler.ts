import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { reactions as reactionTable, type Reaction } from '../reactions';
import { eventId, StoredEvent } from './event-store';
import { logger } from './log';
import { executionNameFor, SfnWorkflowStarter, type WorkflowStarter } from './workflows';

/**
 * Reactions to new domain events. Receives DynamoDB stream batches; for every inserted event
 * item it starts the workflows its type reacts to, named after the event id so that a redelivery
 * changes nothing. Failed records are reported back one by one (partial batch response), so one
 * bad record neither blocks nor replays the others.
 */
export function createStreamHandler(reactions: Readonly<Record<string, readonly Reaction[]>>, starter: () => WorkflowStarter) {
  return async (batch: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const batchItemFailures: { itemIdentifier: string }[] = [];
    for (const record of batch.Records) {
      const image = record.dynamodb?.NewImage;
      if (record.eventName !== 'INSERT' || !image) continue;
      const item = unmarshall(image as Record<string, AttributeValue>);
      if (item.kind !== 'event') continue;
      const event = StoredEvent.parse(item);
      try {
        for (const reaction of reactions[event.type] ?? []) {
          const id = eventId(event);
          const started = await starter().start(reaction.stateMachine, executionNameFor(id, reaction.stateMachine), reaction.input(event));
          logger.info('reaction', { event: id, type: event.type, stateMachine: reaction.stateMachine, alreadyStarted: started.alreadyStarted });
        }
      } catch (error) {
        logger.error('reaction failed', { event: eventId(event), type: event.type, error });
        batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
        // Later records of the same shard must wait for this one: stop here, they will be redelivered.
        break;
      }
    }
    return { batchItemFailures };
  };
}

let starter: WorkflowStarter | undefined;
export const handler = createStreamHandler(reactionTable, () => (starter ??= new SfnWorkflowStarter()));
