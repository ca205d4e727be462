import { contractData } from '../contracts';
import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { eachConcurrently } from '../platform/concurrency';
import { appendDecision, appendDecisions, type Decision, retryOnConflict } from '../platform/aggregate';
import { shanghaiDate } from '../platform/calendar';
import { clock } from '../platform/clock';
import { sweepTask } from '../platform/deadline-sweep.task';
import { agencies } from '../platform/config';
import { blobStore, eventStore } from '../platform/deps';
import type { Snapshot } from '../platform/event-store';
import { DomainError } from '../platform/errors';
import { canonicalJson, sha256Hex } from '../platform/hash';
import { type Credit } from '../credit/domain/credit';
import { creditClassOf } from '../credit/domain/credit-class';
import { type Enterprise, enterpriseStream } from '../enterprises/domain/enterprise';
import { type License, licenseNoPrefixes } from '../licensing/domain/license';
import { guideConfig } from '../licensing/domain/guide';
import {
  commitmentOf,
  draw,
  type DrawParameters,
  matchInspectors,
  parametersHash,
  type Pool,
  poolHash,
  type RosterEntry,
  rosterLines,
  resultHash,
  seedOf,
  type DrawResult,
} from './domain/draw';
import { commit, type DrawRecord, drawIdOf, drawStream, published, reveal } from './domain/draw-record';
import { type Inspection, inspectionStream, type NewInspection, open, sweep } from './domain/inspection';
import { type Plan, planStream, quarterOf, supervisionConfig } from './domain/plan';
import { type Inspector, type ProblemLibrary, problemLibraryStream } from './domain/pool';
import { type ConditionRegister, raise, registerStream, screen, sweepWarnings, type Warnings, warningsStream } from './domain/screening';
import { agencyCreditKey } from '../credit/indexes';
import { agencyLicensesKey } from '../licensing/indexes';
import { SCHEDULED_PLANS_KEY, agencyInspectionsKey, agencyInspectorsKey } from './indexes';

/**
 * The supervision workflows' tasks (statemachines/supervision-sampling, supervision-clue,
 * deadline-sweep). Each is idempotent: a task run again finds its work done and changes nothing.
 */
const ACTOR = 'system:supervision-sampling';
const isConflict = (e: unknown) => e instanceof DomainError && e.code === 'CONCURRENCY.VERSION_CONFLICT';
/** For steps whose every run decides the same thing: a run that lost the race has nothing left to write. */
const ignoreConflict = (e: unknown): void => {
  if (!isConflict(e)) throw e;
};
const DrawInput = z.object({ drawId: z.string() });

async function loadOrFail<S>(stream: string): Promise<Snapshot<S>> {
  const s = await eventStore().load<S>(stream);
  if (!s) throw new Error(`${stream} not found`);
  return s;
}

/** supervision-sampling: the plans to draw — the one asked for, or every quarterly plan for this quarter. */
export async function listDrawsDue(input: unknown): Promise<{ items: { planId: string; period: string }[] }> {
  const { planId, period } = z.object({ planId: z.string().optional(), period: z.string().optional() }).parse(input ?? {});
  if (planId && period) return { items: [{ planId, period }] };
  const quarter = quarterOf(shanghaiDate(clock.now()));
  const plans = await eventStore().listAll<Plan>('gsi2', SCHEDULED_PLANS_KEY);
  return { items: plans.map((p) => ({ planId: p.state.planId, period: quarter })) };
}

/** Each enterprise's last inspection: its date (exclusion window, S2) and its team (S4). */
async function lastInspections(agencyId: string): Promise<Map<string, { on: string; team: string[] }>> {
  const last = new Map<string, { on: string; team: string[] }>();
  for (const { state: i } of await eventStore().listAll<Inspection>('gsi1', agencyInspectionsKey(agencyId))) {
    const on = i.openedAt.slice(0, 10);
    const prev = last.get(i.uscc);
    if (i.inspectors.length && (!prev || prev.on < on)) last.set(i.uscc, { on, team: i.inspectors });
  }
  return last;
}

/** The agency's active inspectors with their declared conflicts, and the last teams: what matching needs (S4). */
async function poolOf(agencyId: string, last: Map<string, { team: string[] }>): Promise<Pool> {
  const inspectors = (await eventStore().listAll<Inspector>('gsi1', agencyInspectorsKey(agencyId))).map((s) => s.state).filter((i) => i.active);
  return {
    inspectors: inspectors.map((i) => ({ inspectorId: i.inspectorId, conflicts: i.conflicts })).sort((a, b) => (a.inspectorId < b.inspectorId ? -1 : 1)),
    lastTeams: Object.fromEntries([...last].map(([uscc, l]) => [uscc, l.team])),
  };
}

