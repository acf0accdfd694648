import { describe, expect, it } from 'vitest';
import type { Person } from '../../src/directory/directory.js';
import { decide, NOT_REGISTERED, POLICY, type Action, type Decision, type PolicyObject } from '../../src/directory/policy.js';
import { ROLES, type Role } from '../../src/directory/roles.js';

const person = (roles: Role[] = [], over: Partial<Person> = {}): Person => ({
  openId: 'ou_me',
  name: '张三',
  title: '科员',
  phone: '13800000000',
  unit: 'U1',
  roles,
  active: true,
  ...over,
});

const allowed = (p: Person | null, action: Action, object?: PolicyObject) => expect(decide(p, action, object)).toEqual({ allowed: true });

/** The refusal's reason, after checking it is a refusal and bilingual. */
const refused = (p: Person | null, action: Action, object?: PolicyObject) => {
  const d: Decision = decide(p, action, object);
  expect(d.allowed).toBe(false);
  if (d.allowed) throw new Error('expected a refusal');
  if (d.reason !== NOT_REGISTERED) {
    expect(d.reason.zh).toContain('您没有权限');
    expect(d.reason.en).toContain('You may not');
  }
  return d.reason;
};

const ALL_ACTIONS = Object.keys(POLICY) as Action[];

describe('decide: who is asking', () => {
  it.each(ALL_ACTIONS)('refuses an unregistered person %s with NOT_REGISTERED', (action) => {
    expect(refused(null, action, { units: ['U1'], deciders: ['ou_me'], onDuty: ['ou_me'], overseers: ['ou_me'], owner: 'ou_me' })).toEqual(NOT_REGISTERED);
  });

  it.each(ALL_ACTIONS)('refuses an inactive person %s with NOT_REGISTERED, whatever they hold or are', (action) => {
    const p = person([...ROLES], { active: false });
    expect(refused(p, action, { units: ['U1'], deciders: ['ou_me'], onDuty: ['ou_me'], overseers: ['ou_me'], owner: 'ou_me' })).toEqual(NOT_REGISTERED);
  });

  it('NOT_REGISTERED is bilingual and points to an administrator', () => {
    expect(NOT_REGISTERED.zh).toContain('管理员');
    expect(NOT_REGISTERED.en).toMatch(/administrator/);
  });

  it('refusals other than NOT_REGISTERED never reuse it', () => {
    const reason = refused(person([]), 'org.manage');
    expect(reason).not.toEqual(NOT_REGISTERED);
  });
});

describe('decide: org.manage and settings.manage (admin only)', () => {
  it('allows an admin', () => {
    allowed(person(['admin']), 'org.manage');
    allowed(person(['admin']), 'settings.manage');
  });

  it('refuses everyone else, naming 管理员', () => {
    const r1 = refused(person(['dispatcher', 'director', 'leader']), 'org.manage');
    expect(r1.zh).toContain('管理通讯录和角色');
    expect(r1.zh).toContain('管理员');
    expect(r1.zh).toBe('您没有权限管理通讯录和角色：仅限管理员。');
    expect(r1.en).toBe('You may not manage the directory and roles: only Administrator may.');
    const r2 = refused(person(['intake']), 'settings.manage');
    expect(r2.zh).toContain('修改系统设置');
    expect(r2.zh).toContain('管理员');
    expect(r2.en).toContain('change settings');
  });
});

describe('decide: ticket.create and ticket.callback (intake or dispatcher)', () => {
  it.each<[Action, Role]>([
    ['ticket.create', 'intake'],
    ['ticket.create', 'dispatcher'],
    ['ticket.callback', 'intake'],
    ['ticket.callback', 'dispatcher'],
  ])('%s is allowed for %s', (action, role) => {
    allowed(person([role]), action);
  });

  it('refuses others, naming both roles', () => {
    const r = refused(person(['unit_handler', 'leader']), 'ticket.create');
    expect(r.zh).toContain('登记工单');
    expect(r.zh).toContain('受理员');
    expect(r.zh).toContain('派单员');
    expect(r.en).toContain('log tickets');
    expect(r.en).toContain('Intake');
    expect(r.en).toContain('Dispatcher');
    const c = refused(person(['admin']), 'ticket.callback');
    expect(c.zh).toContain('回访');
    expect(c.zh).toContain('受理员、派单员');
    expect(c.en).toContain('call callers back');
  });

  it('being the ticket owner does not allow a callback', () => {
    refused(person([]), 'ticket.callback', { owner: 'ou_me' });
  });
});

