import type { Bilingual, Card } from '../cards/card-types.js';
import { presenceAskCard, presenceResultCard } from '../cards/presence-cards.js';
import { claimOnce } from '../db/claims.js';
import type { Directory } from '../directory/directory.js';
import { decide } from '../directory/policy.js';
import type { Clock } from '../lib/clock.js';
import dayjs from '../lib/dayjs.js';
import type { Logger } from '../lib/logger.js';
import type { Models } from '../models/create-models.js';
import type { DutyCheckDoc } from '../models/duty-check.js';
import type { Outbox } from '../outbox/outbox.js';
import { cardContent, type OutgoingMessage } from '../outbox/outgoing-message.js';
import { dutySectionHeads } from './duty-section-heads.js';

/** Officers on duty confirm a 查岗 within this many minutes. */
export const CHECK_MINUTES = 10;

export type PresenceOutcome = { kind: 'refused'; message: Bilingual } | { kind: 'done' | 'stale'; message: Bilingual; card: Card };

/**
 * 查岗 (spot check): the duty section head asks the officers on the current shift to confirm
 * 到岗 within 10 minutes; each answer is recorded with its time once; 10 minutes on, the next
 * duty-shifts tick sends the section head the result once (who confirmed when, who did not, and
 * who pressed 接班 at the shift's start). Checks live in duty_checks, read and written by `_id`.
 */
export class PresenceService {
  constructor(private readonly deps: { models: Models; directory: Directory; outbox: Outbox; clock: Clock; log: Logger; tz: string }) {}

  /** A check by `_id`, its lists always present (an upsert's empty list may come back missing). */
  private async load(id: string): Promise<DutyCheckDoc | null> {
    const c = await this.deps.models.dutyChecks.findById(id).lean();
    return c ? { ...c, officers: c.officers ?? [], answers: c.answers ?? [] } : null;
  }

  private async names(ids: string[]) {
    const m = await this.deps.directory.names(ids);
    return (id: string) => m.get(id) ?? id;
  }

  /** `查岗` by `by`: only the current shift's duty section head; each officer on duty gets a card. */
  async start(by: string): Promise<{ refused: Bilingual } | { check: DutyCheckDoc; fresh: boolean; names: (id: string) => string }> {
    const { models, directory, clock, tz } = this.deps;
    const now = clock.now();
    const shift = await models.dutyShifts.findOne({ start: { $lte: now }, end: { $gt: now } }).lean();
    if (!shift) return { refused: { zh: '现在没有在班的班次，无法查岗。', en: 'No shift is on now; there is no one to check.' } };
    const heads = await dutySectionHeads(directory, shift.primary);
    const officers = [shift.primary, ...(shift.secondary ? [shift.secondary] : [])];
    const names = await this.names([...heads, ...officers, by]);
    const allowed = decide(await directory.person(by), 'duty.check', { dutyHeads: heads, names });
    if (!allowed.allowed) return { refused: allowed.reason };
    // One check per shift and minute: a repeated 查岗 (or a duplicate delivery) in the same minute is the same check.
    const _id = `CG-${shift._id}-${dayjs(now).tz(tz).format('HHmm')}`;
    const res = await models.dutyChecks.updateOne(
      { _id },
      { $setOnInsert: { shift: shift._id, by, at: now, due: new Date(now.getTime() + CHECK_MINUTES * 60_000), officers, answers: [] } },
      { upsert: true },
    );
    const check = (await this.load(_id))!;
    const fresh = res.upsertedCount === 1;
    if (fresh) this.deps.log.info({ check: _id, by, officers }, 'spot check started');
    await this.deps.outbox.enqueue(
      check.officers.map((o): OutgoingMessage => ({ op: 'send', key: `dutycheck:${_id}:ask:${o}`, receiveIdType: 'open_id', receiveId: o, msgType: 'interactive', content: cardContent(presenceAskCard(check, o, names, tz)) })),
    );
    return { check, fresh, names };
  }

  /** 到岗: an officer asked confirms, within the time; recorded once with its time. */
  async present(input: { id: string; by: string }): Promise<PresenceOutcome> {
    const { models, clock, tz } = this.deps;
    const check = await this.load(input.id);
    if (!check) return { kind: 'refused', message: { zh: '找不到此次查岗', en: 'No such spot check' } };
    const names = await this.names([check.by, ...check.officers]);
    if (!check.officers.includes(input.by)) return { kind: 'refused', message: { zh: `此次查岗只问当班人员 ${check.officers.map(names).join('、')}`, en: `This check asks only the officers on duty: ${check.officers.map(names).join(', ')}` } };
    const now = clock.now();
    const done = check.answers.find((a) => a.who === input.by);
    if (done) return { kind: 'stale', message: { zh: '您已确认到岗', en: 'Already confirmed' }, card: presenceAskCard(check, input.by, names, tz) };
    if (now.getTime() > check.due.getTime()) return { kind: 'refused', message: { zh: `已超过确认时限 ${dayjs(check.due).tz(tz).format('HH:mm')}，未能记录`, en: `Too late: answers were due by ${dayjs(check.due).tz(tz).format('HH:mm')}` } };
    if (await claimOnce(models.claims, `dutycheck:${check._id}:${input.by}`, input.by, now)) {
      await models.dutyChecks.updateOne({ _id: check._id }, { $push: { answers: { who: input.by, at: now } } });
      this.deps.log.info({ check: check._id, by: input.by }, 'present on spot check');
      const after = (await this.load(check._id))!;
      return { kind: 'done', message: { zh: '已确认到岗', en: 'Confirmed present' }, card: presenceAskCard(after, input.by, names, tz) };
    }
    const after = (await this.load(check._id))!;
    return { kind: 'stale', message: { zh: '您已确认到岗', en: 'Already confirmed' }, card: presenceAskCard(after, input.by, names, tz) };
  }

  /** On the duty-shifts tick: checks whose 10 minutes are up send their result to the section head, once. */
  async tick(now: Date): Promise<number> {
    const { models, tz } = this.deps;
    const due = await models.dutyChecks.find({ due: { $lte: now }, resultAt: { $exists: false } }).lean();
    let sent = 0;
    for (const found of due) {
      const check = { ...found, officers: found.officers ?? [], answers: found.answers ?? [] };
      const h = await models.dutyHandovers.findById(check.shift).lean();
      // 到岗 at the shift's start: each 接班 press (a record from before `present` was kept: whoever took over).
      const start = h?.present?.length ? h.present : h?.takenBy && h.takenAt ? [{ who: h.takenBy, at: h.takenAt }] : [];
      const names = await this.names([...check.officers, ...start.map((p) => p.who)]);
      const card = presenceResultCard(check, start, names, tz);
      await this.deps.outbox.enqueue([{ op: 'send', key: `dutycheck:${check._id}:result`, receiveIdType: 'open_id', receiveId: check.by, msgType: 'interactive', content: cardContent(card) }]);
      await models.dutyChecks.updateOne({ _id: check._id }, { $set: { resultAt: now } });
      sent++;
    }
    return sent;
  }
}
