import { appendDecision } from '../platform/aggregate';
import { platformConfig } from '../platform/config';
import { blobStore, eventStore } from '../platform/deps';
import type { Operation } from '../platform/http/route';
import type { Routes } from '../routes';
import { documentStream, type VaultDocument } from './domain/document';
import * as vault from './domain/document';
import { loadEnterpriseInScope } from './load-enterprise';

/**
 * POST /v1/enterprises/{uscc}/documents — declares a vault document and hands out a presigned
 * upload URL. Bytes already in the vault (same SHA-256) return the existing document and no URL (L2).
 */
export const declareDocument: Operation<Routes['declareDocument']> = async ({ params, body, principal, now }) => {
  await loadEnterpriseInScope(principal, params.uscc);
  const store = eventStore();
  const stream = documentStream(params.uscc, body.sha256);
  const current = await store.load<VaultDocument>(stream);
  const declared = vault.declareDocument(current, params.uscc, body, now);
  if ('existing' in declared) return { status: 200, body: { document: declared.existing } };

  const { state: document } = await appendDecision(store, stream, current, declared.decision, { actor: principal.sub, at: now });
  const ttl = platformConfig.documents.uploadUrlTtlSeconds;
  const { url, headers } = await blobStore().presignUpload(document.objectKey, {
    contentType: document.contentType,
    size: document.size,
    sha256: document.sha256,
    expiresInSeconds: ttl,
  });
  return {
    body: { document, upload: { url, method: 'PUT' as const, headers, expiresAt: new Date(now.getTime() + ttl * 1000).toISOString() } },
    headers: { location: `/v1/enterprises/${params.uscc}/documents/${document.id}` },
  };
};
