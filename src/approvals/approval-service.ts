import { insertOnce } from '../db/insert-once.js';
import { createHash } from 'node:crypto';
import dayjs from '../lib/dayjs.js';
import type { WorkCalendar } from '../calendar/work-calendar.js';
import { approvalDecisionCard, approvalRecordCard, approvalStatusCard } from '../cards/approval-cards.js';
import type { Bilingual, Card } from '../cards/card-types.js';
import type { Directory } from '../directory/directory.js';
import { decide as policyDecide } from '../directory/policy.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { ApprovalEvent, ApprovalEventDoc, ApprovalEventModel } from '../models/approval-event.js';
import type { ApprovalFields, ApprovalRequestDoc, ApprovalRequestModel } from '../models/approval-request.js';
import type { Outbox } from '../outbox/outbox.js';
import { cardContent, textContent, type OutgoingMessage } from '../outbox/outgoing-message.js';
import type { DeciderRule, FlowDef, FlowRegistry, StepDef } from './approval-flows.js';
import { foldApproval, type ApprovalState, type StepState } from './approval-state.js';

export interface Loaded {
  request: ApprovalRequestDoc;
  state: ApprovalState;
  flow: FlowDef;
}

/** What an action on a request came to: done, refused (nothing changed), or stale (already moved on). */
export type ApprovalOutcome =
  | ({ kind: 'done'; message: Bilingual } & Loaded)
  | ({ kind: 'stale'; message: Bilingual } & Loaded)
  | { kind: 'refused'; message: Bilingual; loaded?: Loaded };

export class ApprovalError extends Error {
  constructor(readonly reason: Bilingual) {
    super(`${reason.zh} ${reason.en}`);
    this.name = 'ApprovalError';
  }
}

export interface ApprovalDeps {
  requests: ApprovalRequestModel;
  events: ApprovalEventModel;
  directory: Directory;
  outbox: Outbox;
  flows: FlowRegistry;
  calendar: WorkCalendar;
  clock: Clock;
  log: Logger;
  tz: string;
  /** Whether the subject of a request (a ticket) is urgent: extensions then go to a leader. */
  subjectUrgent?: (subject: { kind: string; id: string }) => Promise<boolean>;
}

const DAY = 24 * 60 * 60 * 1000;
const REFRESH_AFTER_DAYS = 7;

/**
 * The approval engine. A request's progress is an insert-only log: each step is decided by
 * inserting an entry whose key can exist once, so double clicks, retries and replicas cannot
 * decide twice; everything else (the current step, who may decide, the cards, the messages)
 * is derived from the log, and re-deriving it is harmless. Knows nothing of Koa or Lark.
 */
export class ApprovalService {
  private readonly settledHandlers: ((loaded: Loaded) => Promise<void>)[] = [];

  constructor(private readonly deps: ApprovalDeps) {}

  /**
   * Called whenever a request is found approved or withdrawn (on every advance, so handlers
   * must be idempotent): the feature that started it acts on the outcome.
   */
  onSettled(handler: (loaded: Loaded) => Promise<void>): void {
    this.settledHandlers.push(handler);
  }

