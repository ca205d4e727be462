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
    for (const p of Object.values(GATEWAY_PROBLEMS)) {
      const service = (ERROR_CODES as Record<string, { kind: Parameters<typeof statusOf>[0] }>)[p.code];
      if (service) expect([p.code, p.status]).toEqual([p.code, statusOf(service.kind)]);
    }
  });
});
