import * as z from 'zod';
import { Sha256 } from '../../enterprises/domain/document';
import { Path } from './application';
import { LicenseNo } from './license';
import { MatterId } from './guide';

/**
 * An application saved and not sent ("save and come back later", ADR 0017): the applicant's own scratch, one per
 * matter of the guide. It is never a submission — no case, no clock, no event, nothing anyone else sees — and it
 * expires `APPLICATION_DRAFT_DAYS` after it was last saved. Each save names the version it replaces (0 for a new
 * one), so two tabs cannot overwrite each other unseen.
 */
export const APPLICATION_DRAFT_DAYS = 30;

export const SaveApplicationDraft = z.object({
  version: z.number().int().min(0).max(1_000_000),
  licenseNo: LicenseNo.optional(),
  path: Path.optional(),
  signatory: z.string().trim().max(100).optional(),
  documentIds: z.array(Sha256).max(50).default([]),
});
export type SaveApplicationDraft = z.infer<typeof SaveApplicationDraft>;

export const ApplicationDraft = SaveApplicationDraft.extend({
  matterId: MatterId,
  savedAt: z.string(),
  expiresAt: z.string(),
});
export type ApplicationDraft = z.infer<typeof ApplicationDraft>;

/** The draft as a save leaves it, `now`, replacing version `replaced`. */
export const savedDraft = (matterId: string, save: SaveApplicationDraft, now: Date): ApplicationDraft => ({
  ...save,
  version: save.version + 1,
  matterId,
  savedAt: now.toISOString(),
  expiresAt: new Date(now.getTime() + APPLICATION_DRAFT_DAYS * 86_400_000).toISOString(),
});
