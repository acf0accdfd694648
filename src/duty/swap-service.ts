import { insertOnce } from '../db/insert-once.js';
import { createHash } from 'node:crypto';
import type { ApprovalService } from '../approvals/approval-service.js';
import type { Card, CardOutcome } from '../cards/card-types.js';
import { swapCard } from '../cards/swap-cards.js';
import { claimOnce } from '../db/claims.js';
import type { Directory } from '../directory/directory.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { Models } from '../models/create-models.js';
import type { DutySwapDoc } from '../models/duty-swap.js';
import type { Outbox } from '../outbox/outbox.js';
import { cardContent, type OutgoingMessage } from '../outbox/outgoing-message.js';
import type { Bilingual } from '../cards/card-types.js';
import dayjs from '../lib/dayjs.js';
import type { DutyShiftDoc } from '../models/duty-shift.js';
import { firstClash } from './shift-rules.js';

const DAY = 86_400_000;

export type SwapOutcome = CardOutcome;

/**
 * 换班: the colleague accepts on a card, then the duty section head approves through the
 * approval engine (flow `swap`); the roster changes only when both said yes, once; everyone
 * concerned is told.
 */
export class SwapService {
  constructor(private readonly deps: { models: Models; directory: Directory; approvals: ApprovalService; outbox: Outbox; clock: Clock; log: Logger; tz: string }) {}

  async ask(input: { shift: string; by: string; to: string; reason: string; key: string }): Promise<SwapOutcome> {
    const { models, directory, clock } = this.deps;
    const shift = await models.dutyShifts.findById(input.shift).lean();
    if (!shift || shift.start.getTime() <= clock.now().getTime()) return { kind: 'refused', message: { zh: '只能换尚未开始的班次', en: 'Only a shift that has not begun can be swapped' } };
    const role = shift.primary === input.by ? 'primary' : shift.secondary === input.by ? 'secondary' : null;
    if (!role) return { kind: 'refused', message: { zh: '这不是您的班次', en: 'That is not your shift' } };
    const to = await directory.person(input.to);
    if (!to?.active || !to.roles.includes('duty_officer')) return { kind: 'refused', message: { zh: '请选择一位值班员', en: 'Pick a duty officer' } };
    if (to.openId === input.by || [shift.primary, shift.secondary].includes(to.openId)) return { kind: 'refused', message: { zh: `${to.name} 已在这一班`, en: `${to.name} is already on that shift` } };
    const busy = await this.whyNotFree(shift, to.openId, to.name);
    if (busy) return { kind: 'refused', message: busy };
    const swap: DutySwapDoc = { _id: `HB-${createHash('sha256').update(input.key).digest('hex').slice(0, 8).toUpperCase()}`, shift: shift._id, from: input.by, to: to.openId, role, reason: input.reason.trim().slice(0, 500), status: 'asked', createdAt: clock.now(), updatedAt: clock.now() };
    await insertOnce(models.dutySwaps, swap);
    await this.tell(swap._id, [to.openId], true);
    return { kind: 'done', message: { zh: `已请 ${to.name} 代班`, en: `Asked ${to.name}` }, card: await this.card(swap._id, false) };
  }

  /** The colleague's answer; accepting starts the section head's approval. */
  async answer(input: { id: string; by: string; accept: boolean }): Promise<SwapOutcome> {
    const { models, clock } = this.deps;
    const swap = await models.dutySwaps.findById(input.id).lean();
    if (!swap) return { kind: 'refused', message: { zh: '找不到这个换班申请', en: 'no such swap' } };
    if (swap.to !== input.by) return { kind: 'refused', message: { zh: `只有被请求的同事 ${await this.nameOf(swap.to)} 可以答复`, en: `Only the colleague asked, ${await this.nameOf(swap.to)}, may answer` } };
    if (input.accept && swap.status === 'asked') {
      const shift = await models.dutyShifts.findById(swap.shift).lean();
      const busy = shift ? await this.whyNotFree(shift, swap.to, await this.nameOf(swap.to)) : null;
      if (busy) return { kind: 'refused', message: busy };
    }
    if (!(await claimOnce(models.claims, `swap:${swap._id}:answer`, input.by, clock.now()))) return { kind: 'stale', message: { zh: '已答复过', en: 'Already answered' }, card: await this.card(swap._id, true) };
    if (!input.accept) {
      await models.dutySwaps.updateOne({ _id: swap._id }, { $set: { status: 'declined', updatedAt: clock.now() } });
      await this.tell(swap._id, [swap.from], false);
      return { kind: 'done', message: { zh: '已拒绝', en: 'Declined' }, card: await this.card(swap._id, true) };
    }
    // The section head decides from the card: who asks, who would take the shift, which one.
    const shift = (await models.dutyShifts.findById(swap.shift).lean())!;
    const names = await this.deps.directory.names([swap.from, swap.to, shift.primary, shift.secondary ?? ''].filter(Boolean));
    const n = (id: string) => names.get(id) ?? id;
    const role = swap.role === 'primary' ? '主班' : '副班';
    const partner = swap.role === 'primary' ? shift.secondary : shift.primary;
    const started = await this.deps.approvals.start({
      flow: 'swap',
      fields: {
        title: `换班：${n(swap.to)} 代 ${n(swap.from)} 的${role}（${this.when(shift)}）`.slice(0, 100),
        summary: [`${n(swap.from)} 请 ${n(swap.to)} 代 ${this.when(shift)} 的${role}${partner ? `，搭班 ${n(partner)}` : ''}。${n(swap.to)} 已同意代班。`, swap.reason ? `原因：${swap.reason}` : '', `${n(swap.to)} takes ${n(swap.from)}'s place as ${swap.role} on ${this.when(shift)}; they have agreed.`].filter(Boolean).join('\n'),
        link: swap._id,
        urgency: 'normal',
        security: 'none',
        normative: false,
      },
      requester: swap.from,
      key: `swap:${swap._id}`,
      subject: { kind: 'swap', id: swap._id },
    });
    await models.dutySwaps.updateOne({ _id: swap._id }, { $set: { status: 'accepted', approval: started.request._id, updatedAt: clock.now() } });
    await this.tell(swap._id, [swap.from], false);
    return { kind: 'done', message: { zh: '已同意，等待科长审批', en: 'Accepted; the section head decides next' }, card: await this.card(swap._id, true) };
  }

