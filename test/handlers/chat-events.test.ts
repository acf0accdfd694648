import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { larkDelivery, post } from '../helpers/lark-payloads.js';
import { eventually, startTestBot, TEST_SECRETS, type TestBot } from '../helpers/test-bot.js';
import { seedPerson, seedUnit } from '../helpers/directory-fixtures.js';

let t: TestBot;
const CLERK = 'ou_ce_clerk0000000000000000000001';
beforeAll(async () => {
  t = await startTestBot();
  await seedUnit(t.bot.models, { code: 'zxb', name: '直通办', kind: 'section' });
  await seedPerson(t.bot.models, { openId: CLERK, name: '陈受理', roles: ['intake'], unit: 'zxb' });
});
afterAll(async () => {
  await t.stop();
});

let seq = 0;
const header = (eventType: string) => ({
  event_id: `ev_ce_${Date.now().toString(16)}_${++seq}`,
  event_type: eventType,
  create_time: String(Date.now()),
  token: TEST_SECRETS.verificationToken,
  app_id: TEST_SECRETS.appId,
  tenant_key: '2ca1d211f64f6438',
});
const ids = (openId: string) => ({ union_id: `on_${openId.slice(3)}`, user_id: 'e33ggbyz', open_id: openId });
// The documented examples (added-1.md, bot_p2p_chat_entered.md, bot menu event), our ids put in.
const botAdded = (chatId: string) => ({ schema: '2.0', header: header('im.chat.member.bot.added_v1'), event: { chat_id: chatId, operator_id: ids(CLERK), external: false, operator_tenant_key: '72ud6639', name: '直通办工作群', i18n_names: { zh_cn: '直通办工作群', en_us: 'Hotline group', ja_jp: '' } } });
const entered = (openId: string) => ({ schema: '2.0', header: header('im.chat.access_event.bot_p2p_chat_entered_v1'), event: { chat_id: `oc_p2p_${openId}`, operator_id: ids(openId), last_message_id: 'om_dc13264520392913993dd051dba21dcf', last_message_create_time: '1615380573411' } });
const menu = (openId: string, key: string) => ({ schema: '2.0', header: header('application.bot.menu_v6'), event: { operator: { operator_name: '陈受理', operator_id: ids(openId) }, event_key: key, timestamp: String(Math.floor(Date.now() / 1000)) } });
const v1Created = (openId: string, uuid: string) => ({ ts: String(Date.now() / 1000), uuid, token: TEST_SECRETS.verificationToken, type: 'event_callback', event: { app_id: TEST_SECRETS.appId, chat_id: `oc_p2p_${openId}`, operator: { open_id: openId, user_id: 'gfa21d92' }, tenant_key: '736588c9260f175c', type: 'p2p_chat_create', user: { name: '新同事', open_id: openId, user_id: 'gfa21d92' } } });

const sentTo = (receiveId: string) => t.fake.delivered.filter((c) => c.path === '/open-apis/im/v1/messages' && c.body.receive_id === receiveId);
const settle = () => new Promise((r) => setTimeout(r, 500));

describe('welcome cards', () => {
  it('the bot added to a group says what it does there', async () => {
    expect((await t.send('/lark/events', botAdded('oc_ce_group_1'))).status).toBe(200);
    const [msg] = await eventually(() => (sentTo('oc_ce_group_1').length ? sentTo('oc_ce_group_1') : null));
    expect(msg!.query.receive_id_type).toBe('chat_id');
    expect(String(msg!.body.content)).toContain('您好，我是政务助手');
    expect(String(msg!.body.content)).toContain('@政务助手');
  });

  it('a person opening the direct chat is welcomed the first time only, even after the sent messages are purged', async () => {
    const person = 'ou_ce_newcomer00000000000000000003';
    await t.send('/lark/events', entered(person));
    await eventually(() => sentTo(person).length === 1);
    await t.send('/lark/events', entered(person));
    await settle();
    await t.bot.models.outboxMessages.deleteMany({});
    await t.send('/lark/events', entered(person));
    await settle();
    expect(sentTo(person)).toHaveLength(1);
    expect(String(sentTo(person)[0]!.body.content)).toContain('直接发送命令即可');
  });

  it('the schema 1.0 p2p_chat_create (first chat) welcomes too, once across both events', async () => {
    const person = 'ou_ce_v1person000000000000000000004';
    const res = await t.send('/lark/events', v1Created(person, 'bc447199585340d1f3728d26b1c0297a') as never);
    expect(res.status).toBe(200);
    await eventually(() => sentTo(person).length === 1);
    await t.send('/lark/events', entered(person));
    await settle();
    expect(sentTo(person)).toHaveLength(1);
  });

  it('other schema 1.0 events are acknowledged with 200 and change nothing', async () => {
    const before = await t.bot.models.inboxEvents.countDocuments({});
    const addBot = { ...v1Created(CLERK, 'u-add-bot'), event: { type: 'add_bot', app_id: TEST_SECRETS.appId, chat_i18n_names: {}, chat_name: '群', chat_owner_employee_id: '', chat_owner_name: '', chat_owner_open_id: CLERK, open_chat_id: 'oc_x', operator_name: '陈受理', operator_open_id: CLERK, owner_is_bot: false, tenant_key: 't' } };
    const res = await post(t.bot.url, '/lark/events', larkDelivery(addBot, { encryptKey: TEST_SECRETS.encryptKey }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
    expect(await t.bot.models.inboxEvents.countDocuments({})).toBe(before);
  });
});

describe('the bot menu (application.bot.menu_v6)', () => {
  it('each key runs its command for the person who pressed it, answered in their direct chat, once', async () => {
    const help = menu(CLERK, 'help');
    await t.send('/lark/events', help);
    await t.send('/lark/events', help); // a duplicate delivery
    await eventually(() => sentTo(CLERK).some((c) => String(c.body.content).includes('使用帮助')));
    await settle();
    expect(sentTo(CLERK).filter((c) => String(c.body.content).includes('使用帮助'))).toHaveLength(1);
    expect(sentTo(CLERK)[0]!.query.receive_id_type).toBe('open_id');

    await t.send('/lark/events', menu(CLERK, 'new'));
    await eventually(() => sentTo(CLERK).some((c) => String(c.body.content).includes('确认登记')));
    await t.send('/lark/events', menu(CLERK, 'todo'));
    await eventually(() => sentTo(CLERK).some((c) => /待办|to do/i.test(String(c.body.content))));
  });

  it('a key nobody mapped is answered plainly, naming the key', async () => {
    await t.send('/lark/events', menu(CLERK, 'mystery_key'));
    const msg = await eventually(() => sentTo(CLERK).find((c) => String(c.body.content).includes('mystery_key')));
    expect(msg.body.msg_type).toBe('text');
  });

  it('someone not in the directory gets the not-registered card', async () => {
    const stranger = 'ou_ce_stranger00000000000000000005';
    await t.send('/lark/events', menu(stranger, 'todo'));
    const msg = await eventually(() => sentTo(stranger)[0]);
    expect(String(msg.body.content)).toContain('您尚未登记');
  });
});
