import { appendDecision } from '../platform/aggregate';
import { blobStore, eventStore } from '../platform/deps';
import type { Operation } from '../platform/http/route';
import type { Routes } from '../routes';
import { documentStream, type VaultDocument } from './domain/document';
import * as vault from './domain/document';
import { loadEnterpriseInScope } from './load-enterprise';

/** POST /v1/enterprises/{uscc}/documents/{documentId}/confirmation — only checked bytes become usable. */
export const confirmDocument: Operation<Routes['confirmDocument']> = async ({ params, principal, now }) => {
  await loadEnterpriseInScope(principal, params.uscc);
  const store = eventStore();
  const stream = documentStream(params.uscc, params.documentId);
  const current = await store.load<VaultDocument>(stream);
  // Confirming twice is harmless: the second call just returns the confirmed document.
  if (current?.state.status === 'available') return { body: current.state };
  const digest = current ? await blobStore().digest(current.state.objectKey) : undefined;
  const { state } = await appendDecision(store, stream, current, vault.confirmDocument(current, digest, now), { actor: principal.sub, at: now });
  return { body: state };
};
