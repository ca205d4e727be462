import { DescribeExecutionCommand, ExecutionAlreadyExists, ExecutionDoesNotExist, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { ExecutionState } from './domain/obligation';
import { sfnClient } from './aws';
import { requiredEnv } from './env';
import type { Workflows } from './workflows';

let parsed: { text: string; arns: Record<string, string> } | undefined;
/** The state machines this function may start: STATE_MACHINE_ARNS holds exactly those its manifest rows declare (`starts`). */
function declaredArns(): Record<string, string> {
  const text = requiredEnv('STATE_MACHINE_ARNS');
  if (parsed?.text !== text) parsed = { text, arns: JSON.parse(text) as Record<string, string> };
  return parsed.arns;
}

/**
 * The Step Functions adapter. A Standard workflow started twice with the same name and input is
 * the same execution; a different input under the same name is refused. The ARN is looked up on
 * every start, so a function whose row does not declare the state machine fails as it would in AWS.
 */
export class SfnWorkflowStarter implements Workflows {
  constructor(
    private readonly sfn: SFNClient = sfnClient(),
    private readonly arns: () => Record<string, string> = declaredArns,
  ) {}

  private arnOf(stateMachine: string, what: 'starts' | 'describes'): string {
    const arn = this.arns()[stateMachine];
    if (!arn)
      throw new Error(`this function may not ${what === 'starts' ? 'start' : 'describe'} ${stateMachine}: declare it in the \`${what}\` of its manifest row`);
    return arn;
  }

  async status(stateMachine: string, executionName: string): Promise<ExecutionState> {
    const executionArn = `${this.arnOf(stateMachine, 'describes').replace(':stateMachine:', ':execution:')}:${executionName}`;
    try {
      const out = await this.sfn.send(new DescribeExecutionCommand({ executionArn }));
      switch (out.status) {
        case 'SUCCEEDED':
          return { status: 'SUCCEEDED' };
        case 'FAILED':
        case 'TIMED_OUT':
        case 'ABORTED':
          return { status: out.status, error: [out.error, out.cause].filter(Boolean).join(': ') };
        default:
          return { status: 'RUNNING' };
      }
    } catch (e) {
      if (e instanceof ExecutionDoesNotExist) return { status: 'NOT_FOUND' };
      throw e;
    }
  }

  async start(stateMachine: string, executionName: string, input: Record<string, unknown>) {
    const stateMachineArn = this.arnOf(stateMachine, 'starts');
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
