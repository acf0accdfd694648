/**
 * Every card govdesk sends, built by the real builders in every state users receive them, with
 * realistic data: a district government office in 2026 (Asia/Shanghai), its units, its people.
 * Approvals are folded from their event logs by the real `foldApproval` over the real flows,
 * tickets by the real `foldTicket`, report figures by the real `figures`; the states and views
 * are those the services and handlers actually produce (see the comments naming each caller).
 * Deterministic: fixed dates and ids, no clock, no randomness, no database.
 *
 * Each card goes through `cardContent` (the JSON that is sent) and back, so the catalogue holds
 * exactly what Lark receives.
 */
import { FlowRegistry, type FlowDef } from '../../src/approvals/approval-flows.js';
import { parseApprovalFields } from '../../src/approvals/approval-fields.js';
import { foldApproval } from '../../src/approvals/approval-state.js';
import { approvalDecisionCard, approvalRecordCard, approvalStartCard, approvalStatusCard } from '../../src/cards/approval-cards.js';
import { bulletinCard } from '../../src/cards/bulletin-card.js';
import type { Bilingual, Card } from '../../src/cards/card-types.js';
import { overdueDigestCard, overdueNoticeCard, type OverdueItem } from '../../src/cards/digest-card.js';
import { dutyNowCard, myShiftsCard, rosterMonthCard } from '../../src/cards/duty-cards.js';
import { dutyLogEntryCard, dutyLogFormCard, incidentCard } from '../../src/cards/duty-log-cards.js';
import { handOverCard, leaveShiftCard, shiftReminderCard, substituteCard, takeOverCard, type HandoverView } from '../../src/cards/handover-cards.js';
import { helpCard, type HelpEntry } from '../../src/cards/help-card.js';
import { presenceAskCard, presenceResultCard } from '../../src/cards/presence-cards.js';
import type { DutyCheckDoc } from '../../src/models/duty-check.js';
import { hotspotCard } from '../../src/cards/hotspot-card.js';
import { notRegisteredCard } from '../../src/cards/not-registered-card.js';
import { notUnderstoodCard } from '../../src/cards/not-understood-card.js';
import { reportCard } from '../../src/cards/report-card.js';
import { instructionFormCard, supervisionItemCard, supervisionLedgerCard, supervisionNewCard } from '../../src/cards/supervision-cards.js';
import { swapCard, swapFormCard } from '../../src/cards/swap-cards.js';
import { attachedCard, intakeFormCard, ticketCard, ticketListCard, type TicketCardInput, type TicketView } from '../../src/cards/ticket-cards.js';
import { ticketSearchCard } from '../../src/cards/ticket-search-card.js';
import { whoamiCard } from '../../src/cards/whoami-card.js';
import type { Command } from '../../src/commands/command.js';
import type { Person, Unit } from '../../src/directory/directory.js';
import { DEFAULT_SHIFTS } from '../../src/duty/shift-patterns.js';
import { approvalStartCommand } from '../../src/handlers/approval-handlers.js';
import { dutyCommands } from '../../src/handlers/duty-commands.js';
import { dutyLogHandlers } from '../../src/handlers/duty-log-handlers.js';
import { leaveShiftCommand } from '../../src/handlers/handover-actions.js';
import { presenceHandlers } from '../../src/handlers/presence-handlers.js';
import { helpCommand } from '../../src/handlers/help-command.js';
import { reportHandlers } from '../../src/handlers/report-handlers.js';
import { roleCommands } from '../../src/handlers/role-commands.js';
import { supervisionHandlers } from '../../src/handlers/supervision-handlers.js';
import { swapHandlers } from '../../src/handlers/swap-handlers.js';
import { ticketHandlers } from '../../src/handlers/ticket-handlers.js';
import { whoamiCommand } from '../../src/handlers/whoami-command.js';
import dayjs from '../../src/lib/dayjs.js';
import type { ApprovalEvent, ApprovalEventDoc } from '../../src/models/approval-event.js';
import type { ApprovalFields, ApprovalRequestDoc } from '../../src/models/approval-request.js';
import type { DutyLogDoc, DutyLogEventDoc, IncidentDoc, IncidentEventDoc } from '../../src/models/duty-log.js';
import type { DutyShiftDoc } from '../../src/models/duty-shift.js';
import type { DutySwapDoc } from '../../src/models/duty-swap.js';
import type { SupervisionEventDoc, SupervisionItemDoc } from '../../src/models/supervision-item.js';
import type { TicketAction, TicketDoc, TicketTransitionDoc } from '../../src/models/ticket.js';
import { cardContent } from '../../src/outbox/outgoing-message.js';
import { periodRange, type Report } from '../../src/reports/report-service.js';
import { figures, type TicketFacts } from '../../src/reports/ticket-figures.js';
import type { LoadedItem } from '../../src/supervision/supervision-service.js';
import { parseIntake } from '../../src/tickets/intake-fields.js';
import { parseCallText } from '../../src/tickets/parse-call-text.js';
import { foldTicket } from '../../src/tickets/ticket-state.js';
import { CATEGORIES, CATEGORY_LABELS, STATUS_LABELS, type CallbackOutcome, type Category, type TicketStatus } from '../../src/tickets/ticket-types.js';

export interface CatalogueEntry {
  name: string;
  card: Record<string, unknown>;
}

const TZ = 'Asia/Shanghai';
/** A local time in the office's time zone. */
const at = (local: string) => dayjs.tz(local, TZ).toDate();
/** "Now" for the catalogue: Wednesday 18 March 2026, 10:00. */
const NOW = at('2026-03-18 10:00');

// ——— The office: people and units ———

const P = {
  wangXiuying: 'ou_5c1f0a9e3d7b4e28a6f1c0d9b2e7a413', // 受理员
  liJianguo: 'ou_8e2d4c6a1b3f5e7d9c0a2b4d6f8e1a35', // 派单员（秘书科）
  qianFang: 'ou_2a7c9e1b3d5f7a9c1e3b5d7f9a1c3e57', // 派单员（秘书科）
  wangXiaoyan: 'ou_6f4e2d0c8b6a4e2d0c8b6a4f2e0d8c61', // 秘书科科员，起草人
  zhangWei: 'ou_b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a2', // 城关镇联络员
  liuYang: 'ou_c2e4a6b8d0f2c4e6a8b0d2f4c6e8a0b3', // 城关镇负责人
  chenJing: 'ou_d3f5b7c9e1a3d5f7b9c1e3a5d7f9b1c4', // 区住建局联络员
  yangFan: 'ou_e4a6c8d0f2b4e6a8c0d2f4b6e8a0c2d5', // 区住建局负责人
  heLi: 'ou_f5b7d9e1a3c5f7b9d1e3a5c7f9b1d3e6', // 区生态环境局负责人
  zhaoMin: 'ou_a6c8e0f2b4d6a8c0e2f4b6d8a0c2e4f7', // 东城街道联络员
  huangLei: 'ou_17d9f1a3c5e7b9d1f3a5c7e9b1d3f5a8', // 督查科科长
  zhouLixin: 'ou_28e0a2b4d6f8c0e2a4b6d8f0c2e4a6b9', // 办公室主任
  wuGuohua: 'ou_39f1b3c5e7a9d1f3b5c7e9a1d3f5b7c0', // 办公室副主任
  sunHaitao: 'ou_4a0c2d4e6f8a0b2c4d6e8f0a2b4c6d8e', // 区长
  zhengHong: 'ou_5b1d3e5f7a9b1c3d5e7f9a1b3c5d7e9f', // 副区长
  xuWen: 'ou_6c2e4f6a8b0c2d4e6f8a0b2c4d6e8f0a', // 法制办负责人
  maLi: 'ou_7d3f5a7b9c1d3e5f7a9b1c3d5e7f9a1b', // 值班员
  zhuQiang: 'ou_8e4a6b8c0d2e4f6a8b0c2d4e6f8a0b2c', // 值班员
  huMing: 'ou_9f5b7c9d1e3f5a7b9c1d3e5f7a9b1c3d', // 值班员
  guoZhendong: 'ou_a06c8d0e2f4a6b8c0d2e4f6a8b0c2d4e', // 带班领导
  linXiao: 'ou_b17d9e1f3a5b7c9d1e3f5a7b9c1d3e5f', // 管理员
} as const;

const PEOPLE: Person[] = [
  { openId: P.wangXiuying, name: '王秀英', title: '热线受理员', phone: '0571-86012345', unit: 'rxzx', roles: ['intake'], active: true },
  { openId: P.liJianguo, name: '李建国', title: '秘书科副科长', phone: '13905711234', unit: 'mszk', roles: ['dispatcher'], active: true },
  { openId: P.qianFang, name: '钱芳', title: '派单员', phone: '13905712345', unit: 'mszk', roles: ['dispatcher', 'intake'], active: true },
  { openId: P.wangXiaoyan, name: '王晓燕', title: '秘书科科员', phone: '13905713456', unit: 'mszk', roles: ['intake'], active: true },
  { openId: P.zhangWei, name: '张伟', title: '党政办副主任', phone: '13857101234', unit: 'cgz', roles: ['unit_handler'], active: true },
  { openId: P.liuYang, name: '刘洋', title: '镇长', phone: '13857102345', unit: 'cgz', roles: ['unit_head'], active: true },
  { openId: P.chenJing, name: '陈静', title: '办公室主任', phone: '13857103456', unit: 'zjj', roles: ['unit_handler'], active: true },
  { openId: P.yangFan, name: '杨帆', title: '局长', phone: '13857104567', unit: 'zjj', roles: ['unit_head'], active: true },
  { openId: P.heLi, name: '何丽', title: '局长', phone: '13857105678', unit: 'sthj', roles: ['unit_head'], active: true },
  { openId: P.zhaoMin, name: '赵敏', title: '综合办科员', phone: '13857106789', unit: 'dcjd', roles: ['unit_handler'], active: true },
  { openId: P.huangLei, name: '黄磊', title: '督查科科长', phone: '13905714567', unit: 'dck', roles: ['section_head'], active: true },
  { openId: P.zhouLixin, name: '周立新', title: '区府办主任', phone: '13905715678', unit: 'mszk', roles: ['director'], active: true },
  { openId: P.wuGuohua, name: '吴国华', title: '区府办副主任', phone: '13905716789', unit: 'mszk', roles: ['director'], active: true },
  { openId: P.sunHaitao, name: '孙海涛', title: '区长', phone: '', unit: '', roles: ['leader'], active: true },
  { openId: P.zhengHong, name: '郑宏', title: '副区长', phone: '', unit: '', roles: ['leader'], active: true },
  { openId: P.xuWen, name: '徐文', title: '法制办主任', phone: '13905717890', unit: 'fzb', roles: ['unit_head'], active: true },
  { openId: P.maLi, name: '马丽', title: '总值班室值班员', phone: '13905718901', unit: 'zbs', roles: ['duty_officer'], active: true },
  { openId: P.zhuQiang, name: '朱强', title: '总值班室值班员', phone: '13905719012', unit: 'zbs', roles: ['duty_officer'], active: true },
  { openId: P.huMing, name: '胡明', title: '总值班室值班员', phone: '13905710123', unit: 'zbs', roles: ['duty_officer'], active: true },
  { openId: P.guoZhendong, name: '郭振东', title: '区府办副主任', phone: '13905711357', unit: 'mszk', roles: ['duty_leader', 'director'], active: true },
  { openId: P.linXiao, name: '林晓', title: '信息科科员', phone: '13905712468', unit: 'mszk', roles: ['admin', 'intake'], active: true },
];

const UNITS: Unit[] = [
  { code: 'cgz', name: '城关镇', kind: 'town', sectionHeads: [P.huangLei], active: true, larkDepartmentId: 'od-3f9a1c2e5b7d' },
  { code: 'xqz', name: '新桥镇', kind: 'town', sectionHeads: [P.huangLei], active: true },
  { code: 'dcjd', name: '东城街道', kind: 'street', sectionHeads: [P.huangLei], active: true },
  { code: 'xhjd', name: '西湖街道', kind: 'street', sectionHeads: [], active: true },
  { code: 'zjj', name: '区住建局', kind: 'department', sectionHeads: [P.huangLei], active: true },
  { code: 'sthj', name: '区生态环境局', kind: 'department', sectionHeads: [], active: true },
  { code: 'scjg', name: '区市场监管局', kind: 'department', sectionHeads: [], active: true },
  { code: 'jyj', name: '区教育局', kind: 'department', sectionHeads: [], active: true },
  { code: 'gaj', name: '区公安分局', kind: 'department', sectionHeads: [], active: true },
  { code: 'jtj', name: '区交通运输局', kind: 'department', sectionHeads: [], active: false },
  { code: 'mszk', name: '秘书科', kind: 'section', sectionHeads: [], active: true },
  { code: 'dck', name: '督查科', kind: 'section', sectionHeads: [], active: true },
  { code: 'fzb', name: '法制办', kind: 'section', sectionHeads: [], active: true },
  { code: 'zbs', name: '总值班室', kind: 'section', sectionHeads: [], active: true },
  { code: 'rxzx', name: '12345热线中心', kind: 'section', sectionHeads: [], active: true },
];

const NAME_OF = new Map(PEOPLE.map((p) => [p.openId, p.name]));
/** As the services do: the name, or the open_id itself for someone unknown. */
const names = (id: string) => NAME_OF.get(id) ?? id;
const UNIT_NAME = new Map(UNITS.map((u) => [u.code, u.name]));
const unitName = (code: string) => UNIT_NAME.get(code) ?? code;
const unit = (code: string) => UNITS.find((u) => u.code === code)!;
const person = (openId: string) => PEOPLE.find((p) => p.openId === openId)!;
const ACTIVE_UNITS = UNITS.filter((u) => u.active);

