import * as z from 'zod';
import { DomainError } from './errors';
import { agencyById, agencyForRegion } from './regions';

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

/**
 * Whom an object belongs to, as far as access goes: the enterprise it concerns (its applicant
 * reaches it), the agencies that hold it (their staff reach it), the grid company it is about
 * (that company reaches it). Admins reach everything; partner departments none of it.
 */
export interface Holder {
  /** The object as a refusal names it: `Case A-2026-…`, `Enterprise 9135…`. */
  what: string;
  uscc?: string;
  agencyIds: readonly string[];
  companyId?: string;
}

/**
 * An enterprise's holder. Region and agency are settled here once: each province has one
 * competent agency (属地, platform/regions), so staff reach an enterprise through the agency
 * covering its region — the same agency the enterprise's cases, licenses and credit name.
 */
export const enterpriseHolder = (e: { uscc: string; regionCode: string }): Holder => ({
  what: `Enterprise ${e.uscc}`,
  uscc: e.uscc,
  agencyIds: [agencyForRegion(e.regionCode)?.id].filter((id): id is string => id !== undefined),
});

/** The one object-level authorization rule. */
export function inScope(principal: Principal, holder: Holder): boolean {
  switch (principal.role) {
    case 'applicant':
      return holder.uscc !== undefined && principal.enterpriseId === holder.uscc;
    case 'reviewer':
    case 'decision-maker':
    case 'supervisor':
    case 'inspector':
      return holder.agencyIds.includes(principal.agencyId);
    case 'grid':
      return holder.companyId !== undefined && principal.companyId === holder.companyId;
    case 'admin':
      return true;
    case 'partner':
      return false;
    default:
      return assertNever(principal);
  }
}

export const outOfScope = (what: string): DomainError => new DomainError('AUTH.OUT_OF_SCOPE', `${what} is outside your scope.`);

export function assertInScope(principal: Principal, holder: Holder): void {
  if (!inScope(principal, holder)) throw outOfScope(holder.what);
}

/** Staff act for their own agency; naming another is out of scope. */
export function staffAgency(principal: Principal): string {
  if (!('agencyId' in principal)) throw outOfScope('This agency’s work');
  return principal.agencyId;
}

/**
 * The agency a listing or report is for: staff their own (naming another is 403), administrators
 * the known agency they name with `?agencyId=` (400 without one).
 */
export function requestedAgency(principal: Principal, requested: string | undefined): string {
  if (principal.role === 'admin') {
    if (!requested || !agencyById(requested)) throw new DomainError('SCOPE.AGENCY_REQUIRED', 'Name a known agency with ?agencyId=.');
    return requested;
  }
  const own = staffAgency(principal);
  if (requested && requested !== own) throw outOfScope(`Agency ${requested}`);
  return own;
}

export function assertNever(x: never): never {
  throw new Error(`unexpected value ${JSON.stringify(x)}`);
}
