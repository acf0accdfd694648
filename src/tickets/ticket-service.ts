import { batchWriterFor } from '../db/batch-writer.js';
import type { Models } from '../models/create-models.js';
import { insertOnce } from '../db/insert-once.js';
import type { ApprovalService } from '../approvals/approval-service.js';
import type { WorkCalendar } from '../calendar/work-calendar.js';
import { ACTION_LABELS, ticketCard, type TicketView } from '../cards/ticket-cards.js';
import type { Bilingual, Card } from '../cards/card-types.js';
import { claimOnce } from '../db/claims.js';
import { isDuplicateKeyError } from '../db/is-duplicate-key-error.js';
import type { Directory, Person } from '../directory/directory.js';
import { decide, type Action } from '../directory/policy.js';
import dayjs from '../lib/dayjs.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { ClaimModel } from '../models/claim.js';
import type { CounterModel } from '../models/counter.js';
import type { OpenItemDoc, OpenItemModel } from '../models/open-item.js';
import type { TicketAction, TicketDoc, TicketModel, TicketTransitionDoc, TicketTransitionModel } from '../models/ticket.js';
import type { TicketKeyModel } from '../models/ticket-key.js';
import type { PastAnswerModel } from '../models/past-answer.js';
import type { Outbox } from '../outbox/outbox.js';
import { cardContent, textContent, type OutgoingMessage } from '../outbox/outgoing-message.js';
import { returningUnits } from './accepted-unit.js';
import { defaultWorkingDays } from './deadline-rules.js';
import type { DispatchModel } from './dispatch-model.js';
import type { IntakeInput } from './intake-fields.js';
import { foldTicket, urgencyOf, type TicketState } from './ticket-state.js';
import { TicketNumbers } from './ticket-numbers.js';
import { OpenItems } from './open-items.js';
import { PastAnswers } from './past-answers.js';
import { TicketKeys } from './ticket-keys.js';
import { stepPaths, ticketCache } from './ticket-steps.js';
import { readTimeline } from './ticket-timeline.js';
import { CALLBACK_OUTCOMES, OUT_OF_SCOPE_LABELS, RETURN_REASONS, STATUS_LABELS, TICKET_URGENCIES, type CallbackOutcome, type Category, type TicketStatus, type TicketUrgency } from './ticket-types.js';
import { statusSince } from './open-item-of.js';

/** A ticket as a list shows it (我的待办, 工单 列表). */
export type TicketLine = Pick<TicketDoc, '_id' | 'status' | 'content' | 'deadline'>;

export interface LoadedTicket {
  ticket: TicketDoc;
  state: TicketState;
}

export type TicketOutcome =
  | ({ kind: 'done'; message: Bilingual } & LoadedTicket)
  | ({ kind: 'stale'; message: Bilingual } & LoadedTicket)
  | { kind: 'refused'; message: Bilingual };

/** The collections the ticket service keeps, from the models (one place for the bot and the bench). */
export const ticketCollections = (models: Models) => ({
  tickets: models.tickets,
  transitions: models.ticketTransitions,
  openItems: models.openItems,
  ticketKeys: models.ticketKeys,
  claims: models.claims,
  counters: models.counters,
  pastAnswers: models.pastAnswers,
});

export interface TicketDeps {
  tickets: TicketModel;
  transitions: TicketTransitionModel;
  /** What is open (open_items), kept at every step. */
  openItems: OpenItemModel;
  /** Recent tickets by phone and place (ticket_keys), for repeat detection. */
  ticketKeys: TicketKeyModel;
  claims: ClaimModel;
  /** Running numbers (the day's ticket number), advanced by `_id`. */
  counters: CounterModel;
  /** The replies callers accepted (past_answers), written at the callback: 登记 suggests them. */
  pastAnswers?: PastAnswerModel;
  /** The categories whose direct answers (直接答复) are still called back (CALLBACK_AFTER_DIRECT); none by default. */
  callbackAfterDirect?: readonly Category[];
  directory: Directory;
  outbox: Outbox;
  approvals: ApprovalService;
  calendar: WorkCalendar;
  clock: Clock;
  log: Logger;
  tz: string;
  prefix: string;
  /** Whether the time limit counts from assignment (default) or from acceptance. */
  clockStarts?: 'assignment' | 'acceptance';
  /** 改派: the new unit keeps the deadline (default) or gets the time limit counted afresh (TRANSFER_DEADLINE). */
  transferDeadline?: 'keep' | 'restart';
  /** The callback desk's group chat (CALLBACK_CHAT_ID): 回访 cards go there instead of to every intake clerk. */
  callbackChatId?: string;
  /** Working days after 审核通过 within which the caller is called back (CALLBACK_WITHIN_DAYS, default 2). */
  callbackWithinDays?: number;
  /** The figures kept as work happens (src/reports/ticket-rollups.ts): told of every step. */
  rollups?: { record(ticket: TicketDoc, timeline: TicketTransitionDoc[]): Promise<void> };
  /** Smart dispatch (src/tickets/dispatch-model.ts): learns each 签收, suggests units on the 派单 card. */
  dispatch?: Pick<DispatchModel, 'learn' | 'suggest'>;
}

type Op = 'assign' | 'merge' | 'accept' | 'return' | 'progress' | 'extend' | 'transfer_ask' | 'transfer' | 'transfer_refuse' | 'co_units' | 'suspend' | 'resume' | 'reply' | 'review_accept' | 'redo' | 'callback' | 'archive';

/** For each action: the states it may be taken in, and the permission it needs. */
const RULES: Record<Op, { from: TicketStatus[]; permission: Action }> = {
  assign: { from: ['registered', 'returned'], permission: 'ticket.dispatch' },
  merge: { from: ['registered'], permission: 'ticket.dispatch' },
  accept: { from: ['assigned'], permission: 'ticket.handle' },
  return: { from: ['assigned'], permission: 'ticket.handle' },
  progress: { from: ['handling'], permission: 'ticket.handle' },
  extend: { from: ['handling'], permission: 'ticket.handle' },
  // 改派: the lead unit asks (申请改派), the dispatcher transfers it (同意并改派) or refuses (不同意).
  transfer_ask: { from: ['handling'], permission: 'ticket.handle' },
  transfer: { from: ['handling'], permission: 'ticket.dispatch' },
  transfer_refuse: { from: ['handling'], permission: 'ticket.dispatch' },
  co_units: { from: ['assigned', 'handling'], permission: 'ticket.dispatch' },
  // 挂起 (asked by the unit, approved by a dispatcher through the approval engine) and 恢复.
  suspend: { from: ['handling'], permission: 'ticket.handle' },
  resume: { from: ['handling'], permission: 'ticket.handle' },
  reply: { from: ['handling'], permission: 'ticket.handle' },
  review_accept: { from: ['replied'], permission: 'ticket.review' },
  redo: { from: ['replied'], permission: 'ticket.review' },
  callback: { from: ['callback'], permission: 'ticket.callback' },
  archive: { from: ['closed', 'rejected'], permission: 'ticket.dispatch' },
};

/** Who govdesk's own timeline notes are by (催办, 超期上报, recomputed deadlines). */
export const SYSTEM_ACTOR = 'govdesk';
const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** The states a 催办 is for: the unit has it in hand (待签收, 办理中). */
export const URGEABLE: readonly TicketStatus[] = ['assigned', 'handling'];

/** Who hears of a step: a person, or the callback desk's group chat. */
interface Audience {
  person: Person | null;
  to: { type: 'open_id' | 'chat_id'; id: string };
  view: TicketView;
}

/** The key of the 催办 card a 催办 or 签收催办 step sends to one person (a 签收催办 by its assignment and stage). */
const urgingKey = (ticket: string, step: TicketTransitionDoc, openId: string) =>
  step.action === 'urge' ? `tk:${ticket}:urge:${step.seq}:${openId}` : `tk:${ticket}:achase:${String(step.data?.assignSeq)}:${String(step.data?.stage)}:${openId}`;

/** The banner of a 催办 card: its header and what it says. */
export interface Urging {
  title: Bilingual;
  text: Bilingual;
}

/**
 * The hotline's closed loop. Every step is a transition appended under the key
 * `<ticket>:<seq>`, seq being one more than the state the card showed: two clicks on the same
 * card cannot both be written, and a card older than the ticket is answered with what
 * happened instead. Cards go to whoever must act next; their old copies turn into the record.
 */
