import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageEvent, cardActionEvent } from '../helpers/lark-payloads.js';
import { eventually, startTestBot, type TestBot } from '../helpers/test-bot.js';
import { seedPerson, seedUnit } from '../helpers/directory-fixtures.js';
import { expectValidCard } from '../helpers/card-assertions.js';

let t: TestBot;
const ADMIN = 'ou_admin000000000000000000000001';
const CLERK = 'ou_clerk000000000000000000000002';
const HANDLER = 'ou_handler0000000000000000000003';
const STRANGER = 'ou_stranger000000000000000000004';

beforeAll(async () => {
  t = await startTestBot();
  await seedUnit(t.bot.models, { code: 'dz', name: '大镇', kind: 'town' });
  await seedPerson(t.bot.models, { openId: ADMIN, name: '周管理', roles: ['admin'], unit: 'dz' });
  await seedPerson(t.bot.models, { openId: CLERK, name: '陈受理', roles: ['intake'], unit: 'dz' });
  await seedPerson(t.bot.models, { openId: HANDLER, name: '王联络', roles: ['unit_handler'], unit: 'dz', title: '联络员' });
});
afterAll(async () => {
  await t.stop();
});

const replyTo = async (ev: ReturnType<typeof messageEvent>) => {
  await t.send('/lark/events', ev);
  const call = await eventually(() => t.fake.delivered.find((c) => c.path === `/open-apis/im/v1/messages/${ev.event.message.message_id}/reply`));
  return { type: call.body.msg_type as string, content: JSON.parse(call.body.content as string) as Record<string, unknown> };
};
const textOf = (r: { content: Record<string, unknown> }) => r.content.text as string;
const rolesOf = async (openId: string) => (await t.bot.models.people.findById(openId).lean())?.roles;

describe('我是谁 / whoami', () => {
  it('shows a registered person their name, unit and roles', async () => {
    const r = await replyTo(messageEvent({ openId: HANDLER, text: '我是谁' }));
    expect(r.type).toBe('interactive');
    expectValidCard(r.content);
    const card = JSON.stringify(r.content);
    expect(card).toContain('王联络');
    expect(card).toContain('大镇');
    expect(card).toContain('承办单位联络员');
    expect(card).toContain(HANDLER);
  });
  it('works in English and in a group when the bot is @mentioned', async () => {
    const r = await replyTo(messageEvent({ openId: CLERK, text: 'whoami', chatType: 'group', mentions: [{ openId: 'ou_bot', name: '政务助手' }] }));
    expect(JSON.stringify(r.content)).toContain('受理员');
  });
});

describe('someone the directory does not know', () => {
  it('gets a card saying they are not registered, with their open_id for the admin', async () => {
    for (const text of ['我是谁', '今天天气怎么样', '授权 ou_x dispatcher']) {
      const r = await replyTo(messageEvent({ openId: STRANGER, text }));
      expectValidCard(r.content);
      const card = JSON.stringify(r.content);
      expect(card).toContain('您尚未登记');
      expect(card).toContain('not registered');
      expect(card).toContain(STRANGER);
    }
  });
  it('still gets help', async () => {
    const r = await replyTo(messageEvent({ openId: STRANGER, text: '帮助' }));
    expect(JSON.stringify(r.content)).toContain('使用帮助');
    const res = await t.send('/lark/card', cardActionEvent({ openId: STRANGER, value: { a: 'help.show' } }));
    expect(res.body.card).toBeDefined();
  });
  it('a deactivated person is treated as unknown', async () => {
    await seedPerson(t.bot.models, { openId: 'ou_gone00000000000000000000000005', name: '离职', active: false });
    const r = await replyTo(messageEvent({ openId: 'ou_gone00000000000000000000000005', text: '我是谁' }));
    expect(JSON.stringify(r.content)).toContain('您尚未登记');
  });
});

