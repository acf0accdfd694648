import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/lib/logger.js';
import { approvalSweepJob } from '../../src/schedules/approval-sweep-job.js';
import { expectValidCard } from '../helpers/card-assertions.js';
import { seedPerson } from '../helpers/directory-fixtures.js';
import { messageEvent } from '../helpers/lark-payloads.js';
import { eventually, startTestBot, type TestBot } from '../helpers/test-bot.js';
import { buttonValues, cardsSentTo, decisionCardFor, DOC, P, press, seedOffice, submitDocument, textsSentTo } from './approval-helpers.js';

let t: TestBot;
const ADMIN = 'ou_ap_admin';
beforeAll(async () => {
  t = await startTestBot({ start: { schedules: false } });
  await seedOffice(t);
  await seedPerson(t.bot.models, { openId: ADMIN, name: '管理员小周', unit: 'mszk', roles: ['admin'] });
});
afterAll(async () => {
  await t.stop();
});

const eventsOf = (id: string) => t.bot.models.approvalEvents.find({ request: id }).sort({ at: 1 }).lean();
const decisionCards = (openId: string, id: string, step: number) => cardsSentTo(t, openId).filter((c) => buttonValues(c.card).some((v) => v.a === 'ap.decide' && v.id === id && v.s === step));
/** The 5-minute sweep, as the scheduler runs it. */
const sweep = () => approvalSweepJob(t.bot.approvals, createLogger('silent')).run(new Date());
/** An administrator's 授权 / 撤销 in chat, answered. */
const roleCommand = async (text: string, who: { openId: string; name: string }) => {
  const ev = messageEvent({ openId: ADMIN, text, mentions: [who] });
  await t.send('/lark/events', ev);
  await eventually(() => t.fake.delivered.find((c) => c.path === `/open-apis/im/v1/messages/${ev.event.message.message_id}/reply`));
};

describe('one person signs one step of a chain', () => {
  it('the director who approved 分管副主任审核 is not given 主任复审: the other director is, and the first is refused', async () => {
    const { id } = await submitDocument(t, P.drafter, { ...DOC, title: '一人一签测试' });
    await press(t, P.secretariat, (await decisionCardFor(t, P.secretariat, id, 1, 0)).approve);
    await press(t, P.dir1, (await decisionCardFor(t, P.dir1, id, 1, 1)).approve, { comment: '同意' });

    // 主任复审 goes to 主任乙 only.
    const review = await decisionCardFor(t, P.dir2, id, 1, 2);
    const opened = (await eventsOf(id)).find((e) => e.type === 'opened' && e.step === 2);
    expect(opened && 'deciders' in opened ? opened.deciders : []).toEqual([P.dir2]);
    await eventually(() => textsSentTo(t, P.drafter).some((x) => x.includes('已送「主任复审」：主任乙。')));
    expect(decisionCards(P.dir1, id, 2)).toEqual([]);

    // 副主任甲 pressing the step's button (a forwarded card, a crafted callback) is refused, naming who may.
    const before = (await eventsOf(id)).length;
    const again = await press(t, P.dir1, review.approve, { comment: '我也同意' });
    expect(again.toast?.type).toBe('warning');
    expect(again.toast?.i18n.zh_cn).toBe('您没有权限审批这一步：仅限本步骤审批人 主任乙。');
    expect(again.card).toBeUndefined();
    expect((await eventsOf(id)).length).toBe(before);

    // Nor can the step be handed to someone whose signature already stands on the chain.
    const handBack = await press(t, P.dir2, review.transfer, { to: P.dir1 });
    expect(handBack.toast?.i18n.zh_cn).toContain('副主任甲 已审批过本审批的「分管副主任审核」');
    await press(t, P.dir2, review.approve);
    await decisionCardFor(t, P.leader, id, 1, 3);
    const decided = (await eventsOf(id)).filter((e) => e.type === 'decided');
    expect(decided.map((e) => e.by)).toEqual([P.secretariat, P.dir1, P.dir2]);
  }, 60_000);

  it('with one director only, 主任复审 is not signed by the same person: the requester and the admin are told, and it goes on once a director is added', async () => {
    await roleCommand('撤销 @_user_1 director', { openId: P.dir2, name: '主任乙' });
    await eventually(async () => !(await t.bot.models.people.findById(P.dir2).lean())?.roles.includes('director'));
    const title = '只有一位主任时的发文';
    const { id } = await submitDocument(t, P.drafter, { ...DOC, title });
    await press(t, P.secretariat, (await decisionCardFor(t, P.secretariat, id, 1, 0)).approve);
    const deputy = await press(t, P.dir1, (await decisionCardFor(t, P.dir1, id, 1, 1)).approve);
    expect(deputy.toast?.i18n.zh_cn).toBe('已同意');

    const told = await eventually(() => textsSentTo(t, P.drafter).find((x) => x.includes(title) && x.includes('无法送「主任复审」')));
    expect(told).toContain('副主任甲（已审批「分管副主任审核」）');
    expect(told).toContain('撤回');
    const adminNote = await eventually(() => textsSentTo(t, ADMIN).find((x) => x.includes(id)));
    expect(adminNote).toContain('「主任复审」无法送出');
    expect(adminNote).toContain('办公室主任');
    expect(adminNote).not.toContain(title);
    // Nobody holds the step: it is not opened, and 副主任甲 got no card for it.
    expect((await eventsOf(id)).some((e) => e.type === 'opened' && e.step === 2)).toBe(false);
    expect(decisionCards(P.dir1, id, 2)).toEqual([]);
    expect((await t.bot.approvals.load(id))!.state.status).toBe('pending');

    // The sweep comes by again: nothing is repeated.
    await sweep();
    expect(textsSentTo(t, P.drafter).filter((x) => x.includes('无法送「主任复审」') && x.includes(title))).toHaveLength(1);

    // An administrator makes 同事丙 a director: the next sweep sends them the step.
    await roleCommand('授权 @_user_1 director', { openId: P.colleague, name: '同事丙' });
    await eventually(async () => (await t.bot.models.people.findById(P.colleague).lean())?.roles.includes('director'));
    await sweep();
    const review = await decisionCardFor(t, P.colleague, id, 1, 2);
    expect((await press(t, P.colleague, review.approve)).toast?.i18n.zh_cn).toBe('已同意');
    await decisionCardFor(t, P.leader, id, 1, 3);
    expect(textsSentTo(t, P.drafter).filter((x) => x.includes('无法送「主任复审」') && x.includes(title))).toHaveLength(1);
  }, 60_000);
});