  /** Starts a request. `key` makes it exactly once (the event or call that asked for it). */
  async start(input: {
    flow: string;
    fields: ApprovalFields;
    requester: string;
    key: string;
    subject?: { kind: string; id: string };
    /** The card the requester submitted the form on: it becomes their status card. */
    statusMessageId?: string;
  }): Promise<Loaded> {
    const { directory, clock } = this.deps;
    const flow = this.deps.flows.get(input.flow);
    if (!flow) throw new ApprovalError({ zh: `没有「${input.flow}」这个流程`, en: `no flow called ${input.flow}` });
    const person = await directory.person(input.requester);
    const allowed = policyDecide(person, 'approval.start');
    if (!allowed.allowed) throw new ApprovalError(allowed.reason);
    const subjectUrgent = input.subject && this.deps.subjectUrgent ? await this.deps.subjectUrgent(input.subject) : false;
    const steps = this.deps.flows.stepsFor(flow, { ...input.fields, subjectUrgent });
    if (steps.length === 0) throw new ApprovalError({ zh: '这个流程没有适用的步骤', en: 'no step of this flow applies' });
    // Fail before storing anything if the first step has nobody to decide it.
    await this.resolveDeciders(steps[0]!, input.requester, person!.unit);

    const now = clock.now();
    const id = `AP${dayjs(now).tz(this.deps.tz).format('YYYYMMDD')}-${createHash('sha256').update(input.key).digest('hex').slice(0, 6).toUpperCase()}`;
    const deadline =
      // 特急 within 3 days, 急件 a week: the end of that day's working day (the calendar's one rule).
      input.fields.urgency === 'very_urgent' ? this.deps.calendar.deadlineAfter(new Date(now.getTime() + 3 * DAY), 0) : input.fields.urgency === 'urgent' ? this.deps.calendar.deadlineAfter(new Date(now.getTime() + 7 * DAY), 0) : undefined;
    const doc: ApprovalRequestDoc = {
      _id: id,
      flow: flow.id,
      ...input.fields,
      requester: input.requester,
      requesterUnit: person!.unit,
      ...(input.subject ? { subject: input.subject } : {}),
      ...(deadline ? { deadline } : {}),
      ...(input.statusMessageId ? { statusMessageId: input.statusMessageId } : {}),
      status: 'pending',
      round: 1,
      step: 0,
      createdAt: now,
      updatedAt: now,
    };
    await insertOnce(this.deps.requests, doc);
    await this.record(id, `${id}:r1:submitted`, input.requester, { type: 'submitted', round: 1, fromStep: 0, fields: input.fields });
    this.deps.log.info({ approval: id, flow: flow.id, requester: input.requester }, 'approval started');
    return this.advance(id);
  }

  async load(id: string): Promise<Loaded | null> {
    const request = await this.deps.requests.findById(id).lean();
    if (!request) return null;
    const flow = this.deps.flows.get(request.flow);
    if (!flow) return null;
    const events = (await this.deps.events.find({ request: id }).lean()) as ApprovalEventDoc[];
    const subjectUrgent = request.subject && this.deps.subjectUrgent ? await this.deps.subjectUrgent(request.subject) : false;
    return { request, flow, state: foldApproval(flow, this.deps.flows, events, subjectUrgent) };
  }

  /** The step a card showed, if it is still the open one and `by` may decide it. */
  private async openStepFor(input: { id: string; round: number; step: number; by: string }): Promise<ApprovalOutcome | { loaded: Loaded; step: StepState }> {
    const loaded = await this.load(input.id);
    if (!loaded) return { kind: 'refused', message: { zh: '找不到这个审批', en: 'no such request' } };
    const { state } = loaded;
    if (state.status !== 'pending' || state.round !== input.round || state.current !== input.step) return this.stale(loaded);
    const step = state.steps[input.step]!;
    const allowed = policyDecide(await this.deps.directory.person(input.by), 'approval.decide', { deciders: step.deciders });
    if (!allowed.allowed) return this.refuse(loaded, input.by, allowed.reason);
    return { loaded, step };
  }

  /** 同意 / 退回 on the step `step` of round `round` (what the card showed). */
  async decide(input: { id: string; round: number; step: number; by: string; outcome: 'approve' | 'return'; comment: string }): Promise<ApprovalOutcome> {
    const open = await this.openStepFor(input);
    if ('kind' in open) return open;
    const { loaded, step } = open;
    if (step.mode === 'all' && step.decisions.some((d) => d.by === input.by)) return this.stale(loaded);
    const comment = input.comment.trim().slice(0, 500);
    if (input.outcome === 'return' && !comment) return { kind: 'refused', loaded, message: { zh: '退回时请填写意见', en: 'Please give a comment to return it' } };
    const key = `${input.id}:r${input.round}:s${input.step}:decide${step.mode === 'all' ? `:${input.by}` : ''}`;
    const fresh = await this.record(input.id, key, input.by, { type: 'decided', round: input.round, step: input.step, outcome: input.outcome, comment });
    if (!fresh) return this.stale(await this.advance(input.id));
    this.deps.log.info({ approval: input.id, step: step.def.key, by: input.by, outcome: input.outcome }, 'approval step decided');
    const after = await this.advance(input.id);
    return {
      kind: 'done',
      ...after,
      message: input.outcome === 'approve' ? { zh: '已同意', en: 'Approved' } : { zh: '已退回', en: 'Returned' },
    };
  }

