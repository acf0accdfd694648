import { afterEach, describe, expect, it } from 'vitest';
import { cardContent } from '../../src/outbox/outgoing-message.js';
import { eventually, startTestBot, type TestBot } from '../helpers/test-bot.js';

let t: TestBot | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

const badCard = {
  schema: '2.0',
  header: { title: { tag: 'plain_text', content: '督办 DB-2026-001' } },
  body: { elements: [{ tag: 'markdown', content: '年内完成20个小区加装电梯' }, { tag: 'date_picker', name: 'deadline', label: { tag: 'plain_text', content: '期限' } }] },
};

describe('a card Lark refuses', () => {
  it('is recorded as failed with Lark\'s reason, and its content reaches the person once as text', async () => {
    // The gate defers (as in the emulator), so the card reaches the fake Lark, which refuses it.
    t = await startTestBot({ start: { cardGate: 'defer' } });
    await t.bot.outbox.enqueue([{ op: 'send', key: 'sv-card-1', receiveIdType: 'open_id', receiveId: 'ou_leader', msgType: 'interactive', content: cardContent(badCard) }]);
    const row = await eventually(async () => {
      const d = await t!.bot.models.outboxMessages.findById('sv-card-1').lean();
      return d?.status === 'failed' ? d : null;
    });
    expect(row.lastError).toMatch(/230099.*ErrCode: 200621; ErrPath: ROOT -> body -> elements -> \[1\] -> label; ErrMsg: unsupported_property/);
    const text = await eventually(() => t!.fake.delivered.find((c) => c.body.receive_id === 'ou_leader' && c.body.msg_type === 'text'));
    expect(JSON.parse(String(text.body.content)).text).toContain('年内完成20个小区加装电梯');
    await new Promise((r) => setTimeout(r, 400));
    expect(t.fake.delivered.filter((c) => c.body.receive_id === 'ou_leader')).toHaveLength(1);
    expect(t.fake.refused).toHaveLength(1);
  });

  it('in production mode never leaves the bot: sent as text straight away, with the rule in the log', async () => {
    t = await startTestBot({ start: { cardGate: 'fallback' } });
    await t.bot.outbox.enqueue([{ op: 'send', key: 'sv-card-2', receiveIdType: 'open_id', receiveId: 'ou_leader2', msgType: 'interactive', content: cardContent(badCard) }]);
    const text = await eventually(() => t!.fake.delivered.find((c) => c.body.receive_id === 'ou_leader2'));
    expect(text.body.msg_type).toBe('text');
    expect(t.fake.refused).toHaveLength(0);
    expect(t.logs.some((l) => l.msg === 'card breaks the card contract; sent as text instead' && JSON.stringify(l.violations).includes('body.elements[1].label'))).toBe(true);
  });
});