/** The roster (S1): every valid or suspended licence of the agency in the plan's population, with its holder's class now. */
async function rosterOf(plan: Plan, today: string, last: Map<string, { on: string }>): Promise<RosterEntry[]> {
  const store = eventStore();
  // The plan's classes only, each class and level a segment of its own read in parallel (numbers begin with them).
  const segments = (plan.licenseClasses.length ? plan.licenseClasses : Object.keys(guideConfig.licenseClasses)).flatMap(licenseNoPrefixes);
  const [licenses, credits, library] = await Promise.all([
    Promise.all(segments.map((prefix) => store.listAll<License>('gsi2', agencyLicensesKey(plan.agencyId), { sortKeyPrefix: prefix }))).then((s) => s.flat()),
    store.listAll<Credit>('gsi1', agencyCreditKey(plan.agencyId)),
    store.load<ProblemLibrary>(problemLibraryStream(plan.agencyId)),
  ]);
  const classes = new Map(credits.map(({ state: c }) => [c.uscc, creditClassOf(c.records, today)]));
  return licenses
    .map(({ state: l }) => l)
    .filter(
      (l) =>
        (l.status === 'valid' || l.status === 'suspended') &&
        (!plan.licenseClasses.length || plan.licenseClasses.includes(l.licenseClass)) &&
        (!plan.provinces.length || plan.provinces.includes(l.holder.regionCode.slice(0, 2))),
    )
    .map((l) => {
      const lastOn = last.get(l.holder.uscc)?.on;
      return {
        id: l.licenseNo,
        uscc: l.holder.uscc,
        name: l.holder.name,
        licenseClass: l.licenseClass,
        creditClass: classes.get(l.holder.uscc) ?? 'good',
        province: l.holder.regionCode.slice(0, 2),
        problemLibrary: Boolean(library?.state.entries[l.holder.uscc]),
        ...(lastOn ? { lastInspectedOn: lastOn } : {}),
      };
    });
}

const rosterKeyOf = (drawId: string) => `draws/${drawId}/roster.ndjson`;
const resultKeyOf = (drawId: string) => `draws/${drawId}/result.json`;

async function readRoster(key: string): Promise<RosterEntry[]> {
  const bytes = await blobStore().get(key);
  if (!bytes) throw new Error(`roster ${key} is missing`);
  return bytes
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as RosterEntry);
}

/**
 * supervision-sampling (1)–(2): snapshot the roster and the pool, publish their hashes and a
 * commitment to the secret nonce, open the entropy window. A draw already committed is returned as is.
 */
export async function commitDraw(input: unknown): Promise<{ drawId: string; waitSeconds: number }> {
  const { planId, period } = z.object({ planId: z.string(), period: z.string() }).parse(input);
  const drawId = drawIdOf(planId, period);
  const store = eventStore();
  const existing = await store.load<DrawRecord>(drawStream(drawId));
  const now = clock.now();
  const wait = (d: DrawRecord) => (d.status === 'committed' ? Math.max(0, Math.ceil((Date.parse(d.entropyUntil) - now.getTime()) / 1000)) : 0);
  if (existing) return { drawId, waitSeconds: wait(existing.state) };
  const plan = (await loadOrFail<Plan>(planStream(planId))).state;
  const today = shanghaiDate(now);
  const last = await lastInspections(plan.agencyId);
  const [roster, pool] = await Promise.all([rosterOf(plan, today, last), poolOf(plan.agencyId, last)]);
  const parameters: DrawParameters = {
    drawId,
    drawDate: today,
    ratios: plan.ratios,
    exclusionMonths: plan.exclusionMonths,
    inspectorsPerInspection: plan.inspectorsPerInspection,
  };
  const rosterKey = rosterKeyOf(drawId);
  const lines = [...rosterLines(roster)].join('');
  await blobStore().put(rosterKey, lines, 'application/x-ndjson');
  const nonce = randomBytes(32).toString('hex');
  const decision = commit(undefined, {
    drawId,
    planId,
    period,
    agencyId: plan.agencyId,
    parameters,
    pool,
    rosterHash: sha256Hex(lines),
    rosterCount: roster.length,
    rosterKey,
    poolHash: poolHash(pool),
    parametersHash: parametersHash(parameters),
    commitment: commitmentOf(nonce),
    nonce,
    entropyUntil: new Date(now.getTime() + plan.entropyWindowMinutes * 60_000).toISOString(),
    committedAt: now.toISOString(),
  });
  try {
    await appendDecision(store, drawStream(drawId), undefined, decision, { actor: ACTOR, at: now });
  } catch (e) {
    // Two firings at once: the other committed first; its commitment is the one that stands.
    const other = await store.load<DrawRecord>(drawStream(drawId));
    if (!other) throw e;
    return { drawId, waitSeconds: wait(other.state) };
  }
  return { drawId, waitSeconds: wait(decision.state) };
}

