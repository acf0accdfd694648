import { insertOnce } from '../db/insert-once.js';
import { createHash } from 'node:crypto';
import dayjs from '../lib/dayjs.js';
import type { Bilingual } from '../cards/card-types.js';
import { supervisionItemCard } from '../cards/supervision-cards.js';
import type { Directory, Person } from '../directory/directory.js';
import { decide } from '../directory/policy.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { SupervisionEventDoc, SupervisionEventModel, SupervisionItemDoc, SupervisionItemModel, SupervisionStatus } from '../models/supervision-item.js';
import type { Outbox } from '../outbox/outbox.js';
import { cardContent, textContent, type OutgoingMessage } from '../outbox/outgoing-message.js';

export interface LoadedItem {
  item: SupervisionItemDoc;
  events: SupervisionEventDoc[];
  status: SupervisionStatus;
}

export type SupervisionOutcome =
  | ({ kind: 'done'; message: Bilingual } & LoadedItem)
  | ({ kind: 'stale'; message: Bilingual } & LoadedItem)
  /** `form`: bad input (a note too long); the card is shown again with the problem and the note. */
  | { kind: 'refused'; message: Bilingual; form?: { note: string; loaded: LoadedItem } };

/** The longest text each field takes (the forms' inputs say so too); longer is refused, never cut. */
export const SUPERVISION_LIMITS = { content: 1000, standard: 1000, note: 1000 } as const;

/** A text over its limit, named with the limit and its length. */
export function tooLong(label: Bilingual, text: string, max: number): Bilingual | null {
  return text.length > max ? { zh: `${label.zh}最多 ${max} 字（现 ${text.length} 字）`, en: `${label.en} is at most ${max} characters (this one has ${text.length})` } : null;
}
const NOTE: Bilingual = { zh: '情况说明', en: 'the note' };

export interface NewItem {
  content: string;
  standard: string;
  leadUnit: string;
  leader: string;
  deadline: Date;
}

/** Who govdesk's own entries on an item's record are by (催办通知, 超期上报). */
const SYSTEM_ACTOR = 'govdesk';
const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 6).toUpperCase();

/**
 * The supervision ledger (督查督办台账) and leaders' instructions (批示): items are created once
 * per key, progress is appended, and an item ends once (已落实 for a follow-up, 销号 for a
 * supervision item) — each end an insert whose key can exist once.
 */
export class SupervisionService {
  constructor(
    private readonly deps: {
      items: SupervisionItemModel;
      events: SupervisionEventModel;
      directory: Directory;
      outbox: Outbox;
      clock: Clock;
      log: Logger;
      tz: string;
    },
  ) {}

  /** `督办 新建`: a supervision item for a lead unit, with a responsible leader and a deadline. */
  async create(input: NewItem & { by: string; key: string }): Promise<{ loaded: LoadedItem } | { refused: Bilingual }> {
    const by = await this.deps.directory.person(input.by);
    const allowed = decide(by, 'supervision.manage');
    if (!allowed.allowed) return { refused: allowed.reason };
    const problem = await this.check(input);
    if (problem) return { refused: problem };
    const id = `DB${this.ymd()}-${hash(input.key)}`;
    const loaded = await this.insert({ _id: id, kind: 'supervision', ...input, createdBy: input.by });
    await this.announce(loaded, by!);
    return { loaded };
  }

  /** 批示: one follow-up item per unit named, each with the deadline given. */
  async instruct(input: { by: string; text: string; units: string[]; deadline: Date; source?: { kind: string; id: string; title: string }; key: string }): Promise<{ items: LoadedItem[] } | { refused: Bilingual }> {
    const by = await this.deps.directory.person(input.by);
    const allowed = decide(by, 'instruction.create');
    if (!allowed.allowed) return { refused: allowed.reason };
    const units = [...new Set(input.units)];
    if (units.length === 0) return { refused: { zh: '请至少选择一个承办单位', en: 'Name at least one unit' } };
    const items: LoadedItem[] = [];
    for (const unit of units) {
      const fields: NewItem = { content: input.text, standard: '', leadUnit: unit, leader: input.by, deadline: input.deadline };
      const problem = await this.check(fields);
      if (problem) return { refused: problem };
    }
    for (const unit of units) {
      const loaded = await this.insert({
        _id: `PS${this.ymd()}-${hash(`${input.key}:${unit}`)}`,
        kind: 'instruction',
        content: input.text,
        standard: '',
        leadUnit: unit,
        leader: input.by,
        deadline: input.deadline,
        ...(input.source ? { source: input.source } : {}),
        createdBy: input.by,
      });
      await this.announce(loaded, by!);
      items.push(loaded);
    }
    this.deps.log.info({ by: input.by, units, source: input.source }, 'instruction written');
    return { items };
  }