describe('decide: ticket.dispatch and ticket.review (dispatcher only)', () => {
  it('allows a dispatcher', () => {
    allowed(person(['dispatcher']), 'ticket.dispatch');
    allowed(person(['dispatcher']), 'ticket.review');
  });

  it('refuses an intake officer and even an admin, naming 派单员', () => {
    const r = refused(person(['intake']), 'ticket.dispatch');
    expect(r.zh).toContain('派单');
    expect(r.zh).toContain('派单员');
    expect(r.en).toContain('assign tickets');
    expect(r.en).toContain('Dispatcher');
    const rv = refused(person(['admin', 'unit_head']), 'ticket.review', { units: ['U1'] });
    expect(rv.zh).toContain('审核办理结果');
    expect(rv.zh).toContain('派单员');
    expect(rv.en).toContain('review replies');
  });
});

describe('decide: ticket.handle (the assigned unit only)', () => {
  it('allows a unit handler or unit head of the lead unit', () => {
    allowed(person(['unit_handler']), 'ticket.handle', { units: ['U1', 'U2'] });
    allowed(person(['unit_head']), 'ticket.handle', { units: ['U1'] });
  });

  it('allows a handler of a co-unit', () => {
    allowed(person(['unit_handler'], { unit: 'U2' }), 'ticket.handle', { units: ['U1', 'U2'] });
  });

  it('refuses a handler or head of another unit', () => {
    const r = refused(person(['unit_handler', 'unit_head'], { unit: 'U9' }), 'ticket.handle', { units: ['U1', 'U2'] });
    expect(r.zh).toContain('办理本单位的工单');
    expect(r.zh).toContain('仅限承办单位的联络员或负责人');
    expect(r.en).toContain("handle your unit's tickets");
    expect(r.en).toContain("the assigned unit's handler or head");
  });

  it('refuses a person of the right unit without a unit role', () => {
    refused(person([], { unit: 'U1' }), 'ticket.handle', { units: ['U1'] });
    refused(person(['dispatcher', 'admin', 'director'], { unit: 'U1' }), 'ticket.handle', { units: ['U1'] });
  });

  it('refuses when the object names no unit', () => {
    refused(person(['unit_handler']), 'ticket.handle');
    refused(person(['unit_handler']), 'ticket.handle', { units: [] });
  });

  it('is not granted by being an overseer, decider, owner or on duty', () => {
    refused(person([], { unit: 'U9' }), 'ticket.handle', { units: ['U1'], overseers: ['ou_me'], deciders: ['ou_me'], owner: 'ou_me', onDuty: ['ou_me'] });
  });
});

describe('decide: ticket.view', () => {
  it.each<Role>(['intake', 'dispatcher', 'director', 'leader', 'admin'])('allows %s on any ticket', (role) => {
    allowed(person([role], { unit: 'U9' }), 'ticket.view', { units: ['U1'] });
  });

  it("allows the assigned unit's handler and head", () => {
    allowed(person(['unit_handler']), 'ticket.view', { units: ['U1'] });
    allowed(person(['unit_head'], { unit: 'U2' }), 'ticket.view', { units: ['U1', 'U2'] });
  });

  it('allows an overseeing section head and the owner', () => {
    allowed(person(['section_head'], { unit: 'S1' }), 'ticket.view', { units: ['U1'], overseers: ['ou_other', 'ou_me'] });
    allowed(person([], { unit: '' }), 'ticket.view', { units: ['U1'], owner: 'ou_me' });
  });

  it('refuses a section head who does not oversee the unit, a handler of another unit, and a stranger', () => {
    refused(person(['section_head']), 'ticket.view', { units: ['U1'], overseers: ['ou_other'] });
    refused(person(['unit_handler'], { unit: 'U9' }), 'ticket.view', { units: ['U1'] });
    const r = refused(person(['duty_officer']), 'ticket.view', { units: ['U2'], owner: 'ou_other' });
    expect(r.zh).toContain('查看此工单');
    for (const label of ['受理员', '派单员', '办公室主任', '区领导', '管理员', '承办单位的联络员或负责人', '分管科长', '发起人']) expect(r.zh).toContain(label);
    expect(r.en).toContain('view this ticket');
    expect(r.en).toContain('the overseeing section head');
    expect(r.en).toContain('its creator');
  });

  it('being on duty or a decider does not allow viewing', () => {
    refused(person([]), 'ticket.view', { onDuty: ['ou_me'], deciders: ['ou_me'] });
  });
});

