import { shanghaiDate } from '../platform/calendar';
import { eventStore } from '../platform/deps';
import type { Operation } from '../platform/http/route';
import type { Routes } from '../routes';
import { isUsable, type VaultDocument } from './domain/document';
import { loadEnterpriseInScope } from './load-enterprise';
import type { EnterpriseNotification } from './domain/notification';
import { enterpriseDocumentsKey, enterpriseNoticesKey } from './indexes';
import { notificationView } from './notifications';

/** GET /v1/enterprises/{uscc}/documents — the vault, each document marked usable or not on a day (today by default). */
export const listDocuments: Operation<Routes['listDocuments']> = async ({ params, query, principal, now }) => {
  await loadEnterpriseInScope(principal, params.uscc);
  const onDate = query.usableOn ?? shanghaiDate(now);
  const page = await eventStore().list<VaultDocument>('gsi1', enterpriseDocumentsKey(params.uscc), {
    limit: query.limit,
    cursor: query.cursor,
    sortKeyPrefix: query.materialType ? `${query.materialType}#` : undefined,
  });
  return { body: { items: page.items.map((s) => ({ ...s.state, usable: isUsable(s.state, onDate) })), cursor: page.cursor } };
};

/** GET /v1/enterprises/{uscc}/notifications — every notification the platform sent the enterprise (or could not: no contact), newest first. */
export const listNotifications: Operation<Routes['listNotifications']> = async ({ params, query, principal }) => {
  await loadEnterpriseInScope(principal, params.uscc);
  const page = await eventStore().list<EnterpriseNotification>('gsi2', enterpriseNoticesKey(params.uscc), {
    limit: query.limit,
    cursor: query.cursor,
    descending: true,
  });
  return { body: { items: page.items.map((s) => notificationView(s.state)), cursor: page.cursor } };
};
