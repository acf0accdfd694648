import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import dayjs from '../../src/lib/dayjs.js';
import { startTestBot, type TestBot } from '../helpers/test-bot.js';
import { press } from '../approvals/approval-helpers.js';
import { logCall, seedHotline, T, ticketButton } from './ticket-helpers.js';

let t: TestBot;
beforeAll(async () => {
  t = await startTestBot();
  await seedHotline(t);
});
afterAll(async () => {
  await t.stop();
});

/** A working day well ahead, as Lark's date picker sends it: "YYYY-MM-DD +0800" (date-picker.md). */
const ahead = dayjs().tz('Asia/Shanghai').add(20, 'day').format('YYYY-MM-DD');

describe('派单 with the values Lark sends', () => {
  it('keeps the deadline picked in the date picker ("2026-12-21 +0800") as the end of that working day (17:30)', async () => {
    const id = await logCall(t);
    const v = await ticketButton(t, T.dispatcher, id, 'assign');
    const a = await press(t, T.dispatcher, v, { leadUnit: 'zjj', coUnits: ['dz'], deadline: `${ahead} +0800`, urgency: 'normal' });
    expect(a.toast?.i18n.zh_cn).toBe('已派给 区住建局');
    const ticket = (await t.bot.models.tickets.findById(id).lean())!;
    expect(dayjs(ticket.deadline).tz('Asia/Shanghai').format('YYYY-MM-DD HH:mm:ss')).toBe(`${ahead} 17:30:00`);
    expect(ticket.coUnits).toEqual(['dz']);
  });

  it('refuses a deadline it cannot read, naming it, and changes nothing', async () => {
    const id = await logCall(t);
    const v = await ticketButton(t, T.dispatcher, id, 'assign');
    const a = await press(t, T.dispatcher, v, { leadUnit: 'zjj', deadline: '21/12/2026' });
    expect(a.toast).toMatchObject({ type: 'warning', i18n: { zh_cn: expect.stringContaining('无法识别办理期限「21/12/2026」') } });
    expect(a.card).toBeUndefined();
    expect((await t.bot.models.tickets.findById(id).lean())!.status).toBe('registered');
    expect(await t.bot.models.ticketTransitions.countDocuments({ ticket: id })).toBe(1);
  });

  it('with no date picked, the deadline follows the rules (default by category and urgency)', async () => {
    const id = await logCall(t);
    const v = await ticketButton(t, T.dispatcher, id, 'assign');
    expect((await press(t, T.dispatcher, v, { leadUnit: 'dz', deadline: '' })).toast?.type).toBe('success');
    expect((await t.bot.models.tickets.findById(id).lean())!.deadline).toBeInstanceOf(Date);
  });
});
