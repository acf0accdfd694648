import { expect } from 'vitest';
import { expectValidCard } from '../helpers/card-assertions.js';
import { seedPerson, seedUnit } from '../helpers/directory-fixtures.js';
import { messageEvent } from '../helpers/lark-payloads.js';
import { eventually, type TestBot } from '../helpers/test-bot.js';
import { buttonValues, cardsSentTo, press } from '../approvals/approval-helpers.js';

export const T = {
  clerk: 'ou_tk_clerk',
  dispatcher: 'ou_tk_dispatcher',
  dzHandler: 'ou_tk_dz_handler',
  zjHandler: 'ou_tk_zj_handler',
  director: 'ou_tk_director',
  stranger: 'ou_tk_stranger',
};

export async function seedHotline(t: TestBot): Promise<void> {
  const m = t.bot.models;
  await seedUnit(m, { code: 'zxb', name: '直通办', kind: 'section' });
  await seedUnit(m, { code: 'dz', name: '东镇', kind: 'town' });
  await seedUnit(m, { code: 'zjj', name: '区住建局', kind: 'department' });
  await seedPerson(m, { openId: T.clerk, name: '陈受理', unit: 'zxb', roles: ['intake'] });
  await seedPerson(m, { openId: T.dispatcher, name: '林派单', unit: 'zxb', roles: ['dispatcher'] });
  await seedPerson(m, { openId: T.dzHandler, name: '孙联络', unit: 'dz', roles: ['unit_handler'] });
  await seedPerson(m, { openId: T.zjHandler, name: '郑联络', unit: 'zjj', roles: ['unit_handler'] });
  await seedPerson(m, { openId: T.director, name: '王主任', unit: 'zxb', roles: ['director'] });
  await seedPerson(m, { openId: T.stranger, name: '路人甲', unit: 'zxb', roles: [] });
}

/** Sends a chat message and returns the bot's reply (card JSON or text). */
export async function chat(t: TestBot, openId: string, text: string): Promise<Record<string, unknown>> {
  const ev = messageEvent({ openId, text });
  await t.send('/lark/events', ev);
  const reply = await eventually(() => t.fake.delivered.find((c) => c.path === `/open-apis/im/v1/messages/${ev.event.message.message_id}/reply`));
  return JSON.parse(reply.body.content as string) as Record<string, unknown>;
}

/**
 * The button for `op` on the card a person got for this ticket in its current state (cards
 * carry the version they were built on); waits for that card to arrive.
 */
export async function ticketButton(t: TestBot, openId: string, id: string, op: string, o?: string) {
  return eventually(async () => {
    const version = (await t.bot.models.tickets.findById(id).lean())?.version;
    const cards = [...cardsSentTo(t, openId), ...patchesTo(t)].reverse();
    for (const { card } of cards) {
      const v = buttonValues(card).find((x) => x.a === 'tk.act' && x.id === id && x.op === op && x.v === version && (o === undefined || x.o === o));
      if (v) {
        expectValidCard(card);
        return v;
      }
    }
    return null;
  }, 15_000);
}

/** Cards as patched in place (a note refreshes the cards of the state it was added in). */
const patchesTo = (t: TestBot) =>
  t.fake.delivered.filter((c) => c.method === 'PATCH').map((c) => ({ path: c.path, card: JSON.parse(c.body.content as string) as Record<string, unknown> }));

export const INTAKE = { callerName: '张三', phone: '13812345678', anonymous: 'no', channel: 'phone', category: 'help', content: '幸福小区3栋路灯坏了三天', place: '幸福小区', urgency: 'normal' };

/** Submits the intake form as the clerk; returns the ticket number. */
export async function logCall(t: TestBot, form: Record<string, unknown> = INTAKE, openId = T.clerk) {
  const a = await press(t, openId, { a: 'tk.intake' }, form, `om_intake_${Math.random().toString(16).slice(2)}`);
  expect(a.toast?.type, JSON.stringify(a.toast)).toBe('success');
  return /ZX-\d{8}-\d{4}/.exec(a.toast!.i18n.zh_cn)![0];
}
