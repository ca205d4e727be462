import { isValidUscc, Uscc, usccCheckCharacter } from '../../functions/enterprises/domain/uscc';

describe('unified social credit code (GB 32100-2015)', () => {
  it('accepts codes whose check character matches', () => {
    expect(isValidUscc('91350100M000100Y43')).toBe(true);
    expect(isValidUscc('91440300708461136T')).toBe(true);
    expect(usccCheckCharacter('91350100M000100Y4')).toBe('3');
  });

  it('rejects a wrong check character, forbidden letters and the wrong length', () => {
    expect(isValidUscc('91350100M000100Y44')).toBe(false);
    expect(isValidUscc('91350100M000100YI3')).toBe(false);
    expect(isValidUscc('91350100M000100Y4')).toBe(false);
  });

  it('normalises case and whitespace and names the problem', () => {
    expect(Uscc.parse(' 91350100m000100y43 ')).toBe('91350100M000100Y43');
    const r = Uscc.safeParse('91350100M000100Y44');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/check character/);
  });
});
