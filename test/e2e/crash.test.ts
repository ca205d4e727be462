import { crashDrill } from '../support/crash-drill';

/**
 * Nothing is lost, nothing happens twice: the local platform SIGKILLed mid-load (Node and its
 * emulators, the whole process group), restarted on the same data — every acknowledged write is
 * there, every workflow it called for has run (waited for up to 2 minutes), once. bench/crash.ts runs it larger and
 * says how long it took.
 */
describe('a crash of the whole local platform', () => {
  it('0 acknowledged writes lost, 0 obligations left unfinished after the restart, 0 duplicated effects', async () => {
    const r = await crashDrill({ applications: 12, workOrders: 12, killAfter: 12, settleWithinMs: 120_000 });
    expect(r.acknowledged.applications + r.acknowledged.workOrders).toBeGreaterThanOrEqual(12);
    expect(r.lost).toEqual({ applications: [], workOrders: [] });
    expect(r.unfinished).toEqual({ intakes: [], acknowledgements: [], obligations: 0 });
    expect(r.duplicated).toEqual({ intakes: [], acknowledgements: [] });
    // How long it took is bench/crash.ts's to report: a test asserts what happened, not how fast (issue 34).
  });
});
