import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CODES, type ErrorCode } from '../functions/error-codes';
import { ZH } from '../functions/error-codes.zh';
import { statusOf } from '../functions/platform/http/problem';
import { GATEWAY_PROBLEMS } from '../functions/platform/http/gateway';
import { LIFECYCLES } from '../functions/lifecycles';
import { APPLICATION_LIFECYCLE } from '../functions/licensing/domain/application';
import { type Lifecycle, stateDiagram } from '../functions/platform/domain/lifecycle';

/**
 * The parts of docs/ that are generated from the code, between `<!-- generated: <name> -->` and
 * `<!-- end generated -->`: `npm run docs` writes them, test/unit/docs.test.ts fails when one is stale.
 */
const ROOT = join(__dirname, '..');

export function errorTable(): string {
  const rows = new Map<string, { status: number; means: string; zh?: string; where: string }>();
  for (const [code, e] of Object.entries(ERROR_CODES))
    rows.set(code, { status: statusOf(e.kind), means: e.means, zh: ZH[code as ErrorCode], where: 'service' });
  for (const [type, p] of Object.entries(GATEWAY_PROBLEMS)) {
    const known = rows.get(p.code);
    rows.set(p.code, {
      status: p.status,
      means: known?.means ?? p.detail,
      zh: known?.zh,
      where: known ? (known.where.includes('gateway') ? known.where : `${known.where}, gateway`) : `gateway (${type})`,
    });
  }
  rows.set('REQUEST.METHOD_NOT_ALLOWED', {
    status: 405,
    means: 'This path does not take the method; the Allow header lists the ones it takes.',
    where: 'gateway',
  });
  rows.set('INTERNAL', {
    status: 500,
    means: "An unexpected error; logged with the request id (the problem's instance).",
    zh: '发生意外错误，已记录；报告时请提供请求编号（instance）。',
    where: 'service, gateway',
  });
  const lines = ['| code | status | means | 中文 (the default `detail`) | answered by |', '|---|---:|---|---|---|'];
  for (const [code, r] of [...rows].sort(([a], [b]) => a.localeCompare(b)))
    lines.push(`| \`${code}\` | ${r.status} | ${r.means.replaceAll('|', '\\|')} | ${(r.zh ?? '—').replaceAll('|', '\\|')} | ${r.where} |`);
  return lines.join('\n');
}

const mermaid = (l: Lifecycle<string, string>) => '```mermaid\n' + stateDiagram(l) + '\n```';

/** Each lifecycle: its diagram, and per status the actions it allows (those that keep the status are not drawn). */
export function lifecycleDocs(): string {
  return Object.entries(LIFECYCLES as Record<string, Lifecycle<string, string>>)
    .map(([name, l]) => {
      const rows = Object.entries(l.actions).map(([s, actions]) => `| ${s} | ${actions.length ? actions.join(', ') : '—'} |`);
      return [
        `## ${name[0]!.toUpperCase()}${name.slice(1)}`,
        '',
        `Refused actions answer 409 \`${l.refusal}\` with the allowed ones.`,
        '',
        mermaid(l),
        '',
        '| status | allows |',
        '|---|---|',
        ...rows,
      ].join('\n');
    })
    .join('\n\n');
}

export const GENERATED: Record<string, Record<string, () => string>> = {
  'docs/errors.md': { errors: errorTable },
  'docs/lifecycles.md': { lifecycles: lifecycleDocs },
  'docs/licensing.md': { 'case-states': () => mermaid(APPLICATION_LIFECYCLE) },
};

export const block = (name: string, content: string): string => `<!-- generated: ${name} -->\n${content}\n<!-- end generated -->`;

/** The file with every generated block replaced by what the code says now. */
export function regenerate(file: string): string {
  let text = readFileSync(join(ROOT, file), 'utf8');
  for (const [name, make] of Object.entries(GENERATED[file] ?? {})) {
    const re = new RegExp(`<!-- generated: ${name} -->[\\s\\S]*?<!-- end generated -->`);
    if (!re.test(text)) throw new Error(`${file} has no generated block "${name}"`);
    text = text.replace(re, () => block(name, make()));
  }
  return text;
}

if (require.main === module) {
  for (const file of Object.keys(GENERATED)) {
    writeFileSync(join(ROOT, file), regenerate(file));
    process.stdout.write(`${file}\n`);
  }
}
