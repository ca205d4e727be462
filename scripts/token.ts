import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureLocalKeys, LocalIssuer, localDataDir, TokenRequest } from '../local/keys';

/**
 * `npm run token -- --role reviewer --agency nea-fujian` prints a bearer token for the local API,
 * signed with the same key under .local/keys that `npm start` uses.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      enterprise: { type: 'string' },
      agency: { type: 'string' },
      company: { type: 'string' },
      sub: { type: 'string' },
    },
  });
  const req = TokenRequest.parse({ role: values.role, enterpriseId: values.enterprise, agencyId: values.agency, companyId: values.company, sub: values.sub });
  const issuer = await LocalIssuer.fromJwk(ensureLocalKeys(join(localDataDir(), 'keys')).issuer);
  process.stdout.write((await issuer.mint(req)) + '\n');
}

main().catch((e: unknown) => {
  process.stderr.write(
    `usage: npm run token -- --role <applicant|reviewer|decision-maker|supervisor|inspector|grid|admin> [--enterprise <uscc>] [--agency <id>] [--company <id>]\n${String(e)}\n`,
  );
  process.exit(1);
});