/** What is sent: the card as JSON (cardContent), read back. */
const sent = (card: Card): Record<string, unknown> => JSON.parse(cardContent(card)) as Record<string, unknown>;

// ——— Approvals ———

/** One entry of a request's log, before it gets its key and request id. */
type LogEntry = ApprovalEvent & { by: string; at: string };

function eventKey(id: string, e: ApprovalEvent, by: string, joint: boolean, transfers: Map<string, number>): string {
  switch (e.type) {
    case 'submitted':
      return `${id}:r${e.round}:submitted`;
    case 'opened':
      return `${id}:r${e.round}:s${e.step}:open`;
    case 'decided':
      return `${id}:r${e.round}:s${e.step}:decide${joint ? `:${by}` : ''}`;
    case 'transferred': {
      const k = `${e.round}:${e.step}`;
      const n = (transfers.get(k) ?? 0) + 1;
      transfers.set(k, n);
      return `${id}:r${e.round}:s${e.step}:transfer:${n}`;
    }
    case 'withdrawn':
      return `${id}:withdrawn`;
  }
}

interface ApprovalCase {
  request: ApprovalRequestDoc;
  state: ReturnType<typeof foldApproval>;
  flow: FlowDef;
}

/** A request and its state, folded from its log by the real code over the real flows. */
function approvalCase(flows: FlowRegistry, input: { id: string; flow: string; requester: string; createdAt: string; subject?: { kind: string; id: string }; subjectUrgent?: boolean; log: LogEntry[] }): ApprovalCase {
  const flow = flows.get(input.flow)!;
  const opened = new Map<string, 'any' | 'all'>();
  const transfers = new Map<string, number>();
  const events: ApprovalEventDoc[] = input.log.map(({ by, at: when, ...e }) => {
    if (e.type === 'opened') opened.set(`${e.round}:${e.step}`, e.mode);
    const joint = e.type === 'decided' && opened.get(`${e.round}:${e.step}`) === 'all';
    return { ...e, _id: eventKey(input.id, e, by, joint, transfers), request: input.id, by, at: at(when) } as ApprovalEventDoc;
  });
  const state = foldApproval(flow, flows, events, input.subjectUrgent ?? false);
  const created = at(input.createdAt);
  const DAY = 86_400_000;
  const f = state.fields;
  const deadline = f.urgency === 'very_urgent' ? new Date(created.getTime() + 3 * DAY) : f.urgency === 'urgent' ? new Date(created.getTime() + 7 * DAY) : undefined;
  const request: ApprovalRequestDoc = {
    _id: input.id,
    flow: flow.id,
    ...f,
    requester: input.requester,
    requesterUnit: person(input.requester).unit,
    ...(input.subject ? { subject: input.subject } : {}),
    ...(deadline ? { deadline } : {}),
    status: state.status,
    round: state.round,
    step: state.current ?? -1,
    createdAt: created,
    updatedAt: at(input.log.at(-1)!.at),
  };
  return { request, state, flow };
}

function approvalEntries(): CatalogueEntry[] {
  const flows = new FlowRegistry();
  // 会签: none of the built-in flows has a joint step yet, so a flow a feature would register.
  flows.register({
    id: 'joint_notice',
    name: { zh: '联合发文会签', en: 'Joint notice sign-off' },
    steps: [
      { key: 'units', name: { zh: '相关单位会签', en: 'Units co-sign' }, deciders: { kind: 'role', role: 'unit_head', mode: 'all' } },
      { key: 'director', name: { zh: '主任签发', en: 'Director signs' }, deciders: { kind: 'role', role: 'director', mode: 'any' } },
    ],
  });
  const dispatchers = [P.liJianguo, P.qianFang].sort();
  const directors = [P.guoZhendong, P.wuGuohua, P.zhouLixin].sort();
  const leaders = [P.sunHaitao, P.zhengHong].sort();

  const safetyNotice: ApprovalFields = {
    title: '关于开展2026年春季安全生产大检查的通知',
    summary:
      '为切实做好春季安全生产工作，经研究，决定于3月下旬至4月底在全区开展安全生产大检查。\n一、检查范围：各镇街、区级有关部门，重点为建筑施工、道路交通、危险化学品、燃气、人员密集场所。\n二、时间安排：3月25日前各单位自查，4月1日至25日区安委会组织督查。\n三、工作要求：各单位主要负责人亲自部署，于4月28日前报送总结。',
    link: 'https://oa.example.gov.cn/docs/2026/0316-031',
    urgency: 'normal',
    security: 'none',
    normative: false,
  };
  const roadRules: ApprovalFields = {
    title: '关于印发《城关区城市道路占用挖掘管理办法》的通知',
    summary: '根据《城市道路管理条例》及省有关规定，结合我区实际，起草了本办法，已征求区住建局、区公安分局交警大队、各镇街意见，共收到意见12条，采纳9条。办法自2026年5月1日起施行，有效期5年。',
    link: '城府办〔2026〕14号（送审稿）',
    urgency: 'urgent',
    security: 'none',
    normative: true,
  };
  const floodPlan: ApprovalFields = {
    title: '关于2026年防汛防台应急预案（涉密版）的请示',
    summary: '预案含重点水库、堤防险段分布及抢险队伍、物资储备点位，按规定定为机密级，请审定。',
    link: '城府办密〔2026〕3号',
    urgency: 'very_urgent',
    security: 'confidential',
    normative: false,
  };

  // A: 发文审批 just started: 秘书科核稿, either dispatcher may decide.
  const a = approvalCase(flows, {
    id: 'AP20260316-3F9A1C',
    flow: 'document',
    requester: P.wangXiaoyan,
    createdAt: '2026-03-16 09:12',
    log: [
      { type: 'submitted', round: 1, fromStep: 0, fields: safetyNotice, by: P.wangXiaoyan, at: '2026-03-16 09:12' },
      { type: 'opened', round: 1, step: 0, deciders: dispatchers, mode: 'any', dueAt: at('2026-03-17 09:12'), by: P.wangXiaoyan, at: '2026-03-16 09:12' },
    ],
  });

  // B: 规范性文件 (adds 法制审核), 急件: two steps approved, now at the legal review.
  const b = approvalCase(flows, {
    id: 'AP20260313-8B2E47',
    flow: 'document',
    requester: P.wangXiaoyan,
    createdAt: '2026-03-13 15:40',
    log: [
      { type: 'submitted', round: 1, fromStep: 0, fields: roadRules, by: P.wangXiaoyan, at: '2026-03-13 15:40' },
      { type: 'opened', round: 1, step: 0, deciders: dispatchers, mode: 'any', dueAt: at('2026-03-13 15:40'), by: P.wangXiaoyan, at: '2026-03-13 15:40' },
      { type: 'decided', round: 1, step: 0, outcome: 'approve', comment: '文字已核，格式符合公文规范。', by: P.liJianguo, at: '2026-03-13 16:25' },
      { type: 'opened', round: 1, step: 1, deciders: directors, mode: 'any', dueAt: at('2026-03-13 16:25'), by: P.wangXiaoyan, at: '2026-03-13 16:25' },
      { type: 'decided', round: 1, step: 1, outcome: 'approve', comment: '同意，请法制办审核合法性。', by: P.wuGuohua, at: '2026-03-16 10:02' },
      { type: 'opened', round: 1, step: 2, deciders: [P.xuWen], mode: 'any', dueAt: at('2026-03-16 10:02'), by: P.wangXiaoyan, at: '2026-03-16 10:02' },
    ],
  });

  // C: 会签: three unit heads must all approve; one did, one handed his part to a colleague.
  const c = approvalCase(flows, {
    id: 'AP20260311-C41D09',
    flow: 'joint_notice',
    requester: P.wangXiaoyan,
    createdAt: '2026-03-11 11:05',
    log: [
      {
        type: 'submitted',
        round: 1,
        fromStep: 0,
        fields: { title: '关于联合开展城区扬尘污染专项整治的通知', summary: '由区住建局、区生态环境局、城关镇联合发文，明确工地扬尘、道路保洁、渣土运输三项整治任务及责任分工。', link: '', urgency: 'normal', security: 'none', normative: false },
        by: P.wangXiaoyan,
        at: '2026-03-11 11:05',
      },
      { type: 'opened', round: 1, step: 0, deciders: [P.heLi, P.liuYang, P.yangFan].sort(), mode: 'all', dueAt: at('2026-03-12 11:05'), by: P.wangXiaoyan, at: '2026-03-11 11:05' },
      { type: 'decided', round: 1, step: 0, outcome: 'approve', comment: '同意会签。', by: P.yangFan, at: '2026-03-11 14:30' },
      { type: 'transferred', round: 1, step: 0, from: P.liuYang, to: P.zhangWei, comment: '本人在市里参加培训，请张伟同志代为会签。', by: P.liuYang, at: '2026-03-12 08:47' },
    ],
  });

  // D: returned by the deputy director with a comment; E: revised and resubmitted (round 2).
  const returnedLog: LogEntry[] = [
    { type: 'submitted', round: 1, fromStep: 0, fields: { ...safetyNotice, title: '关于开展2026年春季消防安全检查的通知', link: '' }, by: P.wangXiaoyan, at: '2026-03-09 10:20' },
    { type: 'opened', round: 1, step: 0, deciders: dispatchers, mode: 'any', dueAt: at('2026-03-10 10:20'), by: P.wangXiaoyan, at: '2026-03-09 10:20' },
    { type: 'decided', round: 1, step: 0, outcome: 'approve', comment: '', by: P.qianFang, at: '2026-03-09 11:02' },
    { type: 'opened', round: 1, step: 1, deciders: directors, mode: 'any', dueAt: at('2026-03-10 11:02'), by: P.wangXiaoyan, at: '2026-03-09 11:02' },
    { type: 'decided', round: 1, step: 1, outcome: 'return', comment: '请补充检查范围和责任分工，附件缺少检查表；与安委办通知重复的内容请删去。', by: P.zhouLixin, at: '2026-03-10 09:15' },
  ];
  const d = approvalCase(flows, { id: 'AP20260309-5E0B3A', flow: 'document', requester: P.wangXiaoyan, createdAt: '2026-03-09 10:20', log: returnedLog });
  const e = approvalCase(flows, {
    id: 'AP20260309-5E0B3A',
    flow: 'document',
    requester: P.wangXiaoyan,
    createdAt: '2026-03-09 10:20',
    log: [
      ...returnedLog,
      { type: 'submitted', round: 2, fromStep: 1, fields: { ...safetyNotice, title: '关于开展2026年春季消防安全检查的通知（修改稿）', link: '附件：消防安全检查表.docx' }, by: P.wangXiaoyan, at: '2026-03-10 16:40' },
      { type: 'opened', round: 2, step: 1, deciders: directors, mode: 'any', dueAt: at('2026-03-11 16:40'), by: P.wangXiaoyan, at: '2026-03-10 16:40' },
    ],
  });

  // F: approved at every step (four steps, not normative).
  const f = approvalCase(flows, {
    id: 'AP20260302-1A7F6D',
    flow: 'document',
    requester: P.wangXiaoyan,
    createdAt: '2026-03-02 09:00',
    log: [
      { type: 'submitted', round: 1, fromStep: 0, fields: { title: '关于做好2026年清明节期间文明祭扫工作的通知', summary: '倡导文明低碳祭扫，做好森林防火和交通疏导。', link: 'https://oa.example.gov.cn/docs/2026/0302-012', urgency: 'normal', security: 'none', normative: false }, by: P.wangXiaoyan, at: '2026-03-02 09:00' },
      { type: 'opened', round: 1, step: 0, deciders: dispatchers, mode: 'any', dueAt: at('2026-03-03 09:00'), by: P.wangXiaoyan, at: '2026-03-02 09:00' },
      { type: 'decided', round: 1, step: 0, outcome: 'approve', comment: '已核。', by: P.liJianguo, at: '2026-03-02 09:40' },
      { type: 'opened', round: 1, step: 1, deciders: directors, mode: 'any', dueAt: at('2026-03-03 09:40'), by: P.wangXiaoyan, at: '2026-03-02 09:40' },
      { type: 'decided', round: 1, step: 1, outcome: 'approve', comment: '同意。', by: P.wuGuohua, at: '2026-03-02 14:10' },
      { type: 'opened', round: 1, step: 2, deciders: directors, mode: 'any', dueAt: at('2026-03-03 14:10'), by: P.wangXiaoyan, at: '2026-03-02 14:10' },
      { type: 'decided', round: 1, step: 2, outcome: 'approve', comment: '同意，呈郑区长签发。', by: P.zhouLixin, at: '2026-03-03 08:55' },
      { type: 'opened', round: 1, step: 3, deciders: leaders, mode: 'any', dueAt: at('2026-03-04 08:55'), by: P.wangXiaoyan, at: '2026-03-03 08:55' },
      { type: 'decided', round: 1, step: 3, outcome: 'approve', comment: '同意印发。', by: P.zhengHong, at: '2026-03-03 17:20' },
    ],
  });

  // G: withdrawn by the requester while the deputy director had it.
  const g = approvalCase(flows, {
    id: 'AP20260305-9C3E12',
    flow: 'document',
    requester: P.wangXiaoyan,
    createdAt: '2026-03-05 10:30',
    log: [
      { type: 'submitted', round: 1, fromStep: 0, fields: { title: '关于调整区政府常务会议议事规则的请示', summary: '拟调整常务会议议题提交时限。', link: '', urgency: 'normal', security: 'none', normative: false }, by: P.wangXiaoyan, at: '2026-03-05 10:30' },
      { type: 'opened', round: 1, step: 0, deciders: dispatchers, mode: 'any', dueAt: at('2026-03-06 10:30'), by: P.wangXiaoyan, at: '2026-03-05 10:30' },
      { type: 'decided', round: 1, step: 0, outcome: 'approve', comment: '', by: P.qianFang, at: '2026-03-05 11:00' },
      { type: 'opened', round: 1, step: 1, deciders: directors, mode: 'any', dueAt: at('2026-03-06 11:00'), by: P.wangXiaoyan, at: '2026-03-05 11:00' },
      { type: 'withdrawn', by: P.wangXiaoyan, at: '2026-03-05 15:45' },
    ],
  });

  // H: 机密, 特急: only the deciders and the requester see it.
  const h = approvalCase(flows, {
    id: 'AP20260317-2D6B58',
    flow: 'document',
    requester: P.wangXiaoyan,
    createdAt: '2026-03-17 08:30',
    log: [
      { type: 'submitted', round: 1, fromStep: 0, fields: floodPlan, by: P.wangXiaoyan, at: '2026-03-17 08:30' },
      { type: 'opened', round: 1, step: 0, deciders: dispatchers, mode: 'any', dueAt: at('2026-03-17 08:30'), by: P.wangXiaoyan, at: '2026-03-17 08:30' },
      { type: 'decided', round: 1, step: 0, outcome: 'approve', comment: '已按涉密文件流程核稿。', by: P.liJianguo, at: '2026-03-17 09:05' },
      { type: 'opened', round: 1, step: 1, deciders: directors, mode: 'any', dueAt: at('2026-03-17 09:05'), by: P.wangXiaoyan, at: '2026-03-17 09:05' },
    ],
  });

  // I: a ticket's extension request (started by the ticket service), 急件 → 区领导审批.
  const ticketId = 'ZX-20260310-0007';
  const i = approvalCase(flows, {
    id: 'AP20260317-E8A4C0',
    flow: 'extension',
    requester: P.chenJing,
    createdAt: '2026-03-17 15:20',
    subject: { kind: 'ticket', id: ticketId },
    log: [
      {
        type: 'submitted',
        round: 1,
        fromStep: 0,
        fields: {
          title: `工单 ${ticketId} 申请延期 5 个工作日`,
          summary: '涉及燃气管道迁改，需燃气公司停气施工，已协调于3月24日施工。\n——\n城关镇解放路128号小区东侧人行道塌陷，疑似地下燃气管道渗漏，居民闻到异味，要求尽快处理。',
          link: ticketId,
          urgency: 'urgent',
          security: 'none',
          normative: false,
        },
        by: P.chenJing,
        at: '2026-03-17 15:20',
      },
      { type: 'opened', round: 1, step: 0, deciders: leaders, mode: 'any', dueAt: at('2026-03-17 15:20'), by: P.chenJing, at: '2026-03-17 15:20' },
    ],
  });

  // J: a duty swap's approval (started by the swap service): the requester's section head decides.
  const j = approvalCase(flows, {
    id: 'AP20260316-7B5F90',
    flow: 'swap',
    requester: P.maLi,
    createdAt: '2026-03-16 18:02',
    subject: { kind: 'swap', id: 'HB-4F1A9C2E' },
    log: [
      { type: 'submitted', round: 1, fromStep: 0, fields: { title: '换班：2026-03-21:night', summary: '孩子3月21日晚参加中考体育加试，需陪同。', link: 'HB-4F1A9C2E', urgency: 'normal', security: 'none', normative: false }, by: P.maLi, at: '2026-03-16 18:02' },
      { type: 'opened', round: 1, step: 0, deciders: [P.huangLei], mode: 'any', dueAt: at('2026-03-17 18:02'), by: P.maLi, at: '2026-03-16 18:02' },
    ],
  });
  const jApproved = approvalCase(flows, {
    id: 'AP20260316-7B5F90',
    flow: 'swap',
    requester: P.maLi,
    createdAt: '2026-03-16 18:02',
    subject: { kind: 'swap', id: 'HB-4F1A9C2E' },
    log: [
      { type: 'submitted', round: 1, fromStep: 0, fields: j.state.fields, by: P.maLi, at: '2026-03-16 18:02' },
      { type: 'opened', round: 1, step: 0, deciders: [P.huangLei], mode: 'any', dueAt: at('2026-03-17 18:02'), by: P.maLi, at: '2026-03-16 18:02' },
      { type: 'decided', round: 1, step: 0, outcome: 'approve', comment: '同意，请做好交接。', by: P.huangLei, at: '2026-03-17 08:41' },
    ],
  });

  const dec = (x: ApprovalCase) => approvalDecisionCard(x.request, x.state, x.flow, names, TZ);
  const rec = (x: ApprovalCase, headline?: Bilingual) => approvalRecordCard(x.request, x.state, x.flow, names, TZ, headline);
  const sta = (x: ApprovalCase) => approvalStatusCard(x.request, x.state, x.flow, names, TZ);

  // The start form: the flows offered in chat; after a refused submit, the form value back with its problems.
  const startable = flows.all().filter((fl) => fl.fromChat);
  const badForm: Record<string, unknown> = { title: '', flow: 'document', summary: '请审定。'.repeat(520), link: 'https://oa.example.gov.cn/docs/2026/0318-045', urgency: 'urgent', security: 'secret', normative: 'yes' };
  const badParsed = parseApprovalFields(badForm);
  const badProblems = 'problems' in badParsed ? badParsed.problems : [];
  const prefill = Object.fromEntries(Object.entries(badForm).map(([k, v]) => [k, k === 'normative' ? v === 'yes' : v]));

  return [
    { name: 'approvalStartCard: 发起审批 form (empty)', card: sent(approvalStartCard(startable)) },
    { name: 'approvalStartCard: refused submit, prefilled, with problems', card: sent(approvalStartCard(startable, prefill, badProblems)) },
    { name: 'approvalDecisionCard: 发文 pending at 秘书科核稿 (any of two)', card: sent(dec(a)) },
    {
      name: 'approvalDecisionCard: refused, comment too long, shown again',
      card: sent(approvalDecisionCard(a.request, a.state, a.flow, names, TZ, { problems: [{ zh: '意见最多 500 字（现 520 字），请精简后再提交', en: 'A comment is at most 500 characters (this one has 520); shorten it and submit again' }], comment: '文字需进一步核对。'.repeat(58) })),
    },
    { name: 'approvalStatusCard: 发文 pending at 秘书科核稿', card: sent(sta(a)) },
    { name: 'approvalDecisionCard: 规范性文件 急件 at 法制审核', card: sent(dec(b)) },
    { name: 'approvalRecordCard: 规范性文件, decided copy of 秘书科核稿', card: sent(rec(b)) },
    { name: 'approvalStatusCard: 规范性文件 pending at 法制审核', card: sent(sta(b)) },
    { name: 'approvalDecisionCard: 会签 step, one approved, one handed over', card: sent(dec(c)) },
    { name: 'approvalRecordCard: 会签, the hand-over giver\'s copy', card: sent(rec(c)) },
    { name: 'approvalStatusCard: 会签 pending', card: sent(sta(c)) },
    { name: 'approvalStatusCard: returned (resubmit form and withdraw)', card: sent(sta(d)) },
    { name: 'approvalRecordCard: returned', card: sent(rec(d)) },
    { name: 'approvalDecisionCard: resubmitted, round 2 (earlier step carried)', card: sent(dec(e)) },
    { name: 'approvalStatusCard: resubmitted, round 2 pending', card: sent(sta(e)) },
    { name: 'approvalStatusCard: approved at every step', card: sent(sta(f)) },
    { name: 'approvalRecordCard: approved at every step', card: sent(rec(f)) },
    { name: 'approvalRecordCard: approved, with a headline', card: sent(rec(f, { zh: '已签发', en: 'Signed off' })) },
    { name: 'approvalStatusCard: withdrawn', card: sent(sta(g)) },
    { name: 'approvalRecordCard: withdrawn', card: sent(rec(g)) },
    { name: 'approvalDecisionCard: 机密 特急 at 分管副主任审核', card: sent(dec(h)) },
    { name: 'approvalStatusCard: 机密 特急 pending', card: sent(sta(h)) },
    { name: 'approvalDecisionCard: ticket extension (急件 → 区领导审批)', card: sent(dec(i)) },
    { name: 'approvalStatusCard: ticket extension pending', card: sent(sta(i)) },
    { name: 'approvalDecisionCard: duty swap at 值班科长审批', card: sent(dec(j)) },
    { name: 'approvalRecordCard: duty swap approved', card: sent(rec(jApproved)) },
  ];
}

