import type { Needs } from './platform/needs';
import type { StateMachineName } from './tasks';

/**
 * THE context table: the bounded contexts, each deployed as one API function (an in-function
 * router over its rows of the route table) and, when it has workflow tasks, one task function, each
 * with a role of its own. Each row declares what those functions reach; the state machines they
 * start are declared on the route and task rows themselves (`starts`). functions/wiring.ts derives
 * every function's needs from here, and infra/ and local/ derive the environment and grants from those.
 */
export const CONTEXTS = ['platform', 'enterprises', 'licensing', 'credit', 'licenses', 'connections', 'complaints', 'supervision'] as const;
export type ContextName = (typeof CONTEXTS)[number];

export interface ContextNeeds {
  api: Needs<StateMachineName>;
  tasks?: Needs<StateMachineName>;
}

export const CONTEXT_NEEDS = {
  // Health and the API description reach nothing; operators' dead letters are obligations in the table; the audit seal writes the day's checkpoint write-once.
  // The transparency log's checkpoints are signed with the e-seal key; its public proofs read the log's leaves.
  platform: { api: { table: 'read-write', audit: { 'audit/log/': ['read'] } }, tasks: { table: 'read-write', audit: { 'audit/': ['write'] }, seal: 'sign' } },
  // The vault: presigned uploads and the check of what arrived, under documents/.
  // The contact for notifications is sealed (P4) by the API and opened only by the task that sends them.
  // Notifications open the contact to send (e-mail through SES, SMS through SNS; the local outbox locally).
  enterprises: {
    api: { table: 'read-write', documents: { 'documents/': ['read', 'write'] }, personalData: ['seal'] },
    tasks: { table: 'read-write', personalData: ['open'], notify: ['email', 'sms'] },
  },
  // Issuance seals every licence version with the e-seal key; a register import keeps its file under imports/ for the workflow that seals its licences.
  licensing: {
    api: { table: 'read-write', documents: { 'imports/': ['write'] } },
    tasks: { table: 'read-write', seal: 'sign', documents: { 'imports/': ['read'] } },
  },
  credit: { api: { table: 'read-write' }, tasks: { table: 'read-write' } },
  // Verification and the key listing need the public half of the e-seal key only.
  licenses: { api: { table: 'read-write', seal: 'verify' }, tasks: { table: 'read-write' } },
  connections: { api: { table: 'read-write' } },
  // Work orders arrive signed and their complainants are sealed (P4); inline attachments go under complaints/.
  complaints: {
    api: { table: 'read-write', documents: { 'complaints/': ['write'] }, personalData: ['seal', 'open'], hotline: ['secrets'] },
    tasks: { table: 'read-write', hotline: ['secrets', 'callback'] },
  },
  // Public roster and result downloads are presigned GETs of what the draw workflow wrote under draws/; personnel registers are sealed (P4).
  supervision: {
    api: { table: 'read-write', documents: { 'draws/': ['read'] }, personalData: ['seal', 'open'] },
    tasks: { table: 'read-write', documents: { 'draws/': ['read', 'write'] } },
  },
} as const satisfies Record<ContextName, ContextNeeds>;
