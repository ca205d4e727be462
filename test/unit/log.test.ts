import { createLogger, mask, maskString } from '../../functions/platform/log';

describe('structured logs keep personal data out', () => {
  it('masks resident ID numbers, mobile numbers and e-mails inside strings', () => {
    expect(maskString('id 11010519491231002X tel 13912345678 mail a.b@example.cn')).toBe('id 110***********002X tel 139****5678 mail ***@***');
  });

  it('masks whole values under personal keys, at any depth', () => {
    expect(mask({ complainant: { name: '李四' }, nested: [{ phone: '010-1234' }], uscc: '91350100M000100Y43' })).toEqual({
      complainant: '***',
      nested: [{ phone: '***' }],
      uscc: '91350100M000100Y43',
    });
  });

  it('writes one JSON line per record with the masked fields', () => {
    const lines: string[] = [];
    createLogger({ service: 't' }, (l) => lines.push(l), 'debug').info('called 13912345678', { contact: 'x', n: 1 });
    const rec = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(rec).toMatchObject({ level: 'info', msg: 'called 139****5678', service: 't', contact: '***', n: 1 });
  });
});
