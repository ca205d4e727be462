import { paginateScan } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from '../../functions/platform/aws';
import { newUscc } from '../support/fixtures';
import { deliverWorkOrder, localHotlineSecret } from '../support/hotline';
import { type Harness, useHarness } from '../support/local-platform';
import { logLines } from '../support/logs';

/**
 * P4, and the rule behind it for every store: personal data is sealed wherever it lands — the
 * aggregates, the replies kept for an Idempotency-Key, the workflows' inputs and outputs, the
 * logs. The raw table is read item by item for the plaintext after every complaint and
 * personnel route has been used, with Idempotency-Keys and a replay.
 */
const run = Date.now().toString(36).toUpperCase();
// Unique to this file, so that a match can only be this file's data.
const COMPLAINANT = { name: `申诉人${run.slice(-4)}`, contact: `137${String(Date.now()).slice(-8)}` };
const PERSON = { name: `电工${run.slice(-4)}`, certificateNo: `CERT-${run}` };
const CONTACT = { name: `联系人${run.slice(-4)}`, email: `pd-${run.toLowerCase()}@example.cn`, mobile: `136${String(Date.now()).slice(-8)}` };

describe('personal data is sealed everywhere it is stored', () => {
  let h: Harness;
  useHarness((started) => (h = started));

  async function rawTableText(): Promise<string> {
    const chunks: string[] = [];
    for await (const page of paginateScan({ client: documentClient() }, { TableName: tableName() })) chunks.push(JSON.stringify(page.Items ?? []));
    return chunks.join('\n');
  }

  it('P4: after the complaint, personnel and contact routes and a notification (with Idempotency-Keys and replays) no complainant, person or contact is in clear in the table, a workflow or the log', async () => {
    const uscc = newUscc('350100');
    const holder = await h.registerEnterprise(uscc);
    const supervisor = await h.token({ role: 'supervisor', agencyId: 'nea-fujian', sub: `sup-${run}` });
    const orderNo = `PD${run}`;
    const lines = await logLines(async () => {
      const delivered = await deliverWorkOrder(h.p.apiUrl, localHotlineSecret(), {
        orderNo,
        receivedAt: new Date().toISOString(),
        channel: 'phone',
        type: 'complaint',
        businessArea: 'connection',
        regionCode: '350102',
        party: { uscc },
        facts: '报装后超过十个工作日未接电',
        request: '尽快接电',
        complainant: COMPLAINANT,
      });
      expect(delivered.status).toBe(202);
      await h.settle();
      const steps: [string, unknown][] = [
        ['acceptance', { decision: 'accept' }],
        ['assignment', { staffId: 'insp-pd' }],
        ['extension', { days: 10, reason: '需要补充调查' }],
        ['findings', { substantiated: false, facts: '经核查已按时接电' }],
        ['reply', { text: '经核查，已按时接电。' }],
        ['callback', { reached: true, satisfaction: 'satisfied' }],
      ];
      for (const [path, body] of steps) {
        const headers = { 'idempotency-key': `pd-${run}-${path}` };
        const first = await h.http('POST', `/v1/complaints/${orderNo}/${path}`, { token: supervisor, body, headers });
        expect([path, first.status]).toEqual([path, 200]);
        // The reply is what the handler sees — the complainant opened — and its replay says the same.
        expect(first.json).toMatchObject({ complainant: COMPLAINANT });
        const replay = await h.http('POST', `/v1/complaints/${orderNo}/${path}`, { token: supervisor, body, headers });
        expect([path, replay.headers.get('idempotent-replayed'), replay.json]).toEqual([path, 'true', first.json]);
        await h.settle();
      }
      expect((await h.http('GET', `/v1/complaints/${orderNo}`, { token: supervisor })).json).toMatchObject({ status: 'closed', complainant: COMPLAINANT });

      const personnel = [{ ...PERSON, post: 'electrician', qualification: '电工进网作业许可证', certificateValidUntil: '2030-01-01' }];
      const put = await h.http('PUT', `/v1/enterprises/${uscc}/personnel`, {
        token: holder,
        body: { personnel },
        headers: { 'idempotency-key': `pd-${run}-personnel` },
      });
      expect(put.json).toMatchObject({ personnel: [PERSON], masked: false });
      const replayed = await h.http('PUT', `/v1/enterprises/${uscc}/personnel`, {
        token: holder,
        body: { personnel },
        headers: { 'idempotency-key': `pd-${run}-personnel` },
      });
      expect(replayed.json).toEqual(put.json);
      // Whole for the holder and its agency; masked for anyone else with access.
      expect((await h.http('GET', `/v1/enterprises/${uscc}/personnel`, { token: supervisor })).json).toMatchObject({ personnel: [PERSON], masked: false });
      const other = await h.token({ role: 'admin' });
      const masked = (await h.http('GET', `/v1/enterprises/${uscc}/personnel`, { token: other })).json as {
        personnel: { name: string; certificateNo: string }[];
        masked: boolean;
      };
      expect(masked.masked).toBe(true);
      expect(masked.personnel[0]!.certificateNo).toBe(`****${PERSON.certificateNo.slice(-4)}`);

      // The notification contact, and a notification sent to it (an imported licence, told to its holder).
      const contact = await h.http('PUT', `/v1/enterprises/${uscc}/contact`, {
        token: holder,
        body: CONTACT,
        headers: { 'idempotency-key': `pd-${run}-contact` },
      });
      expect(contact.json).toMatchObject({ contact: { channels: ['email', 'sms'] } });
      const row = {
        formerNo: `PD-${run}`,
        holderName: '福建个人数据测试',
        uscc,
        regionCode: '350100',
        agencyId: 'nea-fujian',
        licenseClass: 'power-supply',
        validFrom: '2020-01-01',
        validUntil: '2039-12-31',
      };
      const imp = await h.http('POST', '/v1/operations/license-imports', {
        token: other,
        body: { source: 'pd.json', format: 'json', content: JSON.stringify([row]) },
      });
      expect(imp.status).toBe(202);
      await h.settle();
      const sent = ((await h.http('GET', `/v1/enterprises/${uscc}/notifications`, { token: holder })).json!.items as { status: string }[])[0];
      expect(sent).toMatchObject({ kind: 'license-issued', status: 'sent' });
      expect(((await h.http('GET', '/local/outbox')).json!.items as { to: string }[]).map((m) => m.to)).toEqual(
        expect.arrayContaining([CONTACT.email, CONTACT.mobile]),
      );
    });

    const secrets = [COMPLAINANT.name, COMPLAINANT.contact, PERSON.name, PERSON.certificateNo, CONTACT.name, CONTACT.email, CONTACT.mobile];
    const table = await rawTableText();
    expect(table).toContain(orderNo); // the scan does see this file's data…
    for (const secret of secrets) expect([secret, table.includes(secret)]).toEqual([secret, false]); // …and none of it in clear
    // What Step Functions keeps with includeExecutionData: each execution's input, output and error, and each task's too.
    const executions = h.p.stepFunctions.list();
    const workflows = JSON.stringify(executions.map((e) => [e.input, e.output ?? '', e.cause ?? '', e.history]));
    expect(workflows).toContain(orderNo);
    // The history holds the tasks' own inputs and results (the notification to the contact's channels among them).
    const attempts = executions.flatMap((e) => e.history);
    expect(attempts.some((a) => a.state === 'Notify' && a.output?.includes('"status":"sent"'))).toBe(true);
    for (const secret of secrets) expect([secret, workflows.includes(secret)]).toEqual([secret, false]);
    const log = JSON.stringify(lines);
    expect(lines.length).toBeGreaterThan(10);
    for (const secret of secrets) expect([secret, log.includes(secret)]).toEqual([secret, false]);
  });
});
