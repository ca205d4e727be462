import type { ExecutionState } from './domain/obligation';
import { sha256Hex } from './hash';

/** Starts workflow executions by state-machine name, idempotently by execution name. */
export interface WorkflowStarter {
  start(stateMachine: string, executionName: string, input: Record<string, unknown>): Promise<{ executionArn: string; alreadyStarted: boolean }>;
}

/** …and finds out how one stands (the reconciler). */
export interface Workflows extends WorkflowStarter {
  status(stateMachine: string, executionName: string): Promise<ExecutionState>;
}

/** Step Functions execution names: at most 80 of [A-Za-z0-9-_]; derived from the idempotency key. */
export const executionNameFor = (idempotencyKey: string, stateMachine: string): string =>
  `${stateMachine.slice(0, 30)}-${sha256Hex(`${stateMachine}|${idempotencyKey}`).slice(0, 40)}`;