// ——— Tickets ———

interface Step {
  action: TicketAction;
  to: TicketStatus;
  by: string;
  at: string;
  note?: string;
  data?: Record<string, unknown>;
}

type Intake = Pick<TicketDoc, 'callerName' | 'phone' | 'anonymous' | 'channel' | 'category' | 'content' | 'place' | 'urgency'>;

/** A ticket and its state, folded by the real code from its transitions. */
function ticketCase(id: string, intake: Intake, steps: Step[], extra: { possibleRepeats?: string[]; intakeBy?: string } = {}): Pick<TicketCardInput, 'ticket' | 'state'> {
  const transitions: TicketTransitionDoc[] = steps.map((s, i) => ({
    _id: `${id}:${i + 1}`,
    ticket: id,
    seq: i + 1,
    action: s.action,
    from: i === 0 ? null : steps[i - 1]!.to,
    to: s.to,
    by: s.by,
    at: at(s.at),
    note: s.note ?? '',
    data: s.data ?? {},
    caused: [],
  }));
  const state = foldTicket(transitions);
  const ticket: TicketDoc = {
    _id: id,
    ...intake,
    intakeKey: `ev_${id.replace(/-/g, '').toLowerCase()}`,
    intakeBy: extra.intakeBy ?? P.wangXiuying,
    createdAt: at(steps[0]!.at),
    possibleRepeats: extra.possibleRepeats ?? [],
    status: state.status,
    version: state.version,
    ...(state.leadUnit ? { leadUnit: state.leadUnit } : {}),
    coUnits: state.coUnits,
    ...(state.deadline ? { deadline: state.deadline } : {}),
    ...(state.callback ? { callback: state.callback } : {}),
    updatedAt: at(steps.at(-1)!.at),
  };
  return { ticket, state };
}

const deadlineIso = (day: string) => at(`${day} 23:59:59`).toISOString();

