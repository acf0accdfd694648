import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectValidCard } from '../helpers/card-assertions.js';
import { messageEvent } from '../helpers/lark-payloads.js';
import { eventually, startTestBot, type TestBot } from '../helpers/test-bot.js';
import { buttonValues, cardsSentTo, decisionCardFor, DOC, P, press, submitDocument } from '../approvals/approval-helpers.js';
import { seedSupervisionOffice } from './supervision-office.js';

let t: TestBot;
const DZ_HANDLER = 'ou_sc_dz_handler';
const ZJ_HEAD = 'ou_sc_zj_head';
beforeAll(async () => {
  t = await startTestBot();
  await seedSupervisionOffice(t, { dzHandler: DZ_HANDLER, zjHead: ZJ_HEAD });
});
afterAll(async () => {
  await t.stop();
});

/** A date a week on, as Lark's date picker sends it. */
const nextWeek = () => `${new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10)} +0800`;
const ask = async (openId: string, text: string) => {
  const ev = messageEvent({ openId, text });
  await t.send('/lark/events', ev);
  const reply = await eventually(() => t.fake.delivered.find((c) => c.path === `/open-apis/im/v1/messages/${ev.event.message.message_id}/reply`));
  return JSON.parse(reply.body.content as string) as Record<string, unknown>;
};
/** The default value of the form input `name` on a card. */
const inputValue = (card: unknown, name: string): unknown => {
  let found: unknown;
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if (o.tag === 'input' && o.name === name) found = o.default_value;
    Object.values(o).forEach(walk);
  };
  walk(card);
  return found;
};

/** A supervision item for 区住建局, made on the 督办 新建 form by the secretariat. */
const newItem = async (content: string) => {
  const form = await ask(P.secretariat, '督办 新建');
  const made = await press(t, P.secretariat, buttonValues(form).find((v) => v.a === 'sv.submit')!, { content, standard: '20部电梯验收通过', unit: 'zjj', leader: P.leader, deadline: nextWeek() });
  expect(made.toast?.type).toBe('success');
  return /DB\d{8}-[0-9A-F]{6}/.exec(made.toast!.i18n.zh_cn)![0];
};

describe('督办: text over its limit is refused with the limit named, never cut', () => {
  it('督办 新建 with too long a content: the form again, the problem named, what was written kept; nothing created', async () => {
    const form = await ask(P.secretariat, '督办 新建');
    const create = buttonValues(form).find((v) => v.a === 'sv.submit')!;
    const before = await t.bot.models.supervisionItems.countDocuments({});
    const content = '全区老旧小区加装电梯，'.repeat(91) + '年内完成';
    expect(content.length).toBe(1005);
    const res = await press(t, P.secretariat, create, { content, standard: '20部电梯验收通过', unit: 'zjj', leader: P.leader, deadline: nextWeek() });
    expect(res.toast?.type).toBe('warning');
    expect(res.toast?.i18n.zh_cn).toContain('督办内容最多 1000 字（现 1005 字）');
    expect(res.toast?.i18n.en_us).toContain('at most 1000 characters');
    expectValidCard(res.card!.data);
    expect(JSON.stringify(res.card!.data)).toContain('请修改 Please fix');
    expect(inputValue(res.card!.data, 'content')).toBe(content);
    expect(inputValue(res.card!.data, 'standard')).toBe('20部电梯验收通过');
    expect(await t.bot.models.supervisionItems.countDocuments({})).toBe(before);

    const itemId = await newItem(content.slice(0, 1000));
    expect((await t.bot.models.supervisionItems.findById(itemId).lean())?.content).toBe(content.slice(0, 1000));
  }, 30_000);

  it('a progress note, or a 销号 note, too long: refused with the limit, the card again with the note; nothing recorded', async () => {
    const itemId = await newItem('城区主干道雨污分流改造');
    const unitCard = await eventually(() => cardsSentTo(t, ZJ_HEAD).find((c) => JSON.stringify(c.card).includes(itemId)));
    const values = buttonValues(unitCard.card);
    const note = '已完成12部电梯的安装和验收，'.repeat(72);
    expect(note.length).toBe(1080);
    const res = await press(t, ZJ_HEAD, values.find((v) => v.a === 'sv.progress')!, { note });
    expect(res.toast?.type).toBe('warning');
    expect(res.toast?.i18n.zh_cn).toContain('情况说明最多 1000 字（现 1080 字）');
    expectValidCard(res.card!.data);
    expect(JSON.stringify(res.card!.data)).toContain('请修改 Please fix');
    expect(inputValue(res.card!.data, 'note')).toBe(note);
    // The unit's card offers no 销号; the office's (the card it created) does.
    expect(values.find((v) => v.a === 'sv.close')).toBeUndefined();
    const closed = await press(t, P.secretariat, { a: 'sv.close', id: itemId }, { note });
    expect(closed.toast?.i18n.zh_cn).toContain('情况说明最多 1000 字');
    expect(await t.bot.models.supervisionEvents.countDocuments({ item: itemId })).toBe(0);
    expect((await t.bot.models.supervisionItems.findById(itemId).lean())?.status).toBe('open');
  }, 30_000);

  it('a 批示 too long: the form again with the problem and the text; no follow-up created', async () => {
    const { id } = await submitDocument(t, P.drafter, { ...DOC, title: '关于老旧小区改造的请示（批示过长）' });
    const card = await decisionCardFor(t, P.secretariat, id, 1, 0);
    await press(t, P.leader, buttonValues(card.card).find((v) => v.a === 'ps.new')!);
    const form = await eventually(() => cardsSentTo(t, P.leader).find((c) => JSON.stringify(c.card).includes(id) && JSON.stringify(c.card).includes('批示内容')));
    const submit = buttonValues(form.card).find((v) => v.a === 'ps.submit')!;
    const text = '请东镇和住建局本月内拿出改造方案，'.repeat(60);
    const before = await t.bot.models.supervisionItems.countDocuments({ kind: 'instruction' });
    const res = await press(t, P.leader, submit, { text, units: ['dz', 'zjj'], deadline: nextWeek() });
    expect(res.toast?.i18n.zh_cn).toContain(`批示内容最多 1000 字（现 ${text.length} 字）`);
    expectValidCard(res.card!.data);
    expect(inputValue(res.card!.data, 'text')).toBe(text);
    expect(await t.bot.models.supervisionItems.countDocuments({ kind: 'instruction' })).toBe(before);
  }, 30_000);
});

