import { eventStore } from '../platform/deps';
import type { EnterpriseNotification } from './domain/notification';
import { noticesAboutKey } from './indexes';

/** A notification as the enterprise's case, licence and inbox show it: what was said, when, how, and whether it reached anyone. */
export const notificationView = (n: EnterpriseNotification) => ({
  notificationId: n.notificationId,
  eventId: n.eventId,
  kind: n.kind,
  about: n.about,
  title: n.title,
  text: n.text,
  status: n.status,
  createdAt: n.createdAt,
  ...(n.sentAt ? { sentAt: n.sentAt } : {}),
  deliveries: n.deliveries.map(({ channel, to, status, attempts, sentAt }) => ({ channel, to, status, attempts, ...(sentAt ? { sentAt } : {}) })),
});
export type NotificationView = ReturnType<typeof notificationView>;

/** The notifications about one case, licence or inspection, oldest first (its timeline shows them): O(notifications), at most 100. */
export async function notificationsAbout(about: EnterpriseNotification['about']): Promise<NotificationView[]> {
  const page = await eventStore().list<EnterpriseNotification>('gsi1', noticesAboutKey(about), { limit: 100 });
  return page.items.map((s) => notificationView(s.state));
}
