import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectValidCard } from '../helpers/card-assertions.js';
import { messageEvent } from '../helpers/lark-payloads.js';
import { eventually, startTestBot, type TestBot } from '../helpers/test-bot.js';
import { buttonValues, P, press } from '../approvals/approval-helpers.js';
import { seedSupervisionOffice } from './supervision-office.js';

let t: TestBot;
const DZ_HANDLER = 'ou_sl_dz_handler';
const ZJ_HEAD = 'ou_sl_zj_head';
beforeAll(async () => {
  t = await startTestBot();
  await seedSupervisionOffice(t, { dzHandler: DZ_HANDLER, zjHead: ZJ_HEAD });
});
afterAll(async () => {
  await t.stop();
});

const nextWeek = () => `${new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10)} +0800`;
const ask = async (openId: string, text: string, chatType: 'p2p' | 'group' = 'p2p') => {
  const ev = messageEvent({ openId, text, chatType, ...(chatType === 'group' ? { chatId: 'oc_sl_group', mentions: [{ openId: 'ou_bot', name: '政务助手' }] } : {}) });
  await t.send('/lark/events', ev);
  const reply = await eventually(() => t.fake.delivered.find((c) => c.path === `/open-apis/im/v1/messages/${ev.event.message.message_id}/reply`));
  return JSON.parse(reply.body.content as string) as Record<string, unknown>;
};
const newItem = async (content: string, unit: string) => {
  const form = await ask(P.secretariat, '督办 新建');
  const made = await press(t, P.secretariat, buttonValues(form).find((v) => v.a === 'sv.submit')!, { content, unit, leader: P.leader, deadline: nextWeek() }, `om_sl_form_${unit}`);
  expect(made.toast?.type).toBe('success');
  return /DB\d{8}-[0-9A-F]{6}/.exec(made.toast!.i18n.zh_cn)![0];
};
/** The card with `id` sent to `openId`, and the message id the fake gave it (om_fake_<n>). */
const cardOf = async (openId: string, id: string) =>
  eventually(() => {
    const i = t.fake.delivered.findIndex((c) => c.method === 'POST' && c.body.receive_id === openId && c.body.msg_type === 'interactive' && String(c.body.content).includes(id));
    return i < 0 ? undefined : { card: JSON.parse(t.fake.delivered[i]!.body.content as string) as Record<string, unknown>, messageId: `om_fake_${i + 1}` };
  });
const patchesOf = (messageId: string) => t.fake.delivered.filter((c) => c.method === 'PATCH' && c.path === `/open-apis/im/v1/messages/${messageId}`).map((c) => String(c.body.content));
const svActions = (card: unknown, id: string) => buttonValues(card).filter((v) => v.id === id && String(v.a).startsWith('sv.')).map((v) => v.a).sort();

describe('督办 列表 is actionable; every holder sees the item as it is', () => {
  it('rows with 查看 and (office only) 销号, closing once; unit cards without 销号; holders patched; groups see only their unit', async () => {
    const id = await newItem('全区燃气管道隐患排查整治', 'zjj');
    const dzId = await newItem('东镇河道清淤', 'dz');

    // The unit's card offers what the unit may do (report), never 销号; the leader's card no buttons.
    const unitCard = await cardOf(ZJ_HEAD, id);
    expect(svActions(unitCard.card, id)).toEqual(['sv.progress']);
    const leaderCard = await cardOf(P.leader, id);
    expect(svActions(leaderCard.card, id)).toEqual([]);

    // The office's ledger: a 查看 and a 销号 per open item; the unit's: 查看 only, its own items only.
    const office = await ask(P.secretariat, '督办 列表');
    expectValidCard(office);
    const officeRows = buttonValues(office);
    expect(officeRows.filter((v) => v.a === 'item.open').map((v) => v.id)).toEqual(expect.arrayContaining([id, dzId]));
    const ledgerClose = officeRows.find((v) => v.a === 'sv.close' && v.id === id)!;
    expect(ledgerClose).toBeDefined();
    const unitLedger = await ask(ZJ_HEAD, '督办 列表');
    expectValidCard(unitLedger);
    expect(buttonValues(unitLedger).filter((v) => v.a === 'item.open').map((v) => v.id)).toEqual([id]);
    expect(buttonValues(unitLedger).some((v) => v.a === 'sv.close')).toBe(false);

    // 查看 sends the item's card to the presser's direct chat: the office's has 销号; a stranger is refused.
    const open = officeRows.find((v) => v.a === 'item.open' && v.id === id)!;
    expect((await press(t, DZ_HANDLER, open)).toast?.type).toBe('warning');
    expect((await press(t, P.secretariat, open)).toast?.i18n.zh_cn).toBe('已发到您的私聊');
    const officeCard = await cardOf(P.secretariat, id);
    expect(svActions(officeCard.card, id)).toEqual(['sv.close']);

    // Progress reported: every holder's card is patched with it.
    const reported = await press(t, ZJ_HEAD, buttonValues(unitCard.card).find((v) => v.a === 'sv.progress')!, { note: '已排查管线86公里' });
    expect(reported.toast?.i18n.zh_cn).toBe('进展已报告');
    const formCard = { messageId: 'om_sl_form_zjj' }; // the office's 督办 新建 form, answered with the item's card
    for (const m of [unitCard, leaderCard, officeCard, formCard]) await eventually(() => patchesOf(m.messageId).some((c) => c.includes('已排查管线86公里')) || undefined);
    // Each holder's patched card still offers only what that holder may do.
    const lastPatch = (m: { messageId: string }) => JSON.parse(patchesOf(m.messageId).at(-1)!) as Record<string, unknown>;
    expect(svActions(lastPatch(unitCard), id)).toEqual(['sv.progress']);
    expect(svActions(lastPatch(officeCard), id)).toEqual(['sv.close']);
    expect(svActions(lastPatch(formCard), id)).toEqual(['sv.close']);

    // 销号 from the ledger: closed once (a double click is told, nothing doubled); the ledger stays.
    const closed = await press(t, P.secretariat, ledgerClose);
    expect(closed.toast?.i18n.zh_cn).toBe('已销号');
    expect(JSON.stringify(closed.card!.data)).toContain('督查督办台账');
    expect(buttonValues(closed.card!.data).some((v) => v.a === 'sv.close' && v.id === id)).toBe(false);
    expect((await press(t, P.secretariat, ledgerClose)).toast?.type).toBe('info');
    expect(await t.bot.models.supervisionEvents.countDocuments({ item: id, type: 'closed' })).toBe(1);
    // The unit may not close from a crafted button.
    expect((await press(t, ZJ_HEAD, { ...ledgerClose, id: dzId })).toast?.type).toBe('warning');
    // Closed: every holder's card shows it, without buttons.
    for (const m of [unitCard, leaderCard, officeCard, formCard]) {
      await eventually(() => patchesOf(m.messageId).some((c) => c.includes('已销号')) || undefined);
      expect(svActions(lastPatch(m), id)).toEqual([]);
    }

    // In a group chat only what the group may see: the sender's unit's items; no 销号, whoever asks.
    const dzGroup = JSON.stringify(await ask(DZ_HANDLER, '督办 列表', 'group'));
    expect(dzGroup).toContain(dzId);
    expect(dzGroup).not.toContain(id);
    const officeGroup = await ask(P.secretariat, '督办 列表', 'group');
    expect(JSON.stringify(officeGroup)).not.toContain(dzId);
    expect(buttonValues(officeGroup).some((v) => v.a === 'sv.close')).toBe(false);
  }, 60_000);
});
