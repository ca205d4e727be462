import { createHash } from 'node:crypto';
import { streamAudit } from '../platform/audit';
import { documentClient, tableName } from '../platform/aws';
import { takeAllowance } from '../platform/counters.dynamodb';
import { assertInScope, staffAgency } from '../platform/auth';
import { loadExisting, runCommand } from '../platform/command';
import { blobStore, eventStore, workflows } from '../platform/deps';
import { DomainError } from '../platform/errors';
import type { Snapshot } from '../platform/event-store';
import type { Operation } from '../platform/http/route';
import { executionNameFor } from '../platform/workflows';
import type { Routes } from '../routes';
import { type DrawRecord, drawIdOf, drawStream, publicDraw, registerEntropy } from './domain/draw-record';
import { type Plan, planStream, supervisionConfig } from './domain/plan';
import * as plan from './domain/plan';
import { PUBLIC_DRAWS_KEY, agencyPlansKey } from './indexes';

const drawNotFound = (drawId: string) => new DomainError('SUPERVISION.NOT_FOUND', `No draw ${drawId}.`);
const loadDraw = (drawId: string) => loadExisting<DrawRecord>(drawStream(drawId), () => drawNotFound(drawId));

export const definePlan: Operation<Routes['definePlan']> = async ({ body, principal, now }) => {
  const defined = await runCommand(
    {
      stream: planStream(body.planId),
      decide: (current: Snapshot<Plan> | undefined) => plan.definePlan(current, body, staffAgency(principal), principal.sub, now),
    },
    { principal, at: now },
  );
  return { body: defined };
};

export const listPlans: Operation<Routes['listPlans']> = async ({ principal, query }) => {
  const page = await eventStore().list<Plan>('gsi1', agencyPlansKey(staffAgency(principal)), { limit: query.limit, cursor: query.cursor });
  return { body: { items: page.items.map((s) => s.state), ...(page.cursor ? { cursor: page.cursor } : {}) } };
};

/** POST /v1/supervision/plans/{planId}/draws — draws the plan for a period now; asking twice starts one draw. */
export const startDraw: Operation<Routes['startDraw']> = async ({ params, body, principal }) => {
  const plan = (await loadExisting<Plan>(planStream(params.planId), () => new DomainError('SUPERVISION.NOT_FOUND', `No plan ${params.planId}.`))).state;
  assertInScope(principal, { what: `Plan ${plan.planId}`, agencyIds: [plan.agencyId] });
  const drawId = drawIdOf(plan.planId, body.period);
  await workflows().start('supervision-sampling', executionNameFor(`draw:${drawId}`, 'supervision-sampling'), {
    planId: plan.planId,
    period: body.period,
  });
  return { status: 202, body: { drawId, links: { draw: `/v1/public/draws/${drawId}` } } };
};

/** GET /v1/public/draws/{drawId}/audit — the draw's events (commitment, entropy, reveal, publication) and whether their chain holds (S3, X1). */
export const getDrawAudit: Operation<Routes['getDrawAudit']> = async ({ params }) => {
  await loadDraw(params.drawId);
  return { body: await streamAudit(drawStream(params.drawId)) };
};

/** GET /v1/public/draws — newest first. */
export const listPublicDraws: Operation<Routes['listPublicDraws']> = async ({ query }) => {
  const page = await eventStore().list<DrawRecord>('gsi2', PUBLIC_DRAWS_KEY, { limit: query.limit ?? 20, cursor: query.cursor, descending: true });
  return {
    body: {
      items: page.items.map(({ state: d }) => ({
        drawId: d.drawId,
        planId: d.planId,
        period: d.period,
        agencyId: d.agencyId,
        status: d.status,
        rosterCount: d.rosterCount,
        summary: d.summary,
        committedAt: d.committedAt,
      })),
      ...(page.cursor ? { cursor: page.cursor } : {}),
    },
  };
};

/** Results up to this size travel inline; larger ones (a draw of many thousand licences) only by link. */
const INLINE_RESULT_BYTES = 1_000_000;

