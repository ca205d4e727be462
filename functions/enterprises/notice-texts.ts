import { type Notice, type NoticeKind, noticeKindOf } from '../notices';
import type { Application } from '../licensing/domain/application';
import { guideConfig, matterById } from '../licensing/domain/guide';
import type { License } from '../licensing/domain/license';
import type { StoredEvent } from '../platform/event-store';
import { agencyById } from '../platform/regions';
import type { Inspection } from '../supervision/domain/inspection';

/**
 * What each kind of notice says (functions/notices.ts says which events call for one): an e-mail
 * (title and text) and an SMS, in Chinese, addressed to the enterprise concerned. A notice speaks
 * of the enterprise's own case, licence or inspection only: no staff member's name, no
 * complainant, no free text an inspector wrote about other people (the findings stay behind the
 * inspection's own route).
 */
/** `portal`: the enterprise portal's address (PUBLIC_BASE_URL + /portal): every notice links to the page it is about. */
type Compose<S> = (e: StoredEvent, state: S, portal: string) => Notice;
const agencyName = (agencyId: string): string => agencyById(agencyId)?.name ?? agencyId;
const materialName = (id: string): string => guideConfig.materialTypes[id]?.name ?? id;
const matterName = (app: Application): string => matterById(app.matterId)?.name ?? app.matterId;
const dueOf = (app: Application, kind: string): string | undefined => app.deadlines.find((d) => d.kind === kind)?.dueDate;
const sign = (agencyId: string, text: string): string => `【${agencyName(agencyId)}】${text}`;

function caseNotice(kind: NoticeKind, app: Application, portal: string, title: string, lines: string[], sms: string): Notice {
  return {
    kind,
    uscc: app.uscc,
    about: { kind: 'application', id: app.id },
    title: `${title}：${matterName(app)}（${app.id}）`,
    text: [`${app.enterpriseName}：`, '', ...lines, '', `${agencyName(app.agencyId)}`, `办理进度：${portal}/cases/${encodeURIComponent(app.id)}`].join('\n'),
    sms: sign(app.agencyId, sms),
  };
}

const correctionNotice: Compose<Application> = (e, app, portal) => {
  const items = (e.data.deficiencies as { materialType?: string; condition?: string; problem: string }[]) ?? [];
  return caseNotice(
    'correction-notice',
    app,
    portal,
    '补正材料通知',
    [
      `贵单位申请的${matterName(app)}（受理编号 ${app.id}）需一次性补正以下 ${items.length} 项（行政许可法第三十二条）：`,
      ...items.map((d, i) => `${i + 1}. ${d.materialType ? materialName(d.materialType) : `许可条件“${d.condition}”`}：${d.problem}`),
      '请在一次补正中提交全部材料；补正前受理期限中止。',
    ],
    `您的申请${app.id}需一次性补正${items.length}项材料，详见邮件或平台。`,
  );
};

const acceptance: Compose<Application> = (e, app, portal) => {
  const due = dueOf(app, 'decision');
  const deemed = e.data.deemed === true;
  return caseNotice(
    'acceptance',
    app,
    portal,
    '受理通知',
    [
      deemed
        ? `贵单位的申请（受理编号 ${app.id}）未在法定期限内作出是否受理的决定，依法自收到申请材料之日起即为受理（行政许可法第三十二条）。`
        : `贵单位的申请（受理编号 ${app.id}）已于 ${String(e.data.asOf)} 受理。`,
      ...(due ? [`审查决定期限至 ${due}（工作日计算）。`] : []),
    ],
    `您的申请${app.id}已受理${due ? `，决定期限至${due}` : ''}。`,
  );
};

const extension: Compose<Application> = (e, app, portal) =>
  caseNotice(
    'extension',
    app,
    portal,
    '延长审查期限告知',
    [
      `贵单位的申请（受理编号 ${app.id}）审查期限延长 ${String(e.data.workingDays)} 个工作日，至 ${String(e.data.newDueDate)}（行政许可法第四十二条）。`,
      `理由：${String(e.data.reason)}`,
    ],
    `您的申请${app.id}审查期限延长至${String(e.data.newDueDate)}。`,
  );