function ticketEntries(): CatalogueEntry[] {
  const tcard = (view: TicketView, t: Pick<TicketCardInput, 'ticket' | 'state'>, opts: { light?: 'yellow' | 'red'; fullTimeline?: boolean; now?: Date; instruct?: boolean; suggestion?: TicketCardInput['suggestion'] } = {}) =>
    sent(
      ticketCard(view, {
        ...t,
        names,
        unitName,
        units: ACTIVE_UNITS,
        tz: TZ,
        now: opts.now ?? NOW,
        defaultDeadline: '2026-04-07',
        ...(opts.fullTimeline ? { fullTimeline: true } : {}),
        ...(opts.light ? { light: opts.light } : {}),
        ...(opts.instruct ? { instruct: true } : {}),
        ...(opts.suggestion ? { suggestion: opts.suggestion } : {}),
      }),
    );

  const streetLight: Intake = {
    callerName: '张先生',
    phone: '13812345678',
    anonymous: false,
    channel: 'phone',
    category: 'help',
    content: '反映城关镇解放路与人民路交叉口路灯连续三晚不亮，夜间行人和电动车通行不安全，希望尽快维修。',
    place: '城关镇解放路与人民路交叉口',
    urgency: 'normal',
  };
  const register = (when: string, by: string = P.wangXiuying): Step => ({ action: 'register', to: 'registered', by, at: when });
  const assign = (when: string, leadUnit: string, coUnits: string[], deadline: string, note = ''): Step => ({
    action: 'assign',
    to: 'assigned',
    by: P.liJianguo,
    at: when,
    note,
    data: { leadUnit, coUnits, deadline: deadlineIso(deadline), urgency: 'normal', limitDays: 5 },
  });

  // registered → the dispatchers' 派单 card.
  const registered = ticketCase('ZX-20260318-0012', streetLight, [register('2026-03-18 09:41')]);
  // registered, very urgent, with possible repeats (合并 offered).
  const repeats = ticketCase(
    'ZX-20260318-0015',
    {
      callerName: '',
      phone: '0571-86543210',
      anonymous: false,
      channel: 'phone',
      category: 'complaint',
      content: '新桥镇工业园区某化工厂夜间排放刺鼻气体，附近幸福村村民头晕恶心，已持续一周，要求立即查处。',
      place: '新桥镇工业园区纬三路',
      urgency: 'very_urgent',
    },
    [register('2026-03-18 09:55', P.qianFang)],
    { possibleRepeats: ['ZX-20260302-0011', 'ZX-20260309-0004'], intakeBy: P.qianFang },
  );
  // returned by the lead unit → 派单 again (the lead unit pre-selected).
  const returned = ticketCase('ZX-20260316-0008', { ...streetLight, content: '东城街道建设路32号门前窨井盖缺失，已有老人险些跌落，请尽快处置。', place: '东城街道建设路32号', category: 'help' }, [
    register('2026-03-16 08:50'),
    assign('2026-03-16 09:20', 'cgz', ['zjj'], '2026-03-23'),
    { action: 'return', to: 'returned', by: P.zhangWei, at: '2026-03-16 11:05', note: '该路段属东城街道管辖，请改派东城街道。', data: { reason: 'wrong_area', unit: 'cgz' } },
  ]);
  // assigned → 签收/退回 for the lead unit, 协办 notice for the co-units.
  const gasLeak = {
    callerName: '李女士',
    phone: '13967123456',
    anonymous: false,
    channel: 'phone' as const,
    category: 'report' as const,
    content: '城关镇解放路128号小区东侧人行道塌陷，疑似地下燃气管道渗漏，居民闻到异味，要求尽快处理。',
    place: '城关镇解放路128号',
    urgency: 'urgent' as const,
  };
  const assignedSteps: Step[] = [register('2026-03-10 14:22'), assign('2026-03-10 14:40', 'zjj', ['cgz', 'sthj'], '2026-03-19', '请住建局牵头，城关镇、生态环境局配合，注意燃气安全。')];
  const assigned = ticketCase('ZX-20260310-0007', gasLeak, assignedSteps);
  // handling: accepted, progress reported.
  const handlingSteps: Step[] = [
    ...assignedSteps,
    { action: 'accept', to: 'handling', by: P.chenJing, at: '2026-03-10 15:02' },
    { action: 'progress', to: 'handling', by: P.chenJing, at: '2026-03-11 10:30', note: '已会同燃气公司现场勘查，确认为支管接口渗漏，已设置围挡并临时关阀。' },
  ];
  const handling = ticketCase('ZX-20260310-0007', gasLeak, handlingSteps);
  // 申请改派 waiting for a dispatcher; and a ticket suspended (挂起) by an approved request.
  const transferAsked = ticketCase('ZX-20260310-0007', gasLeak, [
    ...handlingSteps,
    { action: 'transfer_requested', to: 'handling', by: P.chenJing, at: '2026-03-11 14:00', note: '燃气管道属燃气公司产权，建议改派区住建局。', data: { unit: 'dcjd' } },
  ]);
  const suspended = ticketCase('ZX-20260310-0007', gasLeak, [
    ...handlingSteps,
    { action: 'suspension_requested', to: 'handling', by: P.chenJing, at: '2026-03-11 14:00', note: '等待燃气公司出具检测报告。', data: { until: '2026-03-20', approval: 'AP20260311-5A1B2C' } },
    { action: 'suspended', to: 'handling', by: P.chenJing, at: '2026-03-11 16:00', data: { approval: 'AP20260311-5A1B2C', until: '2026-03-20', reason: '等待燃气公司出具检测报告。' } },
  ]);
  // handling with an extension waiting for its approval (申请延期 hidden).
  const extending = ticketCase('ZX-20260310-0007', gasLeak, [
    ...handlingSteps,
    { action: 'extension_requested', to: 'handling', by: P.chenJing, at: '2026-03-17 15:20', note: '涉及燃气管道迁改，需燃气公司停气施工，已协调于3月24日施工。', data: { days: 5, approval: 'AP20260317-E8A4C0' } },
  ]);
  // handling after the extension was approved, with a leader's instruction on it.
  const extended = ticketCase('ZX-20260310-0007', gasLeak, [
    ...handlingSteps,
    { action: 'extension_requested', to: 'handling', by: P.chenJing, at: '2026-03-17 15:20', note: '涉及燃气管道迁改，需燃气公司停气施工。', data: { days: 5, approval: 'AP20260317-E8A4C0' } },
    { action: 'extended', to: 'handling', by: P.chenJing, at: '2026-03-17 16:45', data: { approval: 'AP20260317-E8A4C0', deadline: deadlineIso('2026-03-26'), days: 5 } },
    { action: 'instruction', to: 'handling', by: P.zhengHong, at: '2026-03-17 17:30', note: '燃气安全无小事，住建局要盯紧施工，确保3月底前彻底消除隐患，并举一反三排查同类小区。' },
  ]);
  // overdue (red light): the deadline passed two days ago.
  const overdue = ticketCase(
    'ZX-20260304-0021',
    { callerName: '赵师傅', phone: '15858123456', anonymous: false, channel: 'web', category: 'complaint', content: '西湖街道文化路夜市占道经营，油烟噪音扰民至凌晨，多次反映未果。', place: '西湖街道文化路', urgency: 'normal' },
    [
      register('2026-03-04 10:15'),
      { ...assign('2026-03-04 11:00', 'xhjd', ['scjg'], '2026-03-16'), data: { leadUnit: 'xhjd', coUnits: ['scjg'], deadline: deadlineIso('2026-03-16'), urgency: 'normal', limitDays: 8 } },
      { action: 'accept', to: 'handling', by: P.zhaoMin, at: '2026-03-04 14:20' },
    ],
  );
  // replied → 审核 for the dispatchers.
  const repliedSteps: Step[] = [
    ...handlingSteps,
    { action: 'reply', to: 'replied', by: P.chenJing, at: '2026-03-13 16:00', note: '', data: { result: '燃气公司已更换渗漏接口并回填路面，人行道已恢复通行。', reply: '已电话告知李女士处理结果，李女士表示认可。' } },
  ];
  const replied = ticketCase('ZX-20260310-0007', gasLeak, repliedSteps);
  // redone after the review (重办): back to handling.
  const redo = ticketCase('ZX-20260310-0007', gasLeak, [...repliedSteps, { action: 'redo', to: 'handling', by: P.liJianguo, at: '2026-03-13 17:10', note: '答复未说明路面修复后的验收情况，请补充并附照片。' }]);
  // callback → 回访 for the clerk (a caller with a phone: no 无法回访).
  const callbackSteps: Step[] = [...repliedSteps, { action: 'review_accept', to: 'callback', by: P.liJianguo, at: '2026-03-14 09:10' }];
  const callback = ticketCase('ZX-20260310-0007', gasLeak, callbackSteps);
  // callback for an anonymous caller (无法回访 offered).
  const anonymousSteps: Step[] = [
    register('2026-03-05 16:30'),
    assign('2026-03-05 16:50', 'scjg', [], '2026-03-24'),
    { action: 'accept', to: 'handling', by: P.chenJing, at: '2026-03-06 08:40' },
    { action: 'reply', to: 'replied', by: P.chenJing, at: '2026-03-12 11:20', data: { result: '执法人员现场检查，该店过期食品已下架销毁，立案调查。', reply: '匿名来电，无法答复。' } },
    { action: 'review_accept', to: 'callback', by: P.qianFang, at: '2026-03-12 15:00' },
  ];
  const anonymous = ticketCase(
    'ZX-20260305-0019',
    { callerName: '', phone: '', anonymous: true, channel: 'letter', category: 'report', content: '举报东城街道某超市销售过期食品，<生产日期>被涂改。', place: '东城街道中山路', urgency: 'normal' },
    anonymousSteps,
  );
  // unsatisfied caller: back to handling (重办).
  const unsatisfied = ticketCase('ZX-20260310-0007', gasLeak, [...callbackSteps, { action: 'callback', to: 'handling', by: P.wangXiuying, at: '2026-03-14 10:20', note: '来电人称路面仍有异味，不满意。', data: { outcome: 'unsatisfied' as CallbackOutcome } }]);
  // closed → 归档 for the clerk.
  const closedSteps: Step[] = [...callbackSteps, { action: 'callback', to: 'closed', by: P.wangXiuying, at: '2026-03-14 10:20', note: '来电人表示满意。', data: { outcome: 'satisfied' as CallbackOutcome } }];
  const closed = ticketCase('ZX-20260310-0007', gasLeak, closedSteps);
  // archived after a long life: more than 8 steps (the latest 8, or the whole timeline on 查询).
  const longLife = ticketCase('ZX-20260302-0011', { ...gasLeak, callerName: '王大伯', phone: '13588776655', channel: 'visit', content: '新桥镇幸福村村道被渣土车压坏，雨天积水严重，村民出行困难。', place: '新桥镇幸福村', category: 'suggestion', urgency: 'normal' }, [
    register('2026-03-02 08:35'),
    assign('2026-03-02 09:10', 'cgz', [], '2026-03-18'),
    { action: 'return', to: 'returned', by: P.zhangWei, at: '2026-03-02 10:40', note: '幸福村属新桥镇。', data: { reason: 'wrong_area', unit: 'cgz' } },
    assign('2026-03-02 11:00', 'xqz', ['zjj'], '2026-03-19'),
    { action: 'accept', to: 'handling', by: P.liuYang, at: '2026-03-02 14:00' },
    { action: 'progress', to: 'handling', by: P.liuYang, at: '2026-03-04 09:30', note: '已约谈渣土运输企业，责成其承担修复费用。' },
    { action: 'merged_in', to: 'handling', by: P.qianFang, at: '2026-03-09 10:05', data: { from: 'ZX-20260309-0004' } },
    { action: 'instruction', to: 'handling', by: P.sunHaitao, at: '2026-03-09 16:00', note: '要举一反三，加强渣土车路线管理。' },
    { action: 'reply', to: 'replied', by: P.liuYang, at: '2026-03-11 17:00', data: { result: '村道已修复。', reply: '已告知来电人。' } },
    { action: 'redo', to: 'handling', by: P.liJianguo, at: '2026-03-12 09:00', note: '未附修复照片。' },
    { action: 'reply', to: 'replied', by: P.liuYang, at: '2026-03-12 15:30', data: { result: '村道已修复，附照片3张。', reply: '已告知来电人。' } },
    { action: 'review_accept', to: 'callback', by: P.liJianguo, at: '2026-03-13 09:00' },
    { action: 'callback', to: 'closed', by: P.wangXiuying, at: '2026-03-13 10:00', note: '基本满意，希望定期巡查。', data: { outcome: 'basically' } },
    { action: 'archive', to: 'archived', by: P.liJianguo, at: '2026-03-16 09:00' },
  ]);
  // rejected at intake: out of scope (信访).
  const rejected = ticketCase('ZX-20260317-0004', { callerName: '周某', phone: '13600001111', anonymous: false, channel: 'visit', category: 'complaint', content: '对2019年征地补偿标准不服，要求重新核定。', place: '', urgency: 'normal' }, [
    { action: 'reject', to: 'rejected', by: P.wangXiuying, at: '2026-03-17 10:12', note: '信访事项，请来电人联系区信访局', data: { outOfScope: 'petition' } },
  ]);
  // merged into an earlier ticket.
  const merged = ticketCase(
    'ZX-20260309-0004',
    { callerName: '吴先生', phone: '13700002222', anonymous: false, channel: 'phone', category: 'suggestion', content: '幸福村村道坑洼积水。', place: '新桥镇幸福村', urgency: 'normal' },
    [register('2026-03-09 09:50'), { action: 'merge', to: 'merged', by: P.qianFang, at: '2026-03-09 10:05', note: '同一路段重复反映。', data: { into: 'ZX-20260302-0011' } }],
    { possibleRepeats: ['ZX-20260302-0011'] },
  );

  // Intake form: empty, pre-filled from the clerk's notes (登记 <text>), and back with problems.
  const prefilled = parseCallText('来电人张先生 138-1234-5678 反映城关镇解放路与人民路交叉口路灯连续三晚不亮，夜间通行不安全');
  const badIntake: Record<string, unknown> = { callerName: '', phone: '1381234567', anonymous: 'no', channel: 'phone', content: '', place: '城关镇人民路', urgency: 'urgent', outOfScope: '' };
  const parsed = parseIntake(badIntake);
  const problems = 'problems' in parsed ? parsed.problems : [];
  const outOfScopeForm: Record<string, unknown> = { ...badIntake, phone: '13600001111', category: 'complaint', content: '对征地补偿标准不服', outOfScope: 'court', callerName: '周某'.repeat(20) };
  const outOfScopeParsed = parseIntake(outOfScopeForm);

  // Ticket lists: the handler's own line format, with the lights.
  const until = at('2026-03-19 23:59:59');
  const line = (t: TicketDoc) => {
    const open = ['assigned', 'handling', 'returned'].includes(t.status);
    const light = !t.deadline || !open ? undefined : t.deadline.getTime() < NOW.getTime() ? 'red' : t.deadline.getTime() <= until.getTime() ? 'yellow' : undefined;
    const mark = light === 'red' ? " <font color='red'>● 超期</font>" : light === 'yellow' ? " <font color='orange'>● 即将到期</font>" : '';
    return `- **${t._id}** ${STATUS_LABELS[t.status].zh}${t.deadline ? ` · 期限 ${dayjs(t.deadline).tz(TZ).format('MM-DD')}` : ''}${mark} · ${t.content.slice(0, 30).replace(/[<>]/g, '')}`;
  };
  const todo = [registered, repeats, returned, replied].map((x) => x.ticket);
  const all = [registered, repeats, returned, assigned, handling, overdue, replied, callback, anonymous, closed, longLife, rejected, merged].map((x) => x.ticket);

  return [
    { name: 'ticketCard dispatch: registered', card: tcard('dispatch', registered) },
    { name: 'ticketCard dispatch: registered, very urgent, possible repeats (merge)', card: tcard('dispatch', repeats) },
    { name: 'ticketCard dispatch: returned by the unit, to re-assign', card: tcard('dispatch', returned) },
    {
      name: 'ticketCard dispatch: with the suggested lead units pre-selected (smart dispatch)',
      card: tcard('dispatch', registered, { suggestion: [{ unit: 'dcjd', share: 0.62 }, { unit: 'zjj', share: 0.21 }, { unit: 'scjg', share: 0.003 }] }),
    },
    { name: 'ticketCard assignment: assigned with co-units', card: tcard('assignment', assigned) },
    { name: 'ticketCard assignment: due soon (yellow light, reminder)', card: tcard('assignment', assigned, { light: 'yellow', now: at('2026-03-18 09:00') }) },
    { name: 'ticketCard coinfo: co-unit notice', card: tcard('coinfo', assigned) },
    { name: 'ticketCard handling: accepted, progress reported', card: tcard('handling', handling, { now: at('2026-03-11 11:00') }) },
    { name: 'ticketCard handling: transfer asked (申请改派 hidden, waiting note)', card: tcard('handling', transferAsked) },
    { name: 'ticketCard transfer: a dispatcher decides 申请改派', card: sent(ticketCard('transfer', { ...transferAsked, names, unitName, units: ACTIVE_UNITS, tz: TZ, now: NOW, transferDeadline: '2026-03-24' })) },
    { name: 'ticketCard handling: suspended (挂起), 恢复 offered', card: tcard('handling', suspended) },
    { name: 'ticketCard record: 查询 by a dispatcher with 调整协办', card: sent(ticketCard('record', { ...handling, names, unitName, units: ACTIVE_UNITS, tz: TZ, now: NOW, fullTimeline: true, coUnitsForm: true })) },
    { name: 'ticketCard handling: due soon (yellow light)', card: tcard('handling', handling, { light: 'yellow' }) },
    { name: 'ticketCard handling: overdue (red light)', card: tcard('handling', overdue, { light: 'red' }) },
    { name: 'ticketCard handling: extension waiting for approval', card: tcard('handling', extending, { light: 'yellow' }) },
    { name: 'ticketCard handling: extended, with a leader instruction', card: tcard('handling', extended) },
    { name: 'ticketCard handling: sent back for redo', card: tcard('handling', redo, { now: at('2026-03-13 17:30') }) },
    { name: 'ticketCard handling: caller not satisfied', card: tcard('handling', unsatisfied, { now: at('2026-03-14 10:30') }) },
    {
      name: 'ticketCard handling: photos of the work and a file attached (附件, 重发附件)',
      card: tcard('handling', ticketCase('ZX-20260310-0007', gasLeak, [
        ...handlingSteps,
        { action: 'attachment', to: 'handling', by: P.chenJing, at: '2026-03-12 10:05', data: { messageId: 'om_att_1', kind: 'image', key: 'img_v3_0abc', name: '', size: 843_211, path: 'ZX-20260310-0007/om_att_1-img_v3_0abc' } },
        { action: 'attachment', to: 'handling', by: P.chenJing, at: '2026-03-12 10:06', data: { messageId: 'om_att_2', kind: 'file', key: 'file_v3_0def', name: '燃气管道检测报告<2026>.pdf', size: 2_411_724, path: 'ZX-20260310-0007/om_att_2-file_v3_0def' } },
        { action: 'attachment', to: 'handling', by: P.chenJing, at: '2026-03-12 10:07', data: { messageId: 'om_att_3', kind: 'image', key: 'img_v3_0ghi', name: '', size: 912, path: 'ZX-20260310-0007/om_att_3-img_v3_0ghi' } },
        { action: 'attachment_removed', to: 'handling', by: P.chenJing, at: '2026-03-12 10:08', data: { messageId: 'om_att_3', name: '图片' } },
      ])),
    },
    { name: 'attachedCard: attached, with 撤销', card: sent(attachedCard({ ticket: 'ZX-20260310-0007', attachment: { messageId: 'om_att_2', kind: 'file', name: '燃气管道检测报告<2026>.pdf', size: 2_411_724 }, count: 2, undo: true })) },
    { name: 'attachedCard: removed (撤销 pressed)', card: sent(attachedCard({ ticket: 'ZX-20260310-0007', attachment: { messageId: 'om_att_1', kind: 'image', name: '', size: 843_211 }, count: 0, undo: false, removed: true })) },
    { name: 'ticketCard review: result submitted', card: tcard('review', replied, { now: at('2026-03-13 16:30') }) },
    { name: 'ticketCard callback: caller with a phone', card: tcard('callback', callback, { now: at('2026-03-14 09:30') }) },
    { name: 'ticketCard callback: anonymous caller (no callback possible)', card: tcard('callback', anonymous) },
    { name: 'ticketCard closed: to archive', card: tcard('closed', closed) },
    { name: 'ticketCard record: intake receipt (registered)', card: tcard('record', registered) },
    { name: 'ticketCard record: returned (decided copy)', card: tcard('record', returned) },
    { name: 'ticketCard record: assigned (dispatcher copy)', card: tcard('record', assigned) },
    { name: 'ticketCard record: overdue (red light)', card: tcard('record', overdue, { light: 'red' }) },
    { name: 'ticketCard record: closed', card: tcard('record', closed) },
    { name: 'ticketCard record: archived, latest 8 of a long timeline', card: tcard('record', longLife) },
    { name: 'ticketCard record: 查询 with the full timeline', card: tcard('record', longLife, { fullTimeline: true }) },
    { name: 'ticketCard record: rejected, out of scope (信访)', card: tcard('record', rejected) },
    { name: 'ticketCard record: merged into an earlier ticket', card: tcard('record', merged) },
    { name: 'ticketCard record: 查询 by a leader (批示)', card: tcard('record', extended, { fullTimeline: true, instruct: true }) },
    { name: 'ticketCard assignment: made 特急 at 派单', card: tcard('assignment', ticketCase('ZX-20260310-0007', { ...gasLeak, urgency: 'normal' }, [assignedSteps[0]!, { ...assignedSteps[1]!, data: { ...assignedSteps[1]!.data, urgency: 'very_urgent' } }])) },
    { name: 'intakeFormCard: empty (登记)', card: sent(intakeFormCard()) },
    { name: 'intakeFormCard: pre-filled from call notes', card: sent(intakeFormCard({ ...prefilled })) },
    { name: 'intakeFormCard: refused submit, with problems', card: sent(intakeFormCard(badIntake, problems)) },
    {
      name: 'intakeFormCard: a 咨询 call with 3 similar past answers, 直接答复 chosen',
      card: sent(
        intakeFormCard({ ...prefilled, category: 'consultation', handling: 'direct', answer: '请携带身份证到社区服务中心办理。'.repeat(20) }, [], [
          { _id: 'ZX-20261101-0001', content: '咨询幸福小区停车位如何申请'.repeat(20), reply: '请到社区居委会登记，携带身份证和房产证。'.repeat(30), outcome: 'satisfied' },
          { _id: 'ZX-20261102-0007', content: '请问停车位申请需要什么材料 <b>', reply: '身份证、房产证 **和** 行驶证。', outcome: 'basically' },
          { _id: 'ZX-20261103-0012', content: '小区停车位申请流程', reply: '先向物业申请。', outcome: 'satisfied' },
        ]),
      ),
    },
    { name: 'intakeFormCard: refused submit, out of scope chosen, name too long', card: sent(intakeFormCard(outOfScopeForm, 'problems' in outOfScopeParsed ? outOfScopeParsed.problems : [])) },
    { name: 'ticketListCard: 我的待办 with lines', card: sent(ticketListCard({ zh: `我的待办（${todo.length}）`, en: 'My to-do' }, todo.map(line), { zh: '没有待办的工单。', en: 'Nothing waits for you.' })) },
    { name: 'ticketListCard: 我的待办 empty', card: sent(ticketListCard({ zh: '我的待办（0）', en: 'My to-do' }, [], { zh: '没有待办的工单。', en: 'Nothing waits for you.' })) },
    { name: 'ticketListCard: 工单列表 with lines and lights', card: sent(ticketListCard({ zh: `工单列表（${all.length}）`, en: 'Tickets' }, all.map(line), { zh: '没有符合条件的工单。', en: 'No ticket matches.' })) },
    { name: 'ticketListCard: 工单列表 empty', card: sent(ticketListCard({ zh: '工单列表（0）', en: 'Tickets' }, [], { zh: '没有符合条件的工单。', en: 'No ticket matches.' })) },
    { name: 'ticketSearchCard: 查询 first of three pages (下一页), lights and an anonymous caller', card: sent(ticketSearchCard({ mode: 's', words: '幸福小区 上月', result: { total: 23, page: 1, pages: 3, items: all.slice(0, 10) }, tz: TZ, light: (t) => (t._id === overdue.ticket._id ? 'red' : undefined) })) },
    { name: 'ticketSearchCard: 查询 middle page (上一页 and 下一页), markup in the words', card: sent(ticketSearchCard({ mode: 's', words: '<b>路灯</b> 5678', result: { total: 23, page: 2, pages: 3, items: all.slice(3, 13) }, tz: TZ, light: () => 'yellow' })) },
    { name: 'ticketSearchCard: 工单 列表 last page', card: sent(ticketSearchCard({ mode: 'l', words: '待签收 本周', result: { total: 13, page: 2, pages: 2, items: all.slice(10) }, tz: TZ, light: () => undefined })) },
    { name: 'ticketSearchCard: nothing found', card: sent(ticketSearchCard({ mode: 's', words: '火星', result: { total: 0, page: 1, pages: 1, items: [] }, tz: TZ, light: () => undefined })) },
  ];
}

