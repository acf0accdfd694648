import type { Bilingual } from '../cards/card-types.js';
import type { Person } from './directory.js';
import { ROLE_LABELS, type Role } from './roles.js';

/**
 * The one permission policy: "may person P do action A on object O", with the reason when not.
 * Every handler asks here; nothing else decides who may act.
 */
export type Action =
  | 'org.manage' // grant/revoke roles, import the directory
  | 'settings.manage' // calendars, deadline rules, rosters
  | 'ticket.create' // 登记
  | 'ticket.dispatch' // 派单 / 改派
  | 'ticket.handle' // 签收, 退回, 办理, 答复, 延期申请 — for the unit the ticket is assigned to
  | 'ticket.review' // 审核 a unit's reply
  | 'ticket.callback' // 回访
  | 'ticket.view'
  | 'ticket.urge' // 催办 an open ticket: the unit's handlers and head are told, the timeline records it
  | 'approval.start'
  | 'approval.decide' // a step of a request: only its deciders
  | 'report.view'
  | 'duty.log' // the duty log and handover: officers and leaders on duty
  | 'duty.incident' // report a major incident
  | 'duty.check' // 查岗: a spot check of the officers on duty — the duty section head only
  | 'instruction.create' // 批示: write an instruction and name the units to follow it up
  | 'supervision.manage' // 督办: create items and close them (销号)
  | 'supervision.report' // report progress on an item, mark a follow-up done — for its unit
  | 'supervision.viewAll' // the whole ledger (others see their unit's items)
  | 'supervision.view' // one item's card: the office, its unit, its leader and creator
  | 'duty.read'; // the duty log is confidential: duty officers, leaders on duty, the director, leaders

/** What the action is done to, as far as the policy needs to know. */
export interface PolicyObject {
  /** Units the object is assigned to (lead unit first, co-units after). */
  units?: string[];
  /** Section heads overseeing those units. */
  overseers?: string[];
  /** open_ids who may decide (an approval step's deciders). */
  deciders?: string[];
  /** open_ids on duty now (for duty actions). */
  onDuty?: string[];
  /** The duty section heads of the current shift (the section heads overseeing its primary's unit). */
  dutyHeads?: string[];
  /** Who created the object. */
  owner?: string;
  /** The object's responsible leaders (督办 负责领导). */
  leaders?: string[];
  /**
   * Names for the refusal, so it names who may act ("仅限本步骤审批人 王芳"): an open_id or a
   * unit code → its name. Without it the refusal names the relation only.
   */
  names?: (idOrCode: string) => string;
}

export type Decision = { allowed: true } | { allowed: false; reason: Bilingual };

interface Rule {
  /** Anyone holding one of these roles may. */
  roles?: Role[];
  /** Also: the object's unit members holding one of these roles. */
  unitRoles?: Role[];
  /** Also: the object's overseers (section heads). */
  overseers?: boolean;
  /** Also: the object's deciders. */
  deciders?: boolean;
  /** Also: anyone listed as on duty now. */
  onDuty?: boolean;
  /** Also: the current shift's duty section heads. */
  dutyHeads?: boolean;
  /** Also: the object's owner. */
  owner?: boolean;
  /** Also: the object's responsible leaders. */
  leaders?: boolean;
  /** Any registered, active person. */
  anyone?: boolean;
  what: Bilingual;
}

export const POLICY: Record<Action, Rule> = {
  'org.manage': { roles: ['admin'], what: { zh: '管理通讯录和角色', en: 'manage the directory and roles' } },
  'settings.manage': { roles: ['admin'], what: { zh: '修改系统设置', en: 'change settings' } },
  'ticket.create': { roles: ['intake', 'dispatcher'], what: { zh: '登记工单', en: 'log tickets' } },
  'ticket.dispatch': { roles: ['dispatcher'], what: { zh: '派单', en: 'assign tickets' } },
  'ticket.handle': { unitRoles: ['unit_handler', 'unit_head'], what: { zh: '办理本单位的工单', en: "handle your unit's tickets" } },
  'ticket.review': { roles: ['dispatcher'], what: { zh: '审核办理结果', en: 'review replies' } },
  'ticket.callback': { roles: ['intake', 'dispatcher'], what: { zh: '回访', en: 'call callers back' } },
  'ticket.urge': { roles: ['dispatcher', 'leader', 'director'], what: { zh: '催办工单', en: 'urge tickets' } },
  'ticket.view': {
    roles: ['intake', 'dispatcher', 'director', 'leader', 'admin'],
    unitRoles: ['unit_handler', 'unit_head'],
    overseers: true,
    owner: true,
    what: { zh: '查看此工单', en: 'view this ticket' },
  },
  'approval.start': { anyone: true, what: { zh: '发起审批', en: 'start approvals' } },
  'approval.decide': { deciders: true, what: { zh: '审批这一步', en: 'decide this step' } },
  'report.view': { roles: ['leader', 'director', 'section_head', 'unit_head', 'admin'], what: { zh: '查看报表', en: 'view reports' } },
  // The officers and the leader on the current shift only: a 带班领导 off duty may not write it.
  'duty.log': { onDuty: true, what: { zh: '记录值班日志和交接班', en: 'keep the duty log and hand over' } },
  'duty.read': { roles: ['duty_officer', 'duty_leader', 'director', 'leader'], what: { zh: '查看值班记录', en: 'read the duty log' } },
  'instruction.create': { roles: ['leader', 'director'], what: { zh: '批示', en: 'write instructions' } },
  'supervision.manage': { roles: ['dispatcher', 'director', 'admin'], what: { zh: '管理督办事项', en: 'manage supervision items' } },
  'supervision.report': { unitRoles: ['unit_handler', 'unit_head'], what: { zh: '报告本单位督办事项', en: "report on your unit's items" } },
  'supervision.viewAll': {
    roles: ['dispatcher', 'director', 'leader', 'section_head', 'admin'],
    what: { zh: '查看全部督办事项', en: 'see every supervision item' },
  },
  'supervision.view': {
    roles: ['dispatcher', 'director', 'leader', 'section_head', 'admin'],
    unitRoles: ['unit_handler', 'unit_head'],
    leaders: true,
    owner: true,
    what: { zh: '查看此督办事项', en: 'see this supervision item' },
  },
  'duty.check': { dutyHeads: true, what: { zh: '查岗', en: 'spot-check the officers on duty' } },
  'duty.incident': { roles: ['duty_officer', 'duty_leader', 'director', 'dispatcher'], onDuty: true, what: { zh: '报告突发事件', en: 'report incidents' } },
};

