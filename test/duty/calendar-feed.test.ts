import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestBot, type TestBot } from '../helpers/test-bot.js';
import { seedPerson, seedUnit } from '../helpers/directory-fixtures.js';
import { messageEvent } from '../helpers/lark-payloads.js';
import { expectValidCard } from '../helpers/card-assertions.js';
import { decisionCardFor, press } from '../approvals/approval-helpers.js';
import { Roster } from '../../src/duty/roster.js';
import { systemClock } from '../../src/lib/clock.js';

let t: TestBot;
const P = { a: 'ou_cf_a', b: 'ou_cf_b', c: 'ou_cf_c', head: 'ou_cf_head' };
const future = (h: number) => new Date(Date.now() + h * 3600_000);
const LINK = /https:\/\/govdesk\.example\.gov\.cn\/duty\/ical\/([A-Za-z0-9_-]{32})\.ics/;

beforeAll(async () => {
  // PUBLIC_BASE_URL is the documented name (PUBLIC_URL still works: test/duty/roster.test.ts).
  t = await startTestBot({ env: { PUBLIC_BASE_URL: 'https://govdesk.example.gov.cn' }, start: { schedules: false } });
  const m = t.bot.models;
  await seedUnit(m, { code: 'cfzb', name: '值班室', kind: 'section', sectionHeads: [P.head] });
  for (const [id, name] of [[P.a, '甲'], [P.b, '乙'], [P.c, '丙']] as const) await seedPerson(m, { openId: id, name, unit: 'cfzb', roles: ['duty_officer'] });
  await seedPerson(m, { openId: P.head, name: '值班科长', unit: 'cfzb', roles: ['section_head'] });
  await m.dutyShifts.create({ _id: '2099-05-01:day', date: '2099-05-01', shift: 'day', start: future(48), end: future(57), primary: P.a, secondary: P.b, source: 'import', updatedAt: new Date('2026-01-01T00:00:00Z') });
  await m.dutyShifts.create({ _id: '2099-05-02:day', date: '2099-05-02', shift: 'day', start: future(72), end: future(81), primary: P.a, secondary: P.b, source: 'import', updatedAt: new Date('2026-01-01T00:00:00Z') });
});
afterAll(async () => {
  await t.stop();
});

async function myDuty(openId: string, text = '我的值班', chatType?: 'group') {
  const ev = messageEvent({ openId, text, ...(chatType ? { chatType, mentions: [{ openId: 'ou_bot', name: '政务助手' }] } : {}) });
  await t.send('/lark/events', ev);
  const reply = await eventually(() => t.fake.delivered.find((c) => c.path === `/open-apis/im/v1/messages/${ev.event.message.message_id}/reply`));
  return String(reply.body.content);
}

/** The VEVENT with this UID, unfolded, as property name → value. */
function event(ics: string, uid: string): Map<string, string> {
  const block = ics.replace(/\r\n /g, '').split('BEGIN:VEVENT\r\n').find((b) => b.includes(`UID:${uid}\r\n`));
  expect(block, `event ${uid}`).toBeDefined();
  return new Map(block!.split('\r\n').filter((l) => l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)]));
}

