import aslValidator from 'asl-validator';
import type * as z from 'zod';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Cron } from 'croner';
import { routes } from '../../functions/routes';
import { schedules, toEventBridgeCron } from '../../functions/schedules';
import { REACTING, STATE_MACHINES, tasks } from '../../functions/tasks';
import { reactions } from '../../functions/reactions';
import { functionOfRoute, needsOf } from '../../functions/wiring';
import { CONTEXTS } from '../../functions/contexts';
import { openApiDocument } from '../../functions/platform/http/openapi';
import { loadDefinition } from '../../local/stepfunctions';
import { platformConfig } from '../../functions/platform/config';
import type { RouteSpec } from '../../functions/platform/http/route';
import { WorkOrder } from '../../functions/complaints/domain/work-order';
import { largestBody, patternMaxBytes, unboundedNumbers } from '../support/body-size';
import { OpenConnection } from '../../functions/connections/domain/connection';

const dir = join(__dirname, '../../statemachines');
const asl = (name: string) => readFileSync(join(dir, `${name}.asl.json`), 'utf8');

describe('the three tables and the ASL files agree', () => {
  it('every ASL file is a listed state machine and valid ASL', () => {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.asl.json'))
      .map((f) => f.replace('.asl.json', ''));
    expect(files.sort()).toEqual([...STATE_MACHINES].sort());
    for (const name of STATE_MACHINES) {
      const result = aslValidator(JSON.parse(asl(name)));
      expect(result.errors).toEqual([]);
      expect(result.isValid).toBe(true);
    }
  });

  it("every ASL placeholder has a task row, and the task name passed in the payload is that row's", () => {
    const used = new Set<string>();
    for (const name of STATE_MACHINES) {
      const text = asl(name);
      for (const [, placeholder] of text.matchAll(/\$\{(\w+)\}/g)) used.add(placeholder!);
      const states = JSON.parse(text).States as Record<string, { Parameters?: { FunctionName?: string; Payload?: { task?: string } } }>;
      const invoked = Object.values(states).flatMap((s) => {
        const fn = /^\$\{(\w+)\}$/.exec(s.Parameters?.FunctionName ?? '')?.[1];
        return fn ? [[s.Parameters!.Payload!.task, tasks[fn as keyof typeof tasks].task]] : [];
      });
      expect(invoked.length).toBeGreaterThan(0);
      for (const [passed, expected] of invoked) expect(passed).toBe(expected);
      expect(() => loadDefinition(dir, name)).not.toThrow();
    }
    expect([...used].sort()).toEqual(Object.keys(tasks).sort());
  });

  it('the local runner substitutes every placeholder (JSONPath only: no JSONata)', () => {
    for (const name of STATE_MACHINES) {
      const text = JSON.stringify(loadDefinition(dir, name));
      expect(text).not.toMatch(/\$\{/);
      expect(text).not.toMatch(/QueryLanguage|JSONata|\{%/);
    }
  });

  it('the reconciler starts and looks up exactly the state machines events call for', () => {
    expect([...REACTING].sort()).toEqual([...new Set(Object.values(reactions).flatMap((rs) => rs.map((r) => r.stateMachine)))].sort());
    expect(tasks.ReconcileObligationsFn).toMatchObject({ starts: REACTING, describes: REACTING });
  });

  it('every schedule has a valid cron and targets a known state machine', () => {
    for (const s of Object.values(schedules)) {
      expect(() => new Cron(s.cron, { paused: true })).not.toThrow();
      expect(STATE_MACHINES).toContain(s.stateMachine);
    }
    expect(toEventBridgeCron('30 0 * * *')).toBe('cron(30 0 * * ? *)');
    expect(toEventBridgeCron('0 9 * * 1')).toBe('cron(0 9 ? * 1 *)');
  });

  it('every route belongs to a known context, has a unique method+path and appears in the OpenAPI document', () => {
    const doc = openApiDocument(routes, { version: 'test' });
    const keys = new Set<string>();
    for (const [id, r] of Object.entries(routes)) {
      expect(CONTEXTS).toContain(r.context);
      const key = `${r.method} ${r.path}`;
      expect(keys.has(key)).toBe(false);
      keys.add(key);
      expect((doc.paths[r.path] as Record<string, { operationId: string }>)[r.method.toLowerCase()]!.operationId).toBe(id);
    }
  });

  it('every route declares its answer: a JSON schema, the media types it produces, or a redirect; and the document types every JSON answer', () => {
    const doc = openApiDocument(routes, { version: 'test' });
    for (const [id, r] of Object.entries(routes) as [string, RouteSpec][]) {
      const declared = r.response !== undefined || r.status === 302 || (r.produces !== undefined && !r.produces.includes('application/json'));
      expect({ id, declared }).toEqual({ id, declared: true });
      const answer = (doc.paths[r.path] as Record<string, { responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }> }>)[
        r.method.toLowerCase()
      ]!.responses[String(r.status ?? 200)]!;
      const json = answer.content?.['application/json']?.schema.$ref?.replace('#/components/schemas/', '');
      expect({ id, typed: json !== undefined && json in doc.components.schemas }).toEqual({ id, typed: r.response !== undefined });
    }
  });

  it('the webhook documents its signed body and its Standard Webhooks headers; binary and CSV answers their media types', () => {
    const doc = openApiDocument(routes, { version: 'test' });
    const op = (path: string, method: string) => (doc.paths[path] as Record<string, Record<string, unknown>>)[method] as Record<string, unknown>;
    const webhook = op('/v1/webhooks/hotline-12398', 'post') as { parameters: { name: string; in: string; required: boolean }[]; requestBody: unknown };
    expect(webhook.parameters.filter((p) => p.in === 'header' && p.required).map((p) => p.name)).toEqual([
      'webhook-id',
      'webhook-timestamp',
      'webhook-signature',
    ]);
    expect(webhook.requestBody).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/ReceiveHotlineWorkOrderRequest' } } } });
    expect(op('/v1/licenses/{licenseNo}/paper.pdf', 'get')).toMatchObject({ responses: { '200': { content: { 'application/pdf': {} } } } });
    expect(Object.keys((op('/v1/reports/connections', 'get') as { responses: { '200': { content: object } } }).responses['200'].content)).toEqual([
      'application/json',
      'text/csv',
      'application/pdf',
    ]);
    expect(doc.servers).toHaveLength(1);
  });

  it("the OpenAPI document shows request schemas from zod, with the USCC rule's input type", () => {
    const doc = openApiDocument(routes, { version: 'test' });
    const post = (
      doc.paths['/v1/enterprises'] as Record<
        string,
        { requestBody: { content: Record<string, { schema: { properties: Record<string, unknown>; required: string[] } }> } }
      >
    ).post!;
    const ref = (post.requestBody.content['application/json']!.schema as unknown as { $ref: string }).$ref;
    const schema = doc.components.schemas[ref.replace('#/components/schemas/', '') as keyof typeof doc.components.schemas] as unknown as {
      properties: Record<string, unknown>;
      required: string[];
    };
    expect(schema.required).toEqual(['uscc', 'name', 'legalRepresentative']);
    // The region is the credit code's by default (ADR 0014): optional, still a GB/T 2260 code when given.
    expect(schema.properties.regionCode).toMatchObject({ type: 'string', pattern: '^\\d{6}$' });
    expect(schema.properties.uscc).toMatchObject({ type: 'string' });
  });

  it('every route takes the largest body its schema accepts: the declared maximum (the WAF and the handler chain enforce it) is never below it', () => {
    // Bodies validated by the handler rather than the chain: the webhook's raw body (after its signature), batch rows one by one.
    const handlerValidated: Record<string, z.ZodType | 'rows'> = { receiveHotlineWorkOrder: WorkOrder, openConnectionsBatch: 'rows' };
    const rows = Object.entries(routes as Record<string, RouteSpec>).flatMap(([id, r]) => {
      const schema = handlerValidated[id] ?? r.body;
      if (!schema) return [];
      const limit = r.maxBodyBytes ?? platformConfig.http.defaultMaxBodyBytes;
      // Rows checked one by one have no largest body: the route must declare its limit.
      if (schema === 'rows') return [{ id, problem: r.maxBodyBytes ? undefined : 'no declared maxBodyBytes' }];
      const size = largestBody(schema);
      if ('unbounded' in size) return [{ id, problem: size.unbounded.join('; ') }];
      return [{ id, problem: size.bytes > limit ? `a valid body of ${size.bytes} bytes exceeds ${limit}` : undefined }];
    });
    expect(rows.filter((r) => r.problem)).toEqual([]);
    expect(rows.length).toBeGreaterThan(40);
    expect(patternMaxBytes('^AP\\d{8}[0-9A-Z]{8}$')).toBe(18);
    expect(patternMaxBytes('^[a-z](-[a-z]{1,3})?$')).toBe(5);
    expect(patternMaxBytes('^[a-z]+$')).toBeUndefined();
  });

  it('every number a route takes is bounded, below and above (DynamoDB cannot store 1e200, nor does any domain need it)', () => {
    const open = Object.entries(routes as Record<string, RouteSpec>).flatMap(([id, r]) =>
      (['params', 'query', 'body'] as const).flatMap((part) => (r[part] ? unboundedNumbers(r[part]).map((u) => `${id} ${part} ${u}`) : [])),
    );
    expect([...open, ...unboundedNumbers(WorkOrder), ...unboundedNumbers(OpenConnection).map((u) => `batch row ${u}`)]).toEqual([]);
  });

  it('P4: every route whose answers carry personal data is served by a function that can seal and open it', () => {
    const flagged = Object.entries(routes as Record<string, RouteSpec>).filter(([, r]) => r.personalData);
    expect(flagged.length).toBeGreaterThan(5);
    for (const [id] of flagged) expect([id, needsOf(functionOfRoute(id as keyof typeof routes)).personalData]).toEqual([id, ['seal', 'open']]);
  });

  it('every public route says why it is public and what it carries; no other route does', () => {
    for (const [id, r] of Object.entries(routes as Record<string, RouteSpec>)) {
      expect([id, r.roles === 'public', typeof r.publicBecause === 'string' && r.publicBecause.length > 20]).toEqual([
        id,
        r.roles === 'public',
        r.roles === 'public',
      ]);
    }
  });
});
