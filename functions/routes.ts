import * as z from 'zod';
import { STAFF_ROLES } from './platform/auth';
import { route } from './platform/http/route';
import { DeclareDocument, MaterialType, Sha256, VaultDocument } from './enterprises/domain/document';
import { EnterpriseView, RegisterEnterprise } from './enterprises/domain/enterprise';
import { Uscc } from './enterprises/domain/uscc';
import { Matter, MatterId, MatterKind } from './licensing/domain/guide';
import { IsoDate } from './platform/calendar';

/**
 * THE route table: method, path, context (which API function serves it), roles, and the zod
 * schemas of its input and output. infra/ builds API Gateway from it, local/ serves it, and the
 * OpenAPI document is generated from it.
 */
const EnterprisePath = z.object({ uscc: Uscc });
const Paging = { limit: z.coerce.number().int().min(1).max(100).optional(), cursor: z.string().max(2048).optional() };
const Problem = z.object({ type: z.string(), title: z.string(), status: z.number(), detail: z.string(), code: z.string() });

export const routes = {
  health: route({ method: 'GET', path: '/v1/health', context: 'platform', roles: 'public', summary: 'Liveness and the versions this deployment runs',
    response: z.object({ status: z.literal('ok'), service: z.string(), version: z.string(), time: z.string() }) }),
  openapi: route({ method: 'GET', path: '/v1/openapi.json', context: 'platform', roles: 'public', summary: 'This API as an OpenAPI 3.1 document' }),

  registerEnterprise: route({ method: 'POST', path: '/v1/enterprises', context: 'enterprises', roles: ['applicant'], idempotent: true, status: 201,
    summary: 'Register the caller\'s enterprise (its unified social credit code must be the one in the token)', body: RegisterEnterprise, response: EnterpriseView }),
  listEnterprises: route({ method: 'GET', path: '/v1/enterprises', context: 'enterprises', roles: [...STAFF_ROLES, 'admin'],
    summary: 'Enterprises in the caller\'s agency regions (admins: pass agencyId)', query: z.object({ agencyId: z.string().optional(), ...Paging }),
    response: z.object({ items: z.array(EnterpriseView), cursor: z.string().optional() }) }),
  getEnterprise: route({ method: 'GET', path: '/v1/enterprises/{uscc}', context: 'enterprises', roles: ['applicant', ...STAFF_ROLES, 'admin'],
    summary: 'One enterprise', params: EnterprisePath, response: EnterpriseView }),
  verifyEnterpriseAudit: route({ method: 'GET', path: '/v1/enterprises/{uscc}/audit', context: 'enterprises', roles: ['applicant', ...STAFF_ROLES, 'admin'],
    summary: 'The enterprise\'s event trail with its hash-chain verification (X1)', params: EnterprisePath }),
  declareDocument: route({ method: 'POST', path: '/v1/enterprises/{uscc}/documents', context: 'enterprises', roles: ['applicant'], idempotent: true, status: 201,
    summary: 'Declare a vault document and get a short-lived upload URL; the same SHA-256 returns the existing document (L2)',
    params: EnterprisePath, body: DeclareDocument,
    response: z.object({ document: VaultDocument, upload: z.object({ url: z.string(), method: z.literal('PUT'), headers: z.record(z.string(), z.string()), expiresAt: z.string() }).optional() }) }),
  confirmDocument: route({ method: 'POST', path: '/v1/enterprises/{uscc}/documents/{documentId}/confirmation', context: 'enterprises', roles: ['applicant'], idempotent: true,
    summary: 'Check the uploaded bytes (size, SHA-256, type) and make the document usable', params: EnterprisePath.extend({ documentId: Sha256 }), response: VaultDocument }),
  listDocuments: route({ method: 'GET', path: '/v1/enterprises/{uscc}/documents', context: 'enterprises', roles: ['applicant', ...STAFF_ROLES, 'admin'],
    summary: 'The enterprise\'s vault with each document\'s validity', params: EnterprisePath,
    query: z.object({ materialType: MaterialType.optional(), usableOn: IsoDate.optional(), ...Paging }),
    response: z.object({ items: z.array(VaultDocument.extend({ usable: z.boolean() })), cursor: z.string().optional() }) }),

  listMatters: route({ method: 'GET', path: '/v1/guide/matters', context: 'licensing', roles: 'public', summary: 'The service guide: every licensing matter (L3)',
    query: z.object({ licenseClass: z.string().optional(), kind: MatterKind.optional() }), response: z.object({ items: z.array(Matter) }) }),
  getMatter: route({ method: 'GET', path: '/v1/guide/matters/{matterId}', context: 'licensing', roles: 'public', summary: 'One licensing matter of the service guide (L3)',
    params: z.object({ matterId: MatterId }), response: Matter }),
} as const;

export type Routes = typeof routes;
export const problemSchema = Problem;