  /** A unit reports progress (报告进展). */
  async progress(input: { id: string; by: string; note: string; key: string }): Promise<SupervisionOutcome> {
    const loaded = await this.load(input.id);
    if (!loaded) return { kind: 'refused', message: { zh: '找不到这个督办事项', en: 'no such item' } };
    const refusal = await this.mayReport(loaded, input.by);
    if (refusal) return { kind: 'refused', message: refusal };
    if (loaded.status !== 'open') return this.stale(loaded);
    const note = input.note.trim();
    const long = tooLong(NOTE, note, SUPERVISION_LIMITS.note);
    if (long) return { kind: 'refused', message: long, form: { note, loaded } };
    if (!note) return { kind: 'refused', message: { zh: '请填写进展情况', en: 'Please write what has been done' } };
    await this.record(input.id, `${input.id}:progress:${input.key}`, 'progress', note, input.by);
    const after = (await this.load(input.id))!;
    await this.refreshHolders(input.id);
    await this.tell(after, `sv:${input.id}:progress:${input.key}`, { zh: '报告了进展', en: 'reported progress' }, input.by, note);
    return { kind: 'done', ...after, message: { zh: '进展已报告', en: 'Progress reported' } };
  }

  /** 已落实: a unit marks its follow-up of an instruction done, with a note. */
  async done(input: { id: string; by: string; note: string }): Promise<SupervisionOutcome> {
    const loaded = await this.load(input.id);
    if (!loaded) return { kind: 'refused', message: { zh: '找不到这个督办事项', en: 'no such item' } };
    if (loaded.item.kind !== 'instruction') return { kind: 'refused', message: { zh: '督办事项由办公室销号', en: 'Supervision items are closed by the office' } };
    const refusal = await this.mayReport(loaded, input.by);
    if (refusal) return { kind: 'refused', message: refusal };
    if (loaded.status !== 'open') return this.stale(loaded);
    const note = input.note.trim();
    const long = tooLong(NOTE, note, SUPERVISION_LIMITS.note);
    if (long) return { kind: 'refused', message: long, form: { note, loaded } };
    if (!note) return { kind: 'refused', message: { zh: '请填写落实情况', en: 'Please say how it was done' } };
    if (!(await this.record(input.id, `${input.id}:done`, 'done', note, input.by))) return this.stale((await this.load(input.id))!);
    const after = await this.settle(input.id);
    await this.refreshHolders(input.id);
    await this.tell(after, `sv:${input.id}:done`, { zh: '已落实', en: 'has done it' }, input.by, note);
    return { kind: 'done', ...after, message: { zh: '已落实', en: 'Marked done' } };
  }

  /** 销号: the office closes a supervision item. */
  async close(input: { id: string; by: string; note: string }): Promise<SupervisionOutcome> {
    const loaded = await this.load(input.id);
    if (!loaded) return { kind: 'refused', message: { zh: '找不到这个督办事项', en: 'no such item' } };
    const allowed = decide(await this.deps.directory.person(input.by), 'supervision.manage');
    if (!allowed.allowed) return { kind: 'refused', message: allowed.reason };
    if (loaded.status !== 'open') return this.stale(loaded);
    const note = input.note.trim();
    const long = tooLong(NOTE, note, SUPERVISION_LIMITS.note);
    if (long) return { kind: 'refused', message: long, form: { note, loaded } };
    if (!(await this.record(input.id, `${input.id}:closed`, 'closed', note, input.by))) return this.stale((await this.load(input.id))!);
    const after = await this.settle(input.id);
    await this.refreshHolders(input.id);
    await this.tell(after, `sv:${input.id}:closed`, { zh: '已销号', en: 'closed it' }, input.by, note);
    return { kind: 'done', ...after, message: { zh: '已销号', en: 'Closed' } };
  }

  /** A notice govdesk sent about the item (催办通知, 超期上报), on its record once per `key`. */
  async systemEvent(id: string, key: string, type: 'urged' | 'escalated', note: string): Promise<boolean> {
    return this.record(id, `${id}:${key}`, type, note, SYSTEM_ACTOR);
  }

  async load(id: string): Promise<LoadedItem | null> {
    const item = await this.deps.items.findById(id).lean();
    if (!item) return null;
    const events = await this.deps.events.find({ item: id }).lean();
    events.sort((a, b) => a.at.getTime() - b.at.getTime() || a._id.localeCompare(b._id));
    const end = events.find((e) => e.type === 'done' || e.type === 'closed');
    return { item, events, status: end ? (end.type === 'done' ? 'done' : 'closed') : 'open' };
  }

