import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../helpers/test-bot.js';
import { expectValidCard } from '../helpers/card-assertions.js';
import type { Category } from '../../src/tickets/ticket-types.js';
import { buttonValues, press } from '../approvals/approval-helpers.js';
import { chat, seedHotline, T } from './ticket-helpers.js';

/**
 * 登记 of a 咨询 call shows up to 3 earlier calls like it whose replies the callers accepted
 * (满意 or 基本满意), with those replies — never a reply a caller marked 不满意. The history is
 * seeded through the ticket service: answers given at once and called back
 * (CALLBACK_AFTER_DIRECT=all), and the whole loop through a unit.
 */
let t: TestBot;
let n = 0;
const ids: Record<string, string> = {};

const act = async (id: string, op: string, by: string, form: Record<string, unknown> = {}, option?: string) => {
  const loaded = (await t.bot.tickets.load(id))!;
  const r = await t.bot.tickets.act({ id, version: loaded.state.version, op, by, form, ...(option ? { option } : {}) });
  expect(r.kind, `${id} ${op}`).toBe('done');
};
const log = async (name: string, content: string, opts: { answer?: string; category?: Category } = {}) => {
  n++;
  const r = await t.bot.tickets.intake({
    intake: { callerName: `来电人${n}`, phone: `1380000${String(1000 + n)}`, anonymous: false, channel: 'phone', category: opts.category ?? 'consultation', content, place: '', urgency: 'normal', outOfScope: '', ...(opts.answer ? { directAnswer: opts.answer } : {}) },
    by: T.clerk,
    key: `seed-${n}`,
  });
  if ('refused' in r) throw new Error(r.refused.zh);
  ids[name] = r.ticket._id;
  return r.ticket._id;
};
/** Answered at once, then called back with `outcome`. */
const answered = async (name: string, content: string, answer: string, outcome: 'satisfied' | 'basically' | 'unsatisfied') => {
  const id = await log(name, content, { answer });
  await act(id, 'callback', T.clerk, outcome === 'unsatisfied' ? { note: '来电人不认可' } : {}, outcome);
};

beforeAll(async () => {
  t = await startTestBot({ env: { CALLBACK_AFTER_DIRECT: 'all' } });
  await seedHotline(t);
  await answered('A1', '咨询幸福小区地下停车位如何申请', 'R-A1 请到幸福社区居委会登记，携带身份证和房产证。', 'satisfied');
  await answered('A2', '请问幸福小区停车位申请需要什么材料', 'R-A2 需要身份证、房产证和行驶证复印件。', 'basically');
  await answered('A3', '咨询小区停车位申请流程', 'R-A3 先向物业提交申请，再由社区审核公示。', 'satisfied');
  await answered('A4', '幸福小区停车位申请后多久能分配', 'R-A4 审核公示后十个工作日内分配。', 'satisfied');
  // The caller did not accept this answer: it is never suggested.
  await answered('U1', '咨询幸福小区停车位如何申请办理', 'R-U1 不认可的答复', 'unsatisfied');
  // Through a unit: the first reply was rejected by the caller (不满意), the redone one accepted.
  const u2 = await log('U2', '咨询幸福小区停车位申请条件');
  await act(u2, 'assign', T.dispatcher, { leadUnit: 'dz', urgency: 'normal' });
  await act(u2, 'accept', T.dzHandler);
  await act(u2, 'reply', T.dzHandler, { result: '已答复', reply: 'R-U2-OLD 不满意的旧答复' });
  await act(u2, 'review_accept', T.dispatcher);
  await act(u2, 'callback', T.clerk, { note: '没有说清条件' }, 'unsatisfied');
  await act(u2, 'reply', T.dzHandler, { result: '已重新答复', reply: 'R-U2-NEW 本小区业主且名下无车位即可申请。' });
  await act(u2, 'review_accept', T.dispatcher);
  await act(u2, 'callback', T.clerk, {}, 'satisfied');
  // Other matters, and a call like it with no accepted reply yet.
  await answered('N1', '咨询新生儿医保如何办理', 'R-N1 到街道社保窗口办理。', 'satisfied');
  await answered('N2', '咨询公积金提取需要什么材料', 'R-N2 身份证和银行卡。', 'satisfied');
  await log('O1', '咨询幸福小区停车位怎么申请');
}, 120_000);
afterAll(async () => {
  await t?.stop();
});

const listed = (card: Record<string, unknown>) => [...new Set(JSON.stringify(card).match(/ZX-\d{8}-\d{4}/g) ?? [])];