export class TicketService {
  private readonly numbers: TicketNumbers;
  readonly openItems: OpenItems;
  readonly keys: TicketKeys;
  /** The replies callers accepted, searched at 登记 (null without the collection). */
  readonly pastAnswers: PastAnswers | null;

  constructor(private readonly deps: TicketDeps) {
    this.pastAnswers = deps.pastAnswers ? new PastAnswers({ answers: deps.pastAnswers, clock: deps.clock }) : null;
    this.numbers = new TicketNumbers({ counters: deps.counters, tickets: deps.tickets, prefix: deps.prefix, tz: deps.tz });
    this.openItems = new OpenItems({ openItems: deps.openItems, tickets: deps.tickets, transitions: deps.transitions });
    this.keys = new TicketKeys({ keys: deps.ticketKeys, tickets: deps.tickets });
  }

  /**
   * 登记: one ticket per intake `key`, numbered `ZX-YYYYMMDD-NNNN`. Fast, because the clerk
   * waits for the number in the answer to their click: the number comes from the day's counter
   * (by `_id`), and the intake key is checked by its unique index when the ticket is inserted
   * (an intake handled again finds its ticket then), not by a query before.
   *
   * 直接答复 (`directAnswer`): the clerk answered the call on the spot; the ticket is logged as
   * answered and closed at once (直办), no unit involved — or, for the categories
   * CALLBACK_AFTER_DIRECT names, waits for its callback (待回访) like any answered ticket.
   */
  async intake(input: { intake: IntakeInput; by: string; key: string; statusMessageId?: string }): Promise<LoadedTicket | { refused: Bilingual }> {
    const { deps } = this;
    const allowed = decide(await deps.directory.person(input.by), 'ticket.create');
    if (!allowed.allowed) return { refused: allowed.reason };
    const now = deps.clock.now();
    const { outOfScope, directAnswer, ...intake } = input.intake;
    const direct: TicketStatus | null = directAnswer && !outOfScope ? ((deps.callbackAfterDirect ?? []).includes(intake.category) ? 'callback' : 'closed') : null;
    const repeats = await this.keys.repeats(intake, now);
    const base = {
      ...intake,
      intakeKey: input.key,
      intakeBy: input.by,
      ...(input.statusMessageId ? { statusMessageId: input.statusMessageId } : {}),
      createdAt: now,
      possibleRepeats: repeats,
      status: (outOfScope ? 'rejected' : direct ?? 'registered') as TicketStatus,
      currentUrgency: intake.urgency,
      version: 1,
      coUnits: [],
      updatedAt: now,
    };
    let created: TicketDoc | null = null;
    for (let attempt = 0; !created; attempt++) {
      const id = await this.numbers.next(now);
      try {
        await deps.tickets.create({ _id: id, ...base });
        created = { _id: id, ...base };
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
        // This intake was handled before (its key is unique), or the number was taken.
        const same = await deps.tickets.findOne({ intakeKey: input.key }).lean();
        if (same) {
          await this.keys.add(same);
          return (await this.load(same._id))!;
        }
        if (attempt >= 20) throw err;
        await this.numbers.catchUp(now);
      }
    }
    await this.keys.add(created);
    const scope = outOfScope ? OUT_OF_SCOPE_LABELS[outOfScope] : undefined;
    const action: TicketAction = outOfScope ? 'reject' : direct ? 'direct_answer' : 'register';
    const data = outOfScope ? { outOfScope } : direct ? { answer: directAnswer } : {};
    const state = await this.write({ ticket: created, state: foldTicket([]) }, 1, action, base.status, input.by, scope ? `${scope.reason.zh}，请来电人联系${scope.goTo.zh}` : '', data, null);
    deps.log.info({ ticket: created._id, by: input.by, status: base.status }, 'ticket logged');
    // Written just now, by this call alone (nobody else knows the number yet).
    return state ? { ticket: { ...created, status: state.status, version: state.version }, state } : (await this.load(created._id))!;
  }

  /**
   * The ticket and its state, by `_id` alone: the document with its steps, and any step written
   * but not yet copied onto it (probed by `<ticket>:<seq>`), which is then copied (a repair).
   */
  async load(id: string): Promise<LoadedTicket | null> {
    const read = await this.read(id);
    if (!read) return null;
    const { ticket, state, found } = read;
    if (found.length > 0 || (state.version > 0 && ticket.version !== state.version)) {
      await this.store(ticket, state, found);
      this.deps.log.info({ ticket: id, steps: found.map((s) => s.seq), version: state.version }, 'ticket repaired from its transitions');
    }
    return { ticket, state };
  }