// ——— Duty: roster, handover, swaps ———

/** A shift of the default patterns (day 08:30–17:30, night 17:30–08:30 next day). */
function shift(date: string, key: 'day' | 'night', primary: string, secondary?: string, leader?: string): DutyShiftDoc {
  const p = DEFAULT_SHIFTS.find((x) => x.key === key)!;
  const start = at(`${date} ${p.start}`);
  const endDay = key === 'night' ? dayjs.tz(`${date} 12:00`, TZ).add(1, 'day').format('YYYY-MM-DD') : date;
  return {
    _id: `${date}:${key}`,
    date,
    shift: key,
    start,
    end: at(`${endDay} ${p.end}`),
    primary,
    ...(secondary ? { secondary } : {}),
    ...(leader ? { leader } : {}),
    source: 'generate',
    updatedAt: at('2026-02-25 16:00'),
  };
}

function dutyEntries(): CatalogueEntry[] {
  const patterns = DEFAULT_SHIFTS;
  const today = shift('2026-03-18', 'day', P.maLi, P.zhuQiang, P.guoZhendong);
  const tonight = shift('2026-03-18', 'night', P.huMing, P.maLi, P.wuGuohua);
  const lone = shift('2026-03-19', 'day', P.zhuQiang);
  const officers = [P.maLi, P.zhuQiang, P.huMing];
  const leadersOnDuty = [P.guoZhendong, P.wuGuohua, P.zhouLixin];
  const april: DutyShiftDoc[] = [];
  for (let d = 1; d <= 30; d++) {
    const date = `2026-04-${String(d).padStart(2, '0')}`;
    april.push(shift(date, 'day', officers[d % 3]!, officers[(d + 1) % 3]!, leadersOnDuty[d % 3]));
    april.push(shift(date, 'night', officers[(d + 2) % 3]!, officers[d % 3]!));
  }
  const mine = [today, tonight, shift('2026-03-20', 'day', P.zhuQiang, P.maLi, P.zhouLixin), shift('2026-03-21', 'night', P.maLi, P.huMing)];
  const longRun = Array.from({ length: 150 }, (_, i) => {
    const date = dayjs.tz('2026-04-01 12:00', TZ).add(i, 'day').format('YYYY-MM-DD');
    return i % 2 ? shift(date, 'night', P.maLi, P.huMing) : shift(date, 'day', P.zhuQiang, P.maLi, P.zhouLixin);
  });
  const items: HandoverView['items'] = [
    { id: 'SJ-20260318-7E3B9D', title: '城关镇解放路128号燃气管道泄漏，疏散居民40余人' },
    { id: 'ZB-20260318-4C1A2F', title: '市应急局来电：今晚至明天有强对流天气，请做好防范' },
    { id: 'ZB-20260317-A93E05', title: '东城街道反映：建设路窨井盖缺失，已通知街道处置' },
  ];
  const handed: HandoverView = { items, note: '燃气泄漏事件已报市应急局，续报待住建局反馈；强对流预警已转发各镇街。', handedBy: P.maLi, handedAt: at('2026-03-18 17:32') };
  const check: DutyCheckDoc = { _id: 'CG-2026-03-18:night-2000', shift: '2026-03-18:night', by: P.zhouLixin, at: at('2026-03-18 20:00'), due: at('2026-03-18 20:10'), officers: [P.huMing, P.maLi], answers: [] };
  const checked: DutyCheckDoc = { ...check, answers: [{ who: P.huMing, at: at('2026-03-18 20:03') }] };

  // Swaps: the colleague's card (with 同意/拒绝 while asked) and everyone else's.
  const swapShift = shift('2026-03-21', 'night', P.maLi, P.huMing);
  const swap = (status: DutySwapDoc['status'], role: DutySwapDoc['role'] = 'primary'): DutySwapDoc => ({
    _id: 'HB-4F1A9C2E',
    shift: swapShift._id,
    from: role === 'primary' ? P.maLi : P.huMing,
    to: P.zhuQiang,
    role,
    reason: '孩子3月21日晚参加中考体育加试，需陪同。',
    status,
    ...(status === 'asked' || status === 'declined' ? {} : { approval: 'AP20260316-7B5F90' }),
    createdAt: at('2026-03-16 17:50'),
    updatedAt: at('2026-03-17 08:41'),
  });
  const sw = (s: DutySwapDoc, forColleague: boolean) => sent(swapCard(s, swapShift, names, TZ, forColleague));

  return [
    { name: 'dutyNowCard: on duty now and next', card: sent(dutyNowCard(today, tonight, patterns, names, TZ)) },
    { name: 'dutyNowCard: nobody now, next without secondary or leader', card: sent(dutyNowCard(null, lone, patterns, names, TZ)) },
    { name: 'dutyNowCard: nothing rostered', card: sent(dutyNowCard(null, null, patterns, names, TZ)) },
    { name: 'myShiftsCard: coming shifts (primary, secondary, leader)', card: sent(myShiftsCard(mine, P.maLi, patterns, names, TZ)) },
    { name: 'myShiftsCard: leader on duty', card: sent(myShiftsCard([today, mine[2]!], P.guoZhendong, patterns, names, TZ)) },
    { name: 'myShiftsCard: no shifts', card: sent(myShiftsCard([], P.huMing, patterns, names, TZ)) },
    // More than one card lists (five months, 150 shifts): 100 shown by month, the rest counted; the calendar link.
    { name: 'myShiftsCard: many shifts, with the calendar subscription link', card: sent(myShiftsCard(longRun, P.maLi, patterns, names, TZ, { feedUrl: 'https://govdesk.example.gov.cn/duty/ical/Q2hhbmdlIG1lIGlmIHlvdSBjYW4hISE.ics' })) },
    { name: 'myShiftsCard: asked in a group (no link)', card: sent(myShiftsCard(mine, P.maLi, patterns, names, TZ, { inGroup: true })) },
    { name: 'myShiftsCard: link just reset (重置链接)', card: sent(myShiftsCard(mine, P.maLi, patterns, names, TZ, { feedUrl: 'https://govdesk.example.gov.cn/duty/ical/TmV3IHRva2VuIGFmdGVyIGEgcmVzZXQhISEh.ics', reset: true })) },
    { name: 'rosterMonthCard: April 2026, two shifts a day', card: sent(rosterMonthCard('2026-04', april, patterns, names, TZ)) },
    { name: 'rosterMonthCard: a partly rostered month', card: sent(rosterMonthCard('2026-03', [today, tonight, lone], patterns, names, TZ)) },
    { name: 'shiftReminderCard: primary, evening before', card: sent(shiftReminderCard(tonight, '夜班', '主班 primary', TZ)) },
    { name: 'shiftReminderCard: secondary', card: sent(shiftReminderCard(today, '白班', '副班 secondary', TZ)) },
    { name: 'shiftReminderCard: leader on duty', card: sent(shiftReminderCard(today, '白班', '带班领导 leader on duty', TZ)) },
    { name: 'handOverCard: to hand over, with open items', card: sent(handOverCard(today, tonight, { items }, names, TZ)) },
    { name: 'handOverCard: to hand over, nothing open', card: sent(handOverCard(today, tonight, { items: [] }, names, TZ)) },
    { name: 'handOverCard: next shift not rostered', card: sent(handOverCard(lone, null, { items }, names, TZ)) },
    { name: 'handOverCard: handed over, with note', card: sent(handOverCard(today, tonight, handed, names, TZ)) },
    { name: 'takeOverCard: not handed over, not taken', card: sent(takeOverCard(tonight, { items }, names, TZ)) },
    { name: 'takeOverCard: handed over, to take', card: sent(takeOverCard(tonight, handed, names, TZ)) },
    { name: 'takeOverCard: handed over and taken', card: sent(takeOverCard(tonight, { ...handed, takenBy: P.huMing, takenAt: at('2026-03-18 17:36') }, names, TZ)) },
    { name: 'takeOverCard: taken without a handover', card: sent(takeOverCard(tonight, { items, takenBy: P.huMing, takenAt: at('2026-03-18 17:41') }, names, TZ)) },
    { name: 'leaveShiftCard: 离岗 form', card: sent(leaveShiftCard(today, TZ)) },
    { name: 'presenceAskCard: 查岗, to confirm', card: sent(presenceAskCard(check, P.huMing, names, TZ)) },
    { name: 'presenceAskCard: 查岗, confirmed', card: sent(presenceAskCard(checked, P.huMing, names, TZ)) },
    { name: 'presenceResultCard: one confirmed, one not; taken over at the start', card: sent(presenceResultCard(checked, [{ who: P.huMing, at: at('2026-03-18 17:36') }, { who: P.maLi, at: at('2026-03-18 17:40') }], names, TZ)) },
    { name: 'presenceResultCard: all confirmed; not taken over', card: sent(presenceResultCard({ ...checked, answers: [...checked.answers, { who: P.maLi, at: at('2026-03-18 20:07') }] }, [], names, TZ)) },
    { name: 'substituteCard: asked, with reason', card: sent(substituteCard(today, P.maLi, '临时到区医院陪护住院的母亲<约2小时>', names, TZ, false)) },
    { name: 'substituteCard: asked, no reason', card: sent(substituteCard(today, P.zhuQiang, '', names, TZ, false)) },
    { name: 'substituteCard: taken over', card: sent(substituteCard(today, P.maLi, '', names, TZ, true)) },
    { name: 'swapFormCard: my coming shifts', card: sent(swapFormCard([tonight, swapShift, shift('2026-03-24', 'day', P.zhuQiang, P.maLi)], P.maLi, TZ)) },
    { name: 'swapFormCard: nothing to swap', card: sent(swapFormCard([], P.huMing, TZ)) },
    { name: 'swapCard: asked, for the colleague (accept/decline)', card: sw(swap('asked'), true) },
    { name: 'swapCard: asked, the requester\'s copy', card: sw(swap('asked'), false) },
    { name: 'swapCard: asked, secondary shift, for the colleague', card: sw(swap('asked', 'secondary'), true) },
    { name: 'swapCard: declined, for the colleague', card: sw(swap('declined'), true) },
    { name: 'swapCard: declined, the requester is told', card: sw(swap('declined'), false) },
    { name: 'swapCard: accepted, waiting for the section head (colleague)', card: sw(swap('accepted'), true) },
    { name: 'swapCard: accepted, the requester is told', card: sw(swap('accepted'), false) },
    { name: 'swapCard: approved, roster changed', card: sw(swap('approved'), false) },
    { name: 'swapCard: refused', card: sw(swap('refused'), false) },
    { name: 'swapCard: approved but not applied (the colleague no longer free)', card: sw({ ...swap('refused'), note: '批准时未能生效：朱强 在 03-22 08:30–17:30 值班，与这一班前后相连，不能连班 Not applied: 朱强 is on duty 03-22 08:30–17:30, back to back with this shift: nobody works two shifts in a row' }, false) },
  ];
}

