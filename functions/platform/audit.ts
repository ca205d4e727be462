import { eventStore } from './deps';
import { verifyChain } from './event-store';

/**
 * X1: a stream's events, each with its hash and its predecessor's, and whether the chain holds
 * (docs/audit.md says how to re-check it without us). The caller has checked who may read it.
 */
export async function streamAudit(stream: string) {
  const events = await eventStore().readStream(stream);
  return { stream, verification: verifyChain(events), events };
}
