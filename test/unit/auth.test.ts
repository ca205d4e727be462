import { CLAIM, enterpriseHolder, inScope, type Principal, principalFromClaims, requestedAgency, requireRole } from '../../functions/platform/auth';
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
    expect(inScope({ role: 'applicant', sub: 'a', enterpriseId: fuzhou.uscc }, enterpriseHolder(fuzhou))).toBe(true);
    expect(inScope({ role: 'applicant', sub: 'a', enterpriseId: '91440300708461136T' }, enterpriseHolder(fuzhou))).toBe(false);
  });

  it("staff reach only enterprises in their agency's regions; admins all; grid companies none", () => {
    const staff = (agencyId: string): Principal => ({ role: 'supervisor', sub: 's', agencyId });
    expect(inScope(staff('nea-fujian'), enterpriseHolder(fuzhou))).toBe(true);
    expect(inScope(staff('nea-south'), enterpriseHolder(fuzhou))).toBe(false);
    expect(inScope({ role: 'admin', sub: 'x' }, enterpriseHolder(fuzhou))).toBe(true);
    expect(inScope({ role: 'grid', sub: 'g', companyId: 'sgcc-fj' }, enterpriseHolder(fuzhou))).toBe(false);
  });

  it('a grid company reaches only what is about it; a partner department nothing', () => {
    const aboutCompany = { what: 'Connection C-1', agencyIds: ['nea-fujian'], companyId: 'sgcc-fj' };
    expect(inScope({ role: 'grid', sub: 'g', companyId: 'sgcc-fj' }, aboutCompany)).toBe(true);
    expect(inScope({ role: 'grid', sub: 'g', companyId: 'csg-gd' }, aboutCompany)).toBe(false);
    expect(inScope({ role: 'partner', sub: 'p', departmentId: 'samr' }, aboutCompany)).toBe(false);
  });

  it('a listing is for the agency asked for: staff their own (another is 403), admins must name a known one (400)', () => {
    const staff: Principal = { role: 'reviewer', sub: 's', agencyId: 'nea-fujian' };
    expect(requestedAgency(staff, undefined)).toBe('nea-fujian');
    expect(requestedAgency(staff, 'nea-fujian')).toBe('nea-fujian');
    expect(() => requestedAgency(staff, 'nea-south')).toThrow(
      expect.objectContaining({ code: 'AUTH.OUT_OF_SCOPE', message: 'Agency nea-south is outside your scope.' }),
    );
    expect(requestedAgency({ role: 'admin', sub: 'x' }, 'nea-south')).toBe('nea-south');
    expect(() => requestedAgency({ role: 'admin', sub: 'x' }, undefined)).toThrow(expect.objectContaining({ code: 'SCOPE.AGENCY_REQUIRED', kind: 'invalid' }));
    expect(() => requestedAgency({ role: 'admin', sub: 'x' }, 'nowhere')).toThrow(expect.objectContaining({ code: 'SCOPE.AGENCY_REQUIRED' }));
  });

  it("a role outside the route's list is 403 and lists the allowed roles", () => {
    expect(() => requireRole({ role: 'grid', sub: 'g', companyId: 'c' }, ['applicant'])).toThrow(
      expect.objectContaining({ code: 'AUTH.ROLE_NOT_ALLOWED', kind: 'forbidden', details: { allowed: ['applicant'] } }),
    );
  });
});