  /** A button pressed on a ticket card built on `version`. */
  async act(input: { id: string; version: number; op: string; by: string; form: Record<string, unknown>; option?: string; mergeTargets?: readonly string[] }): Promise<TicketOutcome> {
    const loaded = await this.load(input.id);
    if (!loaded) return { kind: 'refused', message: { zh: '找不到这个工单', en: 'no such ticket' } };
    const op = input.op as Op;
    const rule = RULES[op];
    if (!rule) return { kind: 'refused', message: { zh: '这个按钮已失效', en: 'This button is no longer valid' } };
    const { ticket, state } = loaded;
    if (state.version !== input.version) return this.stale(loaded);
    const person = await this.deps.directory.person(input.by);
    const allowed = decide(person, rule.permission, { units: state.leadUnit ? [state.leadUnit] : [], owner: ticket.intakeBy });
    if (!allowed.allowed) {
      this.deps.log.warn({ ticket: ticket._id, by: input.by, op }, 'refused: not allowed');
      return { kind: 'refused', message: allowed.reason };
    }
    if (!rule.from.includes(state.status)) return this.stale(loaded);
    const f = input.form;
    const note = str(f.note).slice(0, 1000);
    const next = state.version + 1;
    const go = (action: TicketAction, to: TicketStatus, n: string, data: Record<string, unknown>, message: Bilingual) => this.transition(loaded, next, action, to, input.by, n, data, message);
    const need = (zh: string, en: string): TicketOutcome => ({ kind: 'refused', message: { zh, en } });

    switch (op) {
      case 'assign': {
        const lead = str(f.leadUnit);
        const unit = lead ? await this.deps.directory.unit(lead) : null;
        if (!unit?.active) return need('请选择主办单位', 'Pick the lead unit');
        const coUnits = (Array.isArray(f.coUnits) ? f.coUnits.map(String) : []).filter((c) => c && c !== lead);
        const urgency: TicketUrgency = (TICKET_URGENCIES as readonly string[]).includes(str(f.urgency)) ? (str(f.urgency) as TicketUrgency) : urgencyOf(ticket, state);
        const picked = this.deadlineFrom(str(f.deadline), urgency, ticket, urgencyOf(ticket, state));
        if (!picked) return need(`期限已过：期限为所选日期 ${this.deps.calendar.workdayEnd} 下班时，请选择以后的日期`, `That deadline has passed (a deadline is ${this.deps.calendar.workdayEnd} on its day); pick a later date`);
        const { deadline, counted } = picked;
        const limitDays = Math.max(1, this.deps.calendar.workingDaysBetween(this.deps.clock.now(), deadline));
        return go('assign', 'assigned', note, { leadUnit: lead, coUnits, deadline: deadline.toISOString(), urgency, limitDays, ...(counted !== undefined ? { counted } : {}) }, { zh: `已派给 ${unit.name}`, en: `Assigned to ${unit.name}` });
      }
      case 'merge': {
        const into = str(f.into) || ticket.possibleRepeats[0] || '';
        // Into one of its possible repeats, or (热点预警's 合并) the first ticket of its cluster.
        if (into === ticket._id || !(ticket.possibleRepeats.includes(into) || (input.mergeTargets ?? []).includes(into))) return need('请选择要合并到的工单', 'Pick the ticket to merge into');
        const earlier = await this.load(into);
        if (!earlier || earlier.state.status === 'merged') return need(`工单 ${into} 不能并入`, `${into} cannot take a merge`);
        const out = await go('merge', 'merged', note, { into }, { zh: `已并入 ${into}`, en: `Merged into ${into}` });
        if (out.kind === 'done' && (await claimOnce(this.deps.claims, `tk-merge:${ticket._id}`, input.by, this.deps.clock.now()))) {
          await this.appendNote(into, 'merged_in', input.by, note, { from: ticket._id });
        }
        return out;
      }
      case 'accept': {
        // With the clock starting at acceptance, the time limit given at assignment counts from now.
        const assigned = [...state.timeline].reverse().find((x) => x.action === 'assign' || x.action === 'transfer');
        const limitDays = Number(assigned?.data.limitDays ?? 0);
        const restart = this.deps.clockStarts === 'acceptance' && limitDays > 0 ? { deadline: this.deps.calendar.deadlineAfter(this.deps.clock.now(), limitDays).toISOString(), counted: limitDays } : {};
        return go('accept', 'handling', note, restart, { zh: '已签收', en: 'Accepted' });
      }
      case 'return': {
        const reason = str(f.reason);
        if (!(RETURN_REASONS as readonly string[]).includes(reason)) return need('请选择退回原因', 'Pick the reason to return it');
        if (!note) return need('退回时请写明理由', 'Please say why it is returned');
        return go('return', 'returned', note, { reason, unit: state.leadUnit }, { zh: '已退回', en: 'Returned' });
      }
      case 'progress':
        if (!note) return need('请填写办理进展', 'Please write the progress');
        return go('progress', 'handling', note, {}, { zh: '进展已记录', en: 'Progress recorded' });
      case 'extend': {
        const days = Number(str(f.days));
        if (!Number.isInteger(days) || days < 1 || days > 30) return need('延期天数须为 1–30 个工作日', 'Ask for 1 to 30 working days');
        if (!note) return need('请写明延期理由', 'Please give the reason for more time');
        if (state.pendingExtension) return need('已有延期申请在审批中', 'An extension is already waiting for approval');
        if (state.suspended || state.pendingSuspension) return need('工单已挂起或挂起申请审批中，恢复后再申请延期', 'The ticket is suspended (or a suspension waits for approval); ask for more time once it is resumed');
        if (state.deadline && state.deadline.getTime() < this.deps.clock.now().getTime()) return need('延期须在期限前申请', 'An extension must be asked for before the deadline');
        const started = await this.deps.approvals.start({
          flow: 'extension',
          fields: { title: `工单 ${ticket._id} 申请延期 ${days} 个工作日`, summary: `${note}\n——\n${ticket.content.slice(0, 500)}`, link: ticket._id, urgency: urgencyOf(ticket, state), security: 'none', normative: false },
          requester: input.by,
          key: `${ticket._id}:extend:${next}`,
          subject: { kind: 'ticket', id: ticket._id },
        });
        return go('extension_requested', 'handling', note, { days, approval: started.request._id }, { zh: `延期申请已提交（${started.request._id}）`, en: `Extension requested (${started.request._id})` });
      }
      case 'transfer_ask': {
        if (state.pendingTransfer) return need('已有改派申请在等待派单员审核', 'A transfer request is already waiting for the dispatcher');
        if (state.pendingExtension) return need('延期申请正在审批，请审批结束后再申请改派', 'An extension is waiting for approval; ask for a transfer once it is settled');
        if (state.suspended || state.pendingSuspension) return need('工单已挂起或挂起申请审批中，请先恢复再申请改派', 'The ticket is suspended (or a suspension waits for approval); resume it before asking for a transfer');
        if (!note) return need('申请改派时请写明理由（如：不属本单位职责）', 'Please say why the ticket should go to another unit');
        return go('transfer_requested', 'handling', note, { unit: state.leadUnit }, { zh: '改派申请已提交，待派单员审核', en: 'Transfer requested; a dispatcher will decide' });
      }
      case 'transfer': {
        if (!state.pendingTransfer) return need('没有待审核的改派申请', 'No transfer request is waiting');
        const lead = str(f.leadUnit);
        const unit = lead ? await this.deps.directory.unit(lead) : null;
        if (!unit?.active) return need('请选择改派到的主办单位', 'Pick the unit to transfer the ticket to');
        if (lead === state.leadUnit) return need(`${unit.name} 就是现在的主办单位，请选择另一个单位`, `${unit.name} already leads it; pick another unit`);
        const coUnits = (Array.isArray(f.coUnits) ? f.coUnits.map(String) : []).filter((c) => c && c !== lead);
        const urgency = urgencyOf(ticket, state);
        const picked = this.transferDeadlineFrom(str(f.deadline), state, urgency, ticket);
        if (!picked) return need(`期限已过：期限为所选日期 ${this.deps.calendar.workdayEnd} 下班时，请选择以后的日期`, `That deadline has passed (a deadline is ${this.deps.calendar.workdayEnd} on its day); pick a later date`);
        return go('transfer', 'assigned', note, { leadUnit: lead, coUnits, from: state.leadUnit, urgency, request: state.pendingTransfer.seq, ...picked }, { zh: `已改派给 ${unit.name}`, en: `Transferred to ${unit.name}` });
      }
      case 'transfer_refuse':
        if (!state.pendingTransfer) return need('没有待审核的改派申请', 'No transfer request is waiting');
        if (!note) return need('不同意改派时请写明理由', 'Please say why the transfer is refused');
        return go('transfer_refused', 'handling', note, { unit: state.leadUnit, request: state.pendingTransfer.seq }, { zh: '已不同意改派，原单位继续办理', en: 'Transfer refused; the unit keeps the ticket' });
      case 'suspend': {
        if (state.suspended) return need('工单已挂起', 'The ticket is already suspended');
        if (state.pendingSuspension) return need('已有挂起申请在审批中', 'A suspension is already waiting for approval');
        if (state.pendingExtension) return need('延期申请正在审批，请审批结束后再申请挂起', 'An extension is waiting for approval; ask to suspend once it is settled');
        if (state.pendingTransfer) return need('改派申请正在审核，请审核结束后再申请挂起', 'A transfer request is waiting; ask to suspend once it is decided');
        if (!note) return need('申请挂起时请写明理由（如：等待来电人补充材料）', 'Please say why the clock should stop (e.g. waiting for the caller)');
        const until = str(f.until);
        if (!/^\d{4}-\d{2}-\d{2}$/.test(until)) return need('请选择预计恢复日期', 'Pick the date you expect to resume');
        if (this.deps.calendar.deadlineOf(until).getTime() < this.deps.clock.now().getTime()) return need('预计恢复日期已过，请选择以后的日期', 'That resume date has passed; pick a later one');
        const started = await this.deps.approvals.start({
          flow: 'suspension',
          fields: { title: `工单 ${ticket._id} 申请挂起至 ${until}`, summary: `${note}\n——\n${ticket.content.slice(0, 500)}`, link: ticket._id, urgency: urgencyOf(ticket, state), security: 'none', normative: false },
          requester: input.by,
          key: `${ticket._id}:suspend:${next}`,
          subject: { kind: 'ticket', id: ticket._id },
        });
        return go('suspension_requested', 'handling', note, { until, approval: started.request._id }, { zh: `挂起申请已提交（${started.request._id}），待派单员审批`, en: `Suspension requested (${started.request._id}); a dispatcher will decide` });
      }
      case 'resume': {
        const stopped = state.suspended;
        if (!stopped) return need('工单没有挂起', 'The ticket is not suspended');
        const { calendar, clock } = this.deps;
        // Whole working days from approval to 恢复, a started day counting.
        const now = clock.now();
        const days = (calendar.isWorkingDay(stopped.since) ? 1 : 0) + calendar.workingDaysBetween(stopped.since, now);
        const deadline = stopped.was ? calendar.deadlineAfter(stopped.was, days) : undefined;
        const shown = deadline ? calendar.day(deadline) : '—';
        return go('resumed', 'handling', note, { days, ...(deadline ? { deadline: deadline.toISOString() } : {}) }, { zh: `已恢复办理，挂起 ${days} 个工作日，新期限 ${shown}`, en: `Resumed after ${days} working day(s) suspended; deadline now ${shown}` });
      }
      case 'co_units': {
        const active = new Set((await this.deps.directory.units()).filter((u) => u.active).map((u) => u.code));
        const coUnits = [...new Set((Array.isArray(f.coUnits) ? f.coUnits.map(String) : []).filter((c) => c && c !== state.leadUnit))];
        const unknown = coUnits.filter((c) => !active.has(c));
        if (unknown.length) return need(`没有这个单位：${unknown.join('、')}`, `No such unit: ${unknown.join(', ')}`);
        if (coUnits.length === state.coUnits.length && coUnits.every((c) => state.coUnits.includes(c))) return need('协办单位没有变化', 'The co-units are unchanged');
        return go('co_units', state.status, note, { coUnits, was: state.coUnits }, { zh: '协办单位已调整', en: 'Co-units changed' });
      }
      case 'reply': {
        const result = str(f.result).slice(0, 2000);
        const reply = str(f.reply).slice(0, 2000);
        if (!result || !reply) return need('请填写办理结果和答复来电人的内容', 'Please give the result and what the caller was told');
        return go('reply', 'replied', note, { result, reply }, { zh: '结果已提交，待审核', en: 'Result submitted for review' });
      }
      case 'review_accept':
        return go('review_accept', 'callback', note, {}, { zh: '审核通过，待回访', en: 'Accepted; to be called back' });
      case 'redo':
        if (!note) return need('重办时请写明理由', 'Please say why it must be redone');
        return go('redo', 'handling', note, {}, { zh: '已退回重办', en: 'Sent back for redo' });
      case 'callback': {
        const outcome = (input.option ?? str(f.outcome)) as CallbackOutcome;
        if (!(CALLBACK_OUTCOMES as readonly string[]).includes(outcome)) return need('请选择回访结果', 'Pick the callback outcome');
        if (outcome === 'none' && !ticket.anonymous && ticket.phone) return need('有联系电话的来电须回访', 'A caller with a phone number must be called back');
        if (outcome === 'unsatisfied') {
          if (!note) return need('不满意时请记录原因', 'Please note why the caller is not satisfied');
          // A direct answer the caller did not accept has no unit to redo it: it goes to dispatch.
          if (!state.leadUnit) return go('callback', 'registered', note, { outcome }, { zh: '来电人不满意，已转派单', en: 'Not satisfied: sent for dispatch' });
          return go('callback', 'handling', note, { outcome }, { zh: '来电人不满意，已退回重办', en: 'Not satisfied: sent back for redo' });
        }
        return go('callback', 'closed', note, { outcome }, { zh: '回访完成，已办结', en: 'Called back; closed' });
      }
      case 'archive':
        return go('archive', 'archived', note, {}, { zh: '已归档', en: 'Archived' });
    }
  }

