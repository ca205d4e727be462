import { GetObjectCommand } from '@aws-sdk/client-s3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureLocalKeys } from '../../local/keys';
import { auditBucket, documentClient, s3Client, tableName } from '../../functions/platform/aws';
import { checkpointStream } from '../../functions/platform/domain/audit-checkpoint';
import { GENESIS_HASH } from '../../functions/platform/event-store';
import { DynamoEventStore } from '../../functions/platform/event-store.dynamodb';
import { sha256Hex } from '../../functions/platform/hash';
import { invokeTaskFunction, LocalStepFunctions } from '../../local/stepfunctions';

const store = () => new DynamoEventStore(documentClient(), tableName());
const sfn = () => new LocalStepFunctions(join(__dirname, '../../statemachines'), invokeTaskFunction);

async function run(day: string) {
  const e = sfn().start('arn:aws:states:local:000000000000:stateMachine:audit-checkpoint', `seal-${day}-${Math.random()}`, JSON.stringify({ day }));
  await e.done;
  return e;
}

describe('audit-checkpoint workflow (the real ASL, the real tasks)', () => {
  // The workflow signs the transparency log's checkpoint with the e-seal key, as its manifest row declares.
  beforeAll(() => {
    const keys = mkdtempSync(join(tmpdir(), 'audit-keys-'));
    ensureLocalKeys(keys);
    process.env.SEAL_LOCAL_KEY_DIR = keys;
  });

  // A day of its own (early morning in Shanghai is the previous UTC day), so other tests' events do not mix in.
  const day = '2019-05-14';

  it('X1: seals every event hash of a day, stores the seal write-once and records it as an event; a rerun changes nothing', async () => {
    const s = store();
    const hashes: string[] = [];
    for (const [i, at] of ['2019-05-13T16:30:00Z', '2019-05-14T03:00:00Z', '2019-05-14T15:59:00Z'].entries()) {
      const r = await s.append({
        stream: `AUDITTEST#${i}`,
        expectedVersion: 0,
        lastHash: GENESIS_HASH,
        events: [{ type: 'T', data: { i } }],
        state: {},
        actor: 't',
        at: new Date(at),
      });
      hashes.push(r.events[0]!.hash);
    }
    // Outside the day in Shanghai time: 00:00 on 15 May.
    await s.append({
      stream: 'AUDITTEST#late',
      expectedVersion: 0,
      lastHash: GENESIS_HASH,
      events: [{ type: 'T', data: {} }],
      state: {},
      actor: 't',
      at: new Date('2019-05-14T16:00:00Z'),
    });

    const first = await run(day);
    expect(first.status).toBe('SUCCEEDED');
    const seal = (JSON.parse(first.output!) as { seal: { day: string; eventCount: number; eventsDigest: string; seal: string } }).seal;
    expect(seal).toMatchObject({ day, eventCount: 3, eventsDigest: sha256Hex(hashes.join('')), previousSeal: GENESIS_HASH });

    const stored = await s3Client().send(new GetObjectCommand({ Bucket: auditBucket(), Key: `audit/checkpoints/${day}.json` }));
    expect(JSON.parse(await stored.Body!.transformToString())).toEqual(seal);
    const events = await s.readStream(checkpointStream(day));
    expect(events.map((e) => e.type)).toEqual(['AuditCheckpointSealed']);

    const again = await run(day);
    expect(JSON.parse(again.output!)).toEqual({ seal, log: { size: expect.any(Number), root: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(await s.readStream(checkpointStream(day))).toHaveLength(1);
  });

  it("X1: the next day's seal chains to this one", async () => {
    const next = await run('2019-05-15');
    const prev = (await store().load<{ seal: string }>(checkpointStream(day)))!.state;
    expect(JSON.parse(next.output!)).toMatchObject({ seal: { day: '2019-05-15', eventCount: 1, previousDay: day, previousSeal: prev.seal } });
  });
});
