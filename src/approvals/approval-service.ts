import { insertOnce } from '../db/insert-once.js';
import { createHash } from 'node:crypto';
import dayjs from '../lib/dayjs.js';
import type { WorkCalendar } from '../calendar/work-calendar.js';
import { approvalDecisionCard, approvalRecordCard, approvalStatusCard } from '../cards/approval-cards.js';
import type { Bilingual, Card } from '../cards/card-types.js';
import type { Directory, Person } from '../directory/directory.js';
import { decide as policyDecide } from '../directory/policy.js';
import { ROLE_LABELS } from '../directory/roles.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { ApprovalEvent, ApprovalEventDoc, ApprovalEventModel } from '../models/approval-event.js';
import type { ApprovalFields, ApprovalRequestDoc, ApprovalRequestModel } from '../models/approval-request.js';
import type { Outbox } from '../outbox/outbox.js';
import { cardContent, textContent, type OutgoingMessage } from '../outbox/outgoing-message.js';
import { SENT_MESSAGES_KEPT_MS } from '../schedules/purge-job.js';
import { SECURITY_LABELS, type DeciderRule, type FlowDef, type FlowRegistry, type StepDef } from './approval-flows.js';
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
  | { kind: 'refused'; message: Bilingual; loaded?: Loaded; form?: { comment: string } };

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
/** The longest comment a decision or a hand-over takes (the card's input says so too). */
export const COMMENT_MAX = 500;

