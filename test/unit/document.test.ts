import {
  checkDeclaration,
  confirmDocument,
  declareDocument,
  type DeclareDocument,
  isUsable,
  matchesContentType,
  type VaultDocument,
} from '../../functions/enterprises/domain/document';
import type { Snapshot } from '../../functions/platform/event-store';
import { GENESIS_HASH } from '../../functions/platform/event-store';
import { pdfBytes, pngBytes } from '../support/fixtures';

const at = new Date('2026-11-22T02:00:00Z');
const uscc = '91350100M000100Y43';
const sha = 'a'.repeat(64);
const cmd: DeclareDocument = {
  materialType: 'business-license',
  fileName: 'yyzz.pdf',
  contentType: 'application/pdf',
  size: 100,
  sha256: sha,
  validUntil: '2027-06-30',
};
const snap = (state: VaultDocument): Snapshot<VaultDocument> => ({ stream: 's', version: 1, lastHash: GENESIS_HASH, state, updatedAt: at.toISOString() });
const declared = () => {
  const d = declareDocument(undefined, uscc, cmd, at);
  if (!('decision' in d)) throw new Error('expected a decision');
  return d.decision.state;
};

describe('document vault (L2)', () => {
  it('L2: declaring new bytes records DocumentDeclared under a content-addressed key', () => {
    const d = declareDocument(undefined, uscc, cmd, at);
    expect('decision' in d && d.decision.events[0]!.type).toBe('DocumentDeclared');
    expect(declared()).toMatchObject({ id: sha, status: 'awaiting-upload', objectKey: `documents/${uscc}/${sha}` });
  });

  it('L2: the same bytes declared again return the existing document, whatever material type is claimed', () => {
    const available = { ...declared(), status: 'available' as const };
    expect(declareDocument(snap(available), uscc, { ...cmd, materialType: 'financial-report' }, at)).toEqual({ existing: available });
  });

  it('L2: a document is usable while valid and never before it is confirmed', () => {
    const doc = { ...declared(), status: 'available' as const };
    expect(isUsable(doc, '2027-06-30')).toBe(true);
    expect(isUsable(doc, '2027-07-01')).toBe(false);
    expect(isUsable(declared(), '2026-12-01')).toBe(false);
  });

  it('confirmation checks size, SHA-256 and the leading bytes of the declared type', () => {
    const s = snap(declared());
    expect(() => confirmDocument(s, undefined, at)).toThrow(expect.objectContaining({ code: 'DOCUMENT.NOT_UPLOADED' }));
    expect(() => confirmDocument(s, { size: 99, sha256: sha, head: pdfBytes('x') }, at)).toThrow(expect.objectContaining({ code: 'DOCUMENT.SIZE_MISMATCH' }));
    expect(() => confirmDocument(s, { size: 100, sha256: 'b'.repeat(64), head: pdfBytes('x') }, at)).toThrow(
      expect.objectContaining({ code: 'DOCUMENT.CHECKSUM_MISMATCH' }),
    );
    expect(() => confirmDocument(s, { size: 100, sha256: sha, head: pngBytes() }, at)).toThrow(
      expect.objectContaining({ code: 'DOCUMENT.CONTENT_TYPE_MISMATCH' }),
    );
    expect(confirmDocument(s, { size: 100, sha256: sha, head: pdfBytes('x') }, at).state).toMatchObject({ status: 'available', confirmedAt: at.toISOString() });
  });

  it('L2: the object version whose bytes were checked is pinned at confirmation, on the state and on its event', () => {
    const confirmed = confirmDocument(snap(declared()), { size: 100, sha256: sha, head: pdfBytes('x'), versionId: 'v-checked' }, at);
    expect(confirmed.state.objectVersion).toBe('v-checked');
    expect(confirmed.events).toEqual([{ type: 'DocumentConfirmed', data: { size: 100, sha256: sha, objectVersion: 'v-checked' } }]);
    // A store without versions (the local one refuses every overwrite instead) pins nothing.
    expect(confirmDocument(snap(declared()), { size: 100, sha256: sha, head: pdfBytes('x') }, at).state).not.toHaveProperty('objectVersion');
  });

  it('a confirmed document takes no more confirmations; the refusal lists what is allowed', () => {
    const s = snap({ ...declared(), status: 'available' });
    expect(() => confirmDocument(s, { size: 100, sha256: sha, head: pdfBytes('x') }, at)).toThrow(
      expect.objectContaining({ code: 'DOCUMENT.ACTION_NOT_ALLOWED', details: { allowed: [] } }),
    );
  });

  it('recognises PDF, JPEG and PNG by their magic bytes, not by the declared type', () => {
    expect(matchesContentType('application/pdf', pdfBytes('x'))).toBe(true);
    expect(matchesContentType('image/png', pngBytes())).toBe(true);
    expect(matchesContentType('image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe(true);
    expect(matchesContentType('image/jpeg', pngBytes())).toBe(false);
  });

  it('refuses a declaration above the configured size limit', () => {
    expect(() => checkDeclaration({ ...cmd, size: 11 }, { maxBytes: 10, allowedContentTypes: ['application/pdf'], uploadUrlTtlSeconds: 900 })).toThrow(
      expect.objectContaining({ code: 'DOCUMENT.TOO_LARGE', kind: 'too-large' }),
    );
  });
});