  /** 转交: hands the step to a colleague. */
  async transfer(input: { id: string; round: number; step: number; by: string; to: string; comment: string }): Promise<ApprovalOutcome> {
    const open = await this.openStepFor(input);
    if ('kind' in open) return open;
    const { loaded, step } = open;
    const to = input.to ? await this.deps.directory.person(input.to) : null;
    if (!to?.active) return { kind: 'refused', loaded, message: { zh: '请选择要转交的同事（须已登记）', en: 'Pick a registered colleague to hand it over to' } };
    if (to.openId === input.by || step.deciders.includes(to.openId)) return { kind: 'refused', loaded, message: { zh: `${to.name} 已是本步审批人`, en: `${to.name} already decides this step` } };
    if (to.openId === loaded.request.requester) return { kind: 'refused', loaded, message: { zh: '不能转交给发起人', en: 'It cannot go to the person who asked' } };
    const key = `${input.id}:r${input.round}:s${input.step}:transfer:${loaded.state.transfers + 1}`;
    const fresh = await this.record(input.id, key, input.by, { type: 'transferred', round: input.round, step: input.step, from: input.by, to: to.openId, comment: input.comment.trim().slice(0, 500) });
    if (!fresh) return this.stale(await this.advance(input.id));
    const after = await this.advance(input.id);
    return { kind: 'done', ...after, message: { zh: `已转交 ${to.name}`, en: `Handed over to ${to.name}` } };
  }

  /** The requester revises a returned request; the chain restarts at the step that returned it. */
  async resubmit(input: { id: string; round: number; by: string; fields: ApprovalFields }): Promise<ApprovalOutcome> {
    const loaded = await this.load(input.id);
    if (!loaded) return { kind: 'refused', message: { zh: '找不到这个审批', en: 'no such request' } };
    if (input.by !== loaded.request.requester) return this.refuse(loaded, input.by, { zh: '只有发起人可以重新提交', en: 'Only the person who asked may resubmit' });
    if (loaded.state.status !== 'returned' || loaded.state.round !== input.round) return this.stale(loaded);
    const returnedKey = loaded.state.steps.find((s) => s.status === 'returned')?.def.key;
    const subjectUrgent = loaded.request.subject && this.deps.subjectUrgent ? await this.deps.subjectUrgent(loaded.request.subject) : false;
    const steps = this.deps.flows.stepsFor(loaded.flow, { ...input.fields, subjectUrgent });
    const fromStep = Math.max(0, steps.findIndex((s) => s.key === returnedKey));
    const round = input.round + 1;
    const fresh = await this.record(input.id, `${input.id}:r${round}:submitted`, input.by, { type: 'submitted', round, fromStep, fields: input.fields });
    if (!fresh) return this.stale(await this.advance(input.id));
    await this.deps.requests.updateOne({ _id: input.id }, { $set: { ...input.fields, updatedAt: this.deps.clock.now() } });
    const after = await this.advance(input.id);
    return { kind: 'done', ...after, message: { zh: '已重新提交', en: 'Resubmitted' } };
  }

  async withdraw(input: { id: string; round: number; by: string }): Promise<ApprovalOutcome> {
    const loaded = await this.load(input.id);
    if (!loaded) return { kind: 'refused', message: { zh: '找不到这个审批', en: 'no such request' } };
    if (input.by !== loaded.request.requester) return this.refuse(loaded, input.by, { zh: '只有发起人可以撤回', en: 'Only the person who asked may withdraw it' });
    if (!['pending', 'returned'].includes(loaded.state.status) || loaded.state.round !== input.round) return this.stale(loaded);
    await this.record(input.id, `${input.id}:withdrawn`, input.by, { type: 'withdrawn' });
    const after = await this.advance(input.id);
    return { kind: 'done', ...after, message: { zh: '已撤回', en: 'Withdrawn' } };
  }

