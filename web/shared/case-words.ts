/** A case's events as its timeline says them (functions/events.ts `application`). */
export const CASE_EVENT_WORDS: Readonly<Record<string, { zh: string; en: string }>> = {
  ApplicationSubmitted: { zh: '提交申请', en: 'Submitted' },
  IntakeChecked: { zh: '在线核验', en: 'Checked online' },
  IntakeChecksAwaited: { zh: '等待在线核验', en: 'Online checks awaited' },
  CommitmentVerificationFailed: { zh: '承诺核验未通过', en: 'Commitment check failed' },
  CorrectionNoticeIssued: { zh: '一次性告知补正', en: 'Correction notice' },
  SupplementSubmitted: { zh: '补正材料', en: 'Supplement' },
  ApplicationAccepted: { zh: '受理', en: 'Accepted' },
  ApplicationDeemedAccepted: { zh: '逾期视为受理', en: 'Deemed accepted' },
  ApplicationRefused: { zh: '不予受理', en: 'Refused' },
  DecisionPeriodExtended: { zh: '延长审查期限', en: 'Decision period extended' },
  ReviewPaused: { zh: '中止计时', en: 'Clock paused' },
  ReviewResumed: { zh: '恢复计时', en: 'Clock resumed' },
  ApplicationGranted: { zh: '准予许可', en: 'Granted' },
  ApplicationDenied: { zh: '不予许可', en: 'Denied' },
  ApplicationWithdrawn: { zh: '撤回申请', en: 'Withdrawn' },
  LicenseIssuedForCase: { zh: '颁发许可证', en: 'Licence issued' },
  DecisionPublished: { zh: '结果公示', en: 'Decision published' },
  DeliveryRecorded: { zh: '寄递', en: 'Delivery' },
  InPersonVisitRecorded: { zh: '现场办理', en: 'In-person visit' },
  DeadlineBreached: { zh: '超期', en: 'Deadline breached' },
  CaseTaken: { zh: '认领（首问负责）', en: 'Taken (first to act)' },
  CaseReassigned: { zh: '转交', en: 'Handed over' },
  CaseCovered: { zh: '顶岗办理', en: 'Covered for the absent owner' },
  Notification: { zh: '通知申请人', en: 'Applicant notified' },
};

/** Who did something, as people read it: the applicant, the platform itself, or a staff account (an identifier). */
export function actorLabel(actor: string, lang: 'zh' | 'en'): string | { staff: string } {
  if (actor.startsWith('applicant:') || actor === 'applicant') return lang === 'zh' ? '申请人' : 'Applicant';
  if (actor.startsWith('system:')) return lang === 'zh' ? '平台自动办理' : 'The platform';
  if (actor.startsWith('partner:') || actor.startsWith('hotline')) return lang === 'zh' ? '12398 热线平台' : 'The 12398 hotline';
  return { staff: actor };
}

/** The next step a case needs (the API's `awaiting.step`), as its page says it. */
export const AWAITED_STEP_WORDS: Readonly<Record<string, { zh: string; en: string }>> = {
  'intake-checks': { zh: '平台在线核验（材料齐全、信用、登记信息）', en: 'The platform’s checks (completeness, credit, registration)' },
  acceptance: { zh: '本机关：受理、不予受理（说明理由）或一次性告知补正', en: 'This agency: accept, refuse with reasons, or one correction notice' },
  supplement: { zh: '申请人：按补正通知补正以下各项', en: 'The applicant: the items of the correction notice' },
  pause: {
    zh: '本机关：{kind}（预计 {days} 个工作日，审查期限中止计时）',
    en: 'This agency: {kind} (about {days} working days; the decision clock is paused)',
  },
  decision: { zh: '本机关：作出许可决定', en: 'This agency: the decision' },
  issuance: { zh: '本机关：颁发许可证', en: 'This agency: issue the licence' },
  publication: { zh: '本机关：公示许可决定', en: 'This agency: publish the decision' },
  finished: { zh: '无：已办结', en: 'Nothing: the case is finished' },
};