  /**
   * An approved extension moves the deadline (once per approval); a refused one is recorded.
   * `by` is who settled it: the approver who pressed 同意 (or the requester who withdrew).
   */
  async settleExtension(approvalId: string, ticketId: string, approved: boolean, by: string): Promise<void> {
    if (!(await claimOnce(this.deps.claims, `tk-ext:${approvalId}`, by, this.deps.clock.now()))) return;
    const loaded = await this.load(ticketId);
    if (!loaded) return;
    const asked = loaded.state.timeline.find((t) => t.action === 'extension_requested' && t.data.approval === approvalId);
    const days = Number(asked?.data.days ?? 0);
    if (!approved || !days) {
      await this.appendNote(ticketId, 'extension_refused', by, '', { approval: approvalId });
      return;
    }
    const from = loaded.state.deadline ?? this.deps.clock.now();
    const deadline = this.deps.calendar.deadlineAfter(from, days);
    await this.appendNote(ticketId, 'extended', by, '', { approval: approvalId, deadline: deadline.toISOString(), days });
  }

  /**
   * A suspension request settled (once per approval): approved, the clock stops from now (挂起);
   * refused or withdrawn, it is recorded. `by` is who settled it.
   */
  async settleSuspension(approvalId: string, ticketId: string, approved: boolean, by: string): Promise<void> {
    if (!(await claimOnce(this.deps.claims, `tk-susp:${approvalId}`, by, this.deps.clock.now()))) return;
    const loaded = await this.load(ticketId);
    const asked = loaded?.state.timeline.find((t) => t.action === 'suspension_requested' && t.data.approval === approvalId);
    if (!loaded || !asked) return;
    await this.appendNote(ticketId, approved ? 'suspended' : 'suspension_refused', by, '', { approval: approvalId, until: asked.data.until, reason: asked.note });
  }

  /** A leader's instruction on the ticket: shown on it (the unit gets the follow-up itself). */
  async noteInstruction(ticketId: string, by: string, text: string, key: string): Promise<void> {
    if (!(await claimOnce(this.deps.claims, `tk-ps:${key}:${ticketId}`, by, this.deps.clock.now()))) return;
    await this.appendNote(ticketId, 'instruction', by, text, {});
  }

  /**
   * 附件: a picture or file on the ticket's timeline, keyed by the message it came in: a
   * redelivery, a retry or a second replica finds the step there (a seq taken by another writer
   * makes this one read the timeline again) and writes nothing. The ticket as it now stands
   * (null: no such ticket).
   */
  async noteAttachment(ticketId: string, by: string, data: { messageId: string; kind: 'image' | 'file'; key: string; name: string; size: number; path: string }): Promise<LoadedTicket | null> {
    for (let i = 0; i < 20; i++) {
      const loaded = await this.load(ticketId);
      if (!loaded) return null;
      if (loaded.state.timeline.some((t) => t.action === 'attachment' && t.data.messageId === data.messageId)) return loaded;
      if (await this.append(loaded, loaded.state.version + 1, 'attachment', loaded.state.status, by, '', { ...data }, loaded.state)) return this.load(ticketId);
    }
    return this.load(ticketId);
  }

  /** 撤销 an attachment (once: a second press finds it gone). The ticket after, or null when it was not (or no longer) attached. */
  async removeAttachment(ticketId: string, by: string, messageId: string): Promise<LoadedTicket | null> {
    for (let i = 0; i < 20; i++) {
      const loaded = await this.load(ticketId);
      const a = loaded?.state.attachments.find((x) => x.messageId === messageId);
      if (!loaded || !a) return null;
      if (await this.append(loaded, loaded.state.version + 1, 'attachment_removed', loaded.state.status, by, '', { messageId, name: a.name || (a.kind === 'image' ? '图片' : '文件') }, loaded.state)) return this.load(ticketId);
    }
    return null;
  }

  /** The card for one audience, with names and units filled in. */
  /** Red when overdue, yellow within one working day of the deadline (open tickets only). */
  light(deadline: Date | undefined, status: TicketStatus, now = this.deps.clock.now()): 'red' | 'yellow' | undefined {
    if (!deadline || !['assigned', 'handling', 'returned'].includes(status)) return undefined;
    return this.deps.calendar.light(deadline, now);
  }

  /**
   * A note govdesk itself writes on the timeline (催办通知, 超期上报, a recomputed deadline),
   * unless `done` says the timeline already has it: re-runs and a second replica write it once.
   */
  async systemNote(ticketId: string, action: TicketAction, note: string, data: Record<string, unknown>, done: (state: TicketState) => boolean): Promise<boolean> {
    for (let i = 0; i < 20; i++) {
      const loaded = await this.load(ticketId);
      if (!loaded || done(loaded.state)) return false;
      if (await this.append(loaded, loaded.state.version + 1, action, loaded.state.status, SYSTEM_ACTOR, note, data, loaded.state)) return true;
    }
    return false;
  }

  /**
   * After `calendar import` of `year`: every open ticket whose deadline was counted in working
   * days and runs into that year (or later) is counted again on the published schedule; a
   * changed deadline is recorded on its timeline and its cards updated. Returns how many moved.
   */
  async recomputeDeadlines(year: number): Promise<number> {
    const start = dayjs.tz(`${year}-01-01 00:00`, this.deps.tz).toDate();
    const open = (await this.openItems.tickets()).filter((r) => ['assigned', 'handling', 'returned'].includes(r.status) && r.deadline && r.deadline.getTime() >= start.getTime());
    let moved = 0;
    for (const { item: _id } of open) {
      const loaded = await this.load(_id);
      const fresh = loaded && this.countedDeadline(loaded.state);
      if (!loaded || !fresh || fresh.getTime() === loaded.state.deadline?.getTime()) continue;
      const data = { deadline: fresh.toISOString(), was: loaded.state.deadline?.toISOString(), year };
      if (await this.systemNote(_id, 'deadline_recomputed', '', data, (state) => this.countedDeadline(state)?.getTime() === state.deadline?.getTime())) moved++;
    }
    this.deps.log.info({ year, open: open.length, moved }, 'deadlines recomputed on the imported calendar');
    return moved;
  }

