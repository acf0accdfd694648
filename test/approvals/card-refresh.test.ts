import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestBot, type TestBot } from '../helpers/test-bot.js';
import { buttonValues, cardsSentTo, P, seedOffice, submitDocument } from './approval-helpers.js';

let t: TestBot;
let offset = 0;
const DAY = 86_400_000;
beforeAll(async () => {
  t = await startTestBot({ start: { clock: { now: () => new Date(Date.now() + offset) }, schedules: false } });
  await seedOffice(t);
});
afterAll(async () => {
  await t.stop();
});

const deciderCards = (id: string) => cardsSentTo(t, P.secretariat).filter((c) => buttonValues(c.card).some((v) => v.a === 'ap.decide' && v.id === id));

describe('Lark cards stop working after 14 days', () => {
  it('a step still open after a week gets a fresh card, once per week, and the sweep finds it', async () => {
    const { id } = await submitDocument(t, P.drafter);
    await eventually(() => deciderCards(id).length === 1);
    offset = 3 * DAY;
    for (const rid of await t.bot.approvals.openIds()) await t.bot.approvals.advance(rid);
    await new Promise((r) => setTimeout(r, 300));
    expect(deciderCards(id)).toHaveLength(1);
    offset = 8 * DAY;
    for (const rid of await t.bot.approvals.openIds()) await t.bot.approvals.advance(rid);
    await t.bot.approvals.advance(id);
    await eventually(() => deciderCards(id).length === 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(deciderCards(id)).toHaveLength(2);
  }, 30_000);
});
