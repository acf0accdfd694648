import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestBot, type TestBot } from '../helpers/test-bot.js';
import { purgeJob } from '../../src/schedules/purge-job.js';

let t: TestBot;
let offset = 0;
const DAY = 86_400_000;
const now = () => new Date(Date.now() + offset);
beforeAll(async () => {
  t = await startTestBot({ start: { clock: { now }, schedules: false } });
  t.fake.now = () => Date.now() + offset;
});
afterAll(async () => {
  await t.stop();
});

const card = (text: string) => JSON.stringify({ schema: '2.0', config: { update_multi: true }, body: { elements: [{ tag: 'markdown', content: text }] } });
const sent = (key: string) => eventually(async () => (await t.bot.models.outboxMessages.findById(key).lean())?.status === 'sent');

describe('the purge of sent messages', () => {
  it('keeps a sent card while Lark lets it be updated (14 days), so a card 10 days old is still updated in place', async () => {
    await t.bot.outbox.enqueue([
      { op: 'send', key: 'purge:card', receiveIdType: 'open_id', receiveId: 'ou_purge_person', msgType: 'interactive', content: card('待办 To do') },
      { op: 'send', key: 'purge:note', receiveIdType: 'open_id', receiveId: 'ou_purge_person', msgType: 'text', content: JSON.stringify({ text: '提醒 a note' }) },
    ]);
    await sent('purge:card');
    await sent('purge:note');
    const messageId = (await t.bot.models.outboxMessages.findById('purge:card').lean())!.larkMessageId!;

    offset = 10 * DAY;
    await purgeJob(t.bot.models).run(now());
    expect(await t.bot.models.outboxMessages.findById('purge:note').lean()).toBeNull();
    expect(await t.bot.models.outboxMessages.findById('purge:card').lean()).not.toBeNull();

    await t.bot.outbox.enqueue([{ op: 'patch', key: 'purge:card:done', targetKey: 'purge:card', content: card('已办结 Done') }]);
    await sent('purge:card:done');
    expect(t.fake.calls.filter((c) => c.method === 'PATCH' && c.path.endsWith(`/${messageId}`))).toHaveLength(1);

    // Past Lark's 14 days the card can no longer be updated: its row goes too.
    offset = 15 * DAY;
    await purgeJob(t.bot.models).run(now());
    expect(await t.bot.models.outboxMessages.findById('purge:card').lean()).toBeNull();
  }, 30_000);
});
