import { ExecutionAlreadyExists, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { requiredEnv, sfnClient } from './aws';
import { sha256Hex } from './hash';

/** Starts workflow executions by state-machine name, idempotently by execution name. */
export interface WorkflowStarter {
  start(stateMachine: string, executionName: string, input: Record<string, unknown>): Promise<{ executionArn: string; alreadyStarted: boolean }>;
}

/** Step Functions execution names: at most 80 of [A-Za-z0-9-_]; derived from the idempotency key. */
export const executionNameFor = (idempotencyKey: string, stateMachine: string): string =>
  `${stateMachine.slice(0, 30)}-${sha256Hex(`${stateMachine}|${idempotencyKey}`).slice(0, 40)}`;

/**
 * The Step Functions adapter. `STATE_MACHINE_ARNS` maps names to ARNs (set by infra/ in AWS and by
 * local/ for its in-process Step Functions endpoint). A Standard workflow started twice with the
 * same name and input is the same execution; a different input under the same name is refused.
 */
export class SfnWorkflowStarter implements WorkflowStarter {
  private readonly arns: Record<string, string>;
  constructor(
    private readonly sfn: SFNClient = sfnClient(),
    arns: Record<string, string> = JSON.parse(requiredEnv('STATE_MACHINE_ARNS')) as Record<string, string>,
  ) {
    this.arns = arns;
  }

  async start(stateMachine: string, executionName: string, input: Record<string, unknown>) {
    const stateMachineArn = this.arns[stateMachine];
    if (!stateMachineArn) throw new Error(`no ARN for state machine ${stateMachine}`);
    try {
      const out = await this.sfn.send(new StartExecutionCommand({ stateMachineArn, name: executionName, input: JSON.stringify(input) }));
      return { executionArn: out.executionArn!, alreadyStarted: false };
    } catch (e) {
      if (e instanceof ExecutionAlreadyExists) {
        return { executionArn: `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName}`, alreadyStarted: true };
      }
      throw e;
    }
  }
}