describe('past answers at 登记 of a 咨询 call', () => {
  it('lists up to 3 similar calls with the replies their callers accepted, never one marked 不满意', async () => {
    const card = await chat(t, T.clerk, '登记 李四 13912345678 咨询幸福小区停车位怎么申请');
    expectValidCard(card);
    const json = JSON.stringify(card);
    expect(json).toContain('相似来电的已认可答复');
    const shown = listed(card);
    expect(shown.length).toBe(3);
    const allowed = ['A1', 'A2', 'A3', 'A4', 'U2'].map((k) => ids[k]);
    for (const id of shown) expect(allowed).toContain(id);
    // Each with its accepted reply.
    const replies = json.match(/R-(A\d|U2-NEW)/g) ?? [];
    expect(new Set(replies).size).toBe(3);
    expect(json).not.toContain(ids.U1);
    expect(json).not.toContain('R-U1');
    expect(json).not.toContain('R-U2-OLD');
    expect(json).not.toContain(ids.O1);
    expect(json).not.toContain('R-N');
    // The form itself is pre-filled as before.
    expect(json).toContain('"initial_option":"consultation"');
    expect(json).toContain('"default_value":"李四"');
  });

  it('采用此答复 fills the answer in and sets 直接答复; 确认登记 then closes the call with it', async () => {
    const card = await chat(t, T.clerk, '登记 周七 13912345671 咨询新生儿医保怎么办理');
    const use = buttonValues(card).find((v) => v.a === 'tk.use' && v.id === ids.N1)!;
    expect(use).toBeDefined();
    const typed = { callerName: '周七', phone: '13912345671', anonymous: 'no', channel: 'phone', category: 'consultation', content: '咨询新生儿医保怎么办理', place: '', urgency: 'normal', handling: 'dispatch', answer: '' };
    const filled = await press(t, T.clerk, use, typed);
    expect(filled.toast?.i18n.zh_cn).toBe(`已填入 ${ids.N1} 的答复，请核对后确认登记`);
    const form = filled.card!.data;
    expectValidCard(form);
    const json = JSON.stringify(form);
    expect(json).toContain('"default_value":"R-N1 到街道社保窗口办理。"');
    expect(json).toContain('"initial_option":"direct"');
    expect(json).toContain('"default_value":"周七"');
    // A stranger's press changes nothing and says who may log calls.
    expect((await press(t, T.stranger, use, typed)).toast?.type).toBe('warning');
    const a = await press(t, T.clerk, { a: 'tk.intake' }, { ...typed, handling: 'direct', answer: 'R-N1 到街道社保窗口办理。' }, 'om_use_answer');
    expect(a.toast?.i18n.zh_cn).toMatch(/^已直接答复，待回访，工单号/);
    const id = /ZX-\d{8}-\d{4}/.exec(a.toast!.i18n.zh_cn)![0];
    expect((await t.bot.tickets.load(id))!.state.reply?.reply).toBe('R-N1 到街道社保窗口办理。');
  });

  it('another matter finds its own answer', async () => {
    const card = await chat(t, T.clerk, '登记 王五 13912345679 咨询新生儿医保怎么办理');
    expect(listed(card)).toEqual([ids.N1]);
    expect(JSON.stringify(card)).toContain('R-N1 到街道社保窗口办理。');
  });

  it('nothing is suggested for a call that is not a 咨询, nor for one like no accepted answer', async () => {
    for (const text of ['登记 赵六 13912345670 投诉幸福小区停车位乱收费', '登记 赵六 13912345670 咨询护照加急办理', '登记']) {
      const json = JSON.stringify(await chat(t, T.clerk, text));
      expect(json, text).not.toContain('相似来电的已认可答复');
      expect(json.match(/ZX-\d{8}-\d{4}/g), text).toBeNull();
    }
  });

  it('past_answers is kept by `_id` at the callback, and rebuilt from the tickets the same', async () => {
    const rows = await t.bot.models.pastAnswers.find({}).sort({ _id: 1 }).lean();
    expect(rows.map((r) => r._id).sort()).toEqual(['A1', 'A2', 'A3', 'A4', 'U2', 'N1', 'N2'].map((k) => ids[k]).sort());
    expect(rows.find((r) => r._id === ids.U2)!.reply).toBe('R-U2-NEW 本小区业主且名下无车位即可申请。');
    await t.bot.models.pastAnswers.deleteMany({});
    const { rebuildTicketProjections } = await import('../../src/tickets/rebuild-ticket-projections.js');
    expect((await rebuildTicketProjections(t.bot.models, new Date())).answers).toBe(rows.length);
    expect(await t.bot.models.pastAnswers.find({}).sort({ _id: 1 }).lean()).toEqual(rows);
  });
});