  /** The deadline counted again from the timeline on today's calendar (undefined when it was picked as a date). */
  private countedDeadline(state: TicketState): Date | undefined {
    const cal = this.deps.calendar;
    let deadline: Date | undefined;
    let counted = false;
    let limit = 0;
    for (const t of state.timeline) {
      const d = t.data ?? {};
      if (t.action === 'assign' || (t.action === 'transfer' && !d.kept)) {
        limit = Number(d.limitDays ?? 0);
        counted = d.counted !== undefined;
        deadline = counted ? cal.deadlineAfter(t.at, Number(d.counted)) : d.deadline ? new Date(String(d.deadline)) : undefined;
      }
      if (t.action === 'accept' && d.deadline) {
        counted = true;
        deadline = cal.deadlineAfter(t.at, Number(d.counted ?? limit));
      }
      if (t.action === 'resumed' && Number(d.days) > 0 && deadline) deadline = cal.deadlineAfter(deadline, Number(d.days));
      if (t.action === 'extended' && Number(d.days) > 0) {
        counted = true;
        deadline = cal.deadlineAfter(deadline ?? new Date(String(d.deadline)), Number(d.days));
      }
    }
    return counted ? deadline : undefined;
  }

  /** `viewer`: whom the card is for; a leader (who may write a 批示) gets the 批示 button. */
  async card(view: TicketView, loaded: LoadedTicket, opts: { fullTimeline?: boolean; dueSoon?: boolean; viewer?: Person | null; manage?: boolean; urging?: Urging } = {}): Promise<Card> {
    // Whoever acted, and whoever a 催办 or a notice told (`to`), by name.
    const told = loaded.state.timeline.flatMap((t) => (Array.isArray(t.data?.to) ? t.data.to.map(String) : []));
    const ids = new Set<string>([loaded.ticket.intakeBy, ...loaded.state.timeline.map((t) => t.by), ...told]);
    const [names, units] = await Promise.all([this.deps.directory.names(ids), this.deps.directory.units({ includeInactive: true })]);
    const unitNames = new Map(units.map((u) => [u.code, u.name]));
    const now = this.deps.clock.now();
    const defaultDeadline = this.deps.calendar.day(this.deps.calendar.deadlineAfter(now, defaultWorkingDays(urgencyOf(loaded.ticket, loaded.state), loaded.ticket.category)));
    // 派单 and 改派: the units most likely to lead it, learned from the office's past tickets (none of
    // those that returned it or asked to hand it on).
    const pickable = units.filter((u) => u.active && u.kind !== 'section').map((u) => u.code);
    const suggestion = (view === 'dispatch' || view === 'transfer') && this.deps.dispatch ? await this.deps.dispatch.suggest(loaded.ticket, { among: pickable, exclude: returningUnits(loaded.state.timeline) }) : null;
    const provisional = Boolean(loaded.state.deadline && loaded.state.deadlineCounted && ['assigned', 'handling', 'returned'].includes(loaded.state.status) && this.deps.calendar.isProvisional(loaded.state.deadline, now));
    const transfer = view === 'transfer' ? this.deps.calendar.day(this.offeredTransferDeadline(loaded.state, urgencyOf(loaded.ticket, loaded.state), loaded.ticket).deadline) : undefined;
    return ticketCard(view, {
      ...loaded,
      ...(transfer ? { transferDeadline: transfer } : {}),
      names: (id) => (id === SYSTEM_ACTOR ? '政务助手' : names.get(id) ?? id),
      unitName: (c) => unitNames.get(c) ?? c,
      units: units.filter((u) => u.active),
      tz: this.deps.tz,
      now: this.deps.clock.now(),
      defaultDeadline,
      ...(suggestion ? { suggestion } : {}),
      ...(provisional ? { provisional } : {}),
      ...(opts.fullTimeline ? { fullTimeline: true } : {}),
      // 查询 by a dispatcher: co-units may be added or removed while the ticket is assigned or in hand.
      ...(opts.manage && opts.viewer && decide(opts.viewer, 'ticket.dispatch').allowed ? { coUnitsForm: true } : {}),
      ...(opts.viewer && decide(opts.viewer, 'instruction.create').allowed ? { instruct: true } : {}),
      // 催办 only for whoever may urge (dispatchers, leaders, the director), on 查询 and their cards.
      ...(opts.viewer && decide(opts.viewer, 'ticket.urge').allowed ? { urge: true } : {}),
      ...(opts.urging ? { urging: opts.urging } : {}),
      ...((due) => (due ? { callbackDue: due } : {}))(this.callbackDue(loaded.state)),
      ...((): { light?: 'red' | 'yellow' } => {
        const light = this.light(loaded.state.deadline, loaded.state.status) ?? (opts.dueSoon ? 'yellow' : undefined);
        return light ? { light } : {};
      })(),
    });
  }

  /** What waits for this person: the tickets whose next step is theirs (from open_items). */
  async todo(person: Person): Promise<TicketLine[]> {
    const dispatcher = person.roles.includes('dispatcher');
    const unit = (person.roles.includes('unit_handler') || person.roles.includes('unit_head')) && person.unit ? person.unit : null;
    const clerk = person.roles.includes('intake') || dispatcher;
    const mine = (r: OpenItemDoc) =>
      (dispatcher && ['registered', 'returned', 'replied', 'closed'].includes(r.status)) ||
      (unit !== null && r.unit === unit && ['assigned', 'handling'].includes(r.status)) ||
      // 回访 belongs to the desk: every intake clerk sees every callback; a dispatcher the calls they logged.
      (r.status === 'callback' && (person.roles.includes('intake') || (clerk && r.owner === person.openId)));
    if (!dispatcher && unit === null && !clerk) return [];
    const rows = (await this.openItems.tickets()).filter(mine);
    const lines = rows.map((r): TicketLine => ({ _id: r.item, status: r.status, content: r.title, ...(r.deadline ? { deadline: r.deadline } : {}) }));
    return lines.sort((a, b) => (a.deadline?.getTime() ?? Infinity) - (b.deadline?.getTime() ?? Infinity) || a._id.localeCompare(b._id));
  }

  /**
   * 催办 (a dispatcher or a leader, from 查询 or a card they got): the lead unit's handlers and
   * head get the ticket's card headed 催办, and the urging is written on the timeline (a step that
   * keeps the state, like a note). One urging per card and person: a double click, a redelivery or
   * a second replica records it once (the claim `tk-urge:<ticket>:v<card version>:<person>`).
   */
  async urge(input: { id: string; version: number; by: string }): Promise<TicketOutcome> {
    const loaded = await this.load(input.id);
    if (!loaded) return { kind: 'refused', message: { zh: '找不到这个工单', en: 'no such ticket' } };
    const allowed = decide(await this.deps.directory.person(input.by), 'ticket.urge');
    if (!allowed.allowed) {
      this.deps.log.warn({ ticket: input.id, by: input.by }, 'refused: not allowed to urge');
      return { kind: 'refused', message: allowed.reason };
    }
    const { state } = loaded;
    const st = STATUS_LABELS[state.status];
    if (!URGEABLE.includes(state.status) || !state.leadUnit) {
      return { kind: 'refused', message: { zh: `工单 ${input.id} ${st.zh}：只有待签收或办理中的工单可以催办`, en: `${input.id} is ${st.en.toLowerCase()}: only tickets to be accepted or in hand can be urged` } };
    }
    const unitName = (await this.deps.directory.unit(state.leadUnit))?.name ?? state.leadUnit;
    const to = (await this.unitPeople(state.leadUnit)).map((p) => p.openId);
    if (!to.length) return { kind: 'refused', message: { zh: `${unitName}没有联络员或负责人，无人可催办`, en: `${unitName} has no handler or head to urge` } };
    if (!(await claimOnce(this.deps.claims, `tk-urge:${input.id}:v${input.version}:${input.by}`, input.by, this.deps.clock.now()))) {
      const now = (await this.load(input.id))!;
      return { kind: 'stale', ...now, message: { zh: `已从这张卡片催办过${unitName}`, en: `${unitName} was already urged from this card` } };
    }
    await this.appendNote(input.id, 'urge', input.by, '', { unit: state.leadUnit, to });
    this.deps.log.info({ ticket: input.id, by: input.by, unit: state.leadUnit }, 'ticket urged');
    const after = (await this.load(input.id))!;
    return { kind: 'done', ...after, message: { zh: `已催办${unitName}（${to.length} 人）`, en: `${unitName} urged (${to.length})` } };
  }

