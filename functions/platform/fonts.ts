import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The CJK font of the PDF renderings (Noto Sans Hans, GB 2312 repertoire, OFL): in a Lambda bundle
 * it is copied next to the code (infra/app-stack.ts), in development it is read from its package.
 */
const FONT_FILE = 'NotoSansHans-Regular.otf';

export function cjkFontPath(): string {
  const bundled = join(__dirname, 'fonts', FONT_FILE);
  if (existsSync(bundled)) return bundled;
  return join(dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts', FONT_FILE);
}
