import * as z from 'zod';
import { Severity } from './credit/domain/credit-class';
import type { EventType } from './events';
import type { NewEvent } from './platform/event-store';
import { IsoDate } from './platform/calendar';

/**
 * THE contracts between contexts: the events one context records for another to act on, with
 * their data fixed here. Producers build them with `contractEvent` (the data type-checked),
 * consumers read them with `contractData` (the data parsed); the reactions table starts the
 * consumer's workflow (functions/reactions.ts).
 */

/** A finding that becomes a credit record (C1): who, how severe, what, when, and what it came from. */
export const CreditFinding = z.object({
  uscc: z.string().length(18),
  severity: Severity,
  facts: z.string().min(2),
  decidedAt: IsoDate,
  sourceRef: z.string().optional(),
});

/** A complaint found true against a licensee, for a targeted inspection (P3). */
export const InspectionClue = z.object({ uscc: z.string(), agencyId: z.string(), complaintId: z.string(), businessArea: z.string(), facts: z.string() });

/** A commitment-path approval's verification, to be inspected within 6 months (L7, S7). */
export const VerificationDue = z
  .object({ caseId: z.string(), uscc: z.string(), agencyId: z.string(), licenseNo: z.string().optional(), dueDate: IsoDate })
  .loose();

export const CONTRACTS = {
  // supervision (inspections) → credit
  PenaltyDecided: CreditFinding,
  InspectionFindingRecorded: CreditFinding,
  FalseCommitmentFound: CreditFinding,
  // complaints → credit, supervision
  ComplaintSubstantiated: CreditFinding,
  TargetedInspectionRequested: InspectionClue,
  // licensing → supervision
  PostApprovalVerificationDue: VerificationDue,
} as const satisfies Partial<Record<EventType, z.ZodType>>;
export type ContractType = keyof typeof CONTRACTS;

export const contractEvent = <T extends ContractType>(type: T, data: z.input<(typeof CONTRACTS)[T]>): NewEvent<T> => ({ type, data: { ...data } });

export const contractData = <T extends ContractType>(type: T, data: unknown): z.output<(typeof CONTRACTS)[T]> =>
  CONTRACTS[type].parse(data) as z.output<(typeof CONTRACTS)[T]>;
