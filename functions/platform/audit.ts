import type { Routes } from '../routes';
import { eventStore } from './deps';
import { DomainError } from './errors';
import type { Operation } from './http/route';
import { verifyChain, withheld } from './event-store';

/**
 * X1: a stream's events, each with its hash and its predecessor's, and whether the chain holds
 * (docs/audit.md says how to re-check it without us). The caller has checked who may read it, and says whether
 * the reader may also see the events' confidential fields: by default only their commitments, with which the
 * chain verifies all the same (an audit shows no reader more than that reader's view of the aggregate, P4).
 */
export async function streamAudit(stream: string, o: { disclose?: boolean } = {}) {
  const stored = await eventStore().readStream(stream);
  return { stream, verification: verifyChain(stored), events: o.disclose ? stored : stored.map(withheld) };
}

/** GET /v1/operations/audit?stream= — any stream, for administrators (auditors, operators). */
export const verifyStreamAudit: Operation<Routes['verifyStreamAudit']> = async ({ query }) => {
  const audit = await streamAudit(query.stream);
  if (!audit.events.length) throw new DomainError('AUDIT.NO_SUCH_STREAM', `No events in stream ${query.stream}.`);
  return { body: audit };
};