describe('decide: approval.start (anyone registered)', () => {
  it('allows an active person with no roles at all', () => {
    allowed(person([], { unit: '' }), 'approval.start');
  });

  it('refuses only the unregistered and inactive', () => {
    expect(refused(null, 'approval.start')).toEqual(NOT_REGISTERED);
    expect(refused(person(['admin'], { active: false }), 'approval.start')).toEqual(NOT_REGISTERED);
  });
});

describe('decide: approval.decide (the step deciders only)', () => {
  it('allows a decider of the step', () => {
    allowed(person([]), 'approval.decide', { deciders: ['ou_a', 'ou_me'] });
  });

  it('refuses anyone else, even holding every role', () => {
    const r = refused(person([...ROLES]), 'approval.decide', { deciders: ['ou_a'], owner: 'ou_me', onDuty: ['ou_me'], overseers: ['ou_me'], units: ['U1'] });
    expect(r.zh).toBe('您没有权限审批这一步：仅限本步骤的审批人。');
    expect(r.en).toBe("You may not decide this step: only this step's deciders may.");
    refused(person([]), 'approval.decide');
  });
});

describe('decide: refusals name the people who may act, given their names', () => {
  const names = (x: string) => ({ ou_a: '王芳', ou_b: '李强', ou_l: '赵区长', ou_c: '钱敏', U1: '东镇' })[x] ?? x;
  it('names the step’s approvers', () => {
    const r = refused(person([]), 'approval.decide', { deciders: ['ou_a', 'ou_b'], names });
    expect(r.zh).toBe('您没有权限审批这一步：仅限本步骤审批人 王芳、李强。');
    expect(r.en).toBe("You may not decide this step: only the step's approver 王芳, 李强 may.");
  });
  it('names the unit, the responsible leader and the creator of a supervision item', () => {
    const r = refused(person(['unit_handler'], { unit: 'U2' }), 'supervision.view', { units: ['U1'], leaders: ['ou_l'], owner: 'ou_c', names });
    for (const part of ['东镇的联络员或负责人', '负责领导 赵区长', '发起人 钱敏', '科长']) expect(r.zh).toContain(part);
    expect(r.en).toContain("东镇's handler or head");
  });
});

describe('decide: report.view', () => {
  it.each<Role>(['leader', 'director', 'section_head', 'unit_head', 'admin'])('allows %s', (role) => {
    allowed(person([role]), 'report.view');
  });

  it('refuses intake, dispatchers and handlers, naming the roles that may', () => {
    const r = refused(person(['intake', 'dispatcher', 'unit_handler']), 'report.view');
    expect(r.zh).toContain('查看报表');
    for (const label of ['区领导', '办公室主任', '科长', '承办单位负责人', '管理员']) expect(r.zh).toContain(label);
    expect(r.en).toContain('view reports');
    expect(r.en).toContain('District leader');
  });
});

describe('decide: duty.log', () => {
  it('allows whoever is on duty now, whatever their roles', () => {
    allowed(person([]), 'duty.log', { onDuty: ['ou_me'] });
    allowed(person(['duty_officer']), 'duty.log', { onDuty: ['ou_x', 'ou_me'] });
  });

  it('refuses a 带班领导 who is not the leader on duty now', () => {
    const r = refused(person(['duty_leader']), 'duty.log', { onDuty: ['ou_other'] });
    expect(r.zh).toContain('当班人员');
    refused(person(['duty_leader']), 'duty.log');
  });

  it('refuses a duty officer who is not on duty now, naming the officers on duty', () => {
    const r = refused(person(['duty_officer', 'admin']), 'duty.log', { onDuty: ['ou_other', 'ou_third'], names: (id) => ({ ou_other: '冯值班', ou_third: '何值班' })[id] ?? id });
    expect(r.zh).toContain('记录值班日志和交接班');
    expect(r.zh).toContain('仅限当班人员 冯值班、何值班');
    expect(r.en).toContain('keep the duty log and hand over');
    expect(r.en).toContain('the officers on duty 冯值班, 何值班');
  });
});

