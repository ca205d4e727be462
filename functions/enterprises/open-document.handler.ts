import { accessLog, blobStore, eventStore } from '../platform/deps';
import type { Operation } from '../platform/http/route';
import type { Routes } from '../routes';
import { documentNotFound, documentStream, notUploaded, type VaultDocument } from './domain/document';
import { loadEnterpriseInScope } from './load-enterprise';

/** How long a link to a document's bytes works: long enough to open it, too short to pass around. */
const LINK_SECONDS = 300;

/**
 * GET /v1/enterprises/{uscc}/documents/{documentId}/link — the holder's and its agency's staff's way to read a
 * vault document: a presigned GET that runs out, so the bucket stays private, and an access record for every
 * opening (materials hold personal data: identity cards, certificates).
 */
export const openDocument: Operation<Routes['openDocument']> = async ({ params, principal, now, requestId }) => {
  await loadEnterpriseInScope(principal, params.uscc);
  const stream = documentStream(params.uscc, params.documentId);
  const doc = (await eventStore().load<VaultDocument>(stream))?.state;
  if (!doc) throw documentNotFound();
  if (doc.status !== 'available') throw notUploaded();
  await accessLog().record(stream, { action: 'document-opened', actor: principal.sub, at: now.toISOString(), requestId });
  return {
    body: {
      url: await blobStore().presignDownload(doc.objectKey, LINK_SECONDS, doc.objectVersion),
      expiresAt: new Date(now.getTime() + LINK_SECONDS * 1000).toISOString(),
    },
  };
};