  /**
   * 签收催办 by the accept-chase job: stage 1 tells the lead unit's handlers and head, stage 2 the
   * dispatchers. Written once on the timeline per assignment and stage (a re-run, a restart or a
   * second replica finds it there); its cards are planned with the step. How many were told.
   */
  async chaseAcceptance(id: string, stage: 1 | 2, days: number): Promise<number> {
    const loaded = await this.load(id);
    if (!loaded || loaded.state.status !== 'assigned' || !loaded.state.leadUnit) return 0;
    const unit = loaded.state.leadUnit;
    const to = (stage === 1 ? await this.unitPeople(unit) : await this.deps.directory.people({ role: 'dispatcher' })).map((p) => p.openId);
    if (!to.length) return 0;
    const assignSeq = this.entrySeq(loaded.state);
    const done = (s: TicketState) => s.status !== 'assigned' || this.entrySeq(s) !== assignSeq || s.timeline.some((t) => t.action === 'accept_chased' && t.data.stage === stage && t.data.assignSeq === assignSeq);
    return (await this.systemNote(id, 'accept_chased', '', { stage, days, assignSeq, unit, to }, done)) ? to.length : 0;
  }

  /** When the ticket entered its current status (for rows of open_items written before they carried it). */
  async statusSince(id: string): Promise<Date | undefined> {
    const loaded = await this.load(id);
    return loaded ? statusSince(loaded.state) : undefined;
  }

  /** Working days after 审核通过 within which the caller is called back (CALLBACK_WITHIN_DAYS). */
  get callbackWithinDays(): number {
    return this.deps.callbackWithinDays ?? 2;
  }

  /** When the caller is to be called back by: CALLBACK_WITHIN_DAYS working days after 审核通过. */
  callbackDue(state: TicketState): Date | undefined {
    const since = state.status === 'callback' ? statusSince(state) : undefined;
    return since ? this.deps.calendar.deadlineAfter(since, this.callbackWithinDays) : undefined;
  }

  /**
   * The one reminder of a callback: a reply in the thread of each 回访 card the desk got (in the
   * chat, or to each clerk), so it points at the buttons. Keyed by the card, so it goes once.
   */
  async callbackReminders(id: string): Promise<OutgoingMessage[]> {
    const loaded = await this.load(id);
    const due = loaded && this.callbackDue(loaded.state);
    if (!loaded || !due) return [];
    const entry = this.entrySeq(loaded.state);
    const day = this.deps.calendar.day(due);
    const late = due.getTime() < this.deps.clock.now().getTime();
    const text = textContent(
      late
        ? `回访提醒：工单 ${id} 的回访期限 ${day} 已过，请尽快回访来电人，在本卡片上记录结果。\nCallback reminder: ${id} was due for a callback on ${day}; please call the caller back and record the outcome on this card.`
        : `回访提醒：工单 ${id} 须于 ${day} 前回访来电人，请在本卡片上记录结果。\nCallback reminder: please call the caller of ${id} back by ${day} and record the outcome on this card.`,
    );
    return (await this.audience(loaded, loaded.state)).map((a) => {
      const card = `tk:${id}:s${entry}:${a.view}:${a.to.id}`;
      return { op: 'reply' as const, key: `${card}:remind`, targetKey: card, msgType: 'text' as const, content: text };
    });
  }

  // — internals —

  private async unitPeople(unit: string | undefined): Promise<Person[]> {
    return unit ? (await this.deps.directory.people({ unit })).filter((p) => p.roles.includes('unit_handler') || p.roles.includes('unit_head')) : [];
  }

  /**
   * The cards a 催办 or a 签收催办 sends, to whom its step names: the unit gets its own card (签收 or
   * 办理 buttons) headed 催办; the dispatchers (签收超时) the record with their 催办 button. Keyed by
   * the step (a 签收催办 by its assignment and stage), so they go once.
   */
  private async urgingMessages(loaded: LoadedTicket, step: TicketTransitionDoc): Promise<OutgoingMessage[]> {
    const { ticket, state } = loaded;
    const d = step.data ?? {};
    const to = Array.isArray(d.to) ? d.to.map(String) : [];
    const unitName = (await this.deps.directory.unit(String(d.unit ?? state.leadUnit ?? '')))?.name ?? String(d.unit ?? '');
    const toDispatchers = step.action === 'accept_chased' && d.stage === 2;
    const assigned = state.timeline.find((t) => t.seq === Number(d.assignSeq));
    const since = assigned ? dayjs(assigned.at).tz(this.deps.tz).format('MM-DD HH:mm') : '';
    const next = state.status === 'assigned' ? { zh: '签收（或退回）', en: 'accept (or return) it' } : { zh: '办理并报告进展', en: 'handle it and report progress' };
    let urging: Urging;
    if (step.action === 'urge') {
      const who = (await this.deps.directory.names([step.by])).get(step.by) ?? step.by;
      const at = dayjs(step.at).tz(this.deps.tz).format('MM-DD HH:mm');
      urging = { title: { zh: `催办 · 工单 ${ticket._id}`, en: `Urged · ${ticket._id}` }, text: { zh: `${who} 于 ${at} 催办：请尽快${next.zh}。`, en: `${who} urged this ticket at ${at}: please ${next.en} soon.` } };
    } else if (!toDispatchers) {
      urging = {
        title: { zh: `签收催办 · 工单 ${ticket._id}`, en: `Please accept · ${ticket._id}` },
        text: { zh: `本工单 ${since} 派给${unitName}，超过 ${d.days} 个工作日仍未签收：请尽快签收（或退回）。`, en: `Assigned to ${unitName} at ${since} and not accepted within ${d.days} working day(s): please accept (or return) it now.` },
      };
    } else {
      urging = {
        title: { zh: `签收超时 · 工单 ${ticket._id}`, en: `Not accepted · ${ticket._id}` },
        text: { zh: `本工单 ${since} 派给${unitName}，超过 ${d.days} 个工作日仍未签收（已催办该单位）。请跟进：催办或改派。`, en: `Assigned to ${unitName} at ${since}, still not accepted after ${d.days} working days (the unit was chased). Please follow up: urge it or re-assign.` },
      };
    }
    const view: TicketView = toDispatchers ? 'record' : state.status === 'assigned' ? 'assignment' : 'handling';
    const out: OutgoingMessage[] = [];
    for (const openId of to) {
      const person = await this.deps.directory.person(openId);
      if (!person?.active) continue;
      const key = urgingKey(ticket._id, step, openId);
      out.push({ op: 'send', key, receiveIdType: 'open_id', receiveId: openId, msgType: 'interactive', content: cardContent(await this.card(view, loaded, { viewer: person, urging })) });
    }
    return out;
  }

  private async transition(loaded: LoadedTicket, seq: number, action: TicketAction, to: TicketStatus, by: string, note: string, data: Record<string, unknown>, message: Bilingual): Promise<TicketOutcome> {
    const state = await this.write(loaded, seq, action, to, by, note, data, loaded.state);
    if (!state) return this.stale((await this.load(loaded.ticket._id))!, seq);
    this.deps.log.info({ ticket: loaded.ticket._id, action, from: loaded.state.status, to, by }, 'ticket transition');
    // An accepted reply joins the answers 登记 suggests (a failure costs a suggestion, not the step).
    if (action === 'callback') await this.pastAnswers?.record(loaded.ticket, state).catch((err: unknown) => this.deps.log.error({ ticket: loaded.ticket._id, err: String(err) }, 'past answer not recorded'));
    // write() read the timeline back after its step: that is the ticket now (no third load).
    return { kind: 'done', ticket: { ...loaded.ticket, ...ticketCache(loaded.ticket, state, this.deps.clock.now()) }, state, message };
  }

  /**
   * Writes transition `seq` of `loaded`, with the keys of the messages it causes (planned from
   * the state it leads to, so the record names them), then sends them. False when `seq` was
   * already written: someone was first, and nothing is sent.
   */
  private async append(loaded: LoadedTicket, seq: number, action: TicketAction, to: TicketStatus, by: string, note: string, data: Record<string, unknown>, before: TicketState | null): Promise<boolean> {
    return (await this.write(loaded, seq, action, to, by, note, data, before)) !== null;
  }

