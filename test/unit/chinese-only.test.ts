import { latinLeaks } from '../support/chinese-only';
import { DEMO_CASE_FOR_NOTICES } from '../support/fixtures';
import { noticeFor } from '../../functions/enterprises/notice-texts';
import { notices } from '../../functions/notices';
import { guideConfig } from '../../functions/licensing/domain/guide';
import { licensingConfig } from '../../functions/licensing/domain/application';

describe('a Chinese text is Chinese only (issue 33 item 6)', () => {
  it('the check finds developers’ English and rule ids, and lets identifiers, links and the Latin words Chinese uses stand', () => {
    expect(latinLeaks('等待 agency: acceptance · facility-install · L4')).toEqual(['agency', 'acceptance', 'facility-install', 'L4']);
    expect(
      latinLeaks(
        '许可证 FI3-FJ-2026-0000177、信用代码 91350100M000100Y43、案件 AP20261201ABCDEFGH、PDF 与 QR、o***@example.cn、https://x.example/portal/cases/1、110 kV',
      ),
    ).toEqual([]);
  });

  it('the service guide and the legal texts people read are Chinese only; their English readings are beside them', () => {
    const texts = [
      ...Object.values(guideConfig.timeLimits).map((l) => l.basis),
      ...Object.values(guideConfig.licenseClasses).flatMap((c) => [c.name, ...c.conditions, ...Object.values(c.scopes)]),
      ...Object.values(guideConfig.materialTypes).map((m) => m.name),
      licensingConfig.rightsOnDenial,
      licensingConfig.commitmentText,
    ];
    expect(texts.filter((x) => latinLeaks(x).length)).toEqual([]);
    for (const c of Object.values(guideConfig.licenseClasses)) expect(c.conditionsEn).toHaveLength(c.conditions.length);
  });

  it('every kind of notice the platform sends is Chinese only', () => {
    const app = DEMO_CASE_FOR_NOTICES;
    const licence = {
      licenseNo: 'FI3-FJ-2026-0000177',
      version: 1,
      holder: { uscc: app.uscc, name: app.enterpriseName },
      agencyId: 'nea-fujian',
      validFrom: '2026-01-01',
      validUntil: '2032-01-01',
    };
    const inspection = { inspectionId: 'IN20261201ABCD', uscc: app.uscc, name: app.enterpriseName, agencyId: 'nea-fujian' };
    const cases: [string, Record<string, unknown>, unknown][] = [
      [
        'CorrectionNoticeIssued',
        {
          deficiencies: [
            { materialType: 'financial-report', problem: '未提交（服务指南要求提交此项材料）' },
            { condition: guideConfig.licenseClasses['facility-install']!.conditions[0], problem: '人员不足' },
          ],
        },
        app,
      ],
      ['ApplicationAccepted', { asOf: '2026-12-01', deemed: false }, app],
      ['ApplicationDeemedAccepted', { asOf: '2026-12-01', deemed: true }, app],
      ['DecisionPeriodExtended', { workingDays: 10, newDueDate: '2027-01-12', reason: '需专家评审' }, app],
      ['ApplicationGranted', { outcome: 'grant' }, app],
      ['ApplicationDenied', { outcome: 'deny', reasons: '技术人员不足', rights: licensingConfig.rightsOnDenial }, app],
      ['ApplicationRefused', { reasons: '不属于本机关职权范围', rights: licensingConfig.rightsOnDenial }, app],
      ['LicenseIssued', {}, licence],
      ['LicenseRenewed', {}, licence],
      ['LicenseChanged', {}, licence],
      ['LicenseImported', {}, { ...licence, imported: { formerNo: '闽电许 2019-001' } }],
      ['LicenseRenewalReminderDue', { validUntil: '2032-01-01', renewBy: '2031-12-02' }, licence],
      ['InspectionOutcomeDecided', { outcome: 'rectification', deadline: '2027-01-15' }, inspection],
    ];
    expect(new Set(cases.map(([type]) => type))).toEqual(new Set(Object.keys(notices)));
    const made = cases.map(([type, data, state]) => {
      const n = noticeFor(
        { stream: 'X#1', seq: 1, type, data, at: '2026-12-01T02:00:00Z', actor: 'reviewer-1', hash: 'h', prevHash: 'p' } as never,
        state,
        'https://www.powerpermit.example.gov.cn/portal',
      );
      return [type, n ? latinLeaks(`${n.title}\n${n.text}\n${n.sms}`) : 'no notice'];
    });
    expect(made).toEqual(cases.map(([type]) => [type, []]));
  });
});