/** GET /v1/public/draws/{drawId} — everything a re-run needs but the roster, which is linked (S3). */
export const getPublicDraw: Operation<Routes['getPublicDraw']> = async ({ params }) => {
  const d = (await loadDraw(params.drawId)).state;
  const stored = d.resultKey ? await blobStore().get(d.resultKey) : undefined;
  const result = stored && stored.length <= INLINE_RESULT_BYTES ? (JSON.parse(stored.toString('utf8')) as unknown) : undefined;
  const links = {
    roster: `/v1/public/draws/${d.drawId}/roster`,
    ...(d.resultKey ? { result: `/v1/public/draws/${d.drawId}/result` } : {}),
    inspections: `/v1/public/inspections?drawId=${d.drawId}`,
  };
  return { body: { ...publicDraw(d), ...(result ? { result } : {}), links } };
};

/** GET /v1/public/draws/{drawId}/roster — the canonical roster (NDJSON), straight from the bucket. */
export const getDrawRoster: Operation<Routes['getDrawRoster']> = async ({ params }) => {
  const d = (await loadDraw(params.drawId)).state;
  return { status: 302, headers: { location: await blobStore().presignDownload(d.rosterKey, 300) } };
};

/** GET /v1/public/draws/{drawId}/result — the result as stored (canonical JSON), straight from the bucket. */
export const getDrawResult: Operation<Routes['getDrawResult']> = async ({ params }) => {
  const d = (await loadDraw(params.drawId)).state;
  if (!d.resultKey) throw new DomainError('DRAW.NOT_MADE', `Draw ${d.drawId} has not been made yet; its result is published with the seed.`);
  return { status: 302, headers: { location: await blobStore().presignDownload(d.resultKey, 300) } };
};

/**
 * One client adds at most a few strings to a draw (S3), so nobody fills its 50 and locks the public out: counted per
 * client address and draw before the string is added (the same string again costs nothing). The address is kept only
 * hashed with the draw's nonce (secret until the draw) beside the count, expiring a week after the window — never in
 * the draw's public events.
 */
async function takeEntropyAllowance(draw: DrawRecord, value: string, clientAddress: string): Promise<void> {
  const limit = supervisionConfig.entropyStringsPerClient;
  const client = createHash('sha256').update(`${draw.nonce}\n${clientAddress}`).digest('base64url');
  const item = createHash('sha256').update(value).digest('base64url');
  const expires = new Date(Date.parse(draw.entropyUntil) + 7 * 86_400_000);
  if (!(await takeAllowance(documentClient(), tableName(), `DRAW-ENTROPY#${draw.drawId}#${client}`, item, limit, expires)))
    throw new DomainError('DRAW.ENTROPY_CLIENT_LIMIT', `One client adds at most ${limit} entropy strings to a draw.`);
}

/** POST /v1/public/draws/{drawId}/entropy — anyone may add a string to the seed before the draw (S3). */
export const registerDrawEntropy: Operation<Routes['registerDrawEntropy']> = async ({ params, body, principal, clientAddress, now }) => {
  const d = await runCommand(
    {
      stream: drawStream(params.drawId),
      missing: () => drawNotFound(params.drawId),
      // The client's allowance is taken before the string is added, on the draw as read (a retry after a conflict
      // takes it again for the same string, which costs nothing); a string the draw already has, or one the draw
      // refuses anyway (closed, made), takes none.
      decide: async (draw: DrawRecord) => {
        const open = draw.status === 'committed' && now.getTime() < Date.parse(draw.entropyUntil);
        if (open && !draw.entropy.some((e) => e.value === body.value)) await takeEntropyAllowance(draw, body.value, clientAddress);
        return registerEntropy(draw, body.value, now);
      },
      view: (draw: DrawRecord) => draw,
    },
    { principal, at: now },
  );
  return { status: 201, body: { drawId: params.drawId, entropy: d.entropy.map((e) => e.value), entropyUntil: d.entropyUntil } };
};
