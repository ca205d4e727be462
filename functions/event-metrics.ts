import type { EventType } from './events';
import type { StoredEvent } from './platform/event-store';
import { count } from './platform/metrics';

/**
 * THE metric table: which domain events are business figures. The stream handler counts each new
 * event here as it sees it (a redelivered stream record may count twice: these are operational
 * figures, the reports are exact). Figures that no event carries — a webhook delivery refused
 * before anything is stored, a workflow task that failed — are counted where they happen.
 */
const text = (v: unknown): string => (typeof v === 'string' && v ? v : 'unknown');

export const eventMetrics: Readonly<Partial<Record<EventType, (e: StoredEvent) => void>>> = {
  ApplicationSubmitted: (e) => count('ApplicationsSubmitted', { matterKind: text(e.data.matterKind) }),
  ApplicationGranted: () => count('Decisions', { outcome: 'grant' }),
  ApplicationDenied: () => count('Decisions', { outcome: 'deny' }),
  ApplicationRefused: () => count('Decisions', { outcome: 'refuse-acceptance' }),
  DeadlineBreached: (e) => count('DeadlineBreaches', { rule: text(e.data.rule) }),
  RectificationOverdue: () => count('DeadlineBreaches', { rule: 'S5' }),
  DrawMade: () => count('DrawsRun', {}),
  LicenseIssued: (e) => count('LicensesIssued', { licenseClass: text(e.data.licenseClass) }),
  LicenseImported: (e) => count('LicensesImported', { licenseClass: text(e.data.licenseClass) }),
  WorkOrderReceived: (e) => {
    count('WebhookDeliveries', { outcome: 'accepted', reason: 'stored' });
    count('ComplaintsReceived', { businessArea: text(e.data.businessArea) });
  },
};
