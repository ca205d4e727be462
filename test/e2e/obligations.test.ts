import { ensureTable } from '../../local/emulators';
import { appendDecision } from '../../functions/platform/aggregate';
import { eventStore, obligationStore } from '../../functions/platform/deps';
import { MAX_EXECUTIONS } from '../../functions/platform/domain/obligation';
import type { Obligation } from '../../functions/platform/domain/obligation';
import { executionNameFor } from '../../functions/platform/workflows';
import { creditStream } from '../../functions/credit/domain/credit-class';
import { inspectionState, newUscc } from '../support/fixtures';
import { type Harness, useHarness } from '../support/local-platform';

/**
 * Every workflow an event calls for runs, exactly once: the obligation is recorded with the event;
 * the reconciler starts one whose start was lost, retries a failed one with backoff, dead-letters
 * it after five executions where an operator sees it and redrives it. On a table of this file's
 * own, so that its reconciler never touches another test file's workflows.
 */
const TABLE = `powerpermit-obligations-${Date.now().toString(36)}`;

describe('obligations and the reconciler', () => {
  let h: Harness;
  let admin = '';
  beforeAll(async () => {
    await ensureTable(process.env.AWS_ENDPOINT_URL_DYNAMODB!, TABLE);
  });
  useHarness(
    (started) => (h = started),
    () => ({ tableName: TABLE, reconcile: true }),
  );
  beforeAll(async () => {
    admin = await h.token({ role: 'admin' });
  });

  /** The reconcile workflow, run now as its schedule would (with `all`, as at start-up). */
  async function reconcile(all = false): Promise<Record<string, number>> {
    const e = h.p.stepFunctions.start(
      h.p.stepFunctions.arns['reconcile-obligations']!,
      `reconcile-${Math.random().toString(36).slice(2)}`,
      JSON.stringify(all ? { all: true } : {}),
    );
    await e.done;
    if (e.status !== 'SUCCEEDED') throw new Error(`reconcile failed: ${e.error} ${e.cause}`);
    await h.settle();
    return JSON.parse(e.output!) as Record<string, number>;
  }
  const obligation = async (id: string): Promise<Obligation> => (await obligationStore().load(id))!.obligation;

  it("an event's workflow whose start was lost (the stream record never handled) is started by the reconciler, once, and its obligation closes", async () => {
    const applicant = await h.registerEnterprise(newUscc('350100'));
    await h.settle();
    const submitted = await h.http('POST', '/v1/applications', { token: applicant, body: { matterId: 'facility-install-l3.new' } });
    const caseId = submitted.json!.id as string;
    const id = executionNameFor(`APPLICATION#${caseId}@1`, 'licensing-intake');
    // Recorded with the event, in the same transaction, before any reaction ran.
    expect(await obligation(id)).toMatchObject({ status: 'open', stateMachine: 'licensing-intake', cause: `APPLICATION#${caseId}@1`, input: { caseId } });
    // As if the platform crashed before the stream record was handled: the reconciler at start-up finds it.
    expect(await reconcile(true)).toMatchObject({ started: 1 });
    expect((await h.http('GET', `/v1/applications/${caseId}`, { token: applicant })).json!.timeline).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'IntakeChecked' })]),
    );
    // The stream record, handled late, starts the same execution: nothing runs twice.
    await h.p.poller.drain();
    await h.settle();
    expect(h.p.stepFunctions.list().filter((e) => e.name === id)).toHaveLength(1);
    expect(await reconcile(true)).toMatchObject({ done: expect.any(Number) });
    expect(await obligation(id)).toMatchObject({ status: 'done', executions: [{ name: id, outcome: 'SUCCEEDED' }] });
    const events = (await h.http('GET', `/v1/applications/${caseId}/audit`, { token: applicant })).json!.events as { type: string }[];
    expect(events.filter((e) => e.type === 'IntakeChecked')).toHaveLength(1);
  });

  it('a failing workflow is retried under new names with backoff, dead-lettered after five, listed, and redriven once its cause is fixed', async () => {
    // A finding about an enterprise that is not registered (yet): the credit intake fails until it is.
    const uscc = newUscc('350100');
    const { events } = await appendDecision(
      eventStore(),
      `INSPECTION#test-${uscc}`,
      undefined,
      {
        events: [
          {
            type: 'InspectionFindingRecorded',
            data: { uscc, severity: 'minor', facts: '现场检查发现安全管理制度缺失', decidedAt: '2026-12-01', sourceRef: `inspection:test-${uscc}` },
          },
        ],
        state: inspectionState(`test-${uscc}`, uscc),
      },
      { actor: 'test', at: new Date() },
    );
    const id = executionNameFor(`${events[0]!.stream}@1`, 'credit-intake');
    await h.settle();
    expect(h.p.stepFunctions.list().find((e) => e.name === id)?.status).toBe('FAILED');
    const clock = (minutes: number) => h.setClock(new Date(Date.now() + minutes * 60_000).toISOString());
    // First looked at 2 minutes after the event; every started execution again 5 minutes after its start.
    let minutes = 3;
    await clock(minutes);
    await reconcile();
    for (let failures = 1; failures < MAX_EXECUTIONS; failures++) {
      // (Moving the clock may fire the reconcile schedule too: the outcome is the same however often it runs.)
      const o = await obligation(id);
      expect(o).toMatchObject({ status: 'open', executionName: `${id}-r${failures}` });
      expect(o.executions.filter((e) => e.outcome === 'FAILED')).toHaveLength(failures);
      // The retry waits for its backoff (1, 2, 4, 8 minutes)…
      await reconcile();
      expect(h.p.stepFunctions.list().find((e) => e.name === `${id}-r${failures}`)).toBeUndefined();
      // …then starts, and fails again.
      minutes += 2 ** (failures - 1) + 1;
      await clock(minutes);
      await reconcile();
      expect(h.p.stepFunctions.list().find((e) => e.name === `${id}-r${failures}`)?.status).toBe('FAILED');
      minutes += 6;
      await clock(minutes);
      await reconcile();
    }
    expect(await obligation(id)).toMatchObject({ status: 'dead-lettered' });
    const dead = await h.http('GET', '/v1/operations/dead-letters', { token: admin });
    const listed = (dead.json!.items as (Obligation & { links: { redrive: string } })[]).find((o) => o.id === id)!;
    expect(listed).toMatchObject({ status: 'dead-lettered', stateMachine: 'credit-intake', cause: `${events[0]!.stream}@1` });
    expect(listed.executions).toHaveLength(MAX_EXECUTIONS);
    expect(listed.executions[0]!.error).toMatch(/not registered/);
    // No facts in what operators read: the workflow's input names the event only.
    expect(JSON.stringify(listed)).not.toContain('安全管理制度');
    expect((await h.http('GET', '/v1/operations/dead-letters', { token: await h.token({ role: 'supervisor', agencyId: 'nea-fujian' }) })).status).toBe(403);

    await h.registerEnterprise(uscc);
    const redriven = await h.http('POST', listed.links.redrive, { token: admin });
    expect(redriven).toMatchObject({ status: 202, json: { status: 'open', executionName: `${id}-d${MAX_EXECUTIONS}` } });
    await h.settle();
    await reconcile(true);
    expect(await obligation(id)).toMatchObject({ status: 'done' });
    const credit = await eventStore().load<{ records: { sourceRef: string }[] }>(creditStream(uscc));
    expect(credit!.state.records.filter((r) => r.sourceRef === `inspection:test-${uscc}`)).toHaveLength(1);
    expect((await h.http('POST', listed.links.redrive, { token: admin })).json).toMatchObject({ status: 409, code: 'OBLIGATION.NOT_DEAD_LETTERED' });
  });
});
