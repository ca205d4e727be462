import { randomBytes } from 'node:crypto';
import { isUsable, type VaultDocument } from '../enterprises/domain/document';
import { loadVaultDocuments } from '../enterprises/vault';
import { eventStore } from '../platform/deps';
import { DomainError } from '../platform/errors';
import type { AttachedMaterial } from './domain/application';
import type { Matter } from './domain/guide';
import { enterpriseDocumentsKey } from '../enterprises/indexes';

/**
 * Materials of an application (L2): the documents the applicant names, checked against its own
 * vault and the matter's guide, plus — for every reusable material still missing — the newest
 * vault document of that type that is valid today, attached automatically and never asked for again.
 */
export async function attachMaterials(
  uscc: string,
  matter: Matter,
  documentIds: readonly string[],
  today: string,
  source: 'submitted' | 'supplement',
): Promise<AttachedMaterial[]> {
  const store = eventStore();
  const required = new Map(matter.materials.map((m) => [m.materialType, m]));
  const named: AttachedMaterial[] = [];
  for (const doc of await loadVaultDocuments(uscc, documentIds, 'APPLICATION')) {
    const id = doc.id;
    if (!isUsable(doc, today)) throw new DomainError('APPLICATION.DOCUMENT_EXPIRED', `Document ${id} expired on ${doc.validUntil}.`, { documentId: id });
    if (!required.has(doc.materialType)) {
      throw new DomainError('APPLICATION.MATERIAL_NOT_REQUIRED', `This matter does not ask for ${doc.materialType}.`, {
        documentId: id,
        required: [...required.keys()],
      });
    }
    named.push({ materialType: doc.materialType, documentId: doc.id, source, ...(doc.validUntil ? { validUntil: doc.validUntil } : {}) });
  }
  if (source === 'supplement') return named;

  const covered = new Set(named.map((m) => m.materialType));
  const fromVault: AttachedMaterial[] = [];
  for (const m of matter.materials.filter((x) => x.reusable && !covered.has(x.materialType))) {
    const page = await store.list<VaultDocument>('gsi1', enterpriseDocumentsKey(uscc), { sortKeyPrefix: `${m.materialType}#`, limit: 100 });
    const best = page.items
      .map((s) => s.state)
      .filter((d) => isUsable(d, today))
      .sort((a, b) => (b.validUntil ?? '9999').localeCompare(a.validUntil ?? '9999') || b.declaredAt.localeCompare(a.declaredAt))[0];
    if (best)
      fromVault.push({ materialType: best.materialType, documentId: best.id, source: 'vault', ...(best.validUntil ? { validUntil: best.validUntil } : {}) });
  }
  return [...named, ...fromVault];
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `AP` + the submission day + 8 random characters: sortable by day, unguessable. */
export function newCaseId(day: string): string {
  const bytes = randomBytes(8);
  return `AP${day.replaceAll('-', '')}${[...bytes].map((b) => CROCKFORD[b % 32]).join('')}`;
}
