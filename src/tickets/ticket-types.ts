import type { Bilingual } from '../cards/card-types.js';

/** 来源渠道 channel. */
export const CHANNELS = ['phone', 'web', 'letter', 'visit', 'leader'] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_LABELS: Record<Channel, Bilingual> = {
  phone: { zh: '电话', en: 'Phone' },
  web: { zh: '网络', en: 'Web' },
  letter: { zh: '来信', en: 'Letter' },
  visit: { zh: '来访', en: 'Visit' },
  leader: { zh: '领导交办', en: 'From a leader' },
};

/** 诉求类别 category. */
export const CATEGORIES = ['criticism', 'suggestion', 'consultation', 'help', 'complaint', 'report'] as const;
export type Category = (typeof CATEGORIES)[number];
export const CATEGORY_LABELS: Record<Category, Bilingual> = {
  criticism: { zh: '批评', en: 'Criticism' },
  suggestion: { zh: '意见建议', en: 'Suggestion' },
  consultation: { zh: '咨询', en: 'Consultation' },
  help: { zh: '求助', en: 'Help request' },
  complaint: { zh: '投诉', en: 'Complaint' },
  report: { zh: '举报', en: 'Report' },
};

/** 紧急程度 urgency. */
export const TICKET_URGENCIES = ['normal', 'urgent', 'very_urgent'] as const;
export type TicketUrgency = (typeof TICKET_URGENCIES)[number];
export const TICKET_URGENCY_LABELS: Record<TicketUrgency, Bilingual> = {
  normal: { zh: '一般', en: 'Normal' },
  urgent: { zh: '紧急', en: 'Urgent' },
  very_urgent: { zh: '特急', en: 'Very urgent' },
};

/** The loop's states, and what users see. */
export const TICKET_STATUSES = ['registered', 'assigned', 'returned', 'handling', 'replied', 'callback', 'closed', 'archived', 'rejected', 'merged'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const STATUS_LABELS: Record<TicketStatus, Bilingual> = {
  registered: { zh: '已登记，待派单', en: 'Logged, to be assigned' },
  assigned: { zh: '已派单，待签收', en: 'Assigned, to be accepted' },
  returned: { zh: '已退回，待改派', en: 'Returned, to be re-assigned' },
  handling: { zh: '办理中', en: 'In hand' },
  replied: { zh: '已答复，待审核', en: 'Replied, to be reviewed' },
  callback: { zh: '待回访', en: 'To call back' },
  closed: { zh: '已办结', en: 'Closed' },
  archived: { zh: '已归档', en: 'Archived' },
  rejected: { zh: '不予受理', en: 'Not accepted' },
  merged: { zh: '已合并', en: 'Merged' },
};

/** 退回原因 why a unit returns an assignment. */
export const RETURN_REASONS = ['wrong_area', 'unclear_ownership', 'overlapping_remit', 'other'] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];
export const RETURN_REASON_LABELS: Record<ReturnReason, Bilingual> = {
  wrong_area: { zh: '属地不符', en: 'Not our area' },
  unclear_ownership: { zh: '权属不清', en: 'Unclear ownership' },
  overlapping_remit: { zh: '职能交叉', en: 'Overlapping remit' },
  other: { zh: '其他', en: 'Other' },
};

/** 回访结果 callback outcome; `none` when the caller cannot be called back (anonymous, unreachable). */
export const CALLBACK_OUTCOMES = ['satisfied', 'basically', 'unsatisfied', 'none'] as const;
export type CallbackOutcome = (typeof CALLBACK_OUTCOMES)[number];
export const CALLBACK_LABELS: Record<CallbackOutcome, Bilingual> = {
  satisfied: { zh: '满意', en: 'Satisfied' },
  basically: { zh: '基本满意', en: 'Basically satisfied' },
  unsatisfied: { zh: '不满意', en: 'Not satisfied' },
  none: { zh: '无法回访', en: 'No callback possible' },
};

/** 不予受理: calls outside the office's remit, and where the caller should go. */
export const OUT_OF_SCOPE = ['petition', 'party', 'congress', 'cppcc', 'court', 'procuratorate', 'army'] as const;
export type OutOfScope = (typeof OUT_OF_SCOPE)[number];
export const OUT_OF_SCOPE_LABELS: Record<OutOfScope, { reason: Bilingual; goTo: Bilingual }> = {
  petition: { reason: { zh: '信访事项', en: 'A petition' }, goTo: { zh: '区信访局', en: 'the district petitions bureau' } },
  party: { reason: { zh: '党委工作事项', en: 'Party committee matter' }, goTo: { zh: '区委办公室', en: 'the district Party committee office' } },
  congress: { reason: { zh: '人大工作事项', en: "People's Congress matter" }, goTo: { zh: '区人大常委会办公室', en: "the district People's Congress office" } },
  cppcc: { reason: { zh: '政协工作事项', en: 'CPPCC matter' }, goTo: { zh: '区政协办公室', en: 'the district CPPCC office' } },
  court: { reason: { zh: '涉诉事项', en: 'A court matter' }, goTo: { zh: '区人民法院', en: "the district people's court" } },
  procuratorate: { reason: { zh: '检察事项', en: 'A procuratorate matter' }, goTo: { zh: '区人民检察院', en: "the district people's procuratorate" } },
  army: { reason: { zh: '涉军事项', en: 'A military matter' }, goTo: { zh: '区人民武装部', en: 'the district armed forces department' } },
};