  /**
   * Brings everything the log implies into being: opens the next step (naming its deciders),
   * and enqueues every card and message the entries call for, under keys derived from them —
   * so running it again, after a crash or on the sweep, sends nothing twice.
   */
  async advance(id: string): Promise<Loaded> {
    let loaded = await this.load(id);
    if (!loaded) throw new ApprovalError({ zh: '找不到这个审批', en: 'no such request' });
    if (loaded.state.needsOpening) {
      const { state, request } = loaded;
      const step = state.steps[state.current!]!;
      const deciders = await this.resolveDeciders(step.def, request.requester, request.requesterUnit);
      const now = this.deps.clock.now();
      // Due within 1 working day, or (急件/特急) the same working day: the end of that working day.
        const dueAt = this.deps.calendar.deadlineAfter(now, state.fields.urgency === 'normal' ? 1 : 0);
      await this.record(id, `${id}:r${state.round}:s${step.index}:open`, request.requester, {
        type: 'opened',
        round: state.round,
        step: step.index,
        deciders: deciders.openIds,
        mode: deciders.mode,
        dueAt,
      });
      loaded = (await this.load(id))!;
    }
    await this.notify(loaded);
    const { state } = loaded;
    if (state.status === 'approved' || state.status === 'withdrawn') for (const h of this.settledHandlers) await h(loaded);
    await this.deps.requests.updateOne(
      { _id: id },
      { $set: { status: state.status, round: state.round, step: state.current ?? -1, updatedAt: this.deps.clock.now() } },
    );
    return loaded;
  }

  /** Requests that may need a nudge: pending ones touched in the last month (the sweep). */
  async openIds(): Promise<string[]> {
    const since = new Date(this.deps.clock.now().getTime() - 30 * DAY);
    const docs = await this.deps.requests.find({ status: { $in: ['pending', 'returned'] }, updatedAt: { $gte: since } }, { _id: 1 }).lean();
    return docs.map((d) => d._id);
  }

  // Cards, with names filled in.
  async cards(loaded: Loaded) {
    const names = await this.namesFor(loaded);
    const name = (id: string) => names.get(id) ?? id;
    const { request, state, flow } = loaded;
    return {
      decision: (): Card => approvalDecisionCard(request, state, flow, name, this.deps.tz),
      record: (headline?: Bilingual): Card => approvalRecordCard(request, state, flow, name, this.deps.tz, headline),
      status: (): Card => approvalStatusCard(request, state, flow, name, this.deps.tz),
      name,
    };
  }

  private async namesFor({ request, state }: Loaded) {
    const ids = new Set<string>([request.requester]);
    for (const s of state.steps) for (const d of [...s.deciders, ...s.decisions.map((x) => x.by)]) ids.add(d);
    for (const e of state.history) {
      ids.add(e.by);
      if (e.type === 'transferred') ids.add(e.to);
    }
    return this.deps.directory.names(ids);
  }

  private async notify(loaded: Loaded): Promise<void> {
    const { request, state } = loaded;
    const id = request._id;
    const c = await this.cards(loaded);
    const out: OutgoingMessage[] = [];
    const toPerson = (key: string, openId: string, content: string, msgType: 'text' | 'interactive' = 'text'): OutgoingMessage => ({ op: 'send', key, receiveIdType: 'open_id', receiveId: openId, msgType, content });
    const title = `「${state.fields.title.slice(0, 40)}」`;

    // The requester's status card: sent once (unless it is the form card they submitted), then kept up to date.
    const statusKey = `ap:${id}:status`;
    if (!request.statusMessageId) out.push(toPerson(statusKey, request.requester, cardContent(c.status()), 'interactive'));
    out.push({
      op: 'patch',
      key: `ap:${id}:status:h${state.history.length}`,
      ...(request.statusMessageId ? { messageId: request.statusMessageId } : { targetKey: statusKey }),
      content: cardContent(c.status()),
    } as OutgoingMessage);

    const cardKey = (round: number, step: number, openId: string) => `ap:${id}:r${round}:s${step}:card:${openId}`;
    const now = this.deps.clock.now();
    for (const e of state.history) {
      if (e.type !== 'opened' && e.type !== 'transferred') continue;
      if (e.round !== state.round) continue;
      const step = state.steps[e.step]!;
      const live = state.status === 'pending' && state.current === e.step;
      const receivers = e.type === 'opened' ? e.deciders : [e.to];
      for (const d of receivers) {
        if (live && step.deciders.includes(d)) {
          out.push(toPerson(cardKey(e.round, e.step, d), d, cardContent(c.decision()), 'interactive'));
          // Lark cards stop working after 14 days: a step open for a week gets a fresh card.
          const weeks = step.openedAt ? Math.floor((now.getTime() - step.openedAt.getTime()) / (REFRESH_AFTER_DAYS * DAY)) : 0;
          if (weeks > 0) out.push(toPerson(`${cardKey(e.round, e.step, d)}:refresh:${weeks}`, d, cardContent(c.decision()), 'interactive'));
        }
      }
      if (e.type === 'opened') {
        const names = e.deciders.map(c.name).join('、');
        out.push(toPerson(`ap:${id}:note:${e._id}`, request.requester, textContent(`您的审批${title}已送「${step.def.name.zh}」：${names}。\nYour request is now at "${step.def.name.en}" (${names}).`)));
      } else {
        out.push(toPerson(`ap:${id}:note:${e._id}`, request.requester, textContent(`您的审批${title}在「${step.def.name.zh}」由 ${c.name(e.from)} 转交 ${c.name(e.to)}。\n${c.name(e.from)} handed your request to ${c.name(e.to)}.`)));
      }
    }
    // Every copy of a decider card that can no longer be acted on shows the record instead.
    for (const step of state.steps) {
      const done = step.status === 'approved' || step.status === 'returned' || state.status === 'withdrawn';
      const holders = new Set<string>();
      for (const e of state.history) {
        if (e.type === 'opened' && e.round === state.round && e.step === step.index) e.deciders.forEach((d) => holders.add(d));
        if (e.type === 'transferred' && e.round === state.round && e.step === step.index) holders.add(e.to);
      }
      for (const d of holders) {
        if (!done && step.deciders.includes(d)) continue;
        out.push({ op: 'patch', key: `${cardKey(state.round, step.index, d)}:closed`, targetKey: cardKey(state.round, step.index, d), content: cardContent(c.record()) });
      }
    }
    for (const e of state.history) {
      if (e.type === 'decided' && e.outcome === 'return' && e.round === state.round) {
        out.push(toPerson(`ap:${id}:note:${e._id}`, request.requester, textContent(`您的审批${title}被 ${c.name(e.by)} 退回：${e.comment}\n请在状态卡片上修改后重新提交，或撤回。\n${c.name(e.by)} returned your request: ${e.comment}. Revise and resubmit on its card, or withdraw it.`)));
      }
    }
    if (state.status === 'approved') {
      out.push(toPerson(`ap:${id}:note:approved`, request.requester, textContent(`您的审批${title}已全部通过。\nYour request has been approved at every step.`)));
    }
    await this.deps.outbox.enqueue(out);
  }