const decision: Compose<Application> = (e, app, portal) => {
  const rights = typeof e.data.rights === 'string' ? e.data.rights : undefined;
  if (e.type === 'ApplicationGranted')
    return caseNotice(
      'decision',
      app,
      portal,
      '准予许可决定',
      [`贵单位的申请（受理编号 ${app.id}）经审查，准予许可。许可证签发后另行通知，电子证照可在平台下载并在线核验。`],
      `您的申请${app.id}已准予许可。`,
    );
  const refused = e.type === 'ApplicationRefused';
  return caseNotice(
    'decision',
    app,
    portal,
    refused ? '不予受理决定' : '不予许可决定',
    [`贵单位的申请（受理编号 ${app.id}）${refused ? '不予受理' : '经审查，不予许可'}。`, `理由：${String(e.data.reasons)}`, ...(rights ? [rights] : [])],
    `您的申请${app.id}${refused ? '不予受理' : '不予许可'}，理由及救济途径详见邮件或平台。`,
  );
};

const licenseNotice = (kind: NoticeKind, l: License, portal: string, title: string, lines: string[], sms: string): Notice => ({
  kind,
  uscc: l.holder.uscc,
  about: { kind: 'license', id: l.licenseNo },
  title: `${title}：${l.licenseNo}`,
  text: [`${l.holder.name}：`, '', ...lines, '', agencyName(l.agencyId), `许可证：${portal}/licences/${encodeURIComponent(l.licenseNo)}`].join('\n'),
  sms: sign(l.agencyId, sms),
});

const licenseIssued: Compose<License> = (e, l, portal) => {
  const imported = e.type === 'LicenseImported';
  return licenseNotice(
    'license-issued',
    l,
    portal,
    imported ? '许可证已迁入平台' : '许可证已签发',
    [
      imported
        ? `贵单位原许可证 ${l.imported?.formerNo ?? ''} 已迁入本平台，新编号 ${l.licenseNo}，有效期 ${l.validFrom} 至 ${l.validUntil}，原许可事项不变。`
        : `贵单位的许可证 ${l.licenseNo} 已签发（第 ${l.version} 版），有效期 ${l.validFrom} 至 ${l.validUntil}。`,
      '电子证照附签章，可在平台下载；纸质证照上的二维码可在线或离线核验。',
    ],
    `您的许可证${l.licenseNo}${imported ? '已迁入平台' : '已签发'}，有效期至${l.validUntil}。`,
  );
};

const renewalReminder: Compose<License> = (e, l, portal) =>
  licenseNotice(
    'renewal-reminder',
    l,
    portal,
    '许可证延续提醒',
    [
      `贵单位的许可证 ${l.licenseNo} 将于 ${String(e.data.validUntil)} 届满。`,
      `需要延续的，请于 ${String(e.data.renewBy)} 前（届满前三十日）提出延续申请（行政许可法第五十条）。`,
    ],
    `您的许可证${l.licenseNo}将于${String(e.data.validUntil)}到期，请于${String(e.data.renewBy)}前申请延续。`,
  );

const rectificationOrder: Compose<Inspection> = (e, i, portal) => ({
  kind: 'rectification-order',
  uscc: i.uscc,
  about: { kind: 'inspection', id: i.inspectionId },
  title: `责令整改通知：${i.inspectionId}`,
  text: [
    `${i.name}：`,
    '',
    `经检查（${i.inspectionId}），贵单位存在需整改的问题，请于 ${String(e.data.deadline)} 前完成整改并提交整改材料。`,
    '检查发现的问题及整改要求见检查记录。',
    '',
    agencyName(i.agencyId),
    `企业服务平台：${portal}/`,
  ].join('\n'),
  sms: sign(i.agencyId, `检查${i.inspectionId}责令整改，请于${String(e.data.deadline)}前完成。`),
});

const texts: Record<NoticeKind, Compose<unknown>> = {
  'correction-notice': correctionNotice as Compose<unknown>,
  acceptance: acceptance as Compose<unknown>,
  extension: extension as Compose<unknown>,
  decision: decision as Compose<unknown>,
  'license-issued': licenseIssued as Compose<unknown>,
  'renewal-reminder': renewalReminder as Compose<unknown>,
  'rectification-order': rectificationOrder as Compose<unknown>,
};

/** The notice an event calls for, if any, from the event and the current state of its stream. */
export function noticeFor(e: StoredEvent, state: unknown, portal: string): Notice | undefined {
  const kind = noticeKindOf(e);
  return kind ? texts[kind](e, state, portal.replace(/\/$/, '')) : undefined;
}
