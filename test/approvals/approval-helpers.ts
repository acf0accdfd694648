import { expect } from 'vitest';
import { cardActionEvent } from '../helpers/lark-payloads.js';
import { eventually, type TestBot } from '../helpers/test-bot.js';
import { seedPerson, seedUnit } from '../helpers/directory-fixtures.js';

/** An office with someone for every step of the document flow, and a stranger. */
export const P = {
  drafter: 'ou_ap_drafter',
  secretariat: 'ou_ap_secretariat',
  dir1: 'ou_ap_director_1',
  dir2: 'ou_ap_director_2',
  legal: 'ou_ap_legal',
  leader: 'ou_ap_leader',
  colleague: 'ou_ap_colleague',
  stranger: 'ou_ap_stranger',
};

export async function seedOffice(t: TestBot): Promise<void> {
  const m = t.bot.models;
  await seedUnit(m, { code: 'mszk', name: '秘书科', kind: 'section' });
  await seedUnit(m, { code: 'fzb', name: '法制办', kind: 'section' });
  await seedPerson(m, { openId: P.drafter, name: '起草人', unit: 'mszk', roles: ['intake'] });
  await seedPerson(m, { openId: P.secretariat, name: '秘书科核稿人', unit: 'mszk', roles: ['dispatcher'] });
  await seedPerson(m, { openId: P.dir1, name: '副主任甲', unit: 'mszk', roles: ['director'] });
  await seedPerson(m, { openId: P.dir2, name: '主任乙', unit: 'mszk', roles: ['director'] });
  await seedPerson(m, { openId: P.legal, name: '法制办主任', unit: 'fzb', roles: ['unit_head'] });
  await seedPerson(m, { openId: P.leader, name: '赵区长', unit: '', roles: ['leader'] });
  await seedPerson(m, { openId: P.colleague, name: '同事丙', unit: 'mszk', roles: [] });
  await seedPerson(m, { openId: P.stranger, name: '无关人员', unit: 'mszk', roles: [] });
}

type Json = Record<string, unknown>;

/** Every value a callback button on this card carries. */
export function buttonValues(card: unknown): Json[] {
  const out: Json[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const o = n as Json;
    if (o.tag === 'button' && Array.isArray(o.behaviors)) for (const b of o.behaviors as Json[]) if (b.type === 'callback') out.push(b.value as Json);
    Object.values(o).forEach(walk);
  };
  walk(card);
  return out;
}

/** The cards the bot sent this person (by open_id), oldest first. */
export const cardsSentTo = (t: TestBot, openId: string) =>
  t.fake.delivered
    .filter((c) => c.method === 'POST' && c.body.receive_id === openId && c.body.msg_type === 'interactive')
    .map((c) => ({ path: c.path, card: JSON.parse(c.body.content as string) as Json }));

export const textsSentTo = (t: TestBot, openId: string) =>
  t.fake.delivered.filter((c) => c.method === 'POST' && c.body.receive_id === openId && c.body.msg_type === 'text').map((c) => JSON.parse(c.body.content as string).text as string);

/** Waits for the decision card of `requestId` (round, step) to reach `openId`, and returns its button values. */
export async function decisionCardFor(t: TestBot, openId: string, requestId: string, round: number, step: number) {
  return eventually(() => {
    for (const { card } of cardsSentTo(t, openId)) {
      const values = buttonValues(card).filter((v) => v.a === 'ap.decide' && v.id === requestId && v.r === round && v.s === step);
      if (values.length) return { card, approve: values.find((v) => v.o === 'approve')!, ret: values.find((v) => v.o === 'return')!, transfer: values.find((v) => v.o === 'transfer')! };
    }
    return null;
  }, 15_000);
}

/** A press on a card, signed and sent to /lark/card; returns Lark's answer. */
export async function press(t: TestBot, openId: string, value: Json, formValue: Json = {}, messageId = 'om_card_x') {
  const res = await t.send('/lark/card', cardActionEvent({ openId, value, formValue, messageId }));
  expect(res.status).toBe(200);
  return res.body as { toast?: { type: string; i18n: { zh_cn: string; en_us: string } }; card?: { data: Json } };
}

export const DOC = { title: '关于开展冬季安全生产检查的通知', summary: '请各单位于12月底前完成自查。', link: '区府办发〔2026〕12号', urgency: 'normal', security: 'none', normative: 'no' };

/** Submits the 发起审批 form as `openId`; returns the request id. */
export async function submitDocument(t: TestBot, openId: string, fields: Json = DOC, messageId = `om_form_${Math.random().toString(16).slice(2)}`) {
  const answer = await press(t, openId, { a: 'ap.submit' }, { flow: 'document', ...fields }, messageId);
  expect(answer.toast?.type, JSON.stringify(answer.toast)).toBe('success');
  const id = /AP\d{8}-[0-9A-F]{6}/.exec(answer.toast!.i18n.zh_cn)![0];
  return { id, answer };
}
