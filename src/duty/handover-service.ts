import type { Card, CardOutcome } from '../cards/card-types.js';
import { handOverCard, leaveShiftCard, shiftReminderCard, substituteCard, takeOverCard, type HandoverView } from '../cards/handover-cards.js';
import { claimOnce } from '../db/claims.js';
import type { Directory } from '../directory/directory.js';
import type { Clock } from '../lib/clock.js';
import dayjs from '../lib/dayjs.js';
import type { Logger } from '../lib/logger.js';
import type { Models } from '../models/create-models.js';
import type { DutyShiftDoc } from '../models/duty-shift.js';
import type { Outbox } from '../outbox/outbox.js';
import { cardContent, textContent, type OutgoingMessage } from '../outbox/outgoing-message.js';
import { dutySectionHeads } from './duty-section-heads.js';
import type { ShiftPattern } from './shift-patterns.js';

const MIN = 60_000;

export interface HandoverTimes {
  /** Local time on the day before a shift for the evening reminder. */
  eveningAt: string;
  remindBeforeMinutes: number;
  lateMinutes: number;
  escalateMinutes: number;
}


export type HandoverOutcome = CardOutcome;

/**
 * Shift reminders and the formal handover: the outgoing primary gets 交班 with the shift's open
 * items at its end; the incoming primary gets 接班 at the start; 接班 still not pressed
 * `lateMinutes` in alerts the incoming secondary and the section head, `escalateMinutes` in the
 * director. Every message keyed by shift and kind; every handover recorded in duty_handovers.
 */
export class HandoverService {
  constructor(
    private readonly deps: { models: Models; directory: Directory; outbox: Outbox; clock: Clock; log: Logger; tz: string; patterns: ShiftPattern[]; times: HandoverTimes },
  ) {}

  private shiftName(s: DutyShiftDoc) {
    return this.deps.patterns.find((p) => p.key === s.shift)?.name.zh ?? s.shift;
  }

  private async names(ids: (string | undefined)[]) {
    const m = await this.deps.directory.names(ids.filter((x): x is string => Boolean(x)));
    return (id: string) => m.get(id) ?? id;
  }

  /**
   * What is still open on duty: incidents not yet reported, and duty-log entries not closed —
   * each once: an incident's own entry is the incident, listed as such.
   */
  private async openItems(): Promise<HandoverView['items']> {
    const [entries, incidents] = await Promise.all([this.deps.models.dutyLog.find({ status: 'open' }, { what: 1 }).lean(), this.deps.models.incidents.find({ status: { $ne: 'reported' } }, { title: 1, entry: 1 }).lean()]);
    return this.once(incidents, entries).slice(0, 30);
  }

  private once(incidents: { _id: string; title: string; entry: string }[], entries: { _id: string; what: string }[]): HandoverView['items'] {
    const asIncident = new Set(incidents.map((i) => i.entry));
    return [...incidents.map((i) => ({ id: i._id, title: i.title })), ...entries.filter((e) => !asIncident.has(e._id)).map((e) => ({ id: e._id, title: e.what }))];
  }

  private async view(shiftId: string): Promise<HandoverView> {
    const h = await this.deps.models.dutyHandovers.findById(shiftId).lean();
    const items = h?.items?.length ? await this.itemTitles(h.items) : await this.openItems();
    return { items, ...(h?.note ? { note: h.note } : {}), ...(h?.handedBy ? { handedBy: h.handedBy, handedAt: h.handedAt! } : {}), ...(h?.takenBy ? { takenBy: h.takenBy, takenAt: h.takenAt! } : {}) };
  }

  private async itemTitles(ids: string[]) {
    const [entries, incidents] = await Promise.all([this.deps.models.dutyLog.find({ _id: { $in: ids } }, { what: 1 }).lean(), this.deps.models.incidents.find({ _id: { $in: ids } }, { title: 1, entry: 1 }).lean()]);
    return this.once(incidents, entries);
  }

  /** Names for a handover card: the shifts' officers and whoever handed over or took over. */
  private async viewNames(shifts: (DutyShiftDoc | null | undefined)[], view: HandoverView) {
    return this.names([...shifts.flatMap((s) => (s ? [s.primary, s.secondary] : [])), view.handedBy, view.takenBy]);
  }

