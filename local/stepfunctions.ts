import './polyfills';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { StateMachine } from 'aws-local-stepfunctions';
import { logger } from '../functions/platform/log';
import { STATE_MACHINES, tasks } from '../functions/tasks';
import type { ContextName } from '../functions/contexts';

/**
 * Step Functions on one laptop: the very ASL files of statemachines/ run by aws-local-stepfunctions,
 * behind a tiny endpoint that speaks the StartExecution / DescribeExecution API so that the same
 * SDK code (the stream handler, the scheduler) starts workflows here as in AWS. Executions live
 * in memory; the design keeps nothing long-running in a workflow, so a restart loses nothing.
 */
export const LOCAL_ACCOUNT = '000000000000';
export const stateMachineArn = (name: string): string => `arn:aws:states:local:${LOCAL_ACCOUNT}:stateMachine:${name}`;
const taskArn = (placeholder: string): string => `arn:aws:lambda:local:${LOCAL_ACCOUNT}:function:${placeholder}`;

export type TaskInvoker = (context: ContextName, payload: unknown) => Promise<unknown>;

interface Execution {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  input: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  startDate: Date;
  stopDate?: Date;
  output?: string;
  error?: string;
  cause?: string;
  /**
   * What Step Functions keeps in an execution's history and logs with `includeExecutionData`: every task's input,
   * result and failure (a retried one too). Kept here so that a test can read what AWS would keep (P4).
   */
  history: TaskAttempt[];
  done: Promise<void>;
}

export interface TaskAttempt {
  state: string;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
}

type AslState = {
  Type: string;
  Parameters?: { FunctionName?: string };
  States?: Record<string, AslState>;
  Iterator?: { States: Record<string, AslState> };
  ItemProcessor?: { States: Record<string, AslState> };
  Branches?: { States: Record<string, AslState> }[];
};

/** Every Task state (also inside Map and Parallel) that invokes a placeholder function. */
function taskStates(states: Record<string, AslState>, out: Record<string, string> = {}): Record<string, string> {
  for (const [name, s] of Object.entries(states)) {
    const fn = s.Parameters?.FunctionName;
    if (s.Type === 'Task' && fn?.startsWith(taskArn(''))) out[name] = fn.slice(taskArn('').length);
    for (const nested of [s.Iterator, s.ItemProcessor, ...(s.Branches ?? [])]) if (nested) taskStates(nested.States, out);
  }
  return out;
}

/** Every Wait state, also inside Map and Parallel. */
function waitStates(states: Record<string, AslState>, out: string[] = []): string[] {
  for (const [name, s] of Object.entries(states)) {
    if (s.Type === 'Wait') out.push(name);
    for (const nested of [s.Iterator, s.ItemProcessor, ...(s.Branches ?? [])]) if (nested) waitStates(nested.States, out);
  }
  return out;
}

/** `${Placeholder}` → the local task ARN, the same substitution CDK does with real ARNs. */
export function loadDefinition(dir: string, name: string): Record<string, unknown> {
  const text = readFileSync(join(dir, `${name}.asl.json`), 'utf8').replace(/\$\{(\w+)\}/g, (_, p: string) => {
    if (!(p in tasks)) throw new Error(`${name}.asl.json: placeholder \${${p}} has no row in the task table`);
    return taskArn(p);
  });
  return JSON.parse(text) as Record<string, unknown>;
}

export class LocalStepFunctions {
  private readonly machines = new Map<
    string,
    {
      machine: StateMachine;
      handlers: Record<string, (input: unknown) => Promise<unknown>>;
      retryIntervals: Record<string, number>;
      waits: Record<string, number>;
    }
  >();
  private readonly executions = new Map<string, Execution>();
  private abandoned = false;

  /**
   * The platform is stopping: no task runs any more (a retry or the next step finds it refused), so nothing waits
   * for them. What they were to do stays an open obligation, which the reconciler re-drives at the next start.
   */
  abandon(): void {
    this.abandoned = true;
  }

  /** `retryIntervalMs` replaces every Retry's backoff and `waitMs` every Wait (tests run hours of retries and windows in milliseconds); the ASL's own otherwise. */
  constructor(dir: string, invoke: TaskInvoker, retryIntervalMs?: number, waitMs?: number) {
    for (const name of STATE_MACHINES) {
      const definition = loadDefinition(dir, name);
      const handlers: Record<string, (input: unknown) => Promise<unknown>> = {};
      for (const [stateName, placeholder] of Object.entries(taskStates(definition.States as Record<string, AslState>))) {
        const spec = tasks[placeholder as keyof typeof tasks];
        // Shaped like the lambda:invoke integration's result, so ResultSelector "$.Payload" works the same.
        handlers[stateName] = async (input) => {
          const payload = (input as { Payload: { execution?: { Id?: string } } }).Payload;
          if (this.abandoned) throw Object.assign(new Error('the local platform is stopping'), { name: 'States.Abandoned' });
          const attempt: TaskAttempt = { state: stateName, input: JSON.stringify(payload) };
          this.executions.get(payload.execution?.Id ?? '')?.history.push(attempt);
          try {
            const result = await invoke(spec.context, payload);
            attempt.output = JSON.stringify(result);
            return { Payload: result, StatusCode: 200 };
          } catch (e) {
            Object.assign(attempt, { error: (e as Error).name, cause: (e as Error).message });
            throw e;
          }
        };
      }
      const retryIntervals = retryIntervalMs === undefined ? {} : Object.fromEntries(Object.keys(handlers).map((state) => [state, retryIntervalMs]));
      const waits = waitMs === undefined ? {} : Object.fromEntries(waitStates(definition.States as Record<string, AslState>).map((state) => [state, waitMs]));
      this.machines.set(stateMachineArn(name), {
        machine: new StateMachine(definition as never, { validationOptions: { checkArn: false } }),
        handlers,
        retryIntervals,
        waits,
      });
    }
  }