// ——— Duty log and major incidents ———

function dutyLogEntries(): CatalogueEntry[] {
  const entry: DutyLogDoc = {
    _id: 'ZB-20260318-4C1A2F',
    occurredAt: '3月18日8时40分',
    place: '全区',
    what: '市应急管理局来电：受冷空气影响，今晚至明天白天我区有强对流天气，局部伴有8级以上雷暴大风和冰雹，请做好防范。',
    cause: '',
    contactName: '陈立',
    contactTitle: '市应急局值班员',
    contactPhone: '0571-87001234',
    instruction: '郭振东副主任：请立即转发各镇街和区住建局、区教育局，做好户外广告牌、在建工地和学校防范。',
    result: '',
    channel: 'phone',
    major: false,
    status: 'open',
    loggedBy: P.maLi,
    loggedAt: at('2026-03-18 08:47'),
    shift: '2026-03-18:day',
  };
  const ev = (i: number, type: DutyLogEventDoc['type'], by: string, when: string, unit = '', note = ''): DutyLogEventDoc => ({ _id: `${entry._id}:${type}:${unit || i}`, entry: entry._id, type, by, at: at(when), unit, note });
  const forwarded = [ev(1, 'forwarded', P.maLi, '2026-03-18 08:55', 'zjj', '请做好在建工地防风加固'), ev(2, 'forwarded', P.maLi, '2026-03-18 08:56', 'jyj', '')];
  const acked = [...forwarded, ev(3, 'acknowledged', P.chenJing, '2026-03-18 09:10', 'zjj')];
  const updated = [...acked, ev(4, 'updated', P.maLi, '2026-03-18 11:30', '', '已通过政务群转发各镇街，区教育局已通知各校暂停户外活动。')];
  const closedEntry: DutyLogDoc = { ...entry, status: 'closed', result: '已通过政务群转发各镇街，区教育局已通知各校暂停户外活动。' };
  const unitsForForward = ACTIVE_UNITS.filter((u) => u.kind !== 'section').map((u) => ({ code: u.code, name: u.name }));
  const extra = (events: DutyLogEventDoc[]) => ({ events, units: unitsForForward, unitName });

  const major: DutyLogDoc = {
    _id: 'ZB-20260318-7E3B9D',
    occurredAt: '3月18日9时12分',
    place: '城关镇解放路128号小区',
    what: '小区东侧地下燃气管道泄漏，现场有明显燃气味，消防和燃气公司已到场，疏散居民40余人，暂无人员伤亡。',
    cause: '初步判断为人行道塌陷导致燃气支管断裂',
    contactName: '刘洋',
    contactTitle: '城关镇镇长',
    contactPhone: '13857102345',
    instruction: '',
    result: '',
    channel: 'phone',
    major: true,
    status: 'open',
    loggedBy: P.maLi,
    loggedAt: at('2026-03-18 09:20'),
    shift: '2026-03-18:day',
  };
  const incident: IncidentDoc = {
    _id: 'SJ-20260318-7E3B9D',
    entry: major._id,
    title: major.what.slice(0, 60),
    loggedAt: major.loggedAt,
    loggedBy: P.maLi,
    chain: [{ to: [P.guoZhendong, P.wuGuohua, P.zhouLixin].sort() }, { to: [P.sunHaitao, P.zhengHong].sort() }],
    status: 'open',
    updatedAt: major.loggedAt,
  };
  const iev = (type: IncidentEventDoc['type'], by: string, when: string, note = '', to: string[] = []): IncidentEventDoc => ({ _id: `${incident._id}:${type}${type === 'notified' ? ':0' : type === 'followup' ? `:${when}` : ''}`, incident: incident._id, type, by, at: at(when), note, to });
  const notified = iev('notified', P.maLi, '2026-03-18 09:20', '', incident.chain[0]!.to);
  const ack = iev('acknowledged', P.zhouLixin, '2026-03-18 09:24');
  const reported = iev('reported', P.maLi, '2026-03-18 09:46');
  const followups = [
    iev('followup', P.maLi, '2026-03-18 10:15', '燃气公司已关闭总阀，泄漏点已控制，居民暂安置在镇文化中心。'),
    iev('followup', P.guoZhendong, '2026-03-18 11:40', '抢修完成，经检测无残余燃气，居民已陆续返回。'),
  ];
  const inc = (events: IncidentEventDoc[], now: string, status: IncidentDoc['status'] = 'open', e: DutyLogDoc = major) => sent(incidentCard({ ...incident, status }, e, events, names, TZ, at(now)));

  return [
    { name: 'dutyLogFormCard: 值班记录 form', card: sent(dutyLogFormCard(false)) },
    { name: 'dutyLogFormCard: 上报事件 form (major)', card: sent(dutyLogFormCard(true)) },
    { name: 'dutyLogFormCard: refused submit, with problems', card: sent(dutyLogFormCard(false, [{ zh: '事件经过不能为空', en: 'say what happened' }])) },
    { name: 'dutyLogFormCard: major, refused submit, with problems', card: sent(dutyLogFormCard(true, [{ zh: '事件经过不能为空', en: 'say what happened' }])) },
    { name: 'dutyLogEntryCard duty: just logged', card: sent(dutyLogEntryCard(entry, names, TZ, 'duty', extra([]))) },
    { name: 'dutyLogEntryCard duty: forwarded, acknowledged, result added', card: sent(dutyLogEntryCard({ ...entry, result: closedEntry.result }, names, TZ, 'duty', extra(updated))) },
    { name: 'dutyLogEntryCard unit: forwarded to a unit (已收到)', card: sent(dutyLogEntryCard(entry, names, TZ, 'unit', extra(forwarded))) },
    { name: 'dutyLogEntryCard record: acknowledged by the unit', card: sent(dutyLogEntryCard(entry, names, TZ, 'record', extra(acked))) },
    { name: 'dutyLogEntryCard record: closed', card: sent(dutyLogEntryCard(closedEntry, names, TZ, 'record', extra([...updated, ev(5, 'closed', P.maLi, '2026-03-18 16:50')]))) },
    { name: 'dutyLogEntryCard duty: forwarded to two units (转办 answer)', card: sent(dutyLogEntryCard(entry, names, TZ, 'duty', extra(forwarded))) },
    { name: 'dutyLogEntryCard record: major, minimal fields', card: sent(dutyLogEntryCard({ ...major, cause: '', contactName: '', contactTitle: '', contactPhone: '', occurredAt: '', place: '' }, names, TZ, 'record')) },
    { name: 'incidentCard: just reported, nobody acknowledged, within 30 minutes', card: inc([notified], '2026-03-18 09:23') },
    { name: 'incidentCard: acknowledged, not reported upward', card: inc([notified, ack], '2026-03-18 09:31', 'acknowledged') },
    { name: 'incidentCard: 30-minute limit passed, not reported', card: inc([notified, ack, iev('report_late', 'system', '2026-03-18 09:50')], '2026-03-18 09:52', 'acknowledged') },
    { name: 'incidentCard: reported upward, nobody acknowledged', card: inc([notified, reported], '2026-03-18 09:47') },
    { name: 'incidentCard: acknowledged and reported, with follow-ups', card: inc([notified, ack, reported, ...followups], '2026-03-18 11:41', 'reported') },
    {
      name: 'incidentCard: 首报, two 续报 and 终报 with receivers (reporting closed)',
      card: inc([notified, ack, { ...reported, receiver: '区应急管理局 李科长' }, ...followups.map((f) => ({ ...f, receiver: '区应急管理局 李科长' })), { ...iev('final_report', P.maLi, '2026-03-18 12:30', '处置完毕'), receiver: '区政府总值班室 周科长' }], '2026-03-18 12:31', 'reported'),
    },
    { name: 'incidentCard: not reported, with follow-ups, sparse entry', card: inc([notified, ...followups], '2026-03-18 10:16', 'open', { ...major, occurredAt: '', contactName: '', contactTitle: '', contactPhone: '', cause: '' }) },
  ];
}

// ——— Supervision and instructions ———

