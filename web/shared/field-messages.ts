import type * as z from 'zod';
import type { Lang } from './i18n';

/**
 * What a form says about a field it cannot send, in the page's language and in plain words (GOV.UK's error
 * messages: say what to do, name the field, no codes). Two sources: zod's own checks, phrased from the issue's kind
 * and bounds with the field's label put in by the form (`{label}`); and the messages our schemas give their own
 * rules, which are English descriptions ("a mainland mobile number of 11 digits …") and are said here in each
 * language. A message this table does not know is never shown as it is: the field is named and asked for again.
 */
type Words = Record<Lang, string>;

/** The schemas' own messages (functions/…), by their exact text. */
const SCHEMA_MESSAGES: Record<string, Words> = {
  'a unified social credit code has 18 characters': { zh: '统一社会信用代码应为 18 位', en: 'A unified social credit code has 18 characters' },
  'a unified social credit code uses digits and the letters A–Y without I, O, S, V, Z': {
    zh: '统一社会信用代码只含数字和除 I、O、S、V、Z 以外的大写字母',
    en: 'A unified social credit code uses digits and the letters A to Y except I, O, S, V and Z',
  },
  'the check character of this unified social credit code does not match (GB 32100-2015)': {
    zh: '统一社会信用代码的最后一位校验码不对，请核对营业执照',
    en: 'The last (check) character of the credit code does not match: check it against the business licence',
  },
  'expected a 6-digit administrative division code (GB/T 2260)': {
    zh: '行政区划代码应为 6 位数字，如 350100',
    en: 'Enter the 6-digit region code, such as 350100',
  },
  'unknown province in the administrative division code': {
    zh: '行政区划代码的前两位不是本机构辖区内的省份',
    en: 'The first two digits of the region code are not a province the regulator covers',
  },
  'an e-mail address such as office@example.cn': { zh: '请填写正确的电子邮箱，如 office@example.cn', en: 'Enter an e-mail address such as office@example.cn' },
  'a mainland mobile number of 11 digits such as 13800000000': {
    zh: '请填写 11 位手机号码，如 13800000000',
    en: 'Enter an 11-digit mobile number such as 13800000000',
  },
  'an e-mail address, a mobile number or both': { zh: '请至少填写电子邮箱或手机号码中的一项', en: 'Enter an e-mail address, a mobile number or both' },
  'a denial states its reasons (Art. 38)': { zh: '不予许可必须写明理由（行政许可法第三十八条）', en: 'A denial must state its reasons (Art. 38)' },
  'a rectification order needs its deadline': { zh: '责令整改须写明整改期限', en: 'A rectification order needs its deadline' },
  'a complainant reached gives a satisfaction': { zh: '已联系上投诉人的，请选择其满意程度', en: 'A complainant who was reached gives their satisfaction' },
  'a date and time such as 2026-12-10T09:30:00+08:00': { zh: '请选择{label}', en: 'Choose {label}' },
  'a courier waybill number': {
    zh: '请填写快递运单号（6 至 40 位字母、数字或连字符）',
    en: 'Enter the courier waybill number (6 to 40 letters, digits or hyphens)',
  },
};

const PHRASES = {
  required: { zh: '{ask}{label}', en: '{ask} {label}' },
  choose: { zh: '请选择{label}', en: 'Choose {label}' },
  shortText: { zh: '{label}至少要 {n} 个字', en: '{label} must be at least {n} characters' },
  longText: { zh: '{label}最多 {n} 个字', en: '{label} must be {n} characters or fewer' },
  small: { zh: '{label}不能小于 {n}', en: '{label} must be {n} or more' },
  big: { zh: '{label}不能大于 {n}', en: '{label} must be {n} or less' },
  whole: { zh: '{label}应为整数', en: '{label} must be a whole number' },
  number: { zh: '{label}应为数字', en: '{label} must be a number' },
  fewItems: { zh: '请至少选择 {n} 项{label}', en: 'Choose at least {n} for {label}' },
  manyItems: { zh: '{label}最多 {n} 项', en: '{label}: {n} at most' },
  format: { zh: '{label}的格式不对，请核对', en: 'Check the format of {label}' },
  wrong: { zh: '{label}填写有误，请核对', en: 'Check {label}' },
} satisfies Record<string, Words>;

const say = (key: keyof typeof PHRASES, lang: Lang, n?: number | bigint) => PHRASES[key][lang].replace('{n}', String(n ?? ''));

/**
 * The per-parse error map of a form's check (`schema.safeParse(body, { error: plainIssue(lang) })`): zod's own
 * checks in plain words. A schema's own message takes precedence over this map (zod's order), and is said by
 * `plainMessage` when shown.
 */
export const plainIssue =
  (lang: Lang) =>
  (issue: z.core.$ZodRawIssue): string => {
    const empty = issue.input === undefined || issue.input === null || issue.input === '';
    switch (issue.code) {
      case 'invalid_type':
        if (empty) return say('required', lang);
        return say(issue.expected === 'number' || issue.expected === 'int' ? 'number' : 'wrong', lang);
      case 'invalid_value':
        return say('choose', lang);
      case 'too_small':
        if (issue.origin === 'string') return say(empty ? 'required' : 'shortText', lang, issue.minimum);
        if (issue.origin === 'array' || issue.origin === 'set') return say('fewItems', lang, issue.minimum);
        return say('small', lang, issue.minimum);
      case 'too_big':
        if (issue.origin === 'string') return say('longText', lang, issue.maximum);
        if (issue.origin === 'array' || issue.origin === 'set') return say('manyItems', lang, issue.maximum);
        return say('big', lang, issue.maximum);
      case 'not_multiple_of':
        return say('whole', lang);
      case 'invalid_format':
        return say('format', lang);
      default:
        return say('wrong', lang);
    }
  };

/**
 * A message as shown at its field: the schema's own message in the page's language, `{label}` named, and a missing
 * value asked for as the field is answered — typed (请填写) or picked from a list or options (请选择).
 */
export function plainMessage(message: string, label: string, lang: Lang, picked = false): string {
  const text = SCHEMA_MESSAGES[message]?.[lang] ?? (message.includes('{label}') ? message : say('wrong', lang));
  const ask = picked ? { zh: '请选择', en: 'Choose' } : { zh: '请填写', en: 'Enter' };
  return text.replace('{ask}', ask[lang]).replace('{label}', label);
}

/** Every schema message this table says, for the test that no page shows one untranslated. */
export const KNOWN_SCHEMA_MESSAGES: readonly string[] = Object.keys(SCHEMA_MESSAGES);
