import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * docs/rules.md stays true: one row per rule of the rulebook (44), and every test a row cites exists
 * — the file, and in it a test whose name starts with the cited prefix (`(L4: …, L4 X2 …)`).
 */
const ROOT = join(__dirname, '../..');
const rows = readFileSync(join(ROOT, 'docs/rules.md'), 'utf8')
  .split('\n')
  .filter((l) => /^\| [A-Z]\d+ \|/.test(l))
  .map((l) =>
    l
      .slice(1, -1)
      .split(' | ')
      .map((c) => c.trim()),
  );

/** Test titles of a file: the first argument of it()/test(), however quoted. */
const titles = (file: string) =>
  [...readFileSync(join(ROOT, file), 'utf8').matchAll(/\b(?:it|test)(?:\.each\([^)]*\))?\(\s*(['"`])((?:\\.|(?!\1).)*)\1/g)].map((m) => m[2]!);

/** `test/x.test.ts` (A: …, B C …) → the file and the title prefixes cited for it (each ends with an ellipsis). */
function citations(cell: string): { file: string; prefixes: string[] }[] {
  return [...cell.matchAll(/`(test\/[^`]+)`(?: \(([^)]*(?:\([^)]*\)[^)]*)*)\))?/g)].map((m) => ({
    file: m[1]!,
    prefixes: (m[2] ?? '')
      .split(/(?<=…[^,]*), /)
      .map((p) => p.split('…')[0]!.trim())
      .filter(Boolean),
  }));
}

describe('docs/rules.md', () => {
  it('has one row per rule, each id once, families in the rulebook order, each with a status', () => {
    const ids = rows.map((r) => r[0]!);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...new Set(ids.map((id) => id[0]))].join('')).toBe('LECSPGX');
    expect(ids.length).toBe(44);
    for (const r of rows)
      expect({ rule: r[0], status: r[3]?.split(/[:( ]/)[0] }).toEqual({ rule: r[0], status: expect.stringMatching(/^(done|partial|not)$/) });
  });

  it('every test it cites exists: the file, and a test in it whose name starts with the cited prefix and the rule', () => {
    const problems: string[] = [];
    for (const [rule, , tests] of rows) {
      const cited = citations(tests ?? '');
      if (!cited.length) problems.push(`${rule}: cites no test`);
      for (const { file, prefixes } of cited) {
        if (!existsSync(join(ROOT, file))) {
          problems.push(`${rule}: ${file} does not exist`);
          continue;
        }
        const names = titles(file);
        for (const p of prefixes) if (!names.some((n) => n.startsWith(p))) problems.push(`${rule}: no test in ${file} starts with "${p}"`);
      }
      const all = cited.flatMap(({ file }) => (existsSync(join(ROOT, file)) ? titles(file) : []));
      if (!all.some((n) => new RegExp(`(^|[ ,/–])${rule}([ :,/–]|$)`).test(n.split(':')[0]!))) problems.push(`${rule}: no cited test is named by the rule`);
    }
    expect(problems).toEqual([]);
  });
});
