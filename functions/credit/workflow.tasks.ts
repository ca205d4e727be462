import * as z from 'zod';
import { appendDecision } from '../platform/aggregate';
import { clock } from '../platform/clock';
import { sweepTask } from '../platform/deadline-sweep.task';
import { eventStore } from '../platform/deps';
import type { Enterprise } from '../enterprises/domain/enterprise';
import { enterpriseStream } from '../enterprises/domain/enterprise';
import { contractData } from '../contracts';
import { addRecord, type Credit, isCreditFinding, RECORD_SOURCES, sweepCredit } from './domain/credit';
import { creditStream } from './domain/credit-class';

/**
 * The credit context's tasks: records that arrive as events from other contexts (C1), and the
 * daily sweep of repair and objection deadlines (C4, C5).
 */
const Input = z.object({ eventId: z.string() });

/** credit-intake: one credit record per finding event (read by its id: the workflow's input carries no facts); the same event twice is one record. */
export async function recordFromEvent(input: unknown): Promise<{ uscc: string; recordId?: string }> {
  const { eventId } = Input.parse(input);
  const event = await eventStore().readEvent(eventId);
  if (!event) throw new Error(`event ${eventId} not found`);
  const { type } = event;
  if (!isCreditFinding(type)) throw new Error(`event type ${type} does not produce credit records`);
  const data = contractData(type, event.data);
  const source = RECORD_SOURCES[type];
  const store = eventStore();
  const enterprise = (await store.load<Enterprise>(enterpriseStream(data.uscc)))?.state;
  if (!enterprise) throw new Error(`enterprise ${data.uscc} of ${eventId} is not registered`);
  const current = await store.load<Credit>(creditStream(data.uscc));
  const now = clock.now();
  const decision = addRecord(
    current,
    enterprise,
    { source, sourceRef: data.sourceRef ?? eventId, severity: data.severity, facts: data.facts, decidedAt: data.decidedAt },
    now,
  );
  const { state } = decision.events.length
    ? await appendDecision(store, creditStream(data.uscc), current, decision, { actor: `system:credit-intake:${eventId}`, at: now })
    : decision;
  return { uscc: data.uscc, recordId: state.records.find((r) => r.sourceRef === (data.sourceRef ?? eventId))?.recordId };
}

/** deadline-sweep: repairs and objections not decided by the end of their 15th WD (C4, C5). */
export const sweepCreditTask = sweepTask(sweepCredit);
