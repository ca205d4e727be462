import { LocalScheduler } from '../../local/scheduler';
import { repairImage } from '../../local/stream-poller';
import type { ScheduleSpec } from '../../functions/schedules';

describe('local scheduler on the platform clock', () => {
  const spec: ScheduleSpec = { cron: '30 0 * * *', stateMachine: 'audit-checkpoint', input: {}, description: 'd' };

  it('fires once at 00:30 Asia/Shanghai and not before', async () => {
    let now = new Date('2026-11-22T16:00:00Z'); // 00:00 on 23 Nov in Shanghai
    const fired: string[] = [];
    const s = new LocalScheduler({ daily: spec }, { now: () => now }, async (_n, _s, at) => void fired.push(at.toISOString()));
    await s.tick();
    expect(fired).toEqual([]);
    now = new Date('2026-11-22T16:30:00Z');
    await s.tick();
    await s.tick();
    expect(fired).toEqual(['2026-11-22T16:30:00.000Z']);
  });

  it('after the clock jumps several days it fires once, for the latest missed time, then resumes', async () => {
    let now = new Date('2026-11-22T04:00:00Z');
    const fired: string[] = [];
    const s = new LocalScheduler({ daily: spec }, { now: () => now }, async (_n, _s, at) => void fired.push(at.toISOString()));
    now = new Date('2026-11-26T04:00:00Z');
    await s.clockChanged();
    expect(fired).toEqual(['2026-11-25T16:30:00.000Z']);
    expect(s.upcoming()).toEqual({ daily: '2026-11-26T16:30:00.000Z' });
  });

  it('after the clock is set back the next firing follows the new time', async () => {
    let now = new Date('2026-11-26T04:00:00Z');
    const s = new LocalScheduler({ daily: spec }, { now: () => now }, async () => undefined);
    now = new Date('2026-11-22T04:00:00Z');
    await s.clockChanged();
    expect(s.upcoming()).toEqual({ daily: '2026-11-22T16:30:00.000Z' });
  });
});

describe('local stream poller', () => {
  it('restores empty maps that the Streams SDK client drops, so handlers see what Lambda would', () => {
    expect(repairImage({ a: {}, b: { M: { c: {}, d: { L: [{}, { S: 'x' }] } } }, e: { S: 'y' } })).toEqual({
      a: { M: {} },
      b: { M: { c: { M: {} }, d: { L: [{ M: {} }, { S: 'x' }] } } },
      e: { S: 'y' },
    });
  });
});