  private async resolveDeciders(step: StepDef, requester: string, requesterUnit: string): Promise<{ openIds: string[]; mode: 'any' | 'all' }> {
    const rule: DeciderRule = step.deciders;
    const { directory } = this.deps;
    let ids: string[] = [];
    let mode: 'any' | 'all' = 'any';
    if (rule.kind === 'person') ids = (await directory.person(rule.openId))?.active ? [rule.openId] : [];
    else if (rule.kind === 'role') {
      mode = rule.mode;
      ids = (await directory.people({ role: rule.role, ...(rule.unit ? { unit: rule.unit } : {}) })).map((p) => p.openId);
    } else if (rule.kind === 'requesterUnitHead') {
      ids = requesterUnit ? (await directory.people({ role: 'unit_head', unit: requesterUnit })).map((p) => p.openId) : [];
    } else {
      const unit = requesterUnit ? await directory.unit(requesterUnit) : null;
      const heads = await Promise.all((unit?.sectionHeads ?? []).map((h) => directory.person(h)));
      ids = heads.filter((p) => p?.active).map((p) => p!.openId);
    }
    ids = ids.filter((x) => x !== requester).sort();
    if (ids.length === 0) {
      throw new ApprovalError({
        zh: `「${step.name.zh}」这一步没有审批人，请管理员在通讯录中设置`,
        en: `Nobody can decide "${step.name.en}"; an administrator must set it up in the directory`,
      });
    }
    return { openIds: ids, mode };
  }

  /** Inserts one log entry; false when its key already exists (it happened before). */
  private async record(request: string, key: string, by: string, event: ApprovalEvent): Promise<boolean> {
    return insertOnce(this.deps.events, { _id: key, request, by, at: this.deps.clock.now(), ...event });
  }

  private stale(loaded: Loaded): ApprovalOutcome {
    return { kind: 'stale', ...loaded, message: { zh: '此审批已有新进展，卡片已更新', en: 'This request has moved on; the card shows where it stands' } };
  }

  private refuse(loaded: Loaded, by: string, reason: Bilingual): ApprovalOutcome {
    this.deps.log.warn({ approval: loaded.request._id, by }, 'refused: not allowed');
    return { kind: 'refused', loaded, message: reason };
  }
}
