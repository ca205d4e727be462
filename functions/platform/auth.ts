import * as z from 'zod';
import { DomainError } from './errors';
import { agencyById, agencyCoversRegion } from './regions';

export const Role = z.enum(['applicant', 'reviewer', 'decision-maker', 'supervisor', 'inspector', 'grid', 'partner', 'admin']);
export type Role = z.infer<typeof Role>;

export const STAFF_ROLES = ['reviewer', 'decision-maker', 'supervisor', 'inspector'] as const satisfies readonly Role[];

/**
 * Who is calling, from the claims the authorizer verified (Cognito in AWS, the local issuer
 * locally). Custom attributes carry the role and the scope: `enterpriseId` (a unified social
 * credit code) for applicants, `agencyId` for staff, `companyId` for grid companies.
 */
export const Principal = z.discriminatedUnion('role', [
  z.object({ role: z.literal('applicant'), sub: z.string().min(1), enterpriseId: z.string().length(18) }),
  z.object({ role: z.enum(STAFF_ROLES), sub: z.string().min(1), agencyId: z.string().refine((id) => agencyById(id) !== undefined, 'unknown agency') }),
  z.object({ role: z.literal('grid'), sub: z.string().min(1), companyId: z.string().min(1) }),
  /** Another department (mutual recognition, E4): a service identity naming the department. */
  z.object({ role: z.literal('partner'), sub: z.string().min(1), departmentId: z.string().min(1) }),
  z.object({ role: z.literal('admin'), sub: z.string().min(1) }),
]);
export type Principal = z.infer<typeof Principal>;

/** Claim names as Cognito puts them in `requestContext.authorizer.claims`. */
export const CLAIM = {
  role: 'custom:role',
  enterpriseId: 'custom:enterpriseId',
  agencyId: 'custom:agencyId',
  companyId: 'custom:companyId',
  departmentId: 'custom:departmentId',
} as const;

export function principalFromClaims(claims: Record<string, unknown> | undefined | null): Principal {
  if (!claims) throw new DomainError('AUTH.UNAUTHENTICATED', 'A bearer token is required.');
  const parsed = Principal.safeParse({
    sub: claims.sub,
    role: claims[CLAIM.role],
    enterpriseId: claims[CLAIM.enterpriseId],
    agencyId: claims[CLAIM.agencyId],
    companyId: claims[CLAIM.companyId],
    departmentId: claims[CLAIM.departmentId],
  });
  if (!parsed.success) throw new DomainError('AUTH.BAD_CLAIMS', 'The token does not carry a valid role and scope.');
  return parsed.data;
}

export function requireRole(principal: Principal | undefined, roles: readonly Role[] | 'public'): void {
  if (roles === 'public') return;
  if (!principal) throw new DomainError('AUTH.UNAUTHENTICATED', 'A bearer token is required.');
  if (!roles.includes(principal.role)) {
    throw new DomainError('AUTH.ROLE_NOT_ALLOWED', `The role ${principal.role} may not do this.`, { allowed: roles });
  }
}

/** An enterprise as far as access is concerned: who it is and where it is. */
export interface EnterpriseScope {
  uscc: string;
  regionCode: string;
}

/**
 * Object-level authorization: an applicant reaches only its own enterprise; staff only the
 * enterprises in their agency's regions; admins everything; grid companies no enterprise data.
 */
export function canAccessEnterprise(principal: Principal, enterprise: EnterpriseScope): boolean {
  switch (principal.role) {
    case 'applicant':
      return principal.enterpriseId === enterprise.uscc;
    case 'reviewer':
    case 'decision-maker':
    case 'supervisor':
    case 'inspector':
      return agencyCoversRegion(principal.agencyId, enterprise.regionCode);
    case 'admin':
      return true;
    case 'grid':
    case 'partner':
      return false;
    default:
      return assertNever(principal);
  }
}

export const outOfScope = (): DomainError => new DomainError('AUTH.OUT_OF_SCOPE', 'This enterprise is outside your scope.');

export function assertEnterpriseAccess(principal: Principal, enterprise: EnterpriseScope): void {
  if (!canAccessEnterprise(principal, enterprise)) throw outOfScope();
}

export function assertNever(x: never): never {
  throw new Error(`unexpected value ${JSON.stringify(x)}`);
}