  /** The approval came back approved (or withdrawn): change the roster once, and tell everyone concerned. */
  async settle(swapId: string, approved: boolean): Promise<void> {
    const { models, clock } = this.deps;
    if (!(await claimOnce(models.claims, `swap:${swapId}:settled`, 'approval', clock.now()))) return;
    const swap = (await models.dutySwaps.findById(swapId).lean())!;
    const shift = (await models.dutyShifts.findById(swap.shift).lean())!;
    // The roster may have changed since the colleague agreed: the rest rule still holds.
    const busy = approved ? await this.whyNotFree(shift, swap.to, await this.nameOf(swap.to)) : null;
    if (approved && !busy) {
      await models.dutyShifts.updateOne({ _id: shift._id }, { $set: { [swap.role]: swap.to, source: 'swap', updatedAt: clock.now() }, $inc: { sequence: 1 } });
      this.deps.log.info({ swap: swapId, shift: shift._id, from: swap.from, to: swap.to }, 'roster changed by a swap');
    }
    if (busy) this.deps.log.warn({ swap: swapId, shift: shift._id, to: swap.to }, 'swap approved but not applied: the colleague is no longer free');
    await models.dutySwaps.updateOne({ _id: swapId }, { $set: { status: approved && !busy ? 'approved' : 'refused', ...(busy ? { note: `批准时未能生效：${busy.zh} Not applied: ${busy.en}` } : {}), updatedAt: clock.now() } });
    await this.tell(swapId, [...new Set([swap.from, swap.to, shift.primary, shift.secondary, shift.leader].filter((x): x is string => Boolean(x)))], false);
  }

  /**
   * Why `openId` cannot take `shift`: on leave that day, or on another shift that overlaps or
   * touches it (the rest rule the roster generator obeys, in shift-rules.ts); null when free.
   */
  private async whyNotFree(shift: DutyShiftDoc, openId: string, name: string): Promise<Bilingual | null> {
    const { models } = this.deps;
    const near = await models.dutyShifts
      .find({ _id: { $ne: shift._id }, start: { $lt: new Date(shift.end.getTime() + DAY) }, end: { $gt: new Date(shift.start.getTime() - DAY) }, $or: [{ primary: openId }, { secondary: openId }] })
      .lean();
    const clash = firstClash(shift, near);
    if (clash) {
      const overlaps = clash.start.getTime() < shift.end.getTime() && shift.start.getTime() < clash.end.getTime();
      return overlaps
        ? { zh: `${name} 同时段已有班次（${this.when(clash)}）`, en: `${name} is on duty at that time (${this.when(clash)})` }
        : { zh: `${name} 在 ${this.when(clash)} 值班，与这一班前后相连，不能连班`, en: `${name} is on duty ${this.when(clash)}, back to back with this shift: nobody works two shifts in a row` };
    }
    const leave = await models.dutyLeave.findOne({ openId, from: { $lte: shift.date }, to: { $gte: shift.date } }).lean();
    if (leave) return { zh: `${name} ${leave.from} 至 ${leave.to} 请假`, en: `${name} is on leave ${leave.from} to ${leave.to}` };
    return null;
  }

  private when(s: { start: Date; end: Date }): string {
    const f = (d: Date) => dayjs(d).tz(this.deps.tz);
    return `${f(s.start).format('MM-DD HH:mm')}–${f(s.end).format(f(s.end).isSame(f(s.start), 'day') ? 'HH:mm' : 'MM-DD HH:mm')}`;
  }

  private async nameOf(openId: string): Promise<string> {
    return (await this.deps.directory.names([openId])).get(openId) ?? openId;
  }

  private async card(id: string, forColleague: boolean): Promise<Card> {
    const swap = (await this.deps.models.dutySwaps.findById(id).lean())!;
    const shift = (await this.deps.models.dutyShifts.findById(swap.shift).lean())!;
    const names = await this.deps.directory.names([swap.from, swap.to]);
    return swapCard(swap, shift, (x) => names.get(x) ?? x, this.deps.tz, forColleague);
  }

  private async tell(id: string, to: string[], colleague: boolean): Promise<void> {
    const swap = (await this.deps.models.dutySwaps.findById(id).lean())!;
    const out: OutgoingMessage[] = [];
    for (const openId of to) {
      out.push({ op: 'send', key: `swap:${id}:${swap.status}:${openId}`, receiveIdType: 'open_id', receiveId: openId, msgType: 'interactive', content: cardContent(await this.card(id, colleague && openId === swap.to)) });
    }
    await this.deps.outbox.enqueue(out);
  }
}