function supervisionEntries(): CatalogueEntry[] {
  const item = (over: Partial<SupervisionItemDoc> & Pick<SupervisionItemDoc, '_id' | 'kind' | 'content' | 'leadUnit' | 'leader' | 'deadline'>): SupervisionItemDoc => ({
    standard: '',
    status: 'open',
    createdBy: P.huangLei,
    createdAt: at('2026-03-05 10:00'),
    updatedAt: at('2026-03-05 10:00'),
    ...over,
  });
  const sev = (id: string, type: SupervisionEventDoc['type'], by: string, when: string, note: string): SupervisionEventDoc => ({ _id: `${id}:${type}:${when}`, item: id, type, note, by, at: at(when) });
  const loaded = (i: SupervisionItemDoc, events: SupervisionEventDoc[] = []): LoadedItem => {
    const end = events.find((e) => e.type === 'done' || e.type === 'closed');
    const status = end ? (end.type === 'done' ? 'done' : 'closed') : 'open';
    return { item: { ...i, status }, events, status };
  };
  const svCard = (l: LoadedItem, now: Date = NOW) => sent(supervisionItemCard(l, names, unitName(l.item.leadUnit), TZ, now));

  const dust = item({
    _id: 'DB20260305-9A1F3C',
    kind: 'supervision',
    content: '城区主次干道扬尘污染专项整治：在建工地"六个百分百"落实到位，渣土车辆密闭运输，道路每日机扫水洗两次。',
    standard: '4月15日前完成全部在建工地整改，PM10浓度同比下降10%。',
    leadUnit: 'zjj',
    leader: P.zhengHong,
    deadline: at('2026-04-15 23:59:59'),
  });
  const dustProgress = [
    sev(dust._id, 'progress', P.chenJing, '2026-03-10 16:20', '已完成32个工地排查，下发整改通知书11份。'),
    sev(dust._id, 'progress', P.yangFan, '2026-03-17 09:05', '整改完成8个，其余3个正在整改，渣土车辆已全部安装密闭装置。'),
  ];
  const school = item({
    _id: 'DB20260220-3C7D8E',
    kind: 'supervision',
    content: '城关镇中心小学周边交通秩序整治，上下学时段设置临时停车区。',
    leadUnit: 'cgz',
    leader: P.sunHaitao,
    deadline: at('2026-03-13 23:59:59'),
    createdAt: at('2026-02-20 09:00'),
  });
  const gasInstruction = item({
    _id: 'PS20260317-5D7E21',
    kind: 'instruction',
    content: '燃气安全无小事，住建局要盯紧施工，确保3月底前彻底消除隐患，并举一反三排查同类小区。',
    leadUnit: 'zjj',
    leader: P.zhengHong,
    deadline: at('2026-03-31 23:59:59'),
    source: { kind: 'ticket', id: 'ZX-20260310-0007', title: '工单 ZX-20260310-0007：城关镇解放路128号小区东侧人行道塌陷，疑似地下燃气管道渗' },
    createdBy: P.zhengHong,
    createdAt: at('2026-03-17 17:30'),
  });
  const noticeInstruction = item({
    _id: 'PS20260303-8B2C4A',
    kind: 'instruction',
    content: '请各镇街对照通知要求，3月10日前完成辖区祭扫点位排查，落实森林防火值守。',
    leadUnit: 'dcjd',
    leader: P.zhengHong,
    deadline: at('2026-03-10 23:59:59'),
    source: { kind: 'approval', id: 'AP20260302-1A7F6D', title: '关于做好2026年清明节期间文明祭扫工作的通知' },
    createdBy: P.zhengHong,
    createdAt: at('2026-03-03 17:25'),
  });
  const ledgerItems: SupervisionItemDoc[] = [
    { ...school },
    { ...noticeInstruction },
    { ...gasInstruction },
    { ...dust },
    item({ _id: 'DB20260115-1E2F3A', kind: 'supervision', content: '老旧小区加装电梯民生实事项目推进', leadUnit: 'zjj', leader: P.sunHaitao, deadline: at('2026-06-30 23:59:59') }),
    item({ _id: 'DB20260108-6A5B4C', kind: 'supervision', content: '春节前农民工工资清欠', leadUnit: 'xqz', leader: P.zhengHong, deadline: at('2026-02-10 23:59:59'), status: 'closed' }),
    item({ _id: 'PS20260120-7C8D9E', kind: 'instruction', content: '做好春运期间道路交通安全保障', leadUnit: 'gaj', leader: P.sunHaitao, deadline: at('2026-02-28 23:59:59'), status: 'done' }),
  ];
  const units = ACTIVE_UNITS;

  return [
    { name: 'supervisionItemCard: new supervision item (unit and leader copy)', card: svCard(loaded(dust)) },
    { name: 'supervisionItemCard: open, with progress reports', card: svCard(loaded(dust, dustProgress)) },
    { name: 'supervisionItemCard: overdue', card: svCard(loaded(school, [sev(school._id, 'progress', P.zhangWei, '2026-03-12 17:00', '临时停车区已划线，待交警审批。')])) },
    { name: 'supervisionItemCard: closed by the office (销号)', card: svCard(loaded(dust, [...dustProgress, sev(dust._id, 'closed', P.huangLei, '2026-04-14 10:00', '经现场核查，整改到位，予以销号。')]), at('2026-04-14 10:05')) },
    { name: 'supervisionItemCard: instruction from a ticket (批示), open', card: svCard(loaded(gasInstruction)) },
    { name: 'supervisionItemCard: instruction with progress', card: svCard(loaded(gasInstruction, [sev(gasInstruction._id, 'progress', P.chenJing, '2026-03-18 09:30', '已排查同类小区6个，发现隐患2处。')])) },
    { name: 'supervisionItemCard: instruction from an approval, done (已落实)', card: svCard(loaded(noticeInstruction, [sev(noticeInstruction._id, 'done', P.zhaoMin, '2026-03-09 15:00', '已排查祭扫点位5处，落实值守人员20名。')])) },
    { name: 'supervisionItemCard: instruction overdue', card: svCard(loaded(noticeInstruction), at('2026-03-12 09:00')) },
    { name: 'supervisionLedgerCard: the office ledger', card: sent(supervisionLedgerCard(ledgerItems, UNIT_NAME, TZ, NOW)) },
    { name: 'supervisionLedgerCard: a unit\'s own items', card: sent(supervisionLedgerCard(ledgerItems.filter((i) => i.leadUnit === 'zjj'), UNIT_NAME, TZ, NOW)) },
    { name: 'supervisionLedgerCard: empty', card: sent(supervisionLedgerCard([], UNIT_NAME, TZ, NOW)) },
    { name: 'supervisionNewCard: 督办 新建 form', card: sent(supervisionNewCard(units, '2026-04-01')) },
    {
      name: 'supervisionNewCard: refused submit, with problems',
      card: sent(
        supervisionNewCard(units, '2026-04-01', [
          { zh: '督办内容不能为空', en: 'the content is required' },
          { zh: '请选择承办单位', en: 'pick the lead unit' },
          { zh: '请选择负责领导', en: 'pick the responsible leader' },
          { zh: '请选择期限', en: 'pick the deadline' },
        ]),
      ),
    },
    { name: 'instructionFormCard: 批示 on an approval', card: sent(instructionFormCard({ kind: 'approval', id: 'AP20260313-8B2E47', title: '关于印发《城关区城市道路占用挖掘管理办法》的通知' }, units, '2026-03-25')) },
    { name: 'instructionFormCard: 批示 on a ticket', card: sent(instructionFormCard({ kind: 'ticket', id: 'ZX-20260310-0007', title: '工单 ZX-20260310-0007：城关镇解放路128号小区东侧人行道塌陷，疑似地下燃气管道渗' }, units, '2026-03-25')) },
    // Refused for text over its limit: the form again, with the problem and everything as it was written.
    {
      name: 'supervisionNewCard: refused submit, too long, prefilled',
      card: sent(supervisionNewCard(units, '2026-04-01', [{ zh: '督办内容最多 1000 字（现 1043 字）', en: 'the content is at most 1000 characters (this one has 1043)' }], { content: '全区老旧小区加装电梯。'.repeat(95), standard: '20部电梯验收通过', unit: 'zjj', deadline: '2026-06-30' })),
    },
    {
      name: 'supervisionItemCard: refused note, too long, shown again',
      card: sent(supervisionItemCard(loaded(dust, dustProgress), names, unitName(dust.leadUnit), TZ, NOW, { problems: [{ zh: '情况说明最多 1000 字（现 1020 字）', en: 'the note is at most 1000 characters (this one has 1020)' }], note: '已完成围挡和喷淋设施安装，'.repeat(78) })),
    },
    {
      name: 'instructionFormCard: refused, too long, shown again',
      card: sent(
        instructionFormCard({ kind: 'approval', id: 'AP20260313-8B2E47', title: '机密事项，请联系 王晓燕（Confidential: ask 王晓燕）' }, units, '2026-03-25', {
          problems: [{ zh: '批示内容最多 1000 字（现 1010 字）', en: 'the instruction is at most 1000 characters (this one has 1010)' }],
          text: '请各单位认真落实。'.repeat(112),
          units: ['zjj', 'cgz'],
          deadline: '2026-03-31',
        }),
      ),
    },
  ];
}

// ——— Reports, bulletin, digest ———

/** The facts of `count` tickets logged over `days` days from `firstDay`, across the units; deterministic. */
function periodFacts(firstDay: string, days: number, count: number, unitCodes: string[]): TicketFacts[] {
  const out: TicketFacts[] = [];
  for (let n = 0; n < count; n++) {
    const day = dayjs.utc(firstDay).add(n % days, 'day').format('YYYY-MM-DD');
    const unitCode = unitCodes[(n * 7) % unitCodes.length]!;
    const accepted = n % 23 !== 5;
    const closed = accepted && n % 6 !== 0;
    const outcomes: (CallbackOutcome | undefined)[] = ['satisfied', 'satisfied', 'basically', 'unsatisfied', 'none', 'satisfied', undefined];
    const callback = closed ? outcomes[n % outcomes.length] : undefined;
    out.push({
      id: `ZX-${day.replace(/-/g, '')}-${String(100 + n).padStart(4, '0')}`,
      unit: accepted ? unitCode : '',
      category: CATEGORIES[n % CATEGORIES.length]! as Category,
      loggedDay: day,
      accepted,
      assigned: accepted,
      closed,
      onTime: closed && (n + unitCode.length) % 5 !== 0,
      ...(callback ? { callback } : {}),
      returned: n % 9 === 4,
      redone: n % 11 === 3,
      ...(closed ? { handlingDays: 1.5 + ((n * 13) % 90) / 10 } : {}),
    });
  }
  return out;
}

/** What ReportService.report makes of the facts (its grouping and ranking). */
function reportOf(range: Report['range'], facts: TicketFacts[]): Report {
  const group = <K extends string>(key: (f: TicketFacts) => K) => {
    const m = new Map<K, TicketFacts[]>();
    for (const f of facts) m.set(key(f), [...(m.get(key(f)) ?? []), f]);
    return m;
  };
  const byUnit = [...group((f) => f.unit)].filter(([u]) => u).map(([code, fs]) => ({ unit: code, name: unitName(code), figures: figures(fs) }));
  byUnit.sort((a, b) => (b.figures.onTimeRate ?? -1) - (a.figures.onTimeRate ?? -1) || b.figures.closed - a.figures.closed || a.unit.localeCompare(b.unit));
  const byCategory = [...group((f) => f.category)].map(([category, fs]) => ({ category, name: CATEGORY_LABELS[category]?.zh ?? category, figures: figures(fs) }));
  const intakePerDay = [...group((f) => f.loggedDay)].map(([day, fs]) => ({ day, count: fs.length })).sort((a, b) => a.day.localeCompare(b.day));
  return { range, overall: figures(facts), byUnit, byCategory, intakePerDay, facts };
}