/** supervision-sampling (3)–(4): reveal the seed, draw per stratum, match the inspectors; the result goes to the document store. */
export async function revealDraw(input: unknown): Promise<{ drawId: string; selected: number }> {
  const { drawId } = DrawInput.parse(input);
  const current = await loadOrFail<DrawRecord>(drawStream(drawId));
  const d = current.state;
  if (d.status !== 'committed') return { drawId, selected: d.summary?.selected ?? 0 };
  const seed = seedOf({
    nonce: d.nonce,
    entropy: d.entropy.map((e) => e.value),
    rosterHash: d.rosterHash,
    poolHash: d.poolHash,
    parametersHash: d.parametersHash,
  });
  const result = draw(await readRoster(d.rosterKey), d.pool, d.parameters, seed);
  await blobStore().put(resultKeyOf(drawId), canonicalJson(result), 'application/json');
  const now = clock.now();
  const decision = reveal(d, seed, result, resultKeyOf(drawId), resultHash(result), now);
  // A concurrent run of the same draw that revealed first wrote the same result (same seed).
  await appendDecisions(eventStore(), [{ stream: drawStream(drawId), current, decision }], { actor: ACTOR, at: now }).catch(ignoreConflict);
  return { drawId, selected: result.selected.length };
}

async function readResult(d: DrawRecord): Promise<DrawResult | undefined> {
  const bytes = d.resultKey ? await blobStore().get(d.resultKey) : undefined;
  return bytes ? (JSON.parse(bytes.toString('utf8')) as DrawResult) : undefined;
}

/**
 * Opens inspections that do not exist yet, each with its assignments, ten to a transaction. A
 * concurrent run of the same draw (two firings at once) makes a transaction conflict: that group
 * is then opened one by one, each inspection once, whoever writes it.
 */
async function openAll(items: readonly NewInspection[], at: Date, actor: string): Promise<void> {
  const store = eventStore();
  const partsOf = (i: NewInspection) => {
    const { inspection, assignments } = open(i, at);
    return [
      { stream: inspectionStream(i.inspectionId), current: undefined, decision: inspection as Decision<unknown> },
      ...assignments.map((a) => ({ stream: a.stream, current: undefined, decision: a.decision as Decision<unknown> })),
    ];
  };
  const missing: NewInspection[] = [];
  for (const i of items) if (!(await store.load(inspectionStream(i.inspectionId)))) missing.push(i);
  for (let k = 0; k < missing.length; k += 10) {
    const group = missing.slice(k, k + 10);
    try {
      await appendDecisions(store, group.flatMap(partsOf), { actor, at });
    } catch (e) {
      if (!isConflict(e)) throw e;
      for (const i of group) await appendDecisions(store, partsOf(i), { actor, at }).catch(ignoreConflict);
    }
  }
}

/** supervision-sampling (5): one inspection task per selected licence (an unstaffed one waits for its team). */
export async function openDrawInspections(input: unknown): Promise<{ drawId: string; opened: number }> {
  const { drawId } = DrawInput.parse(input);
  const d = (await loadOrFail<DrawRecord>(drawStream(drawId))).state;
  if (d.status === 'committed') throw new Error(`draw ${drawId} has not been made`);
  const result = (await readResult(d))!;
  const plan = (await loadOrFail<Plan>(planStream(d.planId))).state;
  const byId = new Map((await readRoster(d.rosterKey)).map((e) => [e.id, e]));
  const items: NewInspection[] = result.selected.map((s) => {
    const e = byId.get(s.id)!;
    return {
      inspectionId: `${drawId}.${s.id}`,
      kind: 'random',
      agencyId: d.agencyId,
      uscc: e.uscc,
      name: e.name,
      licenseNo: e.id,
      licenseClass: e.licenseClass,
      drawId,
      inspectors: s.inspectors,
      mode: plan.mode,
    };
  });
  await openAll(items, clock.now(), ACTOR);
  return { drawId, opened: items.length };
}

/** supervision-sampling (6): the draw is public in full. */
export async function publishDraw(input: unknown): Promise<{ drawId: string; status: string }> {
  const { drawId, opened } = z.object({ drawId: z.string(), opened: z.number().int() }).parse(input);
  const current = await loadOrFail<DrawRecord>(drawStream(drawId));
  const now = clock.now();
  const decision = published(current.state, opened, now);
  await appendDecisions(eventStore(), [{ stream: drawStream(drawId), current, decision }], { actor: ACTOR, at: now }).catch(ignoreConflict);
  return { drawId, status: 'published' };
}