describe('值班日历订阅 (RFC 5545 feed)', () => {
  it('我的值班 shows the link; events carry SEQUENCE, LAST-MODIFIED and DTSTAMP; a swap and a roster change raise SEQUENCE', async () => {
    const content = await myDuty(P.a);
    expectValidCard(JSON.parse(content) as Record<string, unknown>);
    expect(content).not.toContain('npm run govdesk');
    const link = LINK.exec(content);
    expect(link, 'a subscription link').not.toBeNull();
    const fetchIcs = async () => {
      const res = await fetch(`${t.bot.url}/duty/ical/${link![1]}.ics`);
      expect(res.status).toBe(200);
      return res.text();
    };
    const before = event(await fetchIcs(), '2099-05-01:day@govdesk');
    expect(before.get('SEQUENCE')).toBe('0');
    expect(before.get('LAST-MODIFIED')).toBe('20260101T000000Z');
    expect(before.get('DTSTAMP')).toMatch(/^\d{8}T\d{6}Z$/);

    // 乙 (secondary) swaps with 丙, approved by the section head: 甲's event changes (new partner).
    expect((await t.bot.swaps.ask({ shift: '2099-05-01:day', by: P.b, to: P.c, reason: '', key: 'cf-swap' })).kind).toBe('done');
    const swap = (await t.bot.models.dutySwaps.findOne({ shift: '2099-05-01:day' }).lean())!;
    expect((await t.bot.swaps.answer({ id: swap._id, by: P.c, accept: true })).kind).toBe('done');
    const accepted = (await t.bot.models.dutySwaps.findById(swap._id).lean())!;
    const decision = await decisionCardFor(t, P.head, accepted.approval!, 1, 0);
    await press(t, P.head, decision.approve);
    await eventually(async () => (await t.bot.models.dutyShifts.findById('2099-05-01:day').lean())?.secondary === P.c);
    const afterSwap = event(await fetchIcs(), '2099-05-01:day@govdesk');
    expect(Number(afterSwap.get('SEQUENCE'))).toBeGreaterThan(Number(before.get('SEQUENCE')));
    expect(afterSwap.get('LAST-MODIFIED')).not.toBe(before.get('LAST-MODIFIED'));
    expect(afterSwap.get('DESCRIPTION')).toContain('副班 丙');
    // The other shift did not change: same SEQUENCE.
    expect(event(await fetchIcs(), '2099-05-02:day@govdesk').get('SEQUENCE')).toBe('0');

    // A roster change (re-import): the changed shift goes up again, the unchanged one stays.
    const roster = new Roster(t.bot.models.dutyShifts, systemClock);
    const [s1, s2] = await Promise.all(['2099-05-01:day', '2099-05-02:day'].map(async (id) => (await t.bot.models.dutyShifts.findById(id).lean())!));
    const plain = ({ _id, date, shift, start, end, primary, secondary, leader }: typeof s1) => ({ _id, date, shift, start, end, primary, ...(secondary ? { secondary } : {}), ...(leader ? { leader } : {}) });
    await roster.replace([{ ...plain(s1!), start: future(49) }, plain(s2!)], 'import');
    const ics = await fetchIcs();
    expect(Number(event(ics, '2099-05-01:day@govdesk').get('SEQUENCE'))).toBeGreaterThan(Number(afterSwap.get('SEQUENCE')));
    expect(event(ics, '2099-05-02:day@govdesk').get('SEQUENCE')).toBe('0');
    expect(event(ics, '2099-05-02:day@govdesk').get('LAST-MODIFIED')).toBe('20260101T000000Z');
  }, 30_000);

  it('我的值班 重置链接 revokes the old URL (404) and shows a new one; in a group it refuses and changes nothing', async () => {
    const oldLink = LINK.exec(await myDuty(P.b))![1];
    expect((await fetch(`${t.bot.url}/duty/ical/${oldLink}.ics`)).status).toBe(200);

    const group = await myDuty(P.b, '我的值班 重置链接', 'group');
    expect(group).toContain('私聊');
    expect((await fetch(`${t.bot.url}/duty/ical/${oldLink}.ics`)).status).toBe(200);

    const content = await myDuty(P.b, '我的值班 重置链接');
    expectValidCard(JSON.parse(content) as Record<string, unknown>);
    expect(content).toContain('旧链接即刻失效');
    const newLink = LINK.exec(content)![1];
    expect(newLink).not.toBe(oldLink);
    expect((await fetch(`${t.bot.url}/duty/ical/${oldLink}.ics`)).status).toBe(404);
    expect((await fetch(`${t.bot.url}/duty/ical/${newLink}.ics`)).status).toBe(200);
    // Asked again afterwards: the new link stays.
    expect(await myDuty(P.b)).toContain(newLink);
  }, 30_000);
});
