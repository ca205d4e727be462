/**
 * How every Lambda is bundled (infra/context-function.ts), in one place so that the benches and
 * the bundle test build exactly what is deployed: minified CommonJS, no source maps, ES module
 * entry points of packages preferred (they tree-shake). pdfkit is the exception, required rather
 * than imported (functions/platform/pdf.ts): its ES module build finds its data through
 * `import.meta.url` and package imports, which a CommonJS bundle does not have.
 */
export const BUNDLE = {
  minify: true,
  sourceMap: false,
  format: 'cjs',
  mainFields: ['module', 'main'],
} as const;

/** What a render function reads at run time, copied next to its bundle: [from (repository-relative), to (bundle-relative)]. */
export const PDF_ASSETS: [string, string][] = [
  ['node_modules/@embedpdf/fonts-sc/fonts/NotoSansHans-Regular.otf', 'fonts/NotoSansHans-Regular.otf'],
  ['node_modules/pdfkit/js/data', 'data'],
];
