import { newUscc } from '../support/fixtures';
import { logLines } from '../support/logs';
import { type Harness, useHarness } from '../support/local-platform';

/**
 * What an operator sees, locally as in AWS: a request's id follows its change into the events it
 * writes, the workflow its events start and every line that workflow's tasks log; business
 * figures and cold starts are counted and shown at GET /local/status.
 */
describe('observability on the local runtime', () => {
  let h: Harness;
  useHarness((started) => (h = started));

  it("the request id of a submission is on its events, on the intake workflow's input and on every line its tasks log", async () => {
    const uscc = newUscc('350100');
    const applicant = await h.registerEnterprise(uscc);
    let requestId = '';
    let caseId = '';
    const lines = await logLines(async () => {
      const submitted = await h.http('POST', '/v1/applications', { token: applicant, body: { matterId: 'facility-install-l3.new' } });
      expect(submitted.status).toBe(201);
      requestId = submitted.headers.get('x-request-id')!;
      caseId = submitted.json!.id as string;
      await h.settle();
    });
    const task = lines.find((l) => l.msg === 'task' && l.task === 'checkApplication' && l.aggregate === `caseId:${caseId}`);
    expect(task).toMatchObject({
      requestId,
      context: 'licensing',
      execution: expect.stringMatching(/^licensing-intake-[0-9a-f]{40}$/),
      cause: `APPLICATION#${caseId}@1`,
    });
    expect(lines.find((l) => l.msg === 'reaction' && l.event === `APPLICATION#${caseId}@1`)).toMatchObject({ requestId, stateMachine: 'licensing-intake' });
    const execution = h.p.stepFunctions.list().find((e) => e.name === task!.execution);
    expect(JSON.parse(execution!.input)).toMatchObject({ caseId, correlation: { requestId, eventId: `APPLICATION#${caseId}@1` } });
    // The events the request and its workflow wrote carry it, inside their hashes.
    const audit = await h.http('GET', `/v1/applications/${caseId}/audit`, { token: applicant });
    const events = audit.json!.events as { type: string; correlationId?: string }[];
    expect(events.map((e) => [e.type, e.correlationId])).toEqual(
      expect.arrayContaining([
        ['ApplicationSubmitted', requestId],
        ['IntakeChecked', requestId],
      ]),
    );
    expect(audit.json).toMatchObject({ verification: { ok: true } });
  });

  it('business figures and cold starts are counted, as EMF in the log and in GET /local/status', async () => {
    const status = await h.http('GET', '/local/status');
    const metrics = status.json!.metrics as Record<string, number>;
    expect(metrics['ApplicationsSubmitted matterKind=new']).toBeGreaterThanOrEqual(1);
    expect(metrics['ColdStart function_name=licensing-api']).toBe(1);
    expect(metrics['ColdStart function_name=licensing-tasks']).toBe(1);
    expect(metrics['ColdStart function_name=stream-reactions']).toBe(1);
  });
});
