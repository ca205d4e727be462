import { INDEXES, indexOf, streamKind } from '../../functions/indexes';
import { DUE_SHARDS } from '../../functions/platform/event-store';
import { type License, licenseNoPrefixes, licenseNumber } from '../../functions/licensing/domain/license';
import { guideConfig } from '../../functions/licensing/domain/guide';

const license = (status: License['status']) =>
  ({ licenseNo: 'FI3-FJ-2026-0000177', holder: { uscc: '91350100M000100Y43' }, agencyId: 'nea-fujian', status, validUntil: '2032-11-22' }) as License;

describe('the index registry (storage keys out of domain/)', () => {
  it('X2: a projection with an open clock carries the due keys; once the clock cannot run, none', () => {
    expect(indexOf('LICENSE#FI3-FJ-2026-0000177', license('valid'))).toEqual({
      gsi1pk: 'ENTERPRISE#91350100M000100Y43#LICENSES',
      gsi1sk: 'FI3-FJ-2026-0000177',
      gsi2pk: 'AGENCY#nea-fujian#LICENSES',
      gsi2sk: 'FI3-FJ-2026-0000177',
      // The due index is written in shards by stream (the first 32 bits of its SHA-256, mod 8).
      duepk: 'DUE#1',
      // Listed the day before its renewal reminder (90 days before its last day), then the day before it expires.
      duesk: '2032-08-23#LICENSE#FI3-FJ-2026-0000177',
    });
    expect(indexOf('LICENSE#FI3-FJ-2026-0000177', { ...license('valid'), renewalRemindedFor: '2032-11-22' })).toMatchObject({
      duesk: '2032-11-22#LICENSE#FI3-FJ-2026-0000177',
    });
    expect(indexOf('LICENSE#FI3-FJ-2026-0000177', license('suspended'))).toMatchObject({ duesk: '2032-11-22#LICENSE#FI3-FJ-2026-0000177' });
    expect(indexOf('LICENSE#FI3-FJ-2026-0000177', license('revoked'))).not.toHaveProperty('duesk');
  });

  it('X2: due keys spread over every shard, so no one index partition takes every clock', () => {
    const shards = new Set(
      Array.from({ length: 200 }, (_, i) => {
        const licenseNo = `FI3-FJ-2026-${String(i).padStart(7, '0')}`;
        return indexOf(`LICENSE#${licenseNo}`, { ...license('valid'), licenseNo }).duepk;
      }),
    );
    expect([...shards].sort()).toEqual(Array.from({ length: DUE_SHARDS }, (_, i) => `DUE#${i}`));
  });

  it('a kind of stream without listings carries no keys; kinds are the prefix before the first #', () => {
    expect(streamKind('HOTLINE-OUT#HL1#closed')).toBe('HOTLINE-OUT');
    expect(indexOf('WEBHOOK#hotline-12398#w1', { any: 'state' })).toEqual({});
    expect(Object.keys(INDEXES).every((k) => /^[A-Z-]+$/.test(k))).toBe(true);
  });

  it("S1: a draw's roster reads its agency's licences in segments by number prefix: every number a class and level makes is in its class's segments, and in no other class's", () => {
    const classes = Object.keys(guideConfig.licenseClasses);
    for (const cls of classes) {
      for (const level of guideConfig.licenseClasses[cls]!.levels ?? [undefined]) {
        const no = licenseNumber(cls, level, 'FJ', 2026, 17);
        expect(licenseNoPrefixes(cls).some((p) => no.startsWith(p))).toBe(true);
        for (const other of classes.filter((c) => c !== cls))
          expect([no, other, licenseNoPrefixes(other).some((p) => no.startsWith(p))]).toEqual([no, other, false]);
      }
    }
  });
});
