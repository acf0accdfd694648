import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestBot, type TestBot } from '../helpers/test-bot.js';
import { messageEvent } from '../helpers/lark-payloads.js';
import { expectValidCard } from '../helpers/card-assertions.js';
import { buttonValues, cardsSentTo, decisionCardFor, DOC, P, press, seedOffice, submitDocument, textsSentTo } from './approval-helpers.js';

let t: TestBot;
beforeAll(async () => {
  t = await startTestBot();
  await seedOffice(t);
});
afterAll(async () => {
  await t.stop();
});

const eventsOf = (id: string) => t.bot.models.approvalEvents.find({ request: id }).sort({ at: 1 }).lean();
const statusOf = async (id: string) => (await t.bot.approvals.load(id))!.state.status;

describe('发文审批 through signed card callbacks', () => {
  it('submit, approve, return, resubmit, approve to the end; every card and the requester told', async () => {
    const formMessage = 'om_form_main';
    const { id, answer } = await submitDocument(t, P.drafter, DOC, formMessage);
    // The form card the drafter submitted on turns into their status card.
    expectValidCard(answer.card!.data);
    expect(JSON.stringify(answer.card!.data)).toContain('秘书科核稿');

    const s0 = await decisionCardFor(t, P.secretariat, id, 1, 0);
    expectValidCard(s0.card);
    expect(JSON.stringify(s0.card)).toContain(DOC.title);
    await eventually(() => textsSentTo(t, P.drafter).some((x) => x.includes('已送「秘书科核稿」')));

    const ok0 = await press(t, P.secretariat, s0.approve, { comment: '文字已核' });
    expect(ok0.toast).toMatchObject({ type: 'success', i18n: { zh_cn: '已同意' } });
    expect(buttonValues(ok0.card!.data).filter((v) => v.a === 'ap.decide')).toEqual([]);
    expect(JSON.stringify(ok0.card!.data)).toContain('文字已核');

    // The deputy step goes to every director; one returns it (a comment is required).
    const s1 = await decisionCardFor(t, P.dir1, id, 1, 1);
    await decisionCardFor(t, P.dir2, id, 1, 1);
    const noComment = await press(t, P.dir1, s1.ret, { comment: '  ' });
    expect(noComment.toast).toMatchObject({ type: 'warning', i18n: { zh_cn: '退回时请填写意见' } });
    expect(noComment.card).toBeUndefined();
    const returned = await press(t, P.dir1, s1.ret, { comment: '请补充检查范围' });
    expect(returned.toast?.i18n.zh_cn).toBe('已退回');
    expect(await statusOf(id)).toBe('returned');
    await eventually(() => textsSentTo(t, P.drafter).some((x) => x.includes('被 副主任甲 退回：请补充检查范围')));

    // The drafter's status card now offers the revise-and-resubmit form.
    const loaded = (await t.bot.approvals.load(id))!;
    const status = (await t.bot.approvals.cards(loaded)).status();
    const resubmit = buttonValues(status).find((v) => v.a === 'ap.resubmit')!;
    const again = await press(t, P.drafter, resubmit, { ...DOC, title: `${DOC.title}（修改稿）` });
    expect(again.toast?.i18n.zh_cn).toBe('已重新提交');

    // Round 2 restarts at the step that returned it, not at the secretariat.
    const r2 = await decisionCardFor(t, P.dir2, id, 2, 1);
    expect(JSON.stringify(r2.card)).toContain('（修改稿）');
    await press(t, P.dir2, r2.approve);
    const dirStep = await decisionCardFor(t, P.dir1, id, 2, 2);
    await press(t, P.dir1, dirStep.approve, { comment: '同意' });
    const sign = await decisionCardFor(t, P.leader, id, 2, 3);
    const signed = await press(t, P.leader, sign.approve, { comment: '签发' });
    expect(signed.toast?.i18n.zh_cn).toBe('已同意');
    expect(await statusOf(id)).toBe('approved');
    await eventually(() => textsSentTo(t, P.drafter).some((x) => x.includes('已全部通过')));

    // The record: who decided what, when, with the comment — and nothing twice.
    const decided = (await eventsOf(id)).filter((e) => e.type === 'decided');
    expect(decided.map((e) => [e.by, 'outcome' in e ? e.outcome : '', 'round' in e ? e.round : 0])).toEqual([
      [P.secretariat, 'approve', 1],
      [P.dir1, 'return', 1],
      [P.dir2, 'approve', 2],
      [P.dir1, 'approve', 2],
      [P.leader, 'approve', 2],
    ]);
    expect(await t.bot.models.approvalRequests.findById(id).lean()).toMatchObject({ status: 'approved', round: 2 });
    // The secretariat's copy of the card was updated in place: the decision, no buttons.
    const sentIndex = t.fake.delivered.findIndex((c) => c.body.receive_id === P.secretariat && String(c.body.content).includes(id));
    const patch = await eventually(() => t.fake.delivered.find((c) => c.method === 'PATCH' && c.path === `/open-apis/im/v1/messages/om_fake_${sentIndex + 1}`));
    expect(String(patch.body.content)).toContain('文字已核');
    expect(buttonValues(JSON.parse(String(patch.body.content))).filter((v) => v.a === 'ap.decide')).toEqual([]);
    // And the drafter's status card (the form they submitted on) shows the outcome.
    await eventually(() => t.fake.delivered.some((c) => c.method === 'PATCH' && c.path === `/open-apis/im/v1/messages/${formMessage}` && String(c.body.content).includes('已通过')));
  }, 60_000);

  it('a normative document adds the legal review', async () => {
    const { id } = await submitDocument(t, P.drafter, { ...DOC, title: '规范性文件：城市管理办法', normative: 'yes' });
    const s0 = await decisionCardFor(t, P.secretariat, id, 1, 0);
    await press(t, P.secretariat, s0.approve);
    const s1 = await decisionCardFor(t, P.dir1, id, 1, 1);
    await press(t, P.dir1, s1.approve);
    const legal = await decisionCardFor(t, P.legal, id, 1, 2);
    expect(JSON.stringify(legal.card)).toContain('法制审核');
    const state = (await t.bot.approvals.load(id))!.state;
    expect(state.steps.map((s) => s.def.key)).toEqual(['secretariat', 'deputy', 'legal', 'director', 'leader']);
  }, 30_000);

  it('转交 hands the step to a colleague; the first holder may no longer decide it', async () => {
    const { id } = await submitDocument(t, P.drafter, { ...DOC, title: '转交测试' });
    const s0 = await decisionCardFor(t, P.secretariat, id, 1, 0);
    const none = await press(t, P.secretariat, s0.transfer, {});
    expect(none.toast?.type).toBe('warning');
    const handed = await press(t, P.secretariat, s0.transfer, { to: P.colleague, comment: '请代为核稿' });
    expect(handed.toast?.i18n.zh_cn).toBe('已转交 同事丙');
    const late = await press(t, P.secretariat, s0.approve);
    expect(late.toast?.type).toBe('warning');
    const theirs = await decisionCardFor(t, P.colleague, id, 1, 0);
    await press(t, P.colleague, theirs.approve);
    await decisionCardFor(t, P.dir1, id, 1, 1);
    const decided = (await eventsOf(id)).filter((e) => e.type === 'decided');
    expect(decided.map((e) => e.by)).toEqual([P.colleague]);
  }, 30_000);

  it('someone who is not the step’s decider is refused with a toast and nothing changes', async () => {
    const { id } = await submitDocument(t, P.drafter, { ...DOC, title: '越权测试' });
    const s0 = await decisionCardFor(t, P.secretariat, id, 1, 0);
    const before = (await eventsOf(id)).length;
    for (const who of [P.stranger, P.leader, 'ou_unregistered_9']) {
      const res = await press(t, who, s0.approve);
      expect(res.toast?.type).toBe('warning');
      expect(res.card).toBeUndefined();
    }
    expect((await eventsOf(id)).length).toBe(before);
    expect(t.logs.some((l) => l.msg === 'refused: not allowed' && l.by === P.stranger)).toBe(true);
  }, 30_000);

  it('50 concurrent approvals of one step make one decision, and the next step opens once', async () => {
    const { id } = await submitDocument(t, P.drafter, { ...DOC, title: '并发测试' });
    const s0 = await decisionCardFor(t, P.secretariat, id, 1, 0);
    const answers = await Promise.all(Array.from({ length: 50 }, () => press(t, P.secretariat, s0.approve)));
    expect(answers.filter((a) => a.toast?.type === 'success')).toHaveLength(1);
    const events = await eventsOf(id);
    expect(events.filter((e) => e.type === 'decided')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'opened' && 'step' in e && e.step === 1)).toHaveLength(1);
    await decisionCardFor(t, P.dir1, id, 1, 1);
    await new Promise((r) => setTimeout(r, 500));
    const deputyCards = cardsSentTo(t, P.dir1).filter((c) => buttonValues(c.card).some((v) => v.id === id && v.s === 1));
    expect(deputyCards).toHaveLength(1);
  }, 60_000);

  it('a click on a card older than the request answers with where it stands now', async () => {
    const { id } = await submitDocument(t, P.drafter, { ...DOC, title: '旧卡片测试' });
    const s0 = await decisionCardFor(t, P.secretariat, id, 1, 0);
    await press(t, P.secretariat, s0.approve);
    const old = await press(t, P.secretariat, s0.ret, { comment: '反悔' });
    expect(old.toast).toMatchObject({ type: 'info', i18n: { zh_cn: '此审批已有新进展，卡片已更新' } });
    expect(JSON.stringify(old.card!.data)).toContain('分管副主任审核');
    expect(await statusOf(id)).toBe('pending');
  }, 30_000);

  it('invalid form input comes back with the problems marked, and nothing is stored', async () => {
    const before = await t.bot.models.approvalRequests.countDocuments();
    const res = await press(t, P.drafter, { a: 'ap.submit' }, { flow: 'document', title: '', urgency: 'whenever' });
    expect(res.toast?.type).toBe('warning');
    expect(res.toast?.i18n.zh_cn).toContain('标题不能为空');
    expect(JSON.stringify(res.card!.data)).toContain('请修改');
    expect(await t.bot.models.approvalRequests.countDocuments()).toBe(before);
  });

  it('secret requests never reach a group: the form goes to the person, the group only hears where it went', async () => {
    await t.send('/lark/events', messageEvent({ openId: P.drafter, chatType: 'group', chatId: 'oc_office_group', text: '发起审批', mentions: [{ openId: 'ou_bot', name: '政务助手' }] }));
    await eventually(() => cardsSentTo(t, P.drafter).some((c) => JSON.stringify(c.card).includes('发起审批') && c.path === '/open-apis/im/v1/messages'));
    const { id } = await submitDocument(t, P.drafter, { ...DOC, title: '机密：人事调整方案', security: 'confidential' });
    await decisionCardFor(t, P.secretariat, id, 1, 0);
    const inGroups = t.fake.delivered.filter((c) => JSON.stringify(c).includes('人事调整方案') && (c.query.receive_id_type === 'chat_id' || c.path.endsWith('/reply')));
    expect(inGroups).toEqual([]);
    const groupReply = t.fake.delivered.find((c) => c.path.endsWith('/reply') && JSON.stringify(c.body).includes('私信'));
    expect(groupReply).toBeDefined();
  }, 30_000);

  it('会签: a joint step needs every decider; one approval leaves it open, a second click changes nothing', async () => {
    t.bot.flows.register({
      id: 'joint-review',
      name: { zh: '联合审核', en: 'Joint review' },
      steps: [{ key: 'joint', name: { zh: '主任会签', en: 'Directors co-sign' }, deciders: { kind: 'role', role: 'director', mode: 'all' } }],
    });
    const started = await t.bot.approvals.start({ flow: 'joint-review', fields: { title: '会签测试', summary: '', link: '', urgency: 'urgent', security: 'none', normative: false }, requester: P.drafter, key: 'test:joint:1' });
    const id = started.request._id;
    expect(started.state.steps[0]).toMatchObject({ mode: 'all', deciders: [P.dir1, P.dir2].sort() });
    const a = await decisionCardFor(t, P.dir1, id, 1, 0);
    const b = await decisionCardFor(t, P.dir2, id, 1, 0);
    await press(t, P.dir1, a.approve);
    expect(await statusOf(id)).toBe('pending');
    const twice = await press(t, P.dir1, a.approve);
    expect(twice.toast?.type).toBe('info');
    await press(t, P.dir2, b.approve);
    expect(await statusOf(id)).toBe('approved');
    expect((await eventsOf(id)).filter((e) => e.type === 'decided').map((e) => e.by).sort()).toEqual([P.dir1, P.dir2].sort());
    // Started again with the same key (a retry): the same request, nothing new.
    const again = await t.bot.approvals.start({ flow: 'joint-review', fields: { title: '会签测试', summary: '', link: '', urgency: 'urgent', security: 'none', normative: false }, requester: P.drafter, key: 'test:joint:1' });
    expect(again.request._id).toBe(id);
    expect(again.state.status).toBe('approved');
  }, 30_000);

  it('the requester may withdraw; the deciders’ cards then show it and can no longer be used', async () => {
    const { id } = await submitDocument(t, P.drafter, { ...DOC, title: '撤回测试' });
    const s0 = await decisionCardFor(t, P.secretariat, id, 1, 0);
    const notMine = await press(t, P.secretariat, { a: 'ap.withdraw', id, r: 1 });
    expect(notMine.toast?.type).toBe('warning');
    const w = await press(t, P.drafter, { a: 'ap.withdraw', id, r: 1 });
    expect(w.toast?.i18n.zh_cn).toBe('已撤回');
    expect(await statusOf(id)).toBe('withdrawn');
    const late = await press(t, P.secretariat, s0.approve);
    expect(late.toast?.type).toBe('info');
    expect((await eventsOf(id)).filter((e) => e.type === 'decided')).toHaveLength(0);
  }, 30_000);
});
