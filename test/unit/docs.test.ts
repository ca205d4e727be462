import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CODES } from '../../functions/error-codes';
import { statusOf } from '../../functions/platform/http/problem';
import { GATEWAY_PROBLEMS } from '../../functions/platform/http/gateway';
import { GENERATED, regenerate } from '../../scripts/generated-docs';

/** What docs/ generates from the code is current (`npm run docs` writes it). */
describe('generated docs', () => {
  it.each(Object.keys(GENERATED))('%s is current', (file) => {
    expect(readFileSync(join(__dirname, '../..', file), 'utf8')).toBe(regenerate(file));
  });

  it('one code, one status: the gateway layer and the functions never give a code two statuses', () => {
    const catalogue = ERROR_CODES as Record<string, { kind: Parameters<typeof statusOf>[0] }>;
    const shared = Object.values(GATEWAY_PROBLEMS).filter((p) => catalogue[p.code]);
    expect(shared.length).toBeGreaterThan(2);
    expect(shared.map((p) => [p.code, p.status])).toEqual(shared.map((p) => [p.code, statusOf(catalogue[p.code]!.kind)]));
  });
});