  /** The current shift, when `openId` is on it (for 离岗). */
  async currentShiftOf(openId: string): Promise<DutyShiftDoc | null> {
    const now = this.deps.clock.now();
    const s = await this.deps.models.dutyShifts.findOne({ start: { $lte: now }, end: { $gt: now } }).lean();
    return s && [s.primary, s.secondary].includes(openId) ? s : null;
  }

  leaveCard(s: DutyShiftDoc): Card {
    return leaveShiftCard(s, this.deps.tz);
  }

  private async nextShift(s: DutyShiftDoc) {
    return this.deps.models.dutyShifts.findOne({ start: { $gte: s.end } }).sort({ start: 1 }).lean();
  }

  /** Every minute: reminders, 交班 at a shift's end, 接班 at the next one's start, and the late alerts. */
  async tick(now: Date): Promise<number> {
    const { models, times, tz } = this.deps;
    const out: OutgoingMessage[] = [];
    const send = (key: string, to: string, msgType: 'text' | 'interactive', content: string) => out.push({ op: 'send', key, receiveIdType: 'open_id', receiveId: to, msgType, content });
    const localToday = dayjs(now).tz(tz).format('YYYY-MM-DD');
    const localTime = dayjs(now).tz(tz).format('HH:mm');

    // Reminders for shifts starting within the next day.
    for (const s of await models.dutyShifts.find({ start: { $gt: now, $lte: new Date(now.getTime() + 26 * 3600_000) } }).lean()) {
      const people: [string, string][] = [[s.primary, '主班 primary'], ...(s.secondary ? [[s.secondary, '副班 secondary'] as [string, string]] : []), ...(s.leader ? [[s.leader, '带班领导 leader on duty'] as [string, string]] : [])];
      const startDay = dayjs(s.start).tz(tz).format('YYYY-MM-DD');
      const evening = startDay > localToday && localTime >= times.eveningAt;
      const soon = s.start.getTime() - now.getTime() <= times.remindBeforeMinutes * MIN;
      for (const [who, role] of people) {
        const card = cardContent(shiftReminderCard(s, this.shiftName(s), role, tz));
        if (evening) send(`shift-remind:${s._id}:eve:${who}`, who, 'interactive', card);
        if (soon) send(`shift-remind:${s._id}:soon:${who}`, who, 'interactive', card);
      }
    }

    // 交班: shifts that ended in the last two hours.
    for (const s of await models.dutyShifts.find({ end: { $lte: now, $gt: new Date(now.getTime() - 2 * 3600_000) } }).lean()) {
      const next = await this.nextShift(s);
      const view = await this.view(next?._id ?? '');
      send(`handover:${s._id}:out`, s.primary, 'interactive', cardContent(handOverCard(s, next, view, await this.viewNames([s, next], view), tz)));
    }

    // 接班 at the start of the current shift, and the alerts when it is late.
    for (const s of await models.dutyShifts.find({ start: { $lte: now, $gt: new Date(now.getTime() - 2 * 3600_000) } }).lean()) {
      const view = await this.view(s._id);
      send(`handover:${s._id}:in`, s.primary, 'interactive', cardContent(takeOverCard(s, view, await this.viewNames([s], view), tz)));
      const h = await models.dutyHandovers.findById(s._id).lean();
      if (h?.takenAt) continue;
      const minutes = (now.getTime() - s.start.getTime()) / MIN;
      const who = (await this.names([s.primary]))(s.primary);
      const text = (m: number) => textContent(`【接班提醒】${dayjs(s.start).tz(tz).format('MM-DD HH:mm')} ${this.shiftName(s)}已开班 ${m} 分钟，主班 ${who} 尚未接班。\nThe ${s.shift} shift began ${m} minutes ago and ${who} has not taken over.`);
      if (minutes >= times.lateMinutes) {
        for (const to of [...(s.secondary ? [s.secondary] : []), ...(await this.sectionHeads(s.primary))]) send(`handover-late:${times.lateMinutes}:${s._id}:${to}`, to, 'text', text(times.lateMinutes));
      }
      if (minutes >= times.escalateMinutes) {
        for (const d of await this.deps.directory.people({ role: 'director' })) send(`handover-late:${times.escalateMinutes}:${s._id}:${d.openId}`, d.openId, 'text', text(times.escalateMinutes));
      }
    }
    await this.deps.outbox.enqueue(out);
    return out.length;
  }

