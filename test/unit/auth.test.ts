import { canAccessEnterprise, CLAIM, type Principal, principalFromClaims, requireRole } from '../../functions/platform/auth';
import { DomainError } from '../../functions/platform/errors';

const fuzhou = { uscc: '91350100M000100Y43', regionCode: '350100' };

describe('principals and object-level authorization', () => {
  it('reads the role and scope from Cognito-style claims', () => {
    expect(principalFromClaims({ sub: 'u1', [CLAIM.role]: 'applicant', [CLAIM.enterpriseId]: fuzhou.uscc })).toEqual({
      sub: 'u1',
      role: 'applicant',
      enterpriseId: fuzhou.uscc,
    });
    expect(principalFromClaims({ sub: 's1', [CLAIM.role]: 'reviewer', [CLAIM.agencyId]: 'nea-fujian' })).toEqual({
      sub: 's1',
      role: 'reviewer',
      agencyId: 'nea-fujian',
    });
  });

  it('refuses claims without a valid scope: an applicant without an enterprise, staff of an unknown agency', () => {
    expect(() => principalFromClaims({ sub: 'u1', [CLAIM.role]: 'applicant' })).toThrow(DomainError);
    expect(() => principalFromClaims({ sub: 's1', [CLAIM.role]: 'reviewer', [CLAIM.agencyId]: 'nowhere' })).toThrow(/valid role and scope/);
    expect(() => principalFromClaims(undefined)).toThrow(/bearer token/);
  });

  it('an applicant reaches only its own enterprise', () => {
    expect(canAccessEnterprise({ role: 'applicant', sub: 'a', enterpriseId: fuzhou.uscc }, fuzhou)).toBe(true);
    expect(canAccessEnterprise({ role: 'applicant', sub: 'a', enterpriseId: '91440300708461136T' }, fuzhou)).toBe(false);
  });

  it("staff reach only enterprises in their agency's regions; admins all; grid companies none", () => {
    const staff = (agencyId: string): Principal => ({ role: 'supervisor', sub: 's', agencyId });
    expect(canAccessEnterprise(staff('nea-fujian'), fuzhou)).toBe(true);
    expect(canAccessEnterprise(staff('nea-south'), fuzhou)).toBe(false);
    expect(canAccessEnterprise({ role: 'admin', sub: 'x' }, fuzhou)).toBe(true);
    expect(canAccessEnterprise({ role: 'grid', sub: 'g', companyId: 'sgcc-fj' }, fuzhou)).toBe(false);
  });

  it("a role outside the route's list is 403 and lists the allowed roles", () => {
    expect(() => requireRole({ role: 'grid', sub: 'g', companyId: 'c' }, ['applicant'])).toThrow(
      expect.objectContaining({ code: 'AUTH.ROLE_NOT_ALLOWED', kind: 'forbidden', details: { allowed: ['applicant'] } }),
    );
  });
});