describe('decide: duty.incident', () => {
  it.each<Role>(['duty_officer', 'duty_leader', 'director', 'dispatcher'])('allows %s', (role) => {
    allowed(person([role]), 'duty.incident');
  });

  it('allows anyone on duty now', () => {
    allowed(person(['intake']), 'duty.incident', { onDuty: ['ou_me'] });
  });

  it('refuses others off duty', () => {
    const r = refused(person(['intake', 'leader', 'admin']), 'duty.incident', { onDuty: ['ou_other'] });
    expect(r.zh).toContain('报告突发事件');
    for (const label of ['值班员', '带班领导', '办公室主任', '派单员', '当班人员']) expect(r.zh).toContain(label);
    expect(r.en).toContain('report incidents');
  });
});

describe('decide: every action', () => {
  it('has at least one allowed and one refused case', () => {
    const yes: Record<Action, [Person, PolicyObject]> = {
      'org.manage': [person(['admin']), {}],
      'settings.manage': [person(['admin']), {}],
      'ticket.create': [person(['intake']), {}],
      'ticket.dispatch': [person(['dispatcher']), {}],
      'ticket.handle': [person(['unit_handler']), { units: ['U1'] }],
      'ticket.review': [person(['dispatcher']), {}],
      'ticket.callback': [person(['dispatcher']), {}],
      'ticket.view': [person([]), { owner: 'ou_me' }],
      'ticket.urge': [person(['leader']), {}],
      'approval.start': [person([]), {}],
      'approval.decide': [person([]), { deciders: ['ou_me'] }],
      'report.view': [person(['leader']), {}],
      'duty.log': [person([]), { onDuty: ['ou_me'] }],
      'duty.incident': [person(['duty_officer']), {}],
      'instruction.create': [person(['leader']), {}],
      'supervision.manage': [person(['dispatcher']), {}],
      'supervision.report': [person(['unit_head']), { units: ['U1'] }],
      'supervision.viewAll': [person(['section_head']), {}],
      'supervision.view': [person([]), { leaders: ['ou_me'] }],
      'duty.read': [person(['director']), {}],
      'duty.check': [person(['section_head']), { dutyHeads: ['ou_me'] }],
    };
    for (const action of ALL_ACTIONS) {
      const [p, o] = yes[action];
      expect(decide(p, action, o), action).toEqual({ allowed: true });
      expect(decide(person([], { unit: 'U9' }), action, {}).allowed, action).toBe(action === 'approval.start');
      expect(decide(null, action, o), action).toEqual({ allowed: false, reason: NOT_REGISTERED });
    }
  });

  it('every refusal reason names what was refused in both languages', () => {
    for (const action of ALL_ACTIONS) {
      if (POLICY[action].anyone) continue;
      const d = decide(person([], { unit: 'U9' }), action);
      if (d.allowed) throw new Error(`${action} should be refused`);
      expect(d.reason.zh, action).toContain(`您没有权限${POLICY[action].what.zh}：仅限`);
      expect(d.reason.en, action).toContain(`You may not ${POLICY[action].what.en}: only `);
    }
  });
});

describe('decide: duty.check (查岗: the duty section head only)', () => {
  it('allows the duty section head, refuses another section head, naming the duty section head', () => {
    allowed(person(['section_head']), 'duty.check', { dutyHeads: ['ou_me'] });
    const r = refused(person(['section_head', 'director']), 'duty.check', { dutyHeads: ['ou_head'], names: (id) => (id === 'ou_head' ? '值班科长甲' : id) });
    expect(r.zh).toContain('值班科长 值班科长甲');
    expect(r.en).toContain('the duty section head 值班科长甲');
  });
});