  /** One item, for `by` if they may see it (the office, leaders, its unit, its leader and creator); else why not, naming who may. */
  async viewable(id: string, by: string): Promise<{ loaded: LoadedItem } | { refused: Bilingual } | null> {
    const loaded = await this.load(id);
    if (!loaded) return null;
    const { item } = loaded;
    const names = await this.deps.directory.names([item.leader, item.createdBy]);
    const unit = await this.deps.directory.unit(item.leadUnit);
    const name = (x: string) => (x === item.leadUnit ? (unit?.name ?? x) : (names.get(x) ?? x));
    const d = decide(await this.deps.directory.person(by), 'supervision.view', { units: [item.leadUnit], leaders: [item.leader], owner: item.createdBy, names: name });
    if (!d.allowed) {
      this.deps.log.warn({ item: id, by }, 'refused: not allowed');
      return { refused: d.reason };
    }
    return { loaded };
  }

  /** The ledger a person may see: everything for the office and leaders, their unit's items for units. */
  async ledger(viewer: Person): Promise<SupervisionItemDoc[]> {
    const all = decide(viewer, 'supervision.viewAll').allowed;
    const items = await this.deps.items.find(all ? {} : { leadUnit: viewer.unit || '-' }).lean();
    return items.sort((a, b) => a.deadline.getTime() - b.deadline.getTime());
  }

  /** One unit's items (a group chat's ledger), by deadline. */
  async unitItems(unit: string): Promise<SupervisionItemDoc[]> {
    if (!unit) return [];
    const items = await this.deps.items.find({ leadUnit: unit }).lean();
    return items.sort((a, b) => a.deadline.getTime() - b.deadline.getTime());
  }

  /** The item's card; `form` after a refused note: the problem and what was written. */
  async card(loaded: LoadedItem, form?: { problems: Bilingual[]; note: string }, viewer?: string) {
    const can = await this.can(loaded, viewer);
    const names = await this.deps.directory.names([loaded.item.leader, loaded.item.createdBy, ...loaded.events.map((e) => e.by)]);
    const unit = await this.deps.directory.unit(loaded.item.leadUnit);
    return supervisionItemCard(loaded, (id) => (id === SYSTEM_ACTOR ? '政务助手' : names.get(id) ?? id), unit?.name ?? loaded.item.leadUnit, this.deps.tz, this.deps.clock.now(), form, can);
  }

  /** What `viewer` may do on the item's card: its unit reports (and marks a follow-up 已落实), the office closes (销号). */
  async can(loaded: LoadedItem, viewer?: string): Promise<{ report: boolean; close: boolean }> {
    if (!viewer) return { report: false, close: false };
    const person = await this.deps.directory.person(viewer);
    return {
      report: decide(person, 'supervision.report', { units: [loaded.item.leadUnit] }).allowed,
      close: loaded.item.kind === 'supervision' && decide(person, 'supervision.manage').allowed,
    };
  }

  /** A card of the item sent to `viewer` under outbox key `key`: patched whenever the item changes. */
  async hold(id: string, key: string, viewer: string): Promise<void> {
    await this.deps.items.updateOne({ _id: id }, { $addToSet: { holders: { key, viewer } } });
  }

  /** The card answered to `viewer`'s button on message `messageId` (the form they created it on): patched likewise. */
  async holdMessage(id: string, messageId: string, viewer: string): Promise<void> {
    await this.deps.items.updateOne({ _id: id }, { $addToSet: { holders: { key: `msg:${messageId}`, viewer, messageId } } });
  }

  /** Every holder's card redrawn (as that holder may act on it), once per version of the item. */
  private async refreshHolders(id: string): Promise<void> {
    const loaded = await this.load(id);
    if (!loaded) return;
    const out: OutgoingMessage[] = [];
    for (const h of loaded.item.holders ?? []) {
      const content = cardContent(await this.card(loaded, undefined, h.viewer));
      const key = `${h.key}:v${loaded.events.length}`;
      out.push(h.messageId ? { op: 'patch', key, messageId: h.messageId, content } : { op: 'patch', key, targetKey: h.key, content });
    }
    if (out.length) await this.deps.outbox.enqueue(out);
  }

