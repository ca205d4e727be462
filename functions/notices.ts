import type { EventType } from './events';
import type { StoredEvent } from './platform/event-store';

/**
 * THE notice table (issue 15; docs/notifications.md): which events the enterprise concerned is
 * told of, as which kind of notice. The reactions start the notifying workflow for exactly these
 * (functions/reactions.ts); the words of each kind are in enterprises/notice-texts.ts.
 */
export const NOTICE_KINDS = ['correction-notice', 'acceptance', 'extension', 'decision', 'license-issued', 'renewal-reminder', 'rectification-order'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export interface Notice {
  kind: NoticeKind;
  uscc: string;
  /** What it is about, as the enterprise's own routes name it. */
  about: { kind: 'application' | 'license' | 'inspection'; id: string };
  title: string;
  text: string;
  sms: string;
}

interface NoticeRow {
  kind: NoticeKind;
  /** Only some events of the type call for a notice (default: all). */
  when?: (e: Pick<StoredEvent, 'data'>) => boolean;
}

export const notices = {
  CorrectionNoticeIssued: { kind: 'correction-notice' },
  ApplicationAccepted: { kind: 'acceptance' },
  ApplicationDeemedAccepted: { kind: 'acceptance' },
  DecisionPeriodExtended: { kind: 'extension' },
  ApplicationGranted: { kind: 'decision' },
  ApplicationDenied: { kind: 'decision' },
  ApplicationRefused: { kind: 'decision' },
  LicenseIssued: { kind: 'license-issued' },
  LicenseRenewed: { kind: 'license-issued' },
  LicenseChanged: { kind: 'license-issued' },
  LicenseImported: { kind: 'license-issued' },
  LicenseRenewalReminderDue: { kind: 'renewal-reminder' },
  InspectionOutcomeDecided: { kind: 'rectification-order', when: (e) => e.data.outcome === 'rectification' },
} as const satisfies Partial<Record<EventType, NoticeRow>>;

/** The kind of notice an event calls for, if any. */
export function noticeKindOf(e: Pick<StoredEvent, 'type' | 'data'>): NoticeKind | undefined {
  const row = (notices as Partial<Record<string, NoticeRow>>)[e.type];
  return row && (row.when?.(e) ?? true) ? row.kind : undefined;
}

export const callsForNotice = (e: Pick<StoredEvent, 'type' | 'data'>): boolean => noticeKindOf(e) !== undefined;
