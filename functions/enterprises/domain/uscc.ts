import * as z from 'zod';

/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters from a 31-letter
 * alphabet (no I, O, S, V, Z); the last is a check character computed MOD 31 over the first 17.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** Whether every character is one a credit code may hold (a code being typed: any length). */
export const usccCharactersOnly = (s: string): boolean => [...s].every((c) => ALPHABET.includes(c));
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

export function usccCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i]!) * WEIGHTS[i]!;
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

export function isValidUscc(code: string): boolean {
  return SHAPE.test(code) && usccCheckCharacter(code.slice(0, 17)) === code[17];
}

export const Uscc = z
  .string()
  .max(32, 'a unified social credit code has 18 characters')
  .transform((s) => s.trim().toUpperCase())
  .refine((s) => s.length === 18, 'a unified social credit code has 18 characters')
  .refine((s) => SHAPE.test(s), 'a unified social credit code uses digits and the letters A–Y without I, O, S, V, Z')
  .refine(isValidUscc, 'the check character of this unified social credit code does not match (GB 32100-2015)');
export type Uscc = z.infer<typeof Uscc>;

/**
 * The registration authority's administrative division code (登记管理机关行政区划码): characters 3–8 of a credit
 * code, fixed when the code is issued and kept for the enterprise's life. Where the enterprise was registered,
 * hence which agency supervises it unless it has moved (ADR 0014).
 */
export const registrationAuthorityRegion = (uscc: string): string => uscc.slice(2, 8);
/** Codes issued by a national registration authority (国家市场监督管理总局, 民政部 …) name no province: 100000. */
export const NATIONAL_AUTHORITY_REGION = '100000';
