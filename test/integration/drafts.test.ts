import { handler as licensingApi } from '../../functions/licensing/api.handler';
import { resetClock, setClockTo } from '../../functions/platform/clock';
import { apiEvent, call, claimsFor, type Handler } from '../support/api-event';
import { newUscc } from '../support/fixtures';

const api = licensingApi as unknown as Handler;
const MATTER = 'facility-install-l3.new';
const DOC = 'a'.repeat(64);

/**
 * Application drafts against DynamoDB Local through the licensing API (ADR 0017): the enterprise's own scratch — saved
 * over the version read, listed, discarded, gone after 30 days — never a submission and nobody else's to read.
 */
describe('application drafts', () => {
  afterEach(() => resetClock());
  const uscc = newUscc('530100');
  const own = claimsFor('applicant', { enterpriseId: uscc }, `user-${uscc}`);
  const draftsPath = { uscc };
  const save = (body: Record<string, unknown>, claims = own, matterId = MATTER) =>
    call(api, apiEvent('PUT', '/v1/enterprises/{uscc}/application-drafts/{matterId}', { path: { uscc, matterId }, body, claims }));
  const list = (claims = own) => call(api, apiEvent('GET', '/v1/enterprises/{uscc}/application-drafts', { path: draftsPath, claims }));

  it('saved over the version read and listed; a stale version is a 409 and changes nothing; discarded, it is gone (twice is no error)', async () => {
    setClockTo(new Date('2026-12-07T09:00:00+08:00'));
    const first = await save({ version: 0, path: 'commitment', signatory: '张三' });
    expect(first.statusCode).toBe(200);
    expect(first.json).toMatchObject({
      matterId: MATTER,
      version: 1,
      path: 'commitment',
      signatory: '张三',
      documentIds: [],
      expiresAt: expect.stringMatching(/^2027-01-06T01:00:0\d\.\d{3}Z$/),
    });
    expect((await save({ version: 1, path: 'standard', documentIds: [DOC] })).json).toMatchObject({ version: 2, path: 'standard', documentIds: [DOC] });
    // Another tab that read version 1 (or a new draft over the existing one) is refused, not silently overwritten.
    for (const version of [1, 0])
      expect((await save({ version, path: 'commitment' })).json).toMatchObject({ status: 409, code: 'CONCURRENCY.VERSION_CONFLICT' });
    expect((await list()).json).toEqual({ items: [expect.objectContaining({ matterId: MATTER, version: 2, path: 'standard', documentIds: [DOC] })] });
    // Never a submission: the enterprise has no case of it.
    const cases = await call(api, apiEvent('GET', '/v1/applications', { query: { uscc }, claims: own }));
    expect(cases.statusCode).toBe(200);
    expect((cases.json as { items: unknown[] }).items).toEqual([]);
    for (let i = 0; i < 2; i++) {
      const discarded = await call(
        api,
        apiEvent('DELETE', '/v1/enterprises/{uscc}/application-drafts/{matterId}', { path: { uscc, matterId: MATTER }, claims: own }),
      );
      expect(discarded.json).toEqual({ matterId: MATTER, discarded: true });
    }
    expect((await list()).json).toEqual({ items: [] });
  });

  it('expires 30 days after its last save: listed on day 29, gone on day 31, and a new draft may then start at version 0', async () => {
    const matterId = 'facility-install-l3.change';
    setClockTo(new Date('2026-12-07T09:00:00+08:00'));
    expect((await save({ version: 0 }, own, matterId)).statusCode).toBe(200);
    setClockTo(new Date('2027-01-05T09:00:00+08:00'));
    expect(((await list()).json as { items: { matterId: string }[] }).items.map((d) => d.matterId)).toContain(matterId);
    setClockTo(new Date('2027-01-07T09:00:00+08:00'));
    expect(((await list()).json as { items: { matterId: string }[] }).items.map((d) => d.matterId)).not.toContain(matterId);
    expect((await save({ version: 1 }, own, matterId)).json).toMatchObject({ status: 409 });
    expect((await save({ version: 0 }, own, matterId)).json).toMatchObject({ version: 1 });
  });

  it('the enterprise’s own: another enterprise and staff of its agency are refused; a matter the guide has not is a 404; bad fields a 400', async () => {
    const matterId = 'facility-install-l4.new';
    setClockTo(new Date('2026-12-07T09:00:00+08:00'));
    expect((await save({ version: 0 }, own, matterId)).statusCode).toBe(200);
    const stranger = claimsFor('applicant', { enterpriseId: newUscc('530100') });
    for (const claims of [stranger, claimsFor('reviewer', { agencyId: 'nea-yunnan' }), claimsFor('admin')]) {
      expect((await list(claims)).statusCode).toBe(403);
      expect((await save({ version: 1 }, claims, matterId)).statusCode).toBe(403);
    }
    expect((await save({ version: 0 }, own, 'facility-install-l9.new')).json).toMatchObject({ status: 404, code: 'GUIDE.NO_SUCH_MATTER' });
    expect((await save({ version: -1, documentIds: ['x'] })).json).toMatchObject({ status: 400, code: 'REQUEST.INVALID' });
    expect((await save({ version: 1, signatory: 'x'.repeat(101) })).statusCode).toBe(400);
  });
});