describe('转交 back to someone who held the step before', () => {
  it('A → B → A: A gets a new card and can decide with it', async () => {
    const { id } = await submitDocument(t, P.drafter, { ...DOC, title: '来回转交测试' });
    const first = await decisionCardFor(t, P.secretariat, id, 1, 0);
    expect((await press(t, P.secretariat, first.transfer, { to: P.colleague, comment: '请代为核稿' })).toast?.i18n.zh_cn).toBe('已转交 同事丙');
    const theirs = await decisionCardFor(t, P.colleague, id, 1, 0);
    expect((await press(t, P.colleague, theirs.transfer, { to: P.secretariat, comment: '我出差，退还' })).toast?.i18n.zh_cn).toBe('已转交 秘书科核稿人');

    const cards = await eventually(() => (decisionCards(P.secretariat, id, 0).length === 2 ? decisionCards(P.secretariat, id, 0) : null));
    expectValidCard(cards[1]!.card);
    expect(JSON.stringify(cards[1]!.card)).toContain('我出差，退还');
    const approve = buttonValues(cards[1]!.card).find((v) => v.a === 'ap.decide' && v.o === 'approve')!;
    expect((await press(t, P.secretariat, approve)).toast?.i18n.zh_cn).toBe('已同意');
    // The colleague's copy no longer offers buttons.
    const colleagueCard = t.fake.delivered.findIndex((c) => c.body.receive_id === P.colleague && String(c.body.content).includes(id));
    await eventually(() => t.fake.delivered.some((c) => c.method === 'PATCH' && c.path === `/open-apis/im/v1/messages/om_fake_${colleagueCard + 1}`));
  }, 60_000);
});

describe('refusals name who may act', () => {
  it('a stranger is told the step’s approver by name; someone else withdrawing is told the requester', async () => {
    const { id } = await submitDocument(t, P.drafter, { ...DOC, title: '拒绝提示测试' });
    const s0 = await decisionCardFor(t, P.secretariat, id, 1, 0);
    const stranger = await press(t, P.stranger, s0.approve);
    expect(stranger.toast).toMatchObject({ type: 'warning', i18n: { zh_cn: '您没有权限审批这一步：仅限本步骤审批人 秘书科核稿人。', en_us: "You may not decide this step: only the step's approver 秘书科核稿人 may." } });
    const withdraw = await press(t, P.secretariat, { a: 'ap.withdraw', id, r: 1 });
    expect(withdraw.toast).toMatchObject({ type: 'warning', i18n: { zh_cn: '仅限发起人 起草人 撤回。' } });
    expect((await t.bot.approvals.load(id))!.state.status).toBe('pending');
  }, 30_000);
});

describe('a comment longer than the card allows', () => {
  it('is refused with the limit named, nothing is decided, and the card comes back with the problem and the comment', async () => {
    const { id } = await submitDocument(t, P.drafter, { ...DOC, title: '意见过长测试' });
    const s0 = await decisionCardFor(t, P.secretariat, id, 1, 0);
    const comment = '文字需进一步核对，'.repeat(56) + '完';
    expect(comment.length).toBe(505);
    const res = await press(t, P.secretariat, s0.approve, { comment });
    expect(res.toast?.type).toBe('warning');
    expect(res.toast?.i18n.zh_cn).toContain('意见最多 500 字（现 505 字）');
    expect(res.toast?.i18n.en_us).toContain('at most 500 characters');
    expectValidCard(res.card!.data);
    expect(JSON.stringify(res.card!.data)).toContain('请修改 Please fix');
    expect(JSON.stringify(res.card!.data)).toContain(comment);
    expect(buttonValues(res.card!.data).some((v) => v.a === 'ap.decide' && v.o === 'approve')).toBe(true);
    expect((await eventsOf(id)).filter((e) => e.type === 'decided')).toEqual([]);
    // A hand-over's comment is held to the same limit.
    const handed = await press(t, P.secretariat, s0.transfer, { to: P.colleague, comment });
    expect(handed.toast?.i18n.zh_cn).toContain('意见最多 500 字');
    expect((await eventsOf(id)).filter((e) => e.type === 'transferred')).toEqual([]);
    expect((await press(t, P.secretariat, s0.approve, { comment: comment.slice(0, 500) })).toast?.i18n.zh_cn).toBe('已同意');
  }, 30_000);
});