export const NOT_REGISTERED: Bilingual = {
  zh: '您尚未登记在政务助手的通讯录中，请联系管理员。',
  en: 'You are not registered in govdesk yet; please ask an administrator.',
};

export function decide(person: Person | null, action: Action, object: PolicyObject = {}): Decision {
  if (!person || !person.active) return { allowed: false, reason: NOT_REGISTERED };
  const rule = POLICY[action];
  if (rule.anyone) return { allowed: true };
  if (rule.roles?.some((r) => person.roles.includes(r))) return { allowed: true };
  const units = object.units ?? [];
  if (rule.unitRoles && person.unit !== '' && units.includes(person.unit) && rule.unitRoles.some((r) => person.roles.includes(r))) return { allowed: true };
  if (rule.overseers && object.overseers?.includes(person.openId)) return { allowed: true };
  if (rule.deciders && object.deciders?.includes(person.openId)) return { allowed: true };
  if (rule.onDuty && object.onDuty?.includes(person.openId)) return { allowed: true };
  if (rule.dutyHeads && object.dutyHeads?.includes(person.openId)) return { allowed: true };
  if (rule.owner && object.owner === person.openId) return { allowed: true };
  if (rule.leaders && object.leaders?.includes(person.openId)) return { allowed: true };
  return { allowed: false, reason: refusal(rule, object) };
}

/** Unit roles named after "the assigned unit's …". */
const UNIT_ROLE_SHORT: Partial<Record<Role, Bilingual>> = {
  unit_handler: { zh: '联络员', en: 'handler' },
  unit_head: { zh: '负责人', en: 'head' },
};

/** "Only … may …": names the roles or the relation that would allow it (and the people, given `names`). */
function refusal(rule: Rule, object: PolicyObject = {}): Bilingual {
  const who: Bilingual[] = (rule.roles ?? []).map((r) => ROLE_LABELS[r]);
  const named = (ids: string[] | undefined) => (object.names && ids?.length ? ids.map(object.names) : []);
  if (rule.unitRoles) {
    const roles = rule.unitRoles.map((r) => UNIT_ROLE_SHORT[r] ?? ROLE_LABELS[r]);
    const unit = named(object.units?.slice(0, 1))[0];
    who.push(
      unit
        ? { zh: `${unit}的${roles.map((r) => r.zh).join('或')}`, en: `${unit}'s ${roles.map((r) => r.en).join(' or ')}` }
        : { zh: `承办单位的${roles.map((r) => r.zh).join('或')}`, en: `the assigned unit's ${roles.map((r) => r.en).join(' or ')}` },
    );
  }
  if (rule.overseers) who.push({ zh: '分管科长', en: 'the overseeing section head' });
  const deciders = named(object.deciders);
  if (rule.deciders) who.push(deciders.length ? { zh: `本步骤审批人 ${deciders.join('、')}`, en: `the step's approver ${deciders.join(', ')}` } : { zh: '本步骤的审批人', en: "this step's deciders" });
  const onDuty = named(object.onDuty);
  if (rule.onDuty) who.push(onDuty.length ? { zh: `当班人员 ${onDuty.join('、')}`, en: `the officers on duty ${onDuty.join(', ')}` } : { zh: '当班人员', en: 'the officers on duty' });
  const dutyHeads = named(object.dutyHeads);
  if (rule.dutyHeads) who.push(dutyHeads.length ? { zh: `值班科长 ${dutyHeads.join('、')}`, en: `the duty section head ${dutyHeads.join(', ')}` } : { zh: '值班科长', en: 'the duty section head' });
  const leaders = named(object.leaders);
  if (rule.leaders) who.push(leaders.length ? { zh: `负责领导 ${leaders.join('、')}`, en: `the responsible leader ${leaders.join(', ')}` } : { zh: '负责领导', en: 'the responsible leader' });
  const owner = named(object.owner ? [object.owner] : []);
  if (rule.owner) who.push(owner.length ? { zh: `发起人 ${owner[0]}`, en: `its creator ${owner[0]}` } : { zh: '发起人', en: 'its creator' });
  return {
    zh: `您没有权限${rule.what.zh}：仅限${who.map((w) => w.zh).join('、')}。`,
    en: `You may not ${rule.what.en}: only ${who.map((w) => w.en).join(', ')} may.`,
  };
}
