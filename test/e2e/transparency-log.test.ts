import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventStore } from '../../functions/platform/deps';
import { GENESIS_HASH, confidentialFields, eventId } from '../../functions/platform/event-store';
import { executionNameFor } from '../../functions/platform/workflows';
import { appendDecision } from '../../functions/platform/aggregate';
import { licenseNumber, licenseStream } from '../../functions/licensing/domain/license';
import { newUscc, seededLicense } from '../support/fixtures';
import { SfnWorkflowStarter } from '../../functions/platform/workflows.sfn';
import { type Harness, useHarness } from '../support/local-platform';

/**
 * X1 without an account: the daily seal grows a public Merkle log of every event hash; anyone
 * checks a signed checkpoint, an event's inclusion and that a later checkpoint extends an earlier
 * one with npm run verify-log and the published keys alone.
 */
describe('the public transparency log', () => {
  let h: Harness;
  useHarness((started) => (h = started));
  const run = Date.now().toString(36);
  const dir = mkdtempSync(join(tmpdir(), 'verify-log-'));
  const file = (name: string, body: unknown) => {
    writeFileSync(join(dir, name), JSON.stringify(body));
    return join(dir, name);
  };
  const verifyLog = (...args: string[]) => {
    try {
      return { code: 0, out: execFileSync(process.execPath, ['--import', 'tsx', 'scripts/verify-log.ts', ...args], { encoding: 'utf8' }) };
    } catch (e) {
      const x = e as { status: number; stdout: string };
      return { code: x.status, out: x.stdout };
    }
  };
  /** Events of a day of this test's own (1990s, Asia/Shanghai noon), then the day sealed by the real workflow. */
  const sealDay = async (day: string, n: number) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const stream = `LOGTEST#${run}-${day}-${i}`;
      const r = await eventStore().append({
        stream,
        expectedVersion: 0,
        lastHash: GENESIS_HASH,
        // The first event of each day keeps a confidential field (P4): its hash commits to it, salted.
        events: [{ type: 'T', data: { i }, ...(i === 0 ? { confidential: confidentialFields({ attachments: [`complaint-${run}.jpg`] }) } : {}) }],
        state: {},
        actor: 't',
        at: new Date(`${day}T04:00:00Z`),
      });
      ids.push(eventId(r.events[0]!));
    }
    await new SfnWorkflowStarter().start('audit-checkpoint', executionNameFor(`log-${run}-${day}`, 'audit-checkpoint'), { day });
    await h.settle();
    return ids;
  };

  it('X1: a sealed day joins the log under a signed checkpoint; an event is proven in it (asked by its hash; by id for public streams only, absent and not yours alike) and a later checkpoint proven to extend it, with the public keys alone', async () => {
    const seed = Number.parseInt(run.slice(-4), 36) % 3000;
    const dayA = new Date(Date.UTC(1991, 0, 1) + seed * 86_400_000).toISOString().slice(0, 10);
    const dayB = new Date(Date.UTC(1991, 0, 1) + (seed + 1) * 86_400_000).toISOString().slice(0, 10);
    const [eventA] = await sealDay(dayA, 3);
    const first = ((await h.http('GET', '/v1/public/checkpoints?limit=1')).json!.items as Record<string, unknown>[])[0]!;
    expect(first).toMatchObject({ origin: 'powerpermit/audit-log/v1', keys: '/v1/public/keys' });
    await sealDay(dayB, 2);
    const second = ((await h.http('GET', '/v1/public/checkpoints?limit=1')).json!.items as Record<string, unknown>[])[0]!;
    expect(second.size as number).toBeGreaterThanOrEqual((first.size as number) + 2);
    expect((await h.http('GET', `/v1/public/checkpoints/${first.size as number}`)).json).toEqual(first);

    const keys = file('keys.json', (await h.http('GET', '/v1/public/keys')).json);
    expect(verifyLog('checkpoint', keys, file('second.json', second))).toMatchObject({
      code: 0,
      out: expect.stringMatching(/^ok: checkpoint of powerpermit\/audit-log\/v1/),
    });

    // Asked by the event's hash, which only who holds the event can compute.
    const event = await eventStore().readEvent(eventA!);
    const asked = await h.http('GET', `/v1/public/checkpoints/${second.size as number}/inclusion?leaf=${event!.hash}`);
    expect(asked.headers.get('cache-control')).toMatch(/public, max-age=86400/);
    const inclusion = asked.json!;
    expect(inclusion).not.toHaveProperty('event');
    expect(verifyLog('inclusion', keys, join(dir, 'second.json'), file('event.json', event), file('inclusion.json', inclusion))).toMatchObject({ code: 0 });
    const changed = file('changed.json', { ...event, data: { i: 99 } });
    expect(verifyLog('inclusion', keys, join(dir, 'second.json'), changed, join(dir, 'inclusion.json'))).toMatchObject({
      code: 1,
      out: expect.stringMatching(/^fail:/),
    });
    // P4: withheld from a reader not allowed it, the confidential field still leaves an event proven in the log;
    // disclosed, it is checked against its commitment, so a swapped attachment fails.
    expect(event).toMatchObject({
      commitments: { attachments: expect.stringMatching(/^[0-9a-f]{64}$/) },
      disclosed: { attachments: { value: [`complaint-${run}.jpg`] } },
    });
    const { disclosed, ...withheld } = event!;
    expect(verifyLog('inclusion', keys, join(dir, 'second.json'), file('withheld.json', withheld), join(dir, 'inclusion.json'))).toMatchObject({ code: 0 });
    const swapped = file('swapped.json', { ...event, disclosed: { attachments: { ...disclosed!.attachments!, value: ['other.jpg'] } } });
    expect(verifyLog('inclusion', keys, join(dir, 'second.json'), swapped, join(dir, 'inclusion.json'))).toMatchObject({
      code: 1,
      out: expect.stringMatching(/^fail: the disclosed attachments does not match its commitment/),
    });

    const consistency = (await h.http('GET', `/v1/public/checkpoints/${second.size as number}/consistency?from=${first.size as number}`)).json!;
    expect(verifyLog('consistency', keys, file('first.json', first), join(dir, 'second.json'), file('consistency.json', consistency))).toMatchObject({
      code: 0,
      out: expect.stringMatching(/extends the signed tree/),
    });
    const forged = file('forged.json', { ...consistency, proof: (consistency.proof as string[]).map(() => 'ab'.repeat(32)) });
    expect(verifyLog('consistency', keys, join(dir, 'first.json'), join(dir, 'second.json'), forged)).toMatchObject({ code: 1 });

    // The log answers no question about records the asker does not hold: a private event asked by id, an event that
    // does not exist and a hash of nothing all get the same answer.
    const ask = async (q: string) => {
      const r = await h.http('GET', `/v1/public/checkpoints/${second.size as number}/inclusion?${q}`);
      const { instance: _instance, ...problem } = r.json!;
      return { status: r.status, problem };
    };
    const notInLog = await ask(`event=${encodeURIComponent(eventA!)}`);
    expect(notInLog).toMatchObject({ status: 404, problem: { code: 'LOG.NOT_IN_LOG' } });
    expect(await ask(`event=${encodeURIComponent(`LOGTEST#${run}-never@1`)}`)).toEqual(notInLog);
    expect(await ask(`leaf=${'ab'.repeat(32)}`)).toEqual(notInLog);
    // Neither or both: a 400 that says how to ask.
    expect((await ask('')).problem).toMatchObject({ status: 400, code: 'LOG.ASK_BY_LEAF' });
    expect((await ask(`leaf=${event!.hash}&event=${encodeURIComponent(eventA!)}`)).problem).toMatchObject({
      code: 'LOG.ASK_BY_LEAF',
    });

    // An event of a day not yet sealed is not in the log.
    const fresh = await eventStore().append({
      stream: `LOGTEST#${run}-unsealed`,
      expectedVersion: 0,
      lastHash: GENESIS_HASH,
      events: [{ type: 'T', data: {} }],
      state: {},
      actor: 't',
      at: new Date('1989-06-01T04:00:00Z'),
    });
    expect((await h.http('GET', `/v1/public/checkpoints/${second.size as number}/inclusion?leaf=${fresh.events[0]!.hash}`)).json).toMatchObject({
      status: 404,
      code: 'LOG.NOT_IN_LOG',
    });
  });

  it("X1 S3: a draw's events are proven in the log asked by the draw's own id: a draw is public, so anyone may ask by stream and sequence", async () => {
    // A real draw, made through the API on a day of this test's own (the 1980s, so no other day's seal is touched),
    // in Xinjiang, where no other test supervises.
    const seed = Number.parseInt(run.slice(-4), 36);
    // Within a quarter's first 80 days: the next day, when the day is sealed, is in the same quarter (no quarterly draw falls due).
    const day = new Date(Date.UTC(1981 + (seed % 9), 3 * (seed % 4), 1 + (seed % 80))).toISOString().slice(0, 10);
    const nextDay = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    await h.setClock(`${day}T10:00:00+08:00`);
    try {
      const supervisor = await h.token({ role: 'supervisor', agencyId: 'nea-xinjiang', sub: `sup-log-${run}` });
      for (let i = 0; i < 2; i++) {
        const l = seededLicense(
          licenseNumber('facility-install', 3, 'XJ', 2026, 100_000 + ((Number.parseInt(run.slice(-4), 36) * 10 + i) % 899_990)),
          { uscc: newUscc('650100'), name: `新疆日志测试电力 ${i}`, regionCode: '650100' },
          'nea-xinjiang',
        );
        await appendDecision(
          eventStore(),
          licenseStream(l.licenseNo),
          undefined,
          { events: [{ type: 'LicenseIssued', data: { ...l } }], state: l },
          { actor: 'test-seed', at: new Date() },
        );
      }
      for (const id of [`insp-log-${run}-a`, `insp-log-${run}-b`])
        expect((await h.http('PUT', `/v1/supervision/inspectors/${id}`, { token: supervisor, body: { conflicts: [] } })).status).toBe(200);
      const planId = `xj-log-${run}`;
      const plan = await h.http('POST', '/v1/supervision/plans', {
        token: supervisor,
        body: {
          planId,
          name: '日志抽查',
          licenseClasses: ['facility-install'],
          provinces: ['65'],
          ratios: { good: 1 },
          schedule: 'quarterly',
          entropyWindowMinutes: 0,
        },
      });
      expect(plan.status).toBe(200);
      const period = `${day.slice(0, 4)}Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
      expect((await h.http('POST', `/v1/supervision/plans/${planId}/draws`, { token: supervisor, body: { period } })).status).toBe(202);
      await h.settle();
      const drawId = `${planId}.${period}`;
      const audit = (await h.http('GET', `/v1/public/draws/${drawId}/audit`)).json!;
      const events = audit.events as { seq: number; type: string; hash: string; at: string }[];
      expect(events.map((e) => e.type)).toContain('DrawMade');

      // The next morning the day is sealed, as the daily schedule does (started here too: sealing is idempotent).
      await h.setClock(`${nextDay}T10:00:00+08:00`);
      await new SfnWorkflowStarter().start('audit-checkpoint', executionNameFor(`log-${run}-${day}`, 'audit-checkpoint'), { day });
      await h.settle();
      const latest = ((await h.http('GET', '/v1/public/checkpoints?limit=1')).json!.items as Record<string, unknown>[])[0]!;
      expect(latest.day).toBe(day);
      const keys = file('keys-draw.json', (await h.http('GET', '/v1/public/keys')).json);
      // Every event of the draw, asked by its id alone: the answer names it, and verify-log proves the public event in the signed tree.
      for (const e of events) {
        const id = `DRAW#${drawId}@${e.seq}`;
        const inclusion = await h.http('GET', `/v1/public/checkpoints/${latest.size as number}/inclusion?event=${encodeURIComponent(id)}`);
        expect(inclusion.status).toBe(200);
        expect(inclusion.json).toMatchObject({ event: id, eventHash: e.hash });
        const event = await eventStore().readEvent(id);
        expect(
          verifyLog(
            'inclusion',
            keys,
            file(`cp-${e.seq}.json`, latest),
            file(`draw-event-${e.seq}.json`, event),
            file(`draw-inclusion-${e.seq}.json`, inclusion.json),
          ),
        ).toMatchObject({ code: 0 });
      }
    } finally {
      await h.http('DELETE', '/local/clock');
    }
  });
});
