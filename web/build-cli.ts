import { buildWeb } from './build';

/** `tsx web/build-cli.ts <dir>`: builds the public site into <dir> (CDK's asset bundling at synth: infra/public-site.ts). */
void buildWeb(process.argv[2]).then(({ outDir, scripts }) => process.stdout.write(`public site built into ${outDir}: ${JSON.stringify(scripts)}\n`));
