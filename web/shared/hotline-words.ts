import type { Words } from './i18n';

/** The 12398 work orders' types, business areas and channels in words (config/complaints.json's codes): the statistics and the workbench show them. */
export const HOTLINE_WORDS = {
  complaint: { zh: '投诉', en: 'Complaint' },
  report: { zh: '举报', en: 'Report' },
  consultation: { zh: '咨询', en: 'Consultation' },
  other: { zh: '其他', en: 'Other' },
  'supply-service': { zh: '供电服务', en: 'Supply service' },
  connection: { zh: '用电报装', en: 'Connection' },
  'fees-and-prices': { zh: '收费与价格', en: 'Fees and prices' },
  'licensing-and-market-access': { zh: '许可与市场准入', en: 'Licensing and market access' },
  'power-safety': { zh: '电力安全', en: 'Power safety' },
  'renewables-grid-connection': { zh: '新能源并网', en: 'Renewables grid connection' },
  phone: { zh: '电话', en: 'Phone' },
  wechat: { zh: '微信', en: 'WeChat' },
  app: { zh: '手机应用', en: 'App' },
  email: { zh: '电子邮件', en: 'E-mail' },
  fax: { zh: '传真', en: 'Fax' },
} satisfies Words<string>;
