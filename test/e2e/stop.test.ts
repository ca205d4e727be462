import { shutdownDrill } from '../support/shutdown-drill';

/**
 * Ctrl-C stops the whole local platform (issue 30 item 16), under load: an acknowledgement workflow retrying, a
 * keep-alive connection open, an upload stalled half-way, requests arriving. How long it takes is measured by
 * bench/stop.ts (bench/RESULTS.md), not asserted here.
 */
describe('stopping npm start', () => {
  it('one Ctrl-C: requests in flight get their grace, workflow steps are abandoned, it exits 0, DynamoDB Local stops too, and nothing acknowledged is lost', async () => {
    const r = await shutdownDrill();
    expect(r.said).toContain('SIGINT: stopping…');
    expect(r.said).not.toContain('did not stop within 10 s');
    expect(r).toMatchObject({ exitCode: 0, jvmLeftRunning: false });
    expect(r.acknowledged.length).toBeGreaterThanOrEqual(4);
    expect(r.keptAfterRestart).toEqual(r.acknowledged);
  });

  it('a second Ctrl-C while it is stopping stops it at once (exit 130), and DynamoDB Local is still stopped by its sentinel', async () => {
    const r = await shutdownDrill({ second: true, restart: false });
    expect(r.said).toContain('SIGINT again: stopping now.');
    expect(r).toMatchObject({ exitCode: 130, jvmLeftRunning: false });
  });
});