describe('查看 on a digest opens an item only for those who may see it', () => {
  it('another unit’s handler is refused, naming who may see it; the item’s unit head gets the card', async () => {
    const itemId = await newItem('背街小巷路灯全覆盖');
    const open = { a: 'item.open', k: 'supervision', id: itemId };
    const refused = await press(t, DZ_HANDLER, open);
    expect(refused.toast?.type).toBe('warning');
    const zh = refused.toast!.i18n.zh_cn;
    expect(zh).toContain('您没有权限查看此督办事项');
    for (const who of ['区住建局的联络员或负责人', '负责领导 赵区长', '发起人 秘书科核稿人', '办公室主任']) expect(zh).toContain(who);
    expect(refused.toast!.i18n.en_us).toContain("区住建局's handler or head");
    expect(cardsSentTo(t, DZ_HANDLER).some((c) => JSON.stringify(c.card).includes(itemId))).toBe(false);

    const before = cardsSentTo(t, ZJ_HEAD).filter((c) => JSON.stringify(c.card).includes(itemId)).length;
    const ok = await press(t, ZJ_HEAD, open);
    expect(ok.toast?.i18n.zh_cn).toBe('已发到您的私聊');
    await eventually(() => cardsSentTo(t, ZJ_HEAD).filter((c) => JSON.stringify(c.card).includes(itemId)).length === before + 1);
    // A kind it does not know opens nothing.
    expect((await press(t, ZJ_HEAD, { a: 'item.open', k: 'duty_log', id: itemId })).toast?.type).toBe('warning');
  }, 30_000);
});

describe('批示 on a 机密 request', () => {
  it('the units named get the instruction but not the request’s title: "机密事项，请联系 …"; the deciders still see it', async () => {
    const title = '机密：干部人事调整方案';
    const { id } = await submitDocument(t, P.drafter, { ...DOC, title, security: 'confidential' });
    await press(t, P.secretariat, (await decisionCardFor(t, P.secretariat, id, 1, 0)).approve);
    const deputy = await decisionCardFor(t, P.dir1, id, 1, 1);

    // 副主任甲 decides the step: the 批示 form shows them the title.
    expect((await press(t, P.dir1, buttonValues(deputy.card).find((v) => v.a === 'ps.new')!)).toast?.type).toBe('info');
    const form = await eventually(() => cardsSentTo(t, P.dir1).find((c) => JSON.stringify(c.card).includes('批示内容') && JSON.stringify(c.card).includes(id)));
    expect(JSON.stringify(form.card)).toContain(title);
    const sent = await press(t, P.dir1, buttonValues(form.card).find((v) => v.a === 'ps.submit')!, { text: '请东镇做好相关人员思想工作', units: ['dz'], deadline: nextWeek() });
    expect(sent.toast?.i18n.zh_cn).toBe('批示已发给 1 个单位');

    const unitCard = await eventually(() => cardsSentTo(t, DZ_HANDLER).find((c) => JSON.stringify(c.card).includes(id)));
    const shown = JSON.stringify(unitCard.card);
    expect(shown).toContain('请东镇做好相关人员思想工作');
    expect(shown).toContain('机密事项，请联系 起草人');
    expect(shown).not.toContain('干部人事调整');
    const item = await t.bot.models.supervisionItems.findOne({ kind: 'instruction', 'source.id': id }).lean();
    expect(item?.source?.title).not.toContain('干部人事调整');
    expect(JSON.stringify(await ask(P.leader, '督办 列表'))).not.toContain('干部人事调整');

    // A leader the request was never put before: the 批示 form names it only as 机密事项.
    await press(t, P.leader, { a: 'ps.new', k: 'approval', id });
    const leaderForm = await eventually(() => cardsSentTo(t, P.leader).find((c) => JSON.stringify(c.card).includes(id) && JSON.stringify(c.card).includes('机密事项')));
    expect(JSON.stringify(leaderForm.card)).not.toContain('干部人事调整');

    // Nor does a click on a card they never had show it to them.
    const stale = await press(t, P.stranger, deputy.approve);
    expect(stale.toast?.type).toBe('warning');
    expect(stale.card).toBeUndefined();
  }, 60_000);
});
