import { usccCheckCharacter } from '../../functions/enterprises/domain/uscc';
import { translator } from '../../web/shared/i18n';
import { usccHint } from '../../web/portal/register';
import { WORDS } from '../../web/portal/words';

/** The portal's credit-code check as the applicant types (web/portal/register.ts): the domain's own rules, said in words. */
describe('the portal registration hint', () => {
  const zh = translator(WORDS, 'zh');
  const first17 = '91530100MA6K3P2X0';
  const valid = first17 + usccCheckCharacter(first17);

  it('says how far the code is, which characters are not allowed, and the expected check character', () => {
    expect(usccHint('', undefined, zh, 'zh')).toEqual({ ok: false, text: '请输入 18 位统一社会信用代码。' });
    expect(usccHint('91530100', undefined, zh, 'zh')).toEqual({ ok: false, text: '已输入 8 位，共 18 位。' });
    expect(usccHint('9153010OMA6K3P2X0N', undefined, zh, 'zh').text).toBe('只能包含数字和除 I、O、S、V、Z 以外的大写字母。');
    const wrong = first17 + (valid[17] === '0' ? '1' : '0');
    expect(usccHint(wrong, undefined, zh, 'zh')).toEqual({ ok: false, text: `校验位不符（按 GB 32100-2015 应为 ${valid[17]}），请核对。` });
  });

  it('names the province and the agency of a valid code, and refuses another enterprise than the signed-in one', () => {
    expect(usccHint(valid.toLowerCase(), valid, zh, 'zh')).toEqual({ ok: true, text: '校验通过：云南（530100），由 云南能源监管办 受理。' });
    const elsewhere = '91990100MA6K3P2X0';
    expect(usccHint(elsewhere + usccCheckCharacter(elsewhere), undefined, zh, 'zh').text).toBe('第 3–8 位 990100 不是有效的行政区划代码。');
    expect(usccHint(valid, '91350100M000100Y43', zh, 'zh').text).toBe('须与登录的企业一致（91350100M000100Y43）。');
    expect(usccHint(valid, valid, translator(WORDS, 'en'), 'en').text).toBe('Valid: Yunnan (530100); handled by Yunnan Energy Regulatory Office.');
  });
});
