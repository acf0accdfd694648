import { inboxIdOf, messageEvent } from '../helpers/lark-payloads.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimAttempt } from '../../src/db/claims.js';
import { FakeLarkApi } from '../helpers/fake-lark-api.js';
import { testDatabaseUri } from '../helpers/test-database.js';
import { eventually, startTestBot } from '../helpers/test-bot.js';

let fake: FakeLarkApi;
beforeAll(async () => {
  fake = await new FakeLarkApi().start();
});
afterAll(async () => {
  await fake.stop();
});

describe('a process that dies after acknowledging', () => {
  it('leaves the event in the inbox, and the next process handles it', async () => {
    const mongoUri = testDatabaseUri('crash');
    // a bot whose workers never run: it acknowledges and then "dies"
    const dying = await startTestBot({ mongoUri, fake, start: { workers: false } });
    const ev = messageEvent({ text: 'help' });
    expect((await dying.send('/lark/events', ev)).status).toBe(200);
    expect(await dying.bot.models.inboxEvents.findById(inboxIdOf(ev)).lean()).toMatchObject({ status: 'pending', attempts: 0 });
    await dying.bot.crash();

    const next = await startTestBot({ mongoUri, fake });
    await eventually(() => fake.delivered.some((c) => c.path.includes(ev.event.message.message_id)));
    expect(await next.bot.models.inboxEvents.findById(inboxIdOf(ev)).lean()).toMatchObject({ status: 'done', attempts: 1 });
    await next.stop();
  });

  it('an attempt claimed by a process that then died is taken over once its lease is over', async () => {
    const t = await startTestBot({ fake, start: { workers: false } });
    const claims = t.bot.models.claims;
    const old = new Date(Date.now() - 120_000);
    await claims.create({ _id: 'inbox:e-dead:1', owner: 'dead', at: old });
    expect(await claimAttempt(claims, 'inbox:e-dead', 1, 'me', new Date(), 60_000)).toBe(2);
    // a fresh claim by a live owner is respected
    await claims.create({ _id: 'inbox:e-live:1', owner: 'live', at: new Date() });
    expect(await claimAttempt(claims, 'inbox:e-live', 1, 'me', new Date(), 60_000)).toBeNull();
    await t.stop();
  });
});