  get arns(): Record<string, string> {
    return Object.fromEntries(STATE_MACHINES.map((n) => [n, stateMachineArn(n)]));
  }

  /** StartExecution semantics: same name + same input → the same execution; other input → ExecutionAlreadyExists. */
  start(arn: string, name: string, input: string): Execution {
    const entry = this.machines.get(arn);
    if (!entry) throw Object.assign(new Error(`State machine ${arn} does not exist`), { type: 'StateMachineDoesNotExist' });
    const executionArn = `${arn.replace(':stateMachine:', ':execution:')}:${name}`;
    const existing = this.executions.get(executionArn);
    if (existing) {
      if (existing.input === input) return existing;
      throw Object.assign(new Error(`Execution ${name} already exists with another input`), { type: 'ExecutionAlreadyExists' });
    }
    const execution = { executionArn, stateMachineArn: arn, name, input, status: 'RUNNING', startDate: new Date(), history: [] } as unknown as Execution;
    // The Context Object as Step Functions fills it ($$.Execution: the tasks log its name and the input's correlation).
    const context = {
      Execution: { Id: executionArn, Name: name, Input: JSON.parse(input) as unknown, StartTime: execution.startDate.toISOString() },
      StateMachine: { Id: arn, Name: arn.split(':').at(-1) },
    };
    // Known before it runs: its first task starts within run() and is recorded in its history.
    this.executions.set(executionArn, execution);
    const run = entry.machine.run(JSON.parse(input) as never, {
      overrides: { taskResourceLocalHandlers: entry.handlers as never, retryIntervalOverrides: entry.retryIntervals, waitTimeOverrides: entry.waits },
      context: context as never,
    });
    execution.done = run.result.then(
      (output) => {
        Object.assign(execution, { status: 'SUCCEEDED', output: JSON.stringify(output), stopDate: new Date() });
        logger.info('execution succeeded', { executionArn });
      },
      (error: Error & { cause?: unknown }) => {
        Object.assign(execution, { status: 'FAILED', error: error.name, cause: error.message, stopDate: new Date() });
        logger.error('execution failed', { executionArn, error });
      },
    );
    return execution;
  }

  describe(executionArn: string): Execution | undefined {
    return this.executions.get(executionArn);
  }

  list(): Execution[] {
    return [...this.executions.values()];
  }

  /** The endpoint AWS_ENDPOINT_URL_SFN points at (AWS JSON 1.0 protocol, the two calls we use). */
  listen(port: number): Promise<Server> {
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const reply = (status: number, payload: unknown) => {
          res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
          res.end(JSON.stringify(payload));
        };
        try {
          const target = String(req.headers['x-amz-target'] ?? '');
          const input = JSON.parse(body || '{}') as Record<string, string>;
          if (target.endsWith('.StartExecution')) {
            const e = this.start(input.stateMachineArn!, input.name ?? crypto.randomUUID(), input.input ?? '{}');
            return reply(200, { executionArn: e.executionArn, startDate: e.startDate.getTime() / 1000 });
          }
          if (target.endsWith('.DescribeExecution')) {
            const e = this.describe(input.executionArn!);
            if (!e) return reply(400, { __type: 'ExecutionDoesNotExist', message: `Execution ${input.executionArn} does not exist` });
            const { done: _done, history: _history, startDate, stopDate, ...rest } = e;
            return reply(200, { ...rest, startDate: startDate.getTime() / 1000, ...(stopDate ? { stopDate: stopDate.getTime() / 1000 } : {}) });
          }
          reply(400, { __type: 'UnknownOperationException', message: `${target} is not supported locally` });
        } catch (e) {
          const err = e as Error & { type?: string };
          reply(400, { __type: err.type ?? 'InvalidExecutionInput', message: err.message });
        }
      });
    });
    return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
  }
}

/** Calls a context's task function in-process, the module Lambda would load. */
export const invokeTaskFunction: TaskInvoker = async (context, payload) => {
  const mod = (await import(`../functions/${context}/tasks.handler`)) as { handler: (e: unknown) => Promise<unknown> };
  return mod.handler(payload);
};