  /** The duty section head: the section heads overseeing the primary's unit (else every section head). */
  private async sectionHeads(primary: string): Promise<string[]> {
    return dutySectionHeads(this.deps.directory, primary);
  }

  /** 交班: the outgoing primary (or secondary) hands over, once, with a note and the open items. */
  async handOver(input: { from: string; to: string; by: string; note: string }): Promise<HandoverOutcome> {
    const { models, clock, tz } = this.deps;
    const [out, incoming] = await Promise.all([models.dutyShifts.findById(input.from).lean(), models.dutyShifts.findById(input.to).lean()]);
    if (!out || !incoming) return { kind: 'refused', message: { zh: '找不到班次', en: 'no such shift' } };
    if (![out.primary, out.secondary].includes(input.by)) return { kind: 'refused', message: { zh: '只有本班主班或副班可以交班', en: "Only this shift's primary or secondary may hand over" } };
    const fresh = await claimOnce(models.claims, `handover:${incoming._id}`, input.by, clock.now());
    if (fresh) {
      const items = (await this.openItems()).map((i) => i.id);
      await models.dutyHandovers.updateOne({ _id: incoming._id }, { $set: { fromShift: out._id, handedBy: input.by, handedAt: clock.now(), note: input.note.trim().slice(0, 2000), items } }, { upsert: true });
      this.deps.log.info({ from: out._id, to: incoming._id, by: input.by }, 'shift handed over');
      // The incoming primary's 接班 card shows the handover (sent now if the shift has begun, or at its start).
      const view = await this.view(incoming._id);
      const card = cardContent(takeOverCard(incoming, view, await this.viewNames([incoming, out], view), tz));
      await this.deps.outbox.enqueue([{ op: 'patch', key: `handover:${incoming._id}:in:handed`, targetKey: `handover:${incoming._id}:in`, content: card }]);
    }
    const view = await this.view(incoming._id);
    const card = handOverCard(out, incoming, view, await this.viewNames([out, incoming], view), tz);
    return fresh ? { kind: 'done', message: { zh: '已交班', en: 'Handed over' }, card } : { kind: 'stale', message: { zh: '本班已交班', en: 'Already handed over' }, card };
  }

  /** 离岗: an officer on the current shift asks a substitute (a duty officer, not on this shift). */
  async askSubstitute(input: { shift: string; by: string; to: string; note: string }): Promise<HandoverOutcome> {
    const { models, directory, clock, tz } = this.deps;
    const s = await models.dutyShifts.findById(input.shift).lean();
    const now = clock.now().getTime();
    if (!s || s.start.getTime() > now || s.end.getTime() <= now) return { kind: 'refused', message: { zh: '只能在当班期间申请离岗', en: 'Only during the shift' } };
    if (![s.primary, s.secondary].includes(input.by)) return { kind: 'refused', message: { zh: '您不在本班', en: 'You are not on this shift' } };
    const sub = await directory.person(input.to);
    if (!sub?.active || !sub.roles.includes('duty_officer') || [s.primary, s.secondary].includes(sub.openId)) return { kind: 'refused', message: { zh: '请选择一位不在本班的值班员', en: 'Pick a duty officer who is not on this shift' } };
    const names = await this.names([input.by, sub.openId]);
    await this.deps.outbox.enqueue([{ op: 'send', key: `substitute:${s._id}:${input.by}:${sub.openId}`, receiveIdType: 'open_id', receiveId: sub.openId, msgType: 'interactive', content: cardContent(substituteCard(s, input.by, input.note, names, tz, false)) }]);
    return { kind: 'done', message: { zh: `已请 ${sub.name} 替班；对方接班后方可离岗`, en: `Asked ${sub.name}; leave once they take over` }, card: leaveShiftCard(s, tz) };
  }