  /** As `append`, giving the ticket's state after the step (null when `seq` was taken). */
  private async write(loaded: LoadedTicket, seq: number, action: TicketAction, to: TicketStatus, by: string, note: string, data: Record<string, unknown>, before: TicketState | null): Promise<TicketState | null> {
    const ticket = loaded.ticket._id;
    const step: TicketTransitionDoc = { _id: `${ticket}:${seq}`, ticket, seq, action, from: before ? loaded.state.status : null, to, by, at: this.deps.clock.now(), note, data, caused: [] };
    const timeline = before ? [...loaded.state.timeline, step] : [step];
    const after = { ticket: loaded.ticket, state: foldTicket(timeline) };
    const messages = await this.plan(after, before);
    step.caused = messages.map((m) => m.key);
    if (!(await insertOnce(this.deps.transitions, step))) return null;
    // The first step is the whole timeline; later ones are read back with whatever was written
    // since (this step and any other, probed by `_id`), and copied onto the ticket with its cache.
    const fresh = before ? await this.read(ticket) : null;
    const latest = fresh?.state ?? after.state;
    await this.store(fresh?.ticket ?? loaded.ticket, latest, fresh?.found ?? [step]);
    await this.deps.outbox.enqueue(messages);
    // The ticket's part in its unit-day's figures, from the whole timeline (so a step recorded
    // twice, or out of order by two replicas, leaves the same figures). A failure here leaves
    // the step done: the entry is written again at the ticket's next step, or by `report rebuild`.
    await this.deps.rollups?.record(loaded.ticket, latest.timeline).catch((err: unknown) => this.deps.log.error({ ticket, err: String(err) }, 'ticket rollup not written'));
    // 签收: the unit that accepted it is the ticket's unit for smart dispatch (a later acceptance
    // by another unit replaces it). A failure leaves the step done; `dispatch rebuild` learns it.
    if (action === 'accept' && after.state.leadUnit) {
      await this.deps.dispatch?.learn(loaded.ticket, after.state.leadUnit, step.at).catch((err: unknown) => this.deps.log.error({ ticket, err: String(err) }, 'dispatch example not written'));
    }
    return latest;
  }

  /** The ticket document and its whole timeline, by `_id` lookups alone (see readTimeline). */
  private async read(id: string): Promise<(LoadedTicket & { found: TicketTransitionDoc[] }) | null> {
    const ticket = await this.deps.tickets.findById(id).lean();
    if (!ticket) return null;
    const { timeline, found } = await readTimeline(this.deps.transitions, ticket);
    return { ticket, state: foldTicket(timeline), found };
  }

  /**
   * One update by `_id`: the cached state and the steps not yet on the document (`steps.<seq>`);
   * then the ticket's open_items row. Writing it again writes the same.
   */
  private async store(ticket: TicketDoc, state: TicketState, steps: TicketTransitionDoc[]): Promise<void> {
    // By `_id` alone, batched with the updates other clicks make at the same moment.
    // No deadline in force (suspended: 挂起) takes the cached one away, so nothing reads it as overdue.
    const unset = state.deadline ? {} : { $unset: { deadline: '' } };
    await batchWriterFor(this.deps.tickets.collection as never).update(ticket._id, { $set: { ...ticketCache(ticket, state, this.deps.clock.now()), ...stepPaths(steps) }, ...unset });
    await this.openItems.sync(ticket, state);
  }

  /** A transition that does not depend on the card's state (notes): takes the next free number. */
  private async appendNote(ticket: string, action: TicketAction, by: string, note: string, data: Record<string, unknown>): Promise<void> {
    for (let i = 0; i < 20; i++) {
      const loaded = await this.load(ticket);
      if (!loaded) return;
      if (await this.append(loaded, loaded.state.version + 1, action, loaded.state.status, by, note, data, loaded.state)) return;
    }
  }

  /**
   * Who must act now, with which card: dispatchers assign, review and archive (the dispatching
   * desk keeps the files); the lead unit accepts and handles; the callback desk (its group chat,
   * or every intake clerk) calls the caller back.
   */
  private async audience(_loaded: LoadedTicket, state: TicketState): Promise<Audience[]> {
    const { directory } = this.deps;
    const unitPeople = (unit: string | undefined) => this.unitPeople(unit);
    const dispatchers = async () => directory.people({ role: 'dispatcher' });
    const as = (view: TicketView) => (person: Person): Audience => ({ person, to: { type: 'open_id', id: person.openId }, view });
    switch (state.status) {
      case 'registered':
      case 'returned':
        return (await dispatchers()).map(as('dispatch'));
      case 'assigned': {
        const co = (await Promise.all(state.coUnits.map(unitPeople))).flat();
        return [...(await unitPeople(state.leadUnit)).map(as('assignment')), ...co.map(as('coinfo'))];
      }
      case 'handling':
        return (await unitPeople(state.leadUnit)).map(as('handling'));
      case 'replied':
        return (await dispatchers()).map(as('review'));
      case 'callback': {
        // The desk, not one clerk: the callback group chat, or every intake clerk (the first to
        // press an outcome writes the step; the others' copies turn into the record). Without
        // any intake clerk, the dispatchers.
        if (this.deps.callbackChatId) return [{ person: null, to: { type: 'chat_id', id: this.deps.callbackChatId }, view: 'callback' }];
        const desk = (await directory.people({ role: 'intake' })).filter((p) => decide(p, 'ticket.callback').allowed);
        return (desk.length ? desk : await dispatchers()).map(as('callback'));
      }
      case 'closed':
        // A direct answer (直办) is filed as it closes: nobody has a step left.
        return state.direct ? [] : (await dispatchers()).map(as('closed'));
      default:
        return [];
    }
  }

  /** The seq of the transition that entered the state's status (its cards are keyed by it). */
  private entrySeq(state: TicketState): number {
    let seq = state.version;
    for (let i = state.timeline.length - 1; i > 0; i--) {
      const t = state.timeline[i]!;
      if (t.from !== t.to) break;
      seq = state.timeline[i - 1]!.seq;
    }
    return seq;
  }

  /**
   * Cards for whoever acts next (keyed by the transition that entered the state, so re-running
   * sends nothing twice); notes within a state refresh those cards in place; the copies of the
   * state left behind turn into the record; the clerk's receipt card follows every step.
   */
  private async plan(loaded: LoadedTicket, before: TicketState | null): Promise<OutgoingMessage[]> {
    const { ticket, state } = loaded;
    const out: OutgoingMessage[] = [];
    const key = (entry: number, view: TicketView, openId: string) => `tk:${ticket._id}:s${entry}:${view}:${openId}`;
    const entry = this.entrySeq(state);
    const audience = await this.audience(loaded, state);
    // One card per view, and per whether its reader may write a 批示.
    const cards = new Map<string, string>();
    const cardFor = async (view: TicketView, viewer: Person | null) => {
      const instruct = Boolean(viewer && decide(viewer, 'instruction.create').allowed);
      const urge = Boolean(viewer && decide(viewer, 'ticket.urge').allowed);
      const k = `${view}:${instruct}:${urge}`;
      if (!cards.has(k)) cards.set(k, cardContent(await this.card(view, loaded, { viewer })));
      return cards.get(k)!;
    };
    const statusChanged = !before || before.status !== state.status;
    for (const a of audience) {
      const k = key(entry, a.view, a.to.id);
      if (statusChanged) out.push({ op: 'send', key: k, receiveIdType: a.to.type, receiveId: a.to.id, msgType: 'interactive', content: await cardFor(a.view, a.person) });
      else out.push({ op: 'patch', key: `${k}:v${state.version}`, targetKey: k, content: await cardFor(a.view, a.person) });
    }
    if (before && statusChanged) {
      const prior = { ticket, state: before };
      const beforeEntry = this.entrySeq(before);
      for (const a of await this.audience(prior, before)) {
        const k = key(beforeEntry, a.view, a.to.id);
        out.push({ op: 'patch', key: `${k}:closed`, targetKey: k, content: await cardFor('record', a.person) });
      }
      // The 催办 cards sent in the state left behind turn into the record too (their buttons were that state's).
      for (const step of before.timeline.filter((x) => x.seq > beforeEntry && (x.action === 'urge' || x.action === 'accept_chased'))) {
        for (const openId of Array.isArray(step.data?.to) ? step.data.to.map(String) : []) {
          const person = await this.deps.directory.person(openId);
          if (!person?.active) continue;
          const k = urgingKey(ticket._id, step, openId);
          out.push({ op: 'patch', key: `${k}:closed`, targetKey: k, content: await cardFor('record', person) });
        }
      }
    }
    out.push(...(await this.transferMessages(loaded, before, cardFor)));
    out.push(...(await this.coUnitMessages(loaded, cardFor)));
    // The clerk's intake form becomes the receipt: at intake by the answer to their click (or its
    // delayed update), afterwards by a patch at every step.
    const receipt = ticket.statusMessageId;
    if (receipt && before) out.push({ op: 'patch', key: `tk:${ticket._id}:receipt:v${state.version}`, messageId: receipt, content: cardContent(await this.card('record', loaded)) });
    const last = state.timeline.at(-1);
    if (before && last && (last.action === 'urge' || last.action === 'accept_chased')) out.push(...(await this.urgingMessages(loaded, last)));
    if (last && last.action === 'reject') {
      const scope = OUT_OF_SCOPE_LABELS[last.data.outOfScope as keyof typeof OUT_OF_SCOPE_LABELS];
      if (scope) out.push({ op: 'send', key: `tk:${ticket._id}:reject-note`, receiveIdType: 'open_id', receiveId: ticket.intakeBy, msgType: 'text', content: textContent(`工单 ${ticket._id} 不予受理：${scope.reason.zh}。请告知来电人联系${scope.goTo.zh}。\n${ticket._id} is out of scope (${scope.reason.en}); the caller should contact ${scope.goTo.en}.`) });
    }
    return out;
  }