/** A message the log calls for, with the time of what caused it. */
interface Due {
  message: OutgoingMessage;
  since: Date;
}

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
      notified: [],
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

  /**
   * The title of a request as `viewer` may see it: a request marked 秘密 / 机密 / 绝密 shows its
   * title only to those it was put before (its deciders) and its requester; anyone else (or
   * nobody in particular: `viewer` null) gets "机密事项，请联系 <requester>".
   */
  async titleFor(id: string, viewer: string | null): Promise<string | null> {
    const loaded = await this.load(id);
    if (!loaded) return null;
    const { request, state } = loaded;
    if (request.security === 'none' || (viewer && state.participants.has(viewer))) return state.fields.title;
    const contact = (await this.deps.directory.names([request.requester])).get(request.requester) ?? request.requester;
    const mark = SECURITY_LABELS[request.security];
    return `${mark.zh}事项，请联系 ${contact}（${mark.en}: ask ${contact}）`;
  }

  /** The step a card showed, if it is still the open one and `by` may decide it. */
  private async openStepFor(input: { id: string; round: number; step: number; by: string }): Promise<ApprovalOutcome | { loaded: Loaded; step: StepState }> {
    const loaded = await this.load(input.id);
    if (!loaded) return { kind: 'refused', message: { zh: '找不到这个审批', en: 'no such request' } };
    const { state } = loaded;
    const person = await this.deps.directory.person(input.by);
    const live = state.status === 'pending' && state.round === input.round && state.current === input.step;
    // Someone the request was never put before learns nothing of it, not even where it stands.
    if (!live && !state.participants.has(input.by)) return this.refuse(loaded, input.by, await this.notYours(loaded, person));
    if (!live) return this.stale(loaded);
    const step = state.steps[input.step]!;
    const allowed = policyDecide(person, 'approval.decide', { deciders: step.deciders, names: await this.namer(step.deciders) });
    if (!allowed.allowed) return this.refuse(loaded, input.by, allowed.reason);
    const earlier = this.earlierSignature(loaded, input.step, input.by);
    if (earlier) {
      const others = step.deciders.filter((d) => d !== input.by && !this.earlierSignature(loaded, input.step, d));
      const name = await this.namer(others);
      const who = others.length ? { zh: `仅限本步骤审批人 ${others.map(name).join('、')}`, en: `only the step's approver ${others.map(name).join(', ')} may` } : { zh: '请管理员为本步骤增加审批人', en: 'an administrator must add a decider for it' };
      return this.refuse(loaded, input.by, {
        zh: `您已审批过本审批的「${earlier.zh}」，同一人不能再审批「${step.def.name.zh}」：${who.zh}。`,
        en: `You approved "${earlier.en}" of this request; one person may not also decide "${step.def.name.en}": ${who.en}.`,
      });
    }
    return { loaded, step };
  }

  /** 同意 / 退回 on the step `step` of round `round` (what the card showed). */
  async decide(input: { id: string; round: number; step: number; by: string; outcome: 'approve' | 'return'; comment: string }): Promise<ApprovalOutcome> {
    const open = await this.openStepFor(input);
    if ('kind' in open) return open;
    const { loaded, step } = open;
    if (step.mode === 'all' && step.decisions.some((d) => d.by === input.by)) return this.stale(loaded);
    const comment = input.comment.trim();
    const long = commentTooLong(comment);
    if (long) return { kind: 'refused', loaded, message: long, form: { comment } };
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
    const comment = input.comment.trim();
    const long = commentTooLong(comment);
    if (long) return { kind: 'refused', loaded, message: long, form: { comment } };
    const to = input.to ? await this.deps.directory.person(input.to) : null;
    if (!to?.active) return { kind: 'refused', loaded, message: { zh: '请选择要转交的同事（须已登记）', en: 'Pick a registered colleague to hand it over to' } };
    if (to.openId === input.by || step.deciders.includes(to.openId)) return { kind: 'refused', loaded, message: { zh: `${to.name} 已是本步审批人`, en: `${to.name} already decides this step` } };
    if (to.openId === loaded.request.requester) return { kind: 'refused', loaded, message: { zh: '不能转交给发起人', en: 'It cannot go to the person who asked' } };
    const earlier = this.earlierSignature(loaded, input.step, to.openId);
    if (earlier) return { kind: 'refused', loaded, message: { zh: `${to.name} 已审批过本审批的「${earlier.zh}」，同一人不能再审批「${step.def.name.zh}」，请转交他人`, en: `${to.name} approved "${earlier.en}" of this request and may not also decide "${step.def.name.en}"; pick someone else` } };
    const key = `${input.id}:r${input.round}:s${input.step}:transfer:${loaded.state.transfers + 1}`;
    const fresh = await this.record(input.id, key, input.by, { type: 'transferred', round: input.round, step: input.step, from: input.by, to: to.openId, comment });
    if (!fresh) return this.stale(await this.advance(input.id));
    const after = await this.advance(input.id);
    return { kind: 'done', ...after, message: { zh: `已转交 ${to.name}`, en: `Handed over to ${to.name}` } };
  }

  /** The requester revises a returned request; the chain restarts at the step that returned it. */
  async resubmit(input: { id: string; round: number; by: string; fields: ApprovalFields }): Promise<ApprovalOutcome> {
    const loaded = await this.load(input.id);
    if (!loaded) return { kind: 'refused', message: { zh: '找不到这个审批', en: 'no such request' } };
    if (input.by !== loaded.request.requester) return this.refuse(loaded, input.by, await this.requesterOnly(loaded, { zh: '重新提交', en: 'resubmit it' }));
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
    if (input.by !== loaded.request.requester) return this.refuse(loaded, input.by, await this.requesterOnly(loaded, { zh: '撤回', en: 'withdraw it' }));
    if (!['pending', 'returned'].includes(loaded.state.status) || loaded.state.round !== input.round) return this.stale(loaded);
    await this.record(input.id, `${input.id}:withdrawn`, input.by, { type: 'withdrawn' });
    const after = await this.advance(input.id);
    return { kind: 'done', ...after, message: { zh: '已撤回', en: 'Withdrawn' } };
  }

  /**
   * Brings everything the log implies into being: opens the next step (naming its deciders),
   * and enqueues every card and message the entries call for that is not yet recorded as
   * enqueued on the request — so running it again, after a crash, on the sweep, or after the
   * outbox purged its sent rows, sends nothing twice.
   */
  async advance(id: string): Promise<Loaded> {
    let loaded = await this.load(id);
    if (!loaded) throw new ApprovalError({ zh: '找不到这个审批', en: 'no such request' });
    const extra: Due[] = [];
    if (loaded.state.needsOpening) {
      const { state, request } = loaded;
      const step = state.steps[state.current!]!;
      const resolved = await this.resolveDeciders(step.def, request.requester, request.requesterUnit, false);
      // One person signs one step of a chain, unless the flow says the step may repeat a signer.
      const excluded = step.def.allowEarlierDecider ? [] : resolved.openIds.filter((d) => this.earlierSignature(loaded!, step.index, d));
      const deciders = resolved.openIds.filter((d) => !excluded.includes(d));
      if (deciders.length === 0) {
        // Nobody may take the step: it waits unopened (the sweep opens it once someone can),
        // and the requester and the administrators are told why, once.
        extra.push(...(await this.stuckNotices(loaded, step, excluded)));
        this.deps.log.warn({ approval: id, step: step.def.key, excluded }, 'approval step has nobody to decide it');
      } else {
        const now = this.deps.clock.now();
        // Due within 1 working day, or (急件/特急) the same working day: the end of that working day.
        const dueAt = this.deps.calendar.deadlineAfter(now, state.fields.urgency === 'normal' ? 1 : 0);
        await this.record(id, `${id}:r${state.round}:s${step.index}:open`, request.requester, {
          type: 'opened',
          round: state.round,
          step: step.index,
          deciders,
          mode: resolved.mode,
          dueAt,
        });
        loaded = (await this.load(id))!;
      }
    }
    await this.notify(loaded, extra);
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
      decision: (form?: { problems: Bilingual[]; comment: string }): Card => approvalDecisionCard(request, state, flow, name, this.deps.tz, form),
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

  private async namer(ids: Iterable<string>): Promise<(id: string) => string> {
    const names = await this.deps.directory.names(ids);
    return (id) => names.get(id) ?? id;
  }

  /** The step (other than `step`) on which `openId`'s approval stands, unless `step` allows a repeat signer. */
  private earlierSignature({ state }: Loaded, step: number, openId: string): Bilingual | null {
    if (state.steps[step]?.def.allowEarlierDecider) return null;
    const s = state.signed.find((x) => x.by === openId && x.step !== step);
    return s ? state.steps[s.step]!.def.name : null;
  }

  /** The refusal for someone the request was never put before: who may act on it now. */
  private async notYours(loaded: Loaded, person: Person | null): Promise<Bilingual> {
    const { state } = loaded;
    if (state.status === 'pending' && state.current !== null) {
      const deciders = state.steps[state.current]!.deciders;
      const d = policyDecide(person, 'approval.decide', { deciders, names: await this.namer(deciders) });
      if (!d.allowed) return d.reason;
    }
    return this.requesterOnly(loaded, { zh: '查看或处理此审批', en: 'see or act on this request' });
  }

  private async requesterOnly({ request }: Loaded, what: Bilingual): Promise<Bilingual> {
    const name = (await this.namer([request.requester]))(request.requester);
    return { zh: `仅限发起人 ${name} ${what.zh}。`, en: `Only the requester ${name} may ${what.en}.` };
  }

  /** Why a step cannot be opened, for the requester and the administrators (no title: they may not see it). */
  private async stuckNotices(loaded: Loaded, step: StepState, excluded: string[]): Promise<Due[]> {
    const { request, state } = loaded;
    const id = request._id;
    const name = await this.namer(excluded);
    const why: Bilingual = excluded.length
      ? {
          zh: `能审批这一步的 ${excluded.map((d) => `${name(d)}（已审批「${this.earlierSignature(loaded, step.index, d)!.zh}」）`).join('、')} 不能再审批，同一人不能审批同一审批的两个步骤`,
          en: `${excluded.map(name).join(', ')} already approved an earlier step, and one person may not decide two steps of a request`,
        }
      : { zh: '这一步没有审批人', en: 'nobody holds this step' };
    const need = describeDeciders(step.def.deciders);
    const since = this.deps.clock.now();
    const title = `「${state.fields.title.slice(0, 40)}」`;
    const base = `ap:${id}:r${state.round}:s${step.index}:stuck`;
    const out: Due[] = [
      {
        since,
        message: this.text(
          `${base}:requester`,
          request.requester,
          `您的审批${title}无法送「${step.def.name.zh}」：${why.zh}。已请管理员增加审批人（${need.zh}），之后自动送出；您也可以撤回。\nYour request cannot go to "${step.def.name.en}": ${why.en}. The administrators have been asked to add a decider (${need.en}); it then goes on by itself. You may also withdraw it.`,
        ),
      },
    ];
    const admins = (await this.deps.directory.people({ role: 'admin' })).filter((p) => p.openId !== request.requester);
    if (admins.length === 0) this.deps.log.warn({ approval: id }, 'no administrator to tell that an approval step has nobody to decide it');
    for (const a of admins) {
      out.push({
        since,
        message: this.text(
          `${base}:admin:${a.openId}`,
          a.openId,
          `审批 ${id} 的「${step.def.name.zh}」无法送出：${why.zh}。请在通讯录中增加审批人（${need.zh}），5 分钟内自动送出。\nApproval ${id} cannot go to "${step.def.name.en}": ${why.en}. Add a decider in the directory (${need.en}); it goes on within 5 minutes.`,
        ),
      });
    }
    return out;
  }

  private text(key: string, openId: string, text: string): OutgoingMessage {
    return { op: 'send', key, receiveIdType: 'open_id', receiveId: openId, msgType: 'text', content: textContent(text) };
  }

  private async notify(loaded: Loaded, extra: Due[] = []): Promise<void> {
    const { request, state } = loaded;
    const id = request._id;
    const c = await this.cards(loaded);
    const out: Due[] = [...extra];
    const toPerson = (key: string, openId: string, content: string, msgType: 'text' | 'interactive' = 'text'): OutgoingMessage => ({ op: 'send', key, receiveIdType: 'open_id', receiveId: openId, msgType, content });
    const title = `「${state.fields.title.slice(0, 40)}」`;
    const notified = new Set(request.notified ?? []);

    // The requester's status card: sent once (unless it is the form card they submitted), then kept up to date.
    const statusKey = `ap:${id}:status`;
    if (!request.statusMessageId) out.push({ since: request.createdAt, message: toPerson(statusKey, request.requester, cardContent(c.status()), 'interactive') });
    out.push({
      since: state.history.at(-1)?.at ?? request.createdAt,
      message: {
        op: 'patch',
        key: `ap:${id}:status:h${state.history.length}`,
        ...(request.statusMessageId ? { messageId: request.statusMessageId } : { targetKey: statusKey }),
        content: cardContent(c.status()),
      } as OutgoingMessage,
    });

    // Each assignment of a step (its opening, and each hand-over) gives its receivers a card of
    // their own, keyed by the assignment: someone handed the step back gets a new card to press.
    const now = this.deps.clock.now();
    const assignments = state.history.flatMap((e) => {
      if ((e.type !== 'opened' && e.type !== 'transferred') || e.round !== state.round) return [];
      const base = `ap:${id}:r${e.round}:s${e.step}`;
      const n = e.type === 'transferred' ? e._id.split(':transfer:')[1] : '';
      return [{ e, step: e.step, receivers: e.type === 'opened' ? e.deciders : [e.to], cardKey: (d: string) => `${base}${n ? `:t${n}` : ''}:card:${d}` }];
    });
    const latest = new Map<string, string>();
    for (const a of assignments) for (const d of a.receivers) latest.set(`${a.step}:${d}`, a.cardKey(d));
    for (const a of assignments) {
      const step = state.steps[a.step]!;
      const open = state.status === 'pending' && state.current === a.step;
      for (const d of a.receivers) {
        const key = a.cardKey(d);
        // Lark cards stop working after 14 days: a card out for a week gets a fresh one, weekly.
        const weeks = Math.floor((now.getTime() - a.e.at.getTime()) / (REFRESH_AFTER_DAYS * DAY));
        if (open && step.deciders.includes(d) && latest.get(`${a.step}:${d}`) === key) {
          out.push({ since: a.e.at, message: toPerson(key, d, cardContent(c.decision()), 'interactive') });
          if (weeks > 0) out.push({ since: new Date(a.e.at.getTime() + weeks * REFRESH_AFTER_DAYS * DAY), message: toPerson(`${key}:refresh:${weeks}`, d, cardContent(c.decision()), 'interactive') });
        } else {
          // A card that can no longer be acted on shows the record instead (every copy that was sent).
          const sent = [key, ...Array.from({ length: weeks }, (_, w) => `${key}:refresh:${w + 1}`)].filter((k) => notified.has(k) || (request.notified === undefined && k === key));
          for (const k of sent) out.push({ since: now, message: { op: 'patch', key: `${k}:closed`, targetKey: k, content: cardContent(c.record()) } });
        }
      }
      if (a.e.type === 'opened') {
        const names = a.e.deciders.map(c.name).join('、');
        out.push({ since: a.e.at, message: toPerson(`ap:${id}:note:${a.e._id}`, request.requester, textContent(`您的审批${title}已送「${step.def.name.zh}」：${names}。\nYour request is now at "${step.def.name.en}" (${names}).`)) });
      } else if (a.e.type === 'transferred') {
        const { from, to } = a.e;
        out.push({ since: a.e.at, message: toPerson(`ap:${id}:note:${a.e._id}`, request.requester, textContent(`您的审批${title}在「${step.def.name.zh}」由 ${c.name(from)} 转交 ${c.name(to)}。\n${c.name(from)} handed your request to ${c.name(to)}.`)) });
      }
    }
    for (const e of state.history) {
      if (e.type === 'decided' && e.outcome === 'return' && e.round === state.round) {
        out.push({ since: e.at, message: toPerson(`ap:${id}:note:${e._id}`, request.requester, textContent(`您的审批${title}被 ${c.name(e.by)} 退回：${e.comment}\n请在状态卡片上修改后重新提交，或撤回。\n${c.name(e.by)} returned your request: ${e.comment}. Revise and resubmit on its card, or withdraw it.`)) });
      }
    }
    if (state.status === 'approved') {
      out.push({ since: state.history.at(-1)!.at, message: toPerson(`ap:${id}:note:approved`, request.requester, textContent(`您的审批${title}已全部通过。\nYour request has been approved at every step.`)) });
    }
    // What is recorded as enqueued is never enqueued again. A request from before the record
    // existed: what was caused more than a week ago went out (its outbox row may be purged).
    const horizon = now.getTime() - SENT_MESSAGES_KEPT_MS;
    const due = out.filter((m) => !notified.has(m.message.key));
    const fresh = request.notified === undefined ? due.filter((m) => m.since.getTime() > horizon) : due;
    await this.deps.outbox.enqueue(fresh.map((m) => m.message));
    if (due.length) await this.deps.requests.updateOne({ _id: id }, { $addToSet: { notified: { $each: due.map((m) => m.message.key) } } });
  }

  private async resolveDeciders(step: StepDef, requester: string, requesterUnit: string, throwIfNone = true): Promise<{ openIds: string[]; mode: 'any' | 'all' }> {
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
    if (ids.length === 0 && throwIfNone) {
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

/** A comment longer than the card allows is refused with the limit named (nothing is cut). */
function commentTooLong(comment: string): Bilingual | null {
  return comment.length > COMMENT_MAX ? { zh: `意见最多 ${COMMENT_MAX} 字（现 ${comment.length} 字），请精简后再提交`, en: `A comment is at most ${COMMENT_MAX} characters (this one has ${comment.length}); shorten it and submit again` } : null;
}

/** Who a step needs, for the administrators: "办公室主任 (another holder of the role)". */
function describeDeciders(rule: DeciderRule): Bilingual {
  switch (rule.kind) {
    case 'role':
      return { zh: `另一位「${ROLE_LABELS[rule.role].zh}」${rule.unit ? `（单位 ${rule.unit}）` : ''}`, en: `another ${ROLE_LABELS[rule.role].en}${rule.unit ? ` of unit ${rule.unit}` : ''}` };
    case 'person':
      return { zh: `指定审批人 ${rule.openId} 须在职`, en: `the named decider ${rule.openId} must be active` };
    case 'requesterUnitHead':
      return { zh: '发起人单位的负责人', en: "the requester's unit head" };
    case 'requesterSectionHead':
      return { zh: '发起人单位的分管科长', en: "the section head overseeing the requester's unit" };
  }
}