  /** The substitute's 接班: they take the leaver's place for the rest of the shift (once); the leaver may go. */
  async takeAsSubstitute(input: { shift: string; from: string; by: string }): Promise<HandoverOutcome> {
    const { models, clock, tz } = this.deps;
    const s = await models.dutyShifts.findById(input.shift).lean();
    if (!s) return { kind: 'refused', message: { zh: '找不到班次', en: 'no such shift' } };
    const names = await this.names([input.from, input.by]);
    if (!(await claimOnce(models.claims, `substitute:${s._id}:${input.from}`, input.by, clock.now()))) return { kind: 'stale', message: { zh: '已有人替班', en: 'Already taken over' }, card: substituteCard(s, input.from, '', names, tz, true) };
    const role = s.primary === input.from ? 'primary' : s.secondary === input.from ? 'secondary' : null;
    if (!role) return { kind: 'refused', message: { zh: '对方已不在本班', en: 'They are no longer on this shift' } };
    await models.dutyShifts.updateOne({ _id: s._id }, { $set: { [role]: input.by, source: 'swap', updatedAt: clock.now() }, $inc: { sequence: 1 } });
    await models.dutyHandovers.updateOne({ _id: `${s._id}:sub:${input.from}` }, { $set: { fromShift: s._id, handedBy: input.from, handedAt: clock.now(), takenBy: input.by, takenAt: clock.now(), items: [] } }, { upsert: true });
    this.deps.log.info({ shift: s._id, from: input.from, to: input.by }, 'substitute took over mid-shift');
    await this.deps.outbox.enqueue([{ op: 'send', key: `substitute:${s._id}:${input.from}:done`, receiveIdType: 'open_id', receiveId: input.from, msgType: 'text', content: textContent(`${names(input.by)} 已接班替您值班，您可以离岗。\n${names(input.by)} has taken over; you may leave.`) }]);
    return { kind: 'done', message: { zh: '已接班', en: 'Taken over' }, card: substituteCard(s, input.from, '', names, tz, true) };
  }

  /** Adds `who` to the shift's 到岗 at its start (the handover record may be created by a press at the same moment). */
  private async recordPresent(shift: string, who: string, at: Date) {
    const push = () => this.deps.models.dutyHandovers.updateOne({ _id: shift }, { $push: { present: { who, at } }, $setOnInsert: { items: [] } }, { upsert: true });
    try {
      await push();
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
      await push(); // two upserts raced: the record exists now
    }
  }

  /** 接班: the incoming primary (or secondary) takes over, once — recorded as their 到岗 at the shift's start (takenBy, takenAt; shown on 查岗 results). */
  async takeOver(input: { shift: string; by: string }): Promise<HandoverOutcome> {
    const { models, clock, tz } = this.deps;
    const s = await models.dutyShifts.findById(input.shift).lean();
    if (!s) return { kind: 'refused', message: { zh: '找不到班次', en: 'no such shift' } };
    if (![s.primary, s.secondary].includes(input.by)) return { kind: 'refused', message: { zh: '只有本班主班或副班可以接班', en: "Only this shift's primary or secondary may take over" } };
    const now = clock.now();
    const fresh = await claimOnce(models.claims, `takeover:${s._id}`, input.by, now);
    if (fresh) {
      await models.dutyHandovers.updateOne({ _id: s._id }, { $set: { takenBy: input.by, takenAt: now }, $setOnInsert: { items: [] } }, { upsert: true });
      this.deps.log.info({ shift: s._id, by: input.by }, 'shift taken over');
    }
    // Each officer's 接班 press is their 到岗 at the shift's start: recorded once, with its time.
    if (await claimOnce(models.claims, `present:${s._id}:${input.by}`, input.by, now)) await this.recordPresent(s._id, input.by, now);
    const view = await this.view(s._id);
    const card = takeOverCard(s, view, await this.viewNames([s], view), tz);
    return fresh ? { kind: 'done', message: { zh: '已接班', en: 'Taken over' }, card } : { kind: 'stale', message: { zh: '本班已接班', en: 'Already taken over' }, card };
  }
}
