import { eventStore } from '../platform/deps';
import { DomainError } from '../platform/errors';
import { documentStream, type VaultDocument } from './domain/document';

/**
 * The named documents of an enterprise's vault, each confirmed; another enterprise's document is
 * simply not there. `codes` names the errors in the caller's context (APPLICATION.…, CREDIT.…).
 */
export async function loadVaultDocuments(uscc: string, ids: readonly string[], context: 'APPLICATION' | 'CREDIT'): Promise<VaultDocument[]> {
  const docs: VaultDocument[] = [];
  for (const id of new Set(ids)) {
    const doc = (await eventStore().load<VaultDocument>(documentStream(uscc, id)))?.state;
    if (!doc) throw new DomainError(`${context}.UNKNOWN_DOCUMENT`, `Document ${id} is not in your vault.`, { documentId: id });
    if (doc.status !== 'available')
      throw new DomainError(`${context}.DOCUMENT_NOT_CONFIRMED`, `Document ${id} has not been uploaded and confirmed yet.`, {
        documentId: id,
      });
    docs.push(doc);
  }
  return docs;
}