/** A team for an inspection outside a draw: the same matching, seeded by the inspection's id. */
export async function teamFor(agencyId: string, inspectionId: string, uscc: string, size: number): Promise<string[]> {
  const pool = await poolOf(agencyId, await lastInspections(agencyId));
  return matchInspectors([{ id: inspectionId, uscc }], pool, size, sha256Hex(`team:${inspectionId}`)).teams.get(inspectionId) ?? [];
}

/** The clue of an inspection outside a draw: one of the two contracts that call for one (functions/contracts.ts). */
function clueOf(type: string, data: unknown) {
  if (type === 'TargetedInspectionRequested') return { type, data: contractData(type, data) } as const;
  if (type === 'PostApprovalVerificationDue') return { type, data: contractData(type, data) } as const;
  throw new Error(`event type ${type} is not a clue for an inspection`);
}

/**
 * supervision-clue: an inspection outside the random draw — targeted on a complaint's clue (P3)
 * or the post-approval verification of a commitment-path approval (S7). Once per event; without
 * enough inspectors in the pool it opens without a team, for a supervisor to staff.
 */
export async function openClueInspection(input: unknown): Promise<{ inspectionId: string; inspectors: number }> {
  // The workflow's input names the event only (no facts in the execution history): the clue is read from it.
  const { eventId } = z.object({ eventId: z.string() }).parse(input);
  const event = await eventStore().readEvent(eventId);
  if (!event) throw new Error(`event ${eventId} not found`);
  const clue = clueOf(event.type, event.data);
  const { uscc, agencyId } = clue.data;
  const inspectionId = clue.type === 'TargetedInspectionRequested' ? `T-${clue.data.complaintId}` : `V-${clue.data.caseId}`;
  const name = (await eventStore().load<Enterprise>(enterpriseStream(uscc)))?.state.name ?? uscc;
  const inspectors = await teamFor(agencyId, inspectionId, uscc, supervisionConfig.inspectorsPerInspection);
  const common = { inspectionId, agencyId, uscc, name, inspectors, mode: 'on-site' as const };
  const item: NewInspection =
    clue.type === 'TargetedInspectionRequested'
      ? { ...common, kind: 'targeted', complaintId: clue.data.complaintId }
      : {
          ...common,
          kind: 'post-approval',
          caseId: clue.data.caseId,
          dueDate: clue.data.dueDate,
          ...(clue.data.licenseNo ? { licenseNo: clue.data.licenseNo } : {}),
        };
  await openAll([item], clock.now(), 'system:supervision-clue');
  return { inspectionId, inspectors: inspectors.length };
}

/** deadline-sweep: overdue rectification orders and post-approval verifications (S5, S7, X2). */
export const sweepInspection = sweepTask(sweep);

/** deadline-sweep: personnel rectification orders of the condition screening past their deadline (S6, X2). */
export const sweepConditionWarnings = sweepTask(sweepWarnings);

/** condition-screening: one item per agency, all screened on the same day (S6). */
export async function listScreeningAgencies(input: unknown): Promise<{ items: { agencyId: string; day: string }[] }> {
  const day = z.object({ day: z.string().optional() }).parse(input ?? {}).day ?? shanghaiDate(clock.now());
  return { items: agencies.map((a) => ({ agencyId: a.id, day })) };
}

/** condition-screening: every licensee of an agency against its licences' conditions (S6); once per subject and month. */
export async function screenAgency(input: unknown): Promise<{ agencyId: string; licensees: number; raised: number }> {
  const { agencyId, day } = z.object({ agencyId: z.string(), day: z.string() }).parse(input);
  const store = eventStore();
  const byHolder = new Map<string, License[]>();
  for (const { state: l } of await store.listAll<License>('gsi2', agencyLicensesKey(agencyId)))
    byHolder.set(l.holder.uscc, [...(byHolder.get(l.holder.uscc) ?? []), l]);
  let raised = 0;
  const now = clock.now();
  // Holders are independent (each its own register and warnings): screened several at a time, each read and write its own.
  const holders = [...byHolder];
  await eachConcurrently(holders.length, 16, async (k) => {
    const [uscc, licenses] = holders[k]!;
    const register = await store.load<ConditionRegister>(registerStream(uscc));
    const found = screen(licenses, register?.state, day);
    // Another screening (a catch-up firing of an earlier month) may write the same holder's warnings at once: read again and retry.
    await retryOnConflict(async () => {
      const current = await store.load<Warnings>(warningsStream(uscc));
      if (!found.length && !current) return;
      const decision = raise(current, uscc, agencyId, found, day);
      await appendDecisions(store, [{ stream: warningsStream(uscc), current, decision }], { actor: 'system:condition-screening', at: now });
      raised += decision.events.length;
    });
  });
  return { agencyId, licensees: byHolder.size, raised };
}
