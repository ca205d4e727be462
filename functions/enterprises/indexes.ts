import type { IndexKeys } from '../platform/event-store';
import type { VaultDocument } from './domain/document';
import { type Enterprise, normalizeEnterpriseName } from './domain/enterprise';
import type { EnterpriseNotification } from './domain/notification';

/** Staff list enterprises by agency (GSI1). */
export const agencyEnterprisesKey = (agencyId: string): string => `AGENCY#${agencyId}#ENTERPRISES`;
/** Enterprises by exact (normalized) name (GSI2): complaints name the party more often than they give its code. */
export const enterpriseNameKey = (name: string): string => `ENTERPRISE-NAME#${normalizeEnterpriseName(name)}`;
export const enterpriseDocumentsKey = (uscc: string): string => `ENTERPRISE#${uscc}#DOCUMENTS`;

export const enterpriseIndex = (e: Enterprise): IndexKeys => ({
  gsi1pk: agencyEnterprisesKey(e.agencyId),
  gsi1sk: e.uscc,
  gsi2pk: enterpriseNameKey(e.name),
  gsi2sk: e.uscc,
});
export const documentIndex = (doc: VaultDocument): IndexKeys => ({
  gsi1pk: enterpriseDocumentsKey(doc.uscc),
  gsi1sk: `${doc.materialType}#${doc.declaredAt}#${doc.id}`,
});

/** The notifications about one case, licence or inspection (GSI1: its timeline) and an enterprise's inbox (GSI2), oldest first. */
export const noticesAboutKey = (about: EnterpriseNotification['about']): string => `${about.kind.toUpperCase()}#${about.id}#NOTICES`;
export const enterpriseNoticesKey = (uscc: string): string => `ENTERPRISE#${uscc}#NOTICES`;
export const notificationIndex = (n: EnterpriseNotification): IndexKeys => ({
  gsi1pk: noticesAboutKey(n.about),
  gsi1sk: `${n.createdAt}#${n.notificationId}`,
  gsi2pk: enterpriseNoticesKey(n.uscc),
  gsi2sk: `${n.createdAt}#${n.notificationId}`,
});