function reportEntries(): CatalogueEntry[] {
  const handlingUnits = UNITS.filter((u) => u.kind !== 'section').map((u) => u.code);
  const lastMonth = periodRange('last-month', NOW, TZ)!;
  const lastWeek = periodRange('last-week', NOW, TZ)!;
  const thisYear = periodRange('this-year', NOW, TZ)!;
  const feb = reportOf(lastMonth, periodFacts('2026-02-01', 28, 186, handlingUnits));
  const week = reportOf(lastWeek, periodFacts('2026-03-09', 7, 41, handlingUnits));
  const year = reportOf(thisYear, periodFacts('2026-01-01', 76, 390, ['zjj']));
  const empty = reportOf(periodRange('this-month', NOW, TZ)!, []);
  const emptyMonth = reportOf(lastMonth, []);

  const overdue = [
    { id: 'ZX-20260203-0017', unit: 'xhjd', days: 6 },
    { id: 'ZX-20260205-0042', unit: 'cgz', days: 3 },
    { id: 'DB20260108-6A5B4C', unit: 'xqz', days: 4 },
  ];
  const supervisionDue = [
    { id: 'DB20260220-3C7D8E', content: '城关镇中心小学周边交通秩序整治，上下学时段设置临时停车区。', unit: 'cgz', deadline: '2026-03-13' },
    { id: 'DB20260305-9A1F3C', content: '城区主次干道扬尘污染专项整治：在建工地"六个百分百"落实到位。', unit: 'zjj', deadline: '2026-04-15' },
  ];
  const own = reportOf(lastMonth, feb.facts.filter((f) => f.unit === 'cgz'));

  // The daily overdue digest: a section head overseeing several units; a unit head; a long one.
  const digestItem = (kind: OverdueItem['kind'], id: string, u: string, title: string, deadline: string, days: number): OverdueItem => ({ kind, id, unit: u, title, deadline, workingDaysOverdue: days });
  const cgzItems = [
    digestItem('ticket', 'ZX-20260304-0021', 'cgz', '城关镇文化路夜市占道经营，油烟噪音扰民至凌晨，多次反映未果。', '2026-03-16', 2),
    digestItem('supervision', 'DB20260220-3C7D8E', 'cgz', '城关镇中心小学周边交通秩序整治，上下学时段设置临时停车区。', '2026-03-13', 3),
  ];
  const zjjItems = [digestItem('ticket', 'ZX-20260302-0006', 'zjj', '人民路拆迁工地夜间施工噪音<超过22点>', '2026-03-17', 1)];
  const many: OverdueItem[] = [];
  for (let n = 0; n < 46; n++) many.push(digestItem('ticket', `ZX-202602${String(1 + (n % 27)).padStart(2, '0')}-${String(n + 1).padStart(4, '0')}`, n % 2 ? 'dcjd' : 'xhjd', `${n % 2 ? '东城街道' : '西湖街道'}第${n + 1}件：小区楼道堆放杂物，存在消防隐患`, `2026-03-${String(1 + (n % 16)).padStart(2, '0')}`, 1 + (n % 12)));

  return [
    { name: 'reportCard: last month, every unit, with charts', card: sent(reportCard(feb)) },
    { name: 'reportCard: last week', card: sent(reportCard(week)) },
    { name: 'reportCard: this year, one unit (unit head scope)', card: sent(reportCard(year)) },
    { name: 'reportCard: this month on a new install, no tickets (本期没有工单, no charts)', card: sent(reportCard(empty)) },
    { name: 'reportCard: tickets logged, none assigned yet (no table, no bar chart)', card: sent(reportCard(reportOf(periodRange('this-month', NOW, TZ)!, periodFacts('2026-03-01', 18, 4, handlingUnits).map((f) => ({ ...f, unit: '', assigned: false, closed: false, onTime: false }))))) },
    { name: 'bulletinCard: 督查通报 for leaders', card: sent(bulletinCard(feb, overdue, supervisionDue, unitName)) },
    { name: 'bulletinCard: a unit head\'s own page', card: sent(bulletinCard(own, overdue.filter((o) => o.unit === 'cgz'), supervisionDue.filter((s) => s.unit === 'cgz'), unitName)) },
    { name: 'bulletinCard: nothing to name', card: sent(bulletinCard(emptyMonth, [], [], unitName)) },
    { name: 'overdueDigestCard: section head, several units', card: sent(overdueDigestCard([{ unitName: '城关镇', items: cgzItems }, { unitName: '区住建局', items: zjjItems }], '2026-03-18')) },
    { name: 'overdueDigestCard: unit head, one unit', card: sent(overdueDigestCard([{ unitName: '区住建局', items: zjjItems }], '2026-03-18')) },
    { name: 'overdueDigestCard: more than 40 items (truncated)', card: sent(overdueDigestCard([{ unitName: '西湖街道', items: many.filter((i) => i.unit === 'xhjd') }, { unitName: '东城街道', items: many.filter((i) => i.unit === 'dcjd') }], '2026-03-18')) },
    // 热点预警 (src/tickets/hotspot-service.ts): a place cluster with its unit, and a content cluster past the listed limit.
    {
      name: 'hotspotCard: 幸福小区, three calls, the unit known',
      card: sent(
        hotspotCard({
          label: '幸福小区',
          kind: 'name',
          hours: 48,
          unit: { code: 'cgz', name: '城关镇' },
          tickets: [
            { id: 'ZX-20260316-0003', at: '03-16 09:12', status: { zh: '办理中', en: 'In hand' }, place: '幸福小区3栋', content: '幸福小区3栋路灯坏了三天，晚上出行不便' },
            { id: 'ZX-20260316-0017', at: '03-16 15:40', status: { zh: '待派单', en: 'To assign' }, place: '', content: '来电反映幸福小区门口垃圾堆放<无人>清理' },
            { id: 'ZX-20260317-0002', at: '03-17 08:55', status: { zh: '待派单', en: 'To assign' }, place: '幸福小区', content: '幸福小区5栋楼道堆满杂物，存在消防隐患' },
          ],
        }),
      ),
    },
    {
      name: 'hotspotCard: similar content, more tickets than listed, no unit yet',
      card: sent(
        hotspotCard({
          label: '东门菜市场门口占道经营严重',
          kind: 'text',
          hours: 48,
          tickets: Array.from({ length: 24 }, (_, k) => ({ id: `ZX-20260316-${String(k + 1).padStart(4, '0')}`, at: '03-16 10:00', status: { zh: '待派单', en: 'To assign' }, place: '', content: '东门菜市场门口占道经营严重，影响通行' })),
        }),
      ),
    },
  ];
}

// ——— Help, identity, fallbacks ———

/** The help entries of every command the bot registers (as govdesk.ts builds them). */
// ——— Deadlines: 催办通知 / 超期上报, provisional deadlines, govdesk's notes on the timeline ———
function deadlineEntries(): CatalogueEntry[] {
  // ReminderService.escalate: the unit head's 催办通知 (1 working day overdue), the directors' 超期上报 (3).
  const late: OverdueItem = { kind: 'ticket', id: 'ZX-20260304-0021', unit: 'xhjd', title: '西湖街道文化路夜市占道经营，油烟噪音扰民至凌晨，多次反映未果。', deadline: '2026-03-16', workingDaysOverdue: 1 };
  const lateItem: OverdueItem = { kind: 'supervision', id: 'DB20260220-3C7D8E', unit: 'cgz', title: '城关镇中心小学周边交通秩序整治，上下学时段设置临时停车区。', deadline: '2026-03-13', workingDaysOverdue: 3 };
  // TicketService.card: a deadline counted into a year whose holidays are unknown (暂定), and the
  // notes govdesk writes itself (by 'govdesk', named 政务助手): 催办通知, 超期上报, 期限重算.
  const gov = (id: string) => (id === 'govdesk' ? '政务助手' : names(id));
  const deadline = (day: string) => at(`${day} 17:30`).toISOString();
  const steps: TicketTransitionDoc[] = (
    [
      ['register', 'registered', P.wangXiuying, '2026-12-29 09:10', {}],
      ['assign', 'assigned', P.liJianguo, '2026-12-29 10:00', { leadUnit: 'xhjd', coUnits: [], deadline: deadline('2027-01-01'), urgency: 'urgent', limitDays: 3, counted: 3 }],
      ['accept', 'handling', P.zhaoMin, '2026-12-29 11:20', {}],
    ] as const
  ).map(([action, to, by, when, data], i) => ({ _id: `ZX-20261229-0003:${i + 1}`, ticket: 'ZX-20261229-0003', seq: i + 1, action, from: i ? 'assigned' : null, to, by, at: at(when), note: '', data: { ...data }, caused: [] }));
  const intake: TicketDoc = {
    _id: 'ZX-20261229-0003',
    callerName: '刘女士',
    phone: '0571-87654321',
    anonymous: false,
    channel: 'phone',
    category: 'help',
    content: '西湖街道文三路自来水管爆裂，路面积水结冰。',
    place: '西湖街道文三路',
    urgency: 'urgent',
    intakeKey: 'ev_zx202612290003',
    intakeBy: P.wangXiuying,
    createdAt: at('2026-12-29 09:10'),
    possibleRepeats: [],
    status: 'handling',
    version: 3,
    leadUnit: 'xhjd',
    coUnits: [],
    updatedAt: at('2026-12-29 11:20'),
  };
  const provisional = foldTicket(steps);
  const note = (seq: number, action: TicketAction, when: string, data: Record<string, unknown>): TicketTransitionDoc => ({ _id: `ZX-20261229-0003:${seq}`, ticket: 'ZX-20261229-0003', seq, action, from: 'handling', to: 'handling', by: 'govdesk', at: at(when), note: '', data, caused: [] });
  const later = foldTicket([
    ...steps,
    note(4, 'deadline_recomputed', '2027-01-02 10:01', { deadline: deadline('2027-01-04'), was: deadline('2027-01-01'), year: 2027 }),
    note(5, 'urged', '2027-01-05 09:30', { days: 1, deadline: deadline('2027-01-04'), to: [P.zhaoMin] }),
    note(6, 'escalated', '2027-01-07 09:30', { days: 3, deadline: deadline('2027-01-04'), to: [P.huangLei] }),
  ]);
  const tk = (state: typeof provisional, now: Date, extra: Partial<TicketCardInput>) => sent(ticketCard('handling', { ticket: { ...intake, version: state.version }, state, names: gov, unitName, units: ACTIVE_UNITS, tz: TZ, now, defaultDeadline: '2027-01-04', ...extra }));
  // SupervisionService.card: an item urged and escalated (its record, by 政务助手).
  const item: LoadedItem = {
    item: { _id: 'DB20260220-3C7D8E', kind: 'supervision', content: '城关镇中心小学周边交通秩序整治，上下学时段设置临时停车区。', standard: '临时停车区投入使用', leadUnit: 'cgz', leader: P.zhengHong, deadline: at('2026-03-13 17:30'), status: 'open', createdBy: P.huangLei, createdAt: at('2026-02-20 10:00'), updatedAt: at('2026-03-18 09:30') },
    events: [
      { _id: 'DB20260220-3C7D8E:urged', item: 'DB20260220-3C7D8E', type: 'urged', note: '已向城关镇负责人发出催办通知（期限 2026-03-13，超期 1 个工作日）', by: 'govdesk', at: at('2026-03-16 09:30') },
      { _id: 'DB20260220-3C7D8E:escalated', item: 'DB20260220-3C7D8E', type: 'escalated', note: '超期 3 个工作日，已上报办公室主任（期限 2026-03-13，超期 3 个工作日）', by: 'govdesk', at: at('2026-03-18 09:30') },
    ],
    status: 'open',
  };
  return [
    { name: 'overdueNoticeCard: 催办通知 to the unit head (ticket)', card: sent(overdueNoticeCard('urge', late, '西湖街道')) },
    { name: 'overdueNoticeCard: 超期上报 to the directors (supervision item)', card: sent(overdueNoticeCard('escalate', lateItem, '城关镇')) },
    { name: 'ticketCard handling: deadline counted into 2027, holidays unknown (暂定)', card: tk(provisional, at('2026-12-29 11:30'), { provisional: true, light: 'yellow' }) },
    { name: 'ticketCard handling: deadline recomputed on import, urged and escalated by 政务助手 (red)', card: tk(later, at('2027-01-07 10:00'), { light: 'red', fullTimeline: true }) },
    { name: 'supervisionItemCard: urged and escalated (on its record)', card: sent(supervisionItemCard(item, gov, '城关镇', TZ, NOW)) },
  ];
}

function realHelpEntries(): HelpEntry[] {
  // Only the words, summaries and usages are read: the command factories keep their deps for run().
  const unused = undefined as never;
  const commands: Command[] = [];
  const entries = (): HelpEntry[] => commands.map((c) => ({ words: c.words, summary: c.summary, ...(c.usage ? { usage: c.usage } : {}) }));
  commands.push(
    helpCommand(entries),
    whoamiCommand(unused),
    ...roleCommands({ directory: unused, outbox: unused }),
    ...ticketHandlers({ tickets: unused, search: unused, outbox: unused, directory: unused, clock: unused, tz: TZ, numberPattern: /ZX-\d{8}-\d{4}/ }).commands,
    approvalStartCommand({ flows: new FlowRegistry(), outbox: unused }),
    supervisionHandlers({ supervision: unused, directory: unused, outbox: unused, calendar: unused, clock: unused, tz: TZ, sourceTitle: async () => null }).command,
    ...dutyCommands({ roster: unused, directory: unused, patterns: DEFAULT_SHIFTS, clock: unused, tz: TZ }),
    ...dutyLogHandlers({ duty: unused }).commands,
    swapHandlers({ swaps: unused, roster: unused, clock: unused, tz: TZ }).command,
    leaveShiftCommand(unused),
    presenceHandlers(unused).command,
    reportHandlers({ reports: unused, directory: unused, outbox: unused, clock: unused, tz: TZ }).command,
  );
  return entries();
}

function miscEntries(): CatalogueEntry[] {
  return [
    { name: 'helpCard: every command (帮助, and the 查看帮助 answer)', card: sent(helpCard(realHelpEntries())) },
    { name: 'notRegisteredCard: unknown sender', card: sent(notRegisteredCard('ou_c9a1e3f5b7d9c1e3a5f7b9d1c3e5a7f9')) },
    { name: 'notUnderstoodCard: plain question', card: sent(notUnderstoodCard('明天区政府几点上班？')) },
    { name: 'notUnderstoodCard: markdown and tags in the text', card: sent(notUnderstoodCard('**<b>你好**</b> [链接](https://example.com) `code`')) },
    { name: 'notUnderstoodCard: long text (clipped)', card: sent(notUnderstoodCard('请帮我查一下上个月城关镇所有关于路灯不亮的工单，按照办结时间排序，并且导出成表格发给我，谢谢')) },
    { name: 'whoamiCard: unit handler with unit', card: sent(whoamiCard(person(P.zhangWei), unit('cgz'))) },
    { name: 'whoamiCard: several roles', card: sent(whoamiCard(person(P.guoZhendong), unit('mszk'))) },
    { name: 'whoamiCard: leader without unit', card: sent(whoamiCard(person(P.sunHaitao), null)) },
    { name: 'whoamiCard: no roles, unknown unit code', card: sent(whoamiCard({ openId: 'ou_d0b2f4a6c8e0d2b4f6a8c0e2d4b6f8a0', name: '实习生小韩', title: '', phone: '', unit: 'tjj', roles: [], active: true }, null)) },
  ];
}

/** Every card builder in every state users receive it: one entry each. */
export function cardCatalogue(): CatalogueEntry[] {
  return [...approvalEntries(), ...ticketEntries(), ...dutyEntries(), ...dutyLogEntries(), ...supervisionEntries(), ...reportEntries(), ...miscEntries(), ...deadlineEntries()];
}
