import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { agencies } from '../../functions/platform/config';
import { usccCheckCharacter } from '../../functions/enterprises/domain/uscc';
import { IMPORT_COLUMNS } from '../../functions/licensing/domain/register-import';
import { seededRandom } from './random';

/**
 * The sample register (scripts/samples/register.csv): 300 licences in force of mixed classes,
 * levels, regions and validity as a regulator's old register would list them, and 14 rows that
 * are wrong in one way each — `bad` says which column the import must name. Deterministic (a
 * seeded generator), so the file is reproducible: `npx tsx scripts/samples/register.ts` writes it
 * and a test checks the committed file is what this makes.
 */
export const SAMPLE_ROWS = 300;

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CITIES = ['01', '02', '03', '05', '06'];
const NAMES = ['宏远', '华能', '明德', '恒通', '正泰', '安信', '长青', '顺达', '瑞丰', '兴业', '中诚', '永固'];
const CLASS_NAMES: Record<string, string> = {
  'facility-install': '承装',
  'facility-repair': '承修',
  'facility-test': '承试',
  'power-supply': '供电',
  'power-generation': '发电',
};
const LEVELS = ['一', '二', '三', '四', '五'];

type Row = Record<(typeof IMPORT_COLUMNS)[number], string>;

const addYears = (iso: string, years: number): string => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
};

export function registerSample(count = SAMPLE_ROWS): { csv: string; rows: Row[]; bad: Map<number, string> } {
  const rnd = seededRandom(20261201);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const rows: Row[] = [];
  for (let i = 0; i < count; i++) {
    const agency = agencies[i % agencies.length]!;
    const regionCode = `${pick(agency.provinces)}${pick(CITIES)}00`;
    let org = '';
    for (let k = 0; k < 9; k++) org += pick([...USCC_ALPHABET]);
    const first17 = `91${regionCode}${org}`;
    const facility = rnd() < 0.8;
    const licenseClass = facility
      ? pick(['facility-install', 'facility-install', 'facility-repair', 'facility-test'])
      : pick(['power-supply', 'power-generation']);
    const level = facility ? 1 + Math.floor(rnd() * 5) : undefined;
    const year = facility ? 2022 + Math.floor(rnd() * 5) : 2010 + Math.floor(rnd() * 16);
    const month = String(1 + Math.floor(rnd() * (year === 2026 ? 9 : 12))).padStart(2, '0');
    const validFrom = `${year}-${month}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
    const name = `${agency.name.slice(0, 2)}${pick(NAMES)}电力${facility ? '工程' : ''}有限公司${i + 1}`;
    rows.push({
      formerNo: facility ? `${level}-${agency.code}-${String(10000 + i)}-${year}` : `10${agency.code}${year}-${String(100 + i).padStart(5, '0')}`,
      holderName: name,
      uscc: first17 + usccCheckCharacter(first17),
      regionCode,
      agencyId: agency.id,
      licenseClass,
      level: level ? String(level) : '',
      scope: level ? `${CLASS_NAMES[licenseClass]}${LEVELS[level - 1]}级, 电压等级 ${['500 kV', '220 kV', '110 kV', '35 kV', '10 kV'][level - 1]} 及以下` : '',
      issuedOn: rnd() < 0.3 ? validFrom : '',
      validFrom,
      validUntil: addYears(validFrom, facility ? 6 : 20),
    });
  }
  // Each wrong in one way; the column the rejection names.
  const bad = new Map<number, string>();
  const spoil = (i: number, column: string, change: Partial<Row>) => {
    rows[i] = { ...rows[i]!, ...change };
    bad.set(i + 1, column);
  };
  const r = (i: number) => rows[i]!;
  spoil(10, 'uscc', { uscc: r(10).uscc.slice(0, 17) + (r(10).uscc[17] === '0' ? '1' : '0') });
  spoil(25, 'agencyId', { agencyId: 'nea-mars' });
  spoil(40, 'level', { licenseClass: 'facility-install', level: '7' });
  spoil(55, 'level', { licenseClass: 'facility-test', level: '', scope: '' });
  spoil(70, 'level', { licenseClass: 'power-supply', level: '2', validUntil: addYears(r(70).validFrom, 6) });
  spoil(85, 'validUntil', { licenseClass: 'facility-repair', level: '3', validFrom: '2019-07-01', validUntil: '2025-06-30', issuedOn: '' });
  spoil(100, 'validUntil', { validUntil: '2020-01-01', validFrom: '2024-01-01', issuedOn: '' });
  spoil(115, 'validFrom', { validFrom: '2024/05/01', issuedOn: '' });
  spoil(130, 'holderName', { holderName: '' });
  spoil(145, 'formerNo', { formerNo: r(145 - agencies.length).formerNo }); // the same agency's row 128
  spoil(160, 'agencyId', { agencyId: agencies.find((a) => !a.provinces.includes(r(160).regionCode.slice(0, 2)))!.id });
  spoil(175, 'licenseClass', { licenseClass: 'nuclear-power' });
  spoil(190, 'validUntil', { licenseClass: 'facility-install', level: '4', validFrom: '2024-03-01', validUntil: '2032-02-29', issuedOn: '' });
  spoil(205, 'issuedOn', {
    validFrom: '2024-03-01',
    issuedOn: '2024-04-01',
    validUntil: addYears('2024-03-01', r(205).licenseClass.startsWith('facility') ? 6 : 20),
  });
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const csv = [IMPORT_COLUMNS.join(','), ...rows.map((row) => IMPORT_COLUMNS.map((c) => quote(row[c])).join(','))].join('\n') + '\n';
  return { csv, rows, bad };
}

export const SAMPLE_FILE = join(__dirname, 'register.csv');

if (require.main === module) writeFileSync(SAMPLE_FILE, registerSample().csv);
