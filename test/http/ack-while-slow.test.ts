import { describe, expect, it } from 'vitest';
import { messageEvent } from '../helpers/lark-payloads.js';
import { eventually, startTestBot } from '../helpers/test-bot.js';

describe('acknowledgement while the Open API is slow', () => {
  it('answers 200 before the reply is sent, while the Open API holds every answer', async () => {
    const t = await startTestBot();
    t.fake.hold();
    const ev = messageEvent({ text: '帮助' });
    const res = await t.send('/lark/events', ev);
    expect(res.status).toBe(200);
    expect(t.fake.delivered).toHaveLength(0);
    // the handler ran after the answer, and the send is now waiting on the Open API
    await eventually(() => t.fake.calls.length > 0);
    expect(t.fake.delivered).toHaveLength(0);
    // more events are acknowledged meanwhile
    const more = await Promise.all([1, 2, 3].map(() => t.send('/lark/events', messageEvent({ text: 'help' }))));
    expect(more.map((r) => r.status)).toEqual([200, 200, 200]);
    t.fake.release();
    await t.fake.waitForDelivered(4);
    await t.stop();
  });
});

describe('a card callback whose work outlasts the answer budget', () => {
  it('is answered "working on it" in time, and its work still lands once', async () => {
    const { cardActionEvent } = await import('../helpers/lark-payloads.js');
    const { seedPerson } = await import('../helpers/directory-fixtures.js');
    const t = await startTestBot({ start: { inbox: { cardAnswerMs: 1 } } });
    await seedPerson(t.bot.models, { openId: 'ou_slow_clerk', name: '陈受理', unit: '', roles: ['intake'] });
    const form = { callerName: '张三', phone: '13812345678', channel: 'phone', category: 'help', content: '路灯不亮', place: '幸福小区', urgency: 'normal' };
    const res = await t.send('/lark/card', cardActionEvent({ openId: 'ou_slow_clerk', value: { a: 'tk.intake' }, formValue: form }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ toast: { type: 'info', i18n: { zh_cn: '已收到，正在处理' } } });
    const tickets = await eventually(async () => {
      const d = await t.bot.models.tickets.find({ content: '路灯不亮' }).lean();
      return d.length > 0 ? d : null;
    });
    expect(tickets).toHaveLength(1);
    await t.stop();
  });
});