describe('授权 / 撤销 from chat', () => {
  it('an admin grants a role to an @mentioned colleague: changed, audited, and the colleague is told', async () => {
    const ev = messageEvent({ openId: ADMIN, text: '授权 @_user_1 dispatcher', mentions: [{ openId: HANDLER, name: '王联络' }] });
    const r = await replyTo(ev);
    expect(textOf(r)).toContain('已为 王联络 授予「派单员」角色');
    expect(textOf(r)).toContain('now has the Dispatcher role');
    expect(await rolesOf(HANDLER)).toEqual(['unit_handler', 'dispatcher']);
    const audit = await t.bot.models.roleChanges.find({ person: HANDLER }).lean();
    expect(audit).toMatchObject([{ role: 'dispatcher', change: 'grant', by: ADMIN, via: 'chat' }]);
    const told = await eventually(() => t.fake.delivered.find((c) => c.body.receive_id === HANDLER));
    expect(JSON.parse(told.body.content as string).text).toContain('周管理 已为您授予「派单员」角色');
    expect(t.logs.some((l) => l.msg === 'role changed from chat' && l.by === ADMIN && l.person === HANDLER)).toBe(true);
  });
  it('in a group the bot mention is not taken for the target; the Chinese role name works; revoke takes it away', async () => {
    const ev = messageEvent({
      openId: ADMIN,
      chatType: 'group',
      text: '@_user_1 撤销 @_user_2 派单员',
      mentions: [
        { openId: 'ou_bot', name: '政务助手' },
        { openId: HANDLER, name: '王联络' },
      ],
    });
    const r = await replyTo(ev);
    expect(textOf(r)).toContain('已撤销 王联络 的「派单员」角色');
    expect(await rolesOf(HANDLER)).toEqual(['unit_handler']);
    expect(await t.bot.models.roleChanges.countDocuments({ person: HANDLER, change: 'revoke' })).toBe(1);
  });
  it('a repeated delivery of the same grant changes and records it once', async () => {
    const ev = messageEvent({ openId: ADMIN, text: `授权 ${CLERK} director` });
    await replyTo(ev);
    await t.send('/lark/events', ev);
    await new Promise((r) => setTimeout(r, 300));
    expect(await rolesOf(CLERK)).toEqual(['intake', 'director']);
    expect(await t.bot.models.roleChanges.countDocuments({ person: CLERK, role: 'director' })).toBe(1);
  });
  it('someone who is not an admin is refused, in both languages, and nothing changes', async () => {
    const before = await t.bot.models.roleChanges.countDocuments();
    const r = await replyTo(messageEvent({ openId: CLERK, text: '授权 @_user_1 admin', mentions: [{ openId: CLERK, name: '陈受理' }] }));
    expect(textOf(r)).toContain('您没有权限管理通讯录和角色');
    expect(textOf(r)).toContain('You may not manage the directory and roles');
    expect(await rolesOf(CLERK)).not.toContain('admin');
    expect(await t.bot.models.roleChanges.countDocuments()).toBe(before);
    expect(t.logs.some((l) => l.msg === 'refused: not allowed' && l.senderOpenId === CLERK)).toBe(true);
  });
  it('an unknown role, a missing target or an unknown person gets the usage, and nothing changes', async () => {
    const before = await t.bot.models.roleChanges.countDocuments();
    const unknownRole = await replyTo(messageEvent({ openId: ADMIN, text: '授权 @_user_1 boss', mentions: [{ openId: HANDLER, name: '王联络' }] }));
    expect(textOf(unknownRole)).toContain('未知角色「boss」');
    const noTarget = await replyTo(messageEvent({ openId: ADMIN, text: '授权 dispatcher' }));
    expect(textOf(noTarget)).toContain('用法');
    expect(textOf(noTarget)).toContain('Usage');
    const unknownPerson = await replyTo(messageEvent({ openId: ADMIN, text: '授权 ou_nobody dispatcher' }));
    expect(textOf(unknownPerson)).toContain('通讯录中没有 ou_nobody');
    expect(await t.bot.models.roleChanges.countDocuments()).toBe(before);
  });
});
