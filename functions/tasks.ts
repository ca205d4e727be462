import type { ContextName } from './contexts';

/**
 * THE task table: each `${Placeholder}` of the ASL files → the context whose task function runs
 * it and the task's name there. infra/ substitutes the context's task-function ARN for the
 * placeholder; local/ calls the same task function in-process. The ASL passes the same name as
 * `Payload.task` (a test checks they agree).
 */
export interface TaskSpec {
  context: ContextName;
  task: string;
  /** The state machines the task starts (their ARNs and `states:StartExecution` go to the context's task function). */
  starts?: readonly StateMachineName[];
  /** The state machines whose executions the task looks up. */
  describes?: readonly StateMachineName[];
}

/** The state machines events call for (functions/reactions.ts; a test checks they agree): what the reconciler starts and looks up. */
export const REACTING = [
  'licensing-intake',
  'licensing-decision',
  'license-import',
  'complaint-intake',
  'hotline-notify',
  'enterprise-notify',
  'supervision-clue',
  'credit-intake',
] as const;

export const tasks = {
  BuildAuditCheckpointFn: { context: 'platform', task: 'buildAuditCheckpoint' },
  SealAuditCheckpointFn: { context: 'platform', task: 'sealAuditCheckpoint' },
  ExtendTransparencyLogFn: { context: 'platform', task: 'extendTransparencyLog' },
  ListDueStreamsFn: { context: 'platform', task: 'listDueStreams' },
  ReconcileObligationsFn: { context: 'platform', task: 'reconcileObligations', starts: REACTING, describes: REACTING },
  CheckApplicationFn: { context: 'licensing', task: 'checkApplication' },
  GrantOnCommitmentFn: { context: 'licensing', task: 'grantOnCommitment' },
  IssueLicenseFn: { context: 'licensing', task: 'issueLicense' },
  PublishDecisionFn: { context: 'licensing', task: 'publishDecision' },
  CreatePostApprovalVerificationFn: { context: 'licensing', task: 'createPostApprovalVerification' },
  SweepApplicationFn: { context: 'licensing', task: 'sweepApplication' },
  SweepReviewFn: { context: 'licensing', task: 'sweepReview' },
  ImportRegisterBatchFn: { context: 'licensing', task: 'importRegisterBatch' },
  NotifyEnterpriseFn: { context: 'enterprises', task: 'notifyEnterprise' },
  DeadLetterEnterpriseNotificationFn: { context: 'enterprises', task: 'deadLetterEnterpriseNotification' },
  SweepCreditFn: { context: 'credit', task: 'sweepCredit' },
  RecordFromEventFn: { context: 'credit', task: 'recordFromEvent' },
  SweepLicenseFn: { context: 'licenses', task: 'sweepLicense' },
  LinkComplaintFn: { context: 'complaints', task: 'linkComplaint' },
  NotifyHotlineFn: { context: 'complaints', task: 'notifyHotline' },
  DeadLetterHotlineNotificationFn: { context: 'complaints', task: 'deadLetterHotlineNotification' },
  SweepComplaintFn: { context: 'complaints', task: 'sweepComplaint' },
  ListDrawsDueFn: { context: 'supervision', task: 'listDrawsDue' },
  CommitDrawFn: { context: 'supervision', task: 'commitDraw' },
  RevealDrawFn: { context: 'supervision', task: 'revealDraw' },
  OpenDrawInspectionsFn: { context: 'supervision', task: 'openDrawInspections' },
  PublishDrawFn: { context: 'supervision', task: 'publishDraw' },
  OpenClueInspectionFn: { context: 'supervision', task: 'openClueInspection' },
  SweepInspectionFn: { context: 'supervision', task: 'sweepInspection' },
  ListScreeningAgenciesFn: { context: 'supervision', task: 'listScreeningAgencies' },
  ScreenAgencyFn: { context: 'supervision', task: 'screenAgency' },
  SweepConditionWarningsFn: { context: 'supervision', task: 'sweepConditionWarnings' },
} as const satisfies Record<string, TaskSpec>;

/** The state machines, one ASL file each in statemachines/. */
export const STATE_MACHINES = [
  'reconcile-obligations',
  'audit-checkpoint',
  'deadline-sweep',
  'licensing-intake',
  'licensing-decision',
  'license-import',
  'credit-intake',
  'complaint-intake',
  'hotline-notify',
  'enterprise-notify',
  'supervision-sampling',
  'supervision-clue',
  'condition-screening',
] as const;
export type StateMachineName = (typeof STATE_MACHINES)[number];