  /** Co-units changed: the people of each added unit get the information card, those of a removed one a note. */
  private async coUnitMessages(loaded: LoadedTicket, cardFor: (view: TicketView, viewer: Person) => Promise<string>): Promise<OutgoingMessage[]> {
    const { ticket, state } = loaded;
    const last = state.timeline.at(-1);
    if (last?.action !== 'co_units') return [];
    const was = Array.isArray(last.data.was) ? last.data.was.map(String) : [];
    const out: OutgoingMessage[] = [];
    const staff = async (unit: string) => (await this.deps.directory.people({ unit })).filter((p) => p.roles.includes('unit_handler') || p.roles.includes('unit_head'));
    for (const unit of state.coUnits.filter((c) => !was.includes(c))) {
      for (const p of await staff(unit)) out.push({ op: 'send', key: `tk:${ticket._id}:s${last.seq}:coinfo:${p.openId}`, receiveIdType: 'open_id', receiveId: p.openId, msgType: 'interactive', content: await cardFor('coinfo', p) });
    }
    for (const unit of was.filter((c) => !state.coUnits.includes(c))) {
      for (const p of await staff(unit)) {
        out.push({ op: 'send', key: `tk:${ticket._id}:s${last.seq}:co-removed:${p.openId}`, receiveIdType: 'open_id', receiveId: p.openId, msgType: 'text', content: textContent(`工单 ${ticket._id}：贵单位已不再是协办单位，无需继续协办。
Ticket ${ticket._id}: your unit no longer co-handles it.`) });
      }
    }
    return out;
  }

  /**
   * 申请改派: the dispatchers get the request to decide (one card each, keyed by the request's
   * step); once one of them decides, every copy turns into the record, and a refusal is told to
   * the handler who asked (the unit's own cards are refreshed in place as for any note).
   */
  private async transferMessages(loaded: LoadedTicket, before: TicketState | null, cardFor: (view: TicketView, viewer: Person) => Promise<string>): Promise<OutgoingMessage[]> {
    const { ticket, state } = loaded;
    const asked = state.pendingTransfer;
    const settled = before?.pendingTransfer && !state.pendingTransfer ? before.pendingTransfer : undefined;
    if ((!asked || before?.pendingTransfer) && !settled) return [];
    const out: OutgoingMessage[] = [];
    const key = (seq: number, openId: string) => `tk:${ticket._id}:s${seq}:transfer:${openId}`;
    for (const person of await this.deps.directory.people({ role: 'dispatcher' })) {
      if (asked) out.push({ op: 'send', key: key(asked.seq, person.openId), receiveIdType: 'open_id', receiveId: person.openId, msgType: 'interactive', content: await cardFor('transfer', person) });
      if (settled) out.push({ op: 'patch', key: `${key(settled.seq, person.openId)}:closed`, targetKey: key(settled.seq, person.openId), content: await cardFor('record', person) });
    }
    const last = state.timeline.at(-1);
    if (settled && last?.action === 'transfer_refused') {
      out.push({
        op: 'send',
        key: `tk:${ticket._id}:s${last.seq}:transfer-refused`,
        receiveIdType: 'open_id',
        receiveId: settled.by,
        msgType: 'text',
        content: textContent(`工单 ${ticket._id} 的改派申请未获同意，请继续办理。理由：${last.note}
The transfer of ${ticket._id} was refused; please carry on. Reason: ${last.note}`),
      });
    }
    return out;
  }

  /**
   * The deadline of an assignment (the calendar's one rule: the end of its working day). A
   * picked date is that date; none, or the very date the dispatch card offered, is the time limit
   * counted in working days (`counted`), which follows the calendar (provisional in a year whose
   * holidays are unknown, recomputed when they are imported). Null when it has already passed.
   */
  private deadlineFrom(date: string, urgency: TicketUrgency, ticket: TicketDoc, offeredUrgency: TicketUrgency): { deadline: Date; counted?: number } | null {
    const { calendar, clock } = this.deps;
    const now = clock.now();
    if (/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      const offered = defaultWorkingDays(offeredUrgency, ticket.category);
      const offeredDeadline = calendar.deadlineAfter(now, offered);
      if (calendar.day(offeredDeadline) === date) return { deadline: offeredDeadline, counted: offered };
      const d = calendar.deadlineOf(date);
      return d.getTime() < now.getTime() ? null : { deadline: d };
    }
    const days = defaultWorkingDays(urgency, ticket.category);
    return { deadline: calendar.deadlineAfter(now, days), counted: days };
  }

  /**
   * 改派's deadline. The card offers the rule's date (TRANSFER_DEADLINE): keep — the ticket's
   * deadline as it stands; restart — the time limit counted afresh from now. That date, or none,
   * applies the rule; another date picked is that date (the end of its working day). Null when
   * the date picked has already passed.
   */
  private transferDeadlineFrom(date: string, state: TicketState, urgency: TicketUrgency, ticket: TicketDoc): Record<string, unknown> | null {
    const { calendar, clock } = this.deps;
    const now = clock.now();
    const offered = this.offeredTransferDeadline(state, urgency, ticket);
    if (date && date !== calendar.day(offered.deadline)) {
      const d = calendar.deadlineOf(date);
      return d.getTime() < now.getTime() ? null : { deadline: d.toISOString(), limitDays: Math.max(1, calendar.workingDaysBetween(now, d)) };
    }
    if (offered.kept) return { deadline: offered.deadline.toISOString(), kept: true, limitDays: 0 };
    return { deadline: offered.deadline.toISOString(), counted: offered.days, limitDays: offered.days };
  }

  /** The deadline a transfer keeps (TRANSFER_DEADLINE=keep, when the ticket has one) or counts afresh. */
  private offeredTransferDeadline(state: TicketState, urgency: TicketUrgency, ticket: TicketDoc): { deadline: Date; kept: boolean; days: number } {
    const days = defaultWorkingDays(urgency, ticket.category);
    if ((this.deps.transferDeadline ?? 'keep') === 'keep' && state.deadline) return { deadline: state.deadline, kept: true, days };
    return { deadline: this.deps.calendar.deadlineAfter(this.deps.clock.now(), days), kept: false, days };
  }

  /** "已由 张三 于 10:32 签收": what happened to the ticket since the card was made. */
  private async stale(loaded: LoadedTicket, seq = loaded.state.version): Promise<TicketOutcome> {
    const t = loaded.state.timeline.find((x) => x.seq === seq) ?? loaded.state.timeline.at(-1)!;
    const who = (await this.deps.directory.names([t.by])).get(t.by) ?? t.by;
    const at = dayjs(t.at).tz(this.deps.tz).format('HH:mm');
    const label = ACTION_LABELS[t.action] ?? { zh: t.action, en: t.action };
    return { kind: 'stale', ...loaded, message: { zh: `已由 ${who} 于 ${at} ${label.zh}`, en: `Already ${label.en} by ${who} at ${at}` } };
  }
}
