import type { EventsOf } from '../../events';
import type { Decision } from '../../platform/aggregate';
import { DomainError } from '../../platform/errors';
import { guard, lifecycle, permits } from '../../platform/domain/lifecycle';
import type { Snapshot } from '../../platform/event-store';
import type { DrawParameters, DrawResult, Pool } from './draw';

/**
 * One draw of a plan for a period (S1, S3), a stream `DRAW#<planId>.<period>`: committed (roster,
 * pool and parameters hashed, seed committed, entropy open), drawn (seed revealed, result fixed),
 * published (inspections opened). Drawing again for the same plan and period finds this stream
 * and changes nothing, so a schedule that fires twice makes one draw.
 */
export interface DrawRecord {
  drawId: string;
  planId: string;
  period: string;
  agencyId: string;
  status: 'committed' | 'drawn' | 'published';
  parameters: DrawParameters;
  pool: Pool;
  rosterHash: string;
  rosterCount: number;
  /** Where the canonical roster (NDJSON) is in the document bucket. */
  rosterKey: string;
  poolHash: string;
  parametersHash: string;
  commitment: string;
  /** Secret until the draw: only its commitment is shown before. */
  nonce: string;
  entropy: { value: string; registeredAt: string }[];
  entropyUntil: string;
  committedAt: string;
  seed?: string;
  drawnAt?: string;
  resultKey?: string;
  resultHash?: string;
  summary?: { selected: number; unstaffed: number; excluded: number; strata: number };
  inspectionsOpened?: number;
  publishedAt?: string;
}

export const drawIdOf = (planId: string, period: string): string => `${planId}.${period}`;
export const drawStream = (drawId: string): string => `DRAW#${drawId}`;
const MAX_ENTROPY = 50;

/** THE table of a draw's lifecycle (S3): committed (entropy open) → drawn (seed revealed) → published. Workflow steps that find it done do nothing. */
export const DRAW_LIFECYCLE = lifecycle<DrawRecord['status'], 'register-entropy' | 'reveal' | 'publish'>({
  name: 'draw',
  refusal: 'DRAW.ENTROPY_CLOSED',
  creation: { action: 'commit', to: 'committed' },
  finals: ['published'],
  actions: { committed: ['register-entropy', 'reveal'], drawn: ['publish'], published: [] },
  targets: { 'register-entropy': [], reveal: ['drawn'], publish: ['published'] },
});

export function commit(current: Snapshot<DrawRecord> | undefined, d: Omit<DrawRecord, 'status' | 'entropy'>): Decision<DrawRecord, EventsOf<'draw'>> {
  if (current) return { events: [], state: current.state };
  const state: DrawRecord = { ...d, status: 'committed', entropy: [] };
  const { nonce: _secret, pool: _pool, ...published } = state;
  return { events: [{ type: 'DrawCommitted', data: published }], state };
}

/** S3: public entropy mixed into the seed, accepted until the draw is made. */
export function registerEntropy(d: DrawRecord, value: string, at: Date): Decision<DrawRecord, EventsOf<'draw'>> {
  const closed = `Draw ${d.drawId} no longer takes entropy (it closed at ${d.entropyUntil}).`;
  guard(DRAW_LIFECYCLE, d.status, 'register-entropy', closed);
  if (at.getTime() >= Date.parse(d.entropyUntil)) throw new DomainError('DRAW.ENTROPY_CLOSED', closed);
  if (d.entropy.some((e) => e.value === value)) return { events: [], state: d };
  if (d.entropy.length >= MAX_ENTROPY) throw new DomainError('DRAW.ENTROPY_FULL', `Draw ${d.drawId} already has ${MAX_ENTROPY} entropy strings.`);
  const next = { ...d, entropy: [...d.entropy, { value, registeredAt: at.toISOString() }] };
  return { events: [{ type: 'DrawEntropyRegistered', data: { value } }], state: next };
}

export function reveal(
  d: DrawRecord,
  seed: string,
  result: DrawResult,
  resultKey: string,
  resultHash: string,
  at: Date,
): Decision<DrawRecord, EventsOf<'draw'>> {
  if (!permits(DRAW_LIFECYCLE, d.status, 'reveal')) return { events: [], state: d };
  const summary = {
    selected: result.selected.length - result.unstaffed.length,
    unstaffed: result.unstaffed.length,
    excluded: result.excluded.length,
    strata: result.strata.length,
  };
  const next: DrawRecord = { ...d, status: 'drawn', seed, drawnAt: at.toISOString(), resultKey, resultHash, summary };
  return {
    events: [{ type: 'DrawMade', data: { nonce: d.nonce, entropy: d.entropy.map((e) => e.value), seed, resultHash, summary } }],
    state: next,
  };
}

export function published(d: DrawRecord, inspectionsOpened: number, at: Date): Decision<DrawRecord, EventsOf<'draw'>> {
  if (!permits(DRAW_LIFECYCLE, d.status, 'publish')) return { events: [], state: d };
  const next: DrawRecord = { ...d, status: 'published', inspectionsOpened, publishedAt: at.toISOString() };
  return { events: [{ type: 'DrawPublished', data: { inspectionsOpened } }], state: next };
}

/** What anyone sees: everything but the nonce before the draw is made. */
export function publicDraw(d: DrawRecord) {
  const { nonce, rosterKey: _k, resultKey: _r, ...rest } = d;
  return { ...rest, ...(d.status === 'committed' ? {} : { nonce }), entropy: d.entropy.map((e) => e.value) };
}