  private async check(f: NewItem): Promise<Bilingual | null> {
    if (!f.content.trim()) return { zh: '内容不能为空', en: 'the content is required' };
    const long = tooLong({ zh: '内容', en: 'the content' }, f.content.trim(), SUPERVISION_LIMITS.content) ?? tooLong({ zh: '完成标准', en: 'the standard of done' }, f.standard.trim(), SUPERVISION_LIMITS.standard);
    if (long) return long;
    const unit = await this.deps.directory.unit(f.leadUnit);
    if (!unit?.active) return { zh: `没有承办单位 ${f.leadUnit}`, en: `no unit ${f.leadUnit}` };
    const leader = await this.deps.directory.person(f.leader);
    if (!leader?.active) return { zh: '负责领导须是已登记的人员', en: 'the responsible leader must be registered' };
    // A deadline is the end of its working day: today's has passed once the office has closed.
    if (f.deadline.getTime() < this.deps.clock.now().getTime()) {
      return { zh: `期限已过（期限为所选日期 ${dayjs(f.deadline).tz(this.deps.tz).format('HH:mm')} 下班时），请选择以后的日期`, en: 'that deadline has passed (a deadline is the end of its working day); pick a later date' };
    }
    return null;
  }

  private async mayReport(loaded: LoadedItem, by: string): Promise<Bilingual | null> {
    const unit = await this.deps.directory.unit(loaded.item.leadUnit);
    const d = decide(await this.deps.directory.person(by), 'supervision.report', { units: [loaded.item.leadUnit], names: (x) => (x === loaded.item.leadUnit ? (unit?.name ?? x) : x) });
    return d.allowed ? null : d.reason;
  }

  private async insert(doc: Omit<SupervisionItemDoc, 'status' | 'createdAt' | 'updatedAt'>): Promise<LoadedItem> {
    const now = this.deps.clock.now();
    // Lengths were checked (check): nothing is cut.
    await insertOnce(this.deps.items, { ...doc, content: doc.content.trim(), standard: doc.standard.trim(), status: 'open', createdAt: now, updatedAt: now });
    return (await this.load(doc._id))!;
  }

  private async settle(id: string): Promise<LoadedItem> {
    const after = (await this.load(id))!;
    await this.deps.items.updateOne({ _id: id }, { $set: { status: after.status, updatedAt: this.deps.clock.now() } });
    return { ...after, item: { ...after.item, status: after.status } };
  }

  private async record(item: string, key: string, type: SupervisionEventDoc['type'], note: string, by: string): Promise<boolean> {
    return insertOnce(this.deps.events, { _id: key, item, type, note, by, at: this.deps.clock.now() });
  }

  /** The unit's handlers and head get the item's card; the leader is told. */
  private async announce(loaded: LoadedItem, by: Person): Promise<void> {
    const { item } = loaded;
    const members = (await this.deps.directory.people({ unit: item.leadUnit })).filter((p) => p.roles.includes('unit_handler') || p.roles.includes('unit_head'));
    const out: OutgoingMessage[] = [];
    const to = members.map((p) => ({ key: `sv:${item._id}:unit:${p.openId}`, viewer: p.openId }));
    if (item.leader !== by.openId) to.push({ key: `sv:${item._id}:leader`, viewer: item.leader });
    for (const h of to) {
      await this.hold(item._id, h.key, h.viewer);
      out.push({ op: 'send', key: h.key, receiveIdType: 'open_id', receiveId: h.viewer, msgType: 'interactive', content: cardContent(await this.card(loaded, undefined, h.viewer)) });
    }
    if (members.length === 0) this.deps.log.warn({ item: item._id, unit: item.leadUnit }, 'supervision item: the unit has no handler or head to tell');
    await this.deps.outbox.enqueue(out);
  }

  private async tell(loaded: LoadedItem, key: string, what: Bilingual, by: string, note: string): Promise<void> {
    const names = await this.deps.directory.names([by]);
    const unit = await this.deps.directory.unit(loaded.item.leadUnit);
    const who = `${unit?.name ?? loaded.item.leadUnit} ${names.get(by) ?? by}`;
    const text = textContent(
      `【${loaded.item.kind === 'instruction' ? '批示落实' : '督办'}】${loaded.item.content.slice(0, 40)}：${who} ${what.zh}${note ? `：${note}` : ''}\n${who} ${what.en}${note ? `: ${note}` : ''}`,
    );
    const to = [...new Set([loaded.item.leader, loaded.item.createdBy])].filter((x) => x !== by);
    await this.deps.outbox.enqueue(to.map((openId) => ({ op: 'send', key: `${key}:${openId}`, receiveIdType: 'open_id', receiveId: openId, msgType: 'text', content: text })));
  }

  private ymd(): string {
    return dayjs(this.deps.clock.now()).tz(this.deps.tz).format('YYYYMMDD');
  }

  private stale(loaded: LoadedItem): SupervisionOutcome {
    return { kind: 'stale', ...loaded, message: { zh: '此事项已办结', en: 'This item has already ended' } };
  }
}
