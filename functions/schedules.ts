import type { StateMachineName } from './tasks';

/**
 * THE schedule table. `cron` is a standard 5-field expression (minute hour day-of-month month
 * day-of-week) in Asia/Shanghai; infra/ turns it into an EventBridge Scheduler schedule, local/
 * runs it in-process on the platform clock. Each firing starts `stateMachine` with `input`.
 */
export interface ScheduleSpec {
  cron: string;
  stateMachine: StateMachineName;
  input: Record<string, unknown>;
  description: string;
}

export const SCHEDULE_TIMEZONE = 'Asia/Shanghai';

export const schedules = {
  reconcileObligations: {
    cron: '*/5 * * * *',
    stateMachine: 'reconcile-obligations',
    input: {},
    description:
      'Make sure every workflow an event called for ran: start the ones never started, retry failed ones with backoff, dead-letter after five (DESIGN: nothing is lost between steps)',
  },
  dailyDeadlineSweep: {
    cron: '10 0 * * *',
    stateMachine: 'deadline-sweep',
    input: {},
    description: 'Deem applications accepted after 5 WD without action (L4), flag every missed statutory limit (X2) and overdue bad-review callbacks (L11)',
  },
  quarterlySupervisionDraws: {
    cron: '0 2 1 1,4,7,10 *',
    stateMachine: 'supervision-sampling',
    input: {},
    description:
      'Draw every quarterly inspection plan for the quarter that begins: roster and pool snapshots, seed commitment, draw, inspection tasks, publication (S1–S4)',
  },
  monthlyConditionScreening: {
    cron: '0 3 1 * *',
    stateMachine: 'condition-screening',
    input: {},
    description:
      "Screen every licensee against its licences' conditions: personnel shortfalls, licences expiring within 90 days, units near the end of their design life (S6)",
  },
  dailyAuditCheckpoint: {
    cron: '30 0 * * *',
    stateMachine: 'audit-checkpoint',
    input: {},
    description: "Seal the previous day's audit trail: one hash over every event hash of the day, chained to the day before (X1)",
  },
} as const satisfies Record<string, ScheduleSpec>;

/** `30 0 * * *` → `cron(30 0 * * ? *)`: EventBridge wants 6 fields and `?` in one of the day fields. */
export function toEventBridgeCron(cron: string): string {
  const [minute, hour, dom, month, dow] = cron.trim().split(/\s+/);
  if (!minute || !hour || !dom || !month || !dow) throw new Error(`not a 5-field cron expression: ${cron}`);
  const [d, w] = dow === '*' ? [dom, '?'] : ['?', dow];
  return `cron(${minute} ${hour} ${d} ${month} ${w} *)`;
}
