import type { EventsOf } from '../../events';
import * as z from 'zod';
import { DomainError } from '../../platform/errors';
import { guard as lifecycleGuard, lifecycle } from '../../platform/domain/lifecycle';
import type { Decision } from '../../platform/aggregate';
import { IsoDate } from '../../platform/calendar';
import { ContentType, platformConfig } from '../../platform/config';
import type { Snapshot } from '../../platform/event-store';
import type { ObjectDigest } from '../../platform/blob-store';

/**
 * A vault document (DOMAIN L2): declared, uploaded straight to the store through a presigned
 * URL, then confirmed once its bytes are checked. Identity is the content: the same bytes for
 * the same enterprise are one document, whatever it was declared as the second time.
 */
export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'expected a lowercase hex SHA-256 digest');

export const DocumentStatus = z.enum(['awaiting-upload', 'available']);
export type DocumentStatus = z.infer<typeof DocumentStatus>;

export const DocumentAction = z.enum(['request-upload', 'confirm']);
export type DocumentAction = z.infer<typeof DocumentAction>;

/** THE table of a vault document's lifecycle (L2): declared, uploaded and confirmed once — the same bytes are never a second document. */
export const DOCUMENT_LIFECYCLE = lifecycle<DocumentStatus, DocumentAction>({
  name: 'document',
  refusal: 'DOCUMENT.ACTION_NOT_ALLOWED',
  creation: { action: 'declare', to: 'awaiting-upload' },
  finals: [],
  actions: { 'awaiting-upload': ['request-upload', 'confirm'], available: [] },
  targets: { 'request-upload': [], confirm: ['available'] },
});

export const MaterialType = z.string().regex(/^[a-z][a-z0-9-]{1,63}$/, 'a material type id from the service guide, e.g. business-license');

export const DeclareDocument = z.object({
  materialType: MaterialType,
  fileName: z
    .string()
    .trim()
    .min(1)
    .max(255)
    .refine((s) => ![...s].some((c) => c === '/' || c === '\\' || c.charCodeAt(0) < 0x20), 'a file name without path separators or control characters'),
  contentType: ContentType,
  size: z.number().int().positive(),
  sha256: Sha256,
  validUntil: IsoDate.optional(),
});
export type DeclareDocument = z.infer<typeof DeclareDocument>;

export const VaultDocument = z.object({
  id: Sha256,
  uscc: z.string(),
  materialType: z.string(),
  fileName: z.string(),
  contentType: ContentType,
  size: z.number().int(),
  sha256: Sha256,
  validUntil: IsoDate.optional(),
  status: DocumentStatus,
  objectKey: z.string(),
  /** The object version whose bytes were checked at confirmation (where the store keeps versions): every later read asks for it. */
  objectVersion: z.string().optional(),
  declaredAt: z.string(),
  confirmedAt: z.string().optional(),
});
export type VaultDocument = z.infer<typeof VaultDocument>;

export const documentStream = (uscc: string, sha256: string): string => `DOCUMENT#${uscc}#${sha256}`;
/** Where the vault's objects live in the document store (written once each: the bucket refuses a PUT without If-None-Match). */
export const VAULT_PREFIX = 'documents/';
/** Content-addressed: the same key always holds the same bytes, so nothing is overwritten. */
export const documentObjectKey = (uscc: string, sha256: string): string => `${VAULT_PREFIX}${uscc}/${sha256}`;

const MAGIC: Record<ContentType, (head: Buffer) => boolean> = {
  'application/pdf': (h) => h.subarray(0, 5).toString('latin1') === '%PDF-',
  'image/jpeg': (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff,
  'image/png': (h) => h.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
};

/** Whether the leading bytes are those of the declared type (the extension and header are not trusted). */
export const matchesContentType = (contentType: ContentType, head: Buffer): boolean => MAGIC[contentType](head);

export const documentNotFound = (): DomainError => new DomainError('DOCUMENT.NOT_FOUND', 'No such document.');
export const notUploaded = (): DomainError =>
  new DomainError('DOCUMENT.NOT_UPLOADED', 'Nothing has been uploaded for this document yet; PUT the file to its upload URL first.');

const guard = (doc: VaultDocument, action: DocumentAction): void => lifecycleGuard(DOCUMENT_LIFECYCLE, doc.status, action);

export function checkDeclaration(cmd: DeclareDocument, limits = platformConfig.documents): void {
  if (cmd.size > limits.maxBytes) {
    throw new DomainError('DOCUMENT.TOO_LARGE', `The document is ${cmd.size} bytes; at most ${limits.maxBytes} are accepted.`);
  }
  if (!limits.allowedContentTypes.includes(cmd.contentType)) {
    throw new DomainError('DOCUMENT.TYPE_NOT_ALLOWED', `Only ${limits.allowedContentTypes.join(', ')} are accepted.`);
  }
}

export type Declared = { existing: VaultDocument } | { decision: Decision<VaultDocument, EventsOf<'document'>> };

/** Declares a document, or finds that the same bytes are already in the vault. */
export function declareDocument(current: Snapshot<VaultDocument> | undefined, uscc: string, cmd: DeclareDocument, at: Date): Declared {
  checkDeclaration(cmd);
  if (current?.state.status === 'available') return { existing: current.state };
  if (current) {
    guard(current.state, 'request-upload');
    return { decision: { events: [{ type: 'DocumentUploadRequested', data: {} }], state: current.state } };
  }
  const doc: VaultDocument = {
    id: cmd.sha256,
    uscc,
    ...cmd,
    status: 'awaiting-upload',
    objectKey: documentObjectKey(uscc, cmd.sha256),
    declaredAt: at.toISOString(),
  };
  return { decision: { events: [{ type: 'DocumentDeclared', data: { ...cmd } }], state: doc } };
}

/**
 * Confirms a document once its stored bytes are checked: present, the declared size and
 * SHA-256, and the leading bytes of the declared type. A failed check records nothing; the
 * client may upload again through a fresh URL and retry.
 */
export function confirmDocument(
  current: Snapshot<VaultDocument> | undefined,
  digest: ObjectDigest | undefined,
  at: Date,
): Decision<VaultDocument, EventsOf<'document'>> {
  if (!current) throw documentNotFound();
  const doc = current.state;
  guard(doc, 'confirm');
  if (!digest) throw notUploaded();
  if (digest.size !== doc.size) {
    throw new DomainError('DOCUMENT.SIZE_MISMATCH', `The uploaded file is ${digest.size} bytes; ${doc.size} were declared.`);
  }
  if (digest.sha256 !== doc.sha256) throw new DomainError('DOCUMENT.CHECKSUM_MISMATCH', 'The uploaded file does not have the declared SHA-256.');
  if (!matchesContentType(doc.contentType, digest.head)) {
    throw new DomainError('DOCUMENT.CONTENT_TYPE_MISMATCH', `The uploaded file is not a ${doc.contentType}.`);
  }
  const version = digest.versionId ? { objectVersion: digest.versionId } : {};
  const confirmed: VaultDocument = { ...doc, status: 'available', ...version, confirmedAt: at.toISOString() };
  return { events: [{ type: 'DocumentConfirmed', data: { size: digest.size, sha256: digest.sha256, ...version } }], state: confirmed };
}

/** A document is usable for an application when it is available and still valid on that day (L2). */
export function isUsable(doc: VaultDocument, onDate: string): boolean {
  return doc.status === 'available' && (doc.validUntil === undefined || doc.validUntil >= onDate);
}
