import { contractEvent } from '../../contracts';
import type { EventsOf } from '../../events';
import * as z from 'zod';
import type { Decision } from '../../platform/aggregate';
import { agencyById } from '../../platform/regions';
import { type Application, licensingConfig } from './application';
import { matterById } from './guide';

/**
 * The public register of grant decisions and commitment letters (双公示, DOMAIN L9): its own small
 * aggregate holding only public data — no signatory, no staff, no personal data.
 */
export const PublicDecision = z.object({
  caseId: z.string(),
  matterId: z.string(),
  matter: z.string(),
  enterprise: z.object({ name: z.string(), uscc: z.string(), regionCode: z.string() }),
  licenseClass: z.string(),
  level: z.number().int().optional(),
  licenseNo: z.string().optional(),
  outcome: z.literal('grant'),
  decidedAt: z.string(),
  publishedAt: z.string(),
  agency: z.object({ id: z.string(), name: z.string() }),
  path: z.enum(['standard', 'commitment']),
  commitmentLetter: z.object({ text: z.string(), signedAt: z.string() }).optional(),
});
export type PublicDecision = z.infer<typeof PublicDecision>;

export const publicationStream = (caseId: string): string => `PUBLICATION#${caseId}`;

export function publish(app: Application, licenseNo: string | undefined, at: Date): Decision<PublicDecision, EventsOf<'publication'>> {
  const record: PublicDecision = {
    caseId: app.id,
    matterId: app.matterId,
    matter: matterById(app.matterId)?.name ?? app.matterId,
    enterprise: { name: app.enterpriseName, uscc: app.uscc, regionCode: app.regionCode },
    licenseClass: app.licenseClass,
    ...(app.level ? { level: app.level } : {}),
    ...(licenseNo ? { licenseNo } : {}),
    outcome: 'grant',
    decidedAt: app.decision!.at,
    publishedAt: at.toISOString(),
    agency: { id: app.agencyId, name: agencyById(app.agencyId)?.name ?? app.agencyId },
    path: app.path,
    ...(app.commitment ? { commitmentLetter: { text: licensingConfig.commitmentText, signedAt: app.commitment.signedAt } } : {}),
  };
  return {
    events: [{ type: 'DecisionPublished', data: { ...record } }],
    state: record,
  };
}

/** Post-approval verification of a commitment-path approval, due within 6 months (L7, S7); supervision picks it up. */
export const Verification = z.object({
  caseId: z.string(),
  uscc: z.string(),
  licenseNo: z.string().optional(),
  agencyId: z.string(),
  dueDate: z.string(),
  status: z.enum(['due', 'done']),
  createdAt: z.string(),
});
export type Verification = z.infer<typeof Verification>;
export const verificationStream = (caseId: string): string => `VERIFICATION#${caseId}`;

export function createVerification(app: Application, licenseNo: string | undefined, at: Date): Decision<Verification, EventsOf<'publication'>> {
  const v: Verification = {
    caseId: app.id,
    uscc: app.uscc,
    ...(licenseNo ? { licenseNo } : {}),
    agencyId: app.agencyId,
    dueDate: app.verificationDue!,
    status: 'due',
    createdAt: at.toISOString(),
  };
  return {
    events: [contractEvent('PostApprovalVerificationDue', v)],
    state: v,
  };
}
