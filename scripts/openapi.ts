import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { VERSION } from '../functions/platform/health.handler';
import { openApiDocument } from '../functions/platform/http/openapi';
import { routes } from '../functions/routes';

/** Writes the OpenAPI document the API serves at /v1/openapi.json to a file (for `redocly lint` in `npm run lint`). */
const out = process.argv[2] ?? '.build/openapi.json';
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(openApiDocument(routes, { version: VERSION }), null, 2) + '\n');
console.log(`wrote ${out}`);
