import { insertOnce } from '../db/insert-once.js';
import { createHash } from 'node:crypto';
import type { Bilingual, Card, CardOutcome } from '../cards/card-types.js';
import { dutyLogEntryCard, incidentCard } from '../cards/duty-log-cards.js';
import type { Directory } from '../directory/directory.js';
import { decide, type Decision, type PolicyObject } from '../directory/policy.js';
import type { Person } from '../directory/directory.js';
import type { Clock } from '../lib/clock.js';
import dayjs from '../lib/dayjs.js';
import type { Logger } from '../lib/logger.js';
import type { Models } from '../models/create-models.js';
import { DUTY_CHANNELS, type DutyLogDoc, type DutyLogEventDoc, type IncidentDoc, type IncidentEventDoc } from '../models/duty-log.js';
import type { Outbox } from '../outbox/outbox.js';
import { cardContent, textContent, urgentContent, type OutgoingMessage } from '../outbox/outgoing-message.js';
import type { Roster } from './roster.js';

const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 6).toUpperCase();
const str = (v: unknown, max = 1000) => (typeof v === 'string' ? v.trim().slice(0, max) : '');
const MINUTE = 60_000;
const REPORT_STAGES = {
  first: { zh: '首报', en: 'First report', type: 'reported' },
  followup: { zh: '续报', en: 'Follow-up report', type: 'followup' },
  final: { zh: '终报', en: 'Final report', type: 'final_report' },
} as const;

export type DutyOutcome = CardOutcome;

/**
 * The duty log (值班记录) and major incidents (重特大事件). An incident reaches the director and
 * the leader on duty at once, as an urgent (加急) card; while nobody has pressed 已知悉 it goes
 * again every 5 minutes, urgent by `urgentKind`, widening to the district leaders, for as long
 * as it takes; a report upward must be marked sent within 30 minutes or the office is alerted.
 * Every step is an insert whose key can exist once.
 */
export class DutyService {
  constructor(
    private readonly deps: { models: Models; directory: Directory; roster: Roster; outbox: Outbox; clock: Clock; log: Logger; tz: string; urgentKind: 'app' | 'sms' | 'phone' },
  ) {}

  /** open_ids on duty now (primary, secondary, leader of the current shift). */
  async onDutyNow(): Promise<string[]> {
    const { current } = await this.deps.roster.nowAndNext(this.deps.clock.now());
    return current ? ([current.primary, current.secondary, current.leader].filter(Boolean) as string[]) : [];
  }

  /** Those on duty now, named, for the policy (a refusal then names who may act). */
  private async dutyObject(also: string[] = []): Promise<PolicyObject> {
    const onDuty = [...new Set([...(await this.onDutyNow()), ...also])];
    const names = await this.deps.directory.names(onDuty);
    return { onDuty, names: (id) => names.get(id) ?? id };
  }

  /**
   * May `person` write the duty log (the officers and the leader on the current shift), or report
   * a major incident (`duty.incident`: also directors, dispatchers, duty officers and 带班领导 off duty)?
   */
  async may(person: Person | null, action: 'duty.log' | 'duty.incident'): Promise<Decision> {
    return decide(person, action, await this.dutyObject());
  }

  /** A duty-log entry; one marked major (or sent from the 上报事件 form: `major`) starts an incident. */
  async log(input: { form: Record<string, unknown>; by: string; key: string; major?: boolean }): Promise<{ entry: DutyLogDoc; incident?: IncidentDoc } | { refused: Bilingual } | { problems: Bilingual[] }> {
    const { models, directory, clock } = this.deps;
    const f = input.form;
    const major = input.major === true || f.major === 'yes' || f.major === true;
    const allowed = await this.may(await directory.person(input.by), major ? 'duty.incident' : 'duty.log');
    if (!allowed.allowed) return { refused: allowed.reason };
    const what = str(f.what, 2000);
    const channel = (DUTY_CHANNELS as readonly string[]).includes(str(f.channel)) ? (str(f.channel) as DutyLogDoc['channel']) : 'phone';
    if (!what) return { problems: [{ zh: '事件经过不能为空', en: 'say what happened' }] };
    const now = clock.now();
    const { current } = await this.deps.roster.nowAndNext(now);
    const entry: DutyLogDoc = {
      _id: `ZB-${dayjs(now).tz(this.deps.tz).format('YYYYMMDD')}-${hash(input.key)}`,
      occurredAt: str(f.occurredAt, 64),
      place: str(f.place, 200),
      what,
      cause: str(f.cause),
      contactName: str(f.contactName, 64),
      contactTitle: str(f.contactTitle, 64),
      contactPhone: str(f.contactPhone, 32),
      instruction: str(f.instruction),
      result: str(f.result),
      channel,
      major,
      status: 'open',
      loggedBy: input.by,
      loggedAt: now,
      ...(current ? { shift: current._id } : {}),
    };
    await insertOnce(models.dutyLog, entry);
    const stored = (await models.dutyLog.findById(entry._id).lean())!;
    const incident = stored.major ? await this.startIncident(stored) : undefined;
    return { entry: stored, ...(incident ? { incident } : {}) };
  }

  async entryCard(entry: DutyLogDoc, view: 'duty' | 'unit' | 'record' = 'duty'): Promise<Card> {
    const events = (await this.deps.models.dutyLogEvents.find({ entry: entry._id }).lean()).sort((a, b) => a.at.getTime() - b.at.getTime());
    const names = await this.deps.directory.names([entry.loggedBy, ...events.map((e) => e.by)]);
    const units = (await this.deps.directory.units()).filter((u) => u.kind !== 'section');
    const all = new Map((await this.deps.directory.units({ includeInactive: true })).map((u) => [u.code, u.name]));
    return dutyLogEntryCard(entry, (id) => names.get(id) ?? id, this.deps.tz, view, { events, units: units.map((u) => ({ code: u.code, name: u.name })), unitName: (c) => all.get(c) ?? c });
  }

  /** 转办 / 记录结果 / 办结 by the duty room, and 已收到 by a unit the entry was forwarded to. */
  async entryAction(input: { id: string; by: string; op: 'forward' | 'update' | 'close' | 'ack'; unit?: string; note: string; key: string }): Promise<DutyOutcome> {
    const { models, directory, clock } = this.deps;
    const entry = await models.dutyLog.findById(input.id).lean();
    if (!entry) return { kind: 'refused', message: { zh: '找不到这条值班记录', en: 'no such entry' } };
    const person = await directory.person(input.by);
    const record = (key: string, type: DutyLogEventDoc['type'], unit = '') =>
      insertOnce(models.dutyLogEvents, { _id: key, entry: entry._id, type, by: input.by, at: clock.now(), unit, note: input.note.trim().slice(0, 1000) });
    if (input.op === 'ack') {
      const forwards = await models.dutyLogEvents.find({ entry: entry._id, type: 'forwarded' }).lean();
      const unit = forwards.find((f) => f.unit === person?.unit)?.unit;
      if (!unit || !person?.active || !(person.roles.includes('unit_handler') || person.roles.includes('unit_head'))) return { kind: 'refused', message: { zh: '只有被转办单位的联络员或负责人可以确认', en: 'Only the handler or head of the unit it was forwarded to may acknowledge' } };
      const fresh = await record(`${entry._id}:ack:${unit}`, 'acknowledged', unit);
      if (fresh) await this.tellDutyRoom(entry, `${entry._id}:ack:${unit}`);
      return { kind: fresh ? 'done' : 'stale', message: fresh ? { zh: '已确认收到', en: 'Acknowledged' } : { zh: '本单位已确认过', en: 'Already acknowledged' }, card: await this.entryCard(entry, 'record') };
    }
    const allowed = decide(person, 'duty.log', await this.dutyObject());
    if (!allowed.allowed) return { kind: 'refused', message: allowed.reason };
    if (entry.status === 'closed') return { kind: 'stale', message: { zh: '这条记录已办结', en: 'Already closed' }, card: await this.entryCard(entry, 'record') };
    if (input.op === 'forward') {
      const unit = input.unit ? await directory.unit(input.unit) : null;
      if (!unit?.active) return { kind: 'refused', message: { zh: '请选择转办单位', en: 'Pick the unit to forward it to' } };
      if (await record(`${entry._id}:forward:${unit.code}`, 'forwarded', unit.code)) {
        const members = (await directory.people({ unit: unit.code })).filter((p) => p.roles.includes('unit_handler') || p.roles.includes('unit_head'));
        const card = cardContent(await this.entryCard(entry, 'unit'));
        await this.deps.outbox.enqueue(members.map((m) => ({ op: 'send' as const, key: `dl:${entry._id}:forward:${unit.code}:${m.openId}`, receiveIdType: 'open_id' as const, receiveId: m.openId, msgType: 'interactive' as const, content: card })));
      }
      return { kind: 'done', message: { zh: `已转办 ${unit.name}`, en: `Forwarded to ${unit.name}` }, card: await this.entryCard(entry) };
    }
    if (input.op === 'update') {
      if (!input.note.trim()) return { kind: 'refused', message: { zh: '请填写处理结果', en: 'Write the result' } };
      await record(`${entry._id}:update:${input.key}`, 'updated');
      await models.dutyLog.updateOne({ _id: entry._id }, { $set: { result: input.note.trim().slice(0, 1000) } });
      return { kind: 'done', message: { zh: '结果已记录', en: 'Result recorded' }, card: await this.entryCard((await models.dutyLog.findById(entry._id).lean())!) };
    }
    const fresh = await record(`${entry._id}:closed`, 'closed');
    if (fresh) await models.dutyLog.updateOne({ _id: entry._id }, { $set: { status: 'closed' } });
    const after = (await models.dutyLog.findById(entry._id).lean())!;
    return { kind: fresh ? 'done' : 'stale', message: { zh: '已办结', en: 'Closed' }, card: await this.entryCard(after, 'record') };
  }

  /** The officers on duty hear that a unit acknowledged. */
  private async tellDutyRoom(entry: DutyLogDoc, key: string): Promise<void> {
    const to = [...new Set([entry.loggedBy, ...(await this.onDutyNow())])];
    const card = cardContent(await this.entryCard(entry, 'record'));
    await this.deps.outbox.enqueue(to.map((openId) => ({ op: 'send' as const, key: `dl:${key}:${openId}`, receiveIdType: 'open_id' as const, receiveId: openId, msgType: 'interactive' as const, content: card })));
  }

  /** The escalation chain: the director(s) and the leader on duty first, then the district leaders. */
  private async chain(): Promise<{ to: string[] }[]> {
    const { directory, roster, clock } = this.deps;
    const { current } = await roster.nowAndNext(clock.now());
    const directors = (await directory.people({ role: 'director' })).map((p) => p.openId);
    const onDutyLeader = current?.leader ? [current.leader] : (await directory.people({ role: 'duty_leader' })).map((p) => p.openId);
    const first = [...new Set([...directors, ...onDutyLeader])];
    const leaders = (await directory.people({ role: 'leader' })).map((p) => p.openId).filter((x) => !first.includes(x));
    return [first, leaders].filter((g) => g.length > 0).map((to) => ({ to }));
  }

  private async startIncident(entry: DutyLogDoc): Promise<IncidentDoc> {
    const { models, clock } = this.deps;
    const id = `SJ-${entry._id.slice(3)}`;
    const incident: IncidentDoc = { _id: id, entry: entry._id, title: entry.what.slice(0, 60), loggedAt: entry.loggedAt, loggedBy: entry.loggedBy, chain: await this.chain(), status: 'open', updatedAt: clock.now() };
    await insertOnce(models.incidents, incident);
    const stored = (await models.incidents.findById(id).lean())!;
    await this.notifyRound(stored, 0, 'app');
    this.deps.log.warn({ incident: id, entry: entry._id, to: stored.chain[0]?.to }, 'major incident reported');
    return stored;
  }

  /**
   * Alert round `round` (0 at once, then one every 5 minutes while nobody acknowledges): the
   * card, flagged urgent, to chain levels 0…round — the later rounds by `kind` (SMS or phone).
   */
  private async notifyRound(incident: IncidentDoc, round: number, kind: 'app' | 'sms' | 'phone'): Promise<boolean> {
    const level = Math.min(round, Math.max(incident.chain.length - 1, 0));
    const to = [...new Set(incident.chain.slice(0, level + 1).flatMap((g) => g.to))];
    if (to.length === 0) return false;
    const roundKey = `${incident._id}:notified:${round}`;
    // A round recorded is a round sent (even if the outbox has since purged its messages).
    if (await this.deps.models.incidentEvents.exists({ _id: roundKey })) return false;
    const card = cardContent(await this.incidentCard(incident._id));
    const out: OutgoingMessage[] = [];
    for (const openId of to) {
      const key = `inc:${incident._id}:card:${round}:${openId}`;
      out.push({ op: 'send', key, receiveIdType: 'open_id', receiveId: openId, msgType: 'interactive', content: card });
      out.push({ op: 'urgent', key: `${key}:urgent`, targetKey: key, urgentKind: round === 0 ? 'app' : kind, content: urgentContent([openId]) });
    }
    // Sent (keyed: a second replica's or a retry's copies are the same rows), then recorded: a
    // crash between the two sends nothing twice and loses nothing.
    await this.deps.outbox.enqueue(out);
    return this.record(incident._id, roundKey, 'notified', incident.loggedBy, '', to);
  }

  async incidentCard(id: string): Promise<Card> {
    const { models, directory, clock, tz } = this.deps;
    const incident = (await models.incidents.findById(id).lean())!;
    const entry = (await models.dutyLog.findById(incident.entry).lean())!;
    const events = await this.events(id);
    const names = await directory.names([incident.loggedBy, ...events.map((e) => e.by)]);
    return incidentCard(incident, entry, events, (x) => names.get(x) ?? x, tz, clock.now());
  }

  private async events(id: string): Promise<IncidentEventDoc[]> {
    const events = await this.deps.models.incidentEvents.find({ incident: id }).lean();
    return events.sort((a, b) => a.at.getTime() - b.at.getTime());
  }

  /** 已知悉: the first of the chain to press it; every copy of the card then shows who and when. */
  async acknowledge(id: string, by: string): Promise<DutyOutcome> {
    const incident = await this.deps.models.incidents.findById(id).lean();
    if (!incident) return { kind: 'refused', message: { zh: '找不到这个事件', en: 'no such incident' } };
    if (!incident.chain.flatMap((g) => g.to).includes(by)) return { kind: 'refused', message: { zh: '只有被通知的领导可以确认知悉', en: 'Only the leaders alerted may acknowledge' } };
    const fresh = await this.record(id, `${id}:ack`, 'acknowledged', by, '', []);
    if (fresh) {
      await this.deps.models.incidents.updateOne({ _id: id }, { $set: { acknowledgedAt: this.deps.clock.now() } });
      await this.settle(id, 'acknowledged');
    }
    const card = await this.incidentCard(id);
    if (fresh) await this.refreshCopies(id, card);
    return fresh ? { kind: 'done', message: { zh: '已确认知悉', en: 'Acknowledged' }, card } : { kind: 'stale', message: { zh: '已有领导确认知悉', en: 'Already acknowledged' }, card };
  }

  /**
   * The reports upward (信息报送): 首报 once, 续报 any number of times, 终报 once (it closes the
   * reporting). Each press is one record — the time, who pressed, and who at the higher level
   * received it — keyed by the stage (首报, 终报) or by the callback's event (续报), so a double
   * click or a redelivered callback records nothing twice. Who may press: `duty.incident`.
   */
  async reportUp(input: { id: string; by: string; stage: 'first' | 'followup' | 'final'; receiver: string; note: string; key: string }): Promise<DutyOutcome> {
    const { models, directory, clock, tz } = this.deps;
    const id = input.id;
    const incident = await models.incidents.findById(id).lean();
    if (!incident) return { kind: 'refused', message: { zh: '找不到这个事件', en: 'no such incident' } };
    const allowed = decide(await directory.person(input.by), 'duty.incident', await this.dutyObject(incident.chain.flatMap((g) => g.to)));
    if (!allowed.allowed) return { kind: 'refused', message: allowed.reason };
    const stage = REPORT_STAGES[input.stage];
    const events = await this.events(id);
    const when = (e: IncidentEventDoc) => dayjs(e.at).tz(tz).format('MM-DD HH:mm');
    const who = async (e: IncidentEventDoc) => (await directory.names([e.by])).get(e.by) ?? e.by;
    const first = events.find((e) => e.type === 'reported');
    const final = events.find((e) => e.type === 'final_report');
    const alreadyFirst = async (e: IncidentEventDoc): Promise<DutyOutcome> => ({
      kind: 'stale',
      message: { zh: `首报已于 ${when(e)} 由 ${await who(e)} 报送（接收：${e.receiver || '未记录'}）`, en: `The first report was already sent by ${await who(e)} at ${when(e)}` },
      card: await this.incidentCard(id),
    });
    if (input.stage === 'first' && first) return alreadyFirst(first);
    if (final)
      return { kind: 'stale', message: { zh: `终报已于 ${when(final)} 由 ${await who(final)} 报送，报送已结束`, en: `The final report was sent by ${await who(final)} at ${when(final)}; reporting is closed` }, card: await this.incidentCard(id) };
    if (input.stage !== 'first' && !first) return { kind: 'refused', message: { zh: `请先报送首报，再${stage.zh}`, en: `Send the first report before the ${stage.en}` } };
    const receiver = input.receiver.trim().slice(0, 100);
    const note = input.note.trim().slice(0, 1000);
    if (!receiver) return { kind: 'refused', message: { zh: `请填写${stage.zh}的接收人（上级单位及姓名）`, en: `Name who at the higher level received the ${stage.en}` } };
    if (input.stage !== 'first' && !note) return { kind: 'refused', message: { zh: `请填写${stage.zh}内容摘要`, en: `Write a summary of the ${stage.en}` } };
    const key = input.stage === 'first' ? `${id}:reported` : input.stage === 'final' ? `${id}:final` : `${id}:followup:${input.key}`;
    const fresh = await insertOnce(models.incidentEvents, { _id: key, incident: id, type: stage.type, by: input.by, at: clock.now(), note, to: [], receiver });
    // Two presses at once: the one that lost is told of the one that won.
    if (!fresh && input.stage === 'first') {
      const won = await models.incidentEvents.findById(key).lean();
      if (won && won.by !== input.by) return alreadyFirst(won);
    }
    if (fresh && input.stage === 'first') await this.settle(id, 'reported');
    if (fresh && input.stage === 'final') await models.incidents.updateOne({ _id: id }, { $set: { reportingClosedAt: clock.now(), updatedAt: clock.now() } });
    const card = await this.incidentCard(id);
    if (fresh) await this.refreshCopies(id, card);
    return fresh ? { kind: 'done', message: { zh: `${stage.zh}已记录`, en: `${stage.en} recorded` }, card } : { kind: 'stale', message: { zh: `${stage.zh}已记录过`, en: `${stage.en} already recorded` }, card };
  }

  /**
   * Every minute: an incident nobody acknowledged is sent again each 5 minutes (round n at 5n
   * minutes), urgently, to the whole chain (the district leaders from round 1), with no end
   * until someone presses 已知悉 — even one already reported upward. Each round is sent once
   * however many replicas sweep; after downtime only the round due now is sent, not every one
   * missed. One not reported upward after 30 minutes alerts the office.
   */
  async sweep(now: Date): Promise<number> {
    const { models } = this.deps;
    let sent = 0;
    const recent = new Date(now.getTime() - 24 * 3600_000);
    const candidates = await models.incidents
      .find({ $or: [{ status: 'open' }, { status: 'reported', acknowledgedAt: { $exists: false } }, { status: 'acknowledged', loggedAt: { $gte: recent } }] })
      .lean();
    for (const i of candidates) {
      const minutes = (now.getTime() - i.loggedAt.getTime()) / MINUTE;
      if (await this.unacknowledged(i)) {
        const round = Math.floor(minutes / 5);
        if (round >= 1 && (await this.notifyRound(i, round, this.deps.urgentKind))) sent++;
      }
      if (i.status !== 'reported' && minutes >= 30 && (await this.record(i._id, `${i._id}:report_late`, 'report_late', 'system', '', []))) {
        // 首报 missing at 30 minutes: the office and the district leaders, urgent (加急, by INCIDENT_URGENT).
        const office = [...new Set([...(await this.onDutyNow()), ...(await this.deps.directory.people({ role: 'director' })).map((p) => p.openId), ...(await this.deps.directory.people({ role: 'leader' })).map((p) => p.openId)])];
        const text = textContent(`【加急】重特大事件 ${i._id}（${i.title.slice(0, 30)}）已超过 30 分钟仍未向上级首报，请立即报送。\nUrgent: incident ${i._id} has had no first report upward within 30 minutes.`);
        await this.deps.outbox.enqueue(
          office.flatMap((openId) => {
            const key = `inc:${i._id}:late:${openId}`;
            return [
              { op: 'send' as const, key, receiveIdType: 'open_id' as const, receiveId: openId, msgType: 'text' as const, content: text },
              { op: 'urgent' as const, key: `${key}:urgent`, targetKey: key, urgentKind: this.deps.urgentKind, content: urgentContent([openId]) },
            ];
          }),
        );
        sent += office.length;
      }
    }
    return sent;
  }

  /** Nobody has pressed 已知悉 (incidents from before `acknowledgedAt` are read from their log once). */
  private async unacknowledged(i: IncidentDoc): Promise<boolean> {
    if (i.acknowledgedAt || i.status === 'acknowledged') return false;
    if (i.status === 'open') return true;
    const ack = await this.deps.models.incidentEvents.findById(`${i._id}:ack`).lean();
    if (ack) await this.deps.models.incidents.updateOne({ _id: i._id }, { $set: { acknowledgedAt: ack.at } });
    return !ack;
  }

  private async settle(id: string, status: IncidentDoc['status']) {
    const order = { open: 0, acknowledged: 1, reported: 2 };
    const cur = await this.deps.models.incidents.findById(id).lean();
    if (cur && order[status] > order[cur.status]) await this.deps.models.incidents.updateOne({ _id: id }, { $set: { status, updatedAt: this.deps.clock.now() } });
  }

  /** Every copy of the incident card sent so far shows the latest state. */
  private async refreshCopies(id: string, card: Card) {
    const events = await this.events(id);
    const out: OutgoingMessage[] = [];
    for (const e of events.filter((x) => x.type === 'notified')) {
      const round = Number(e._id.split(':').at(-1));
      for (const openId of e.to) out.push({ op: 'patch', key: `inc:${id}:card:${round}:${openId}:v${events.length}`, targetKey: `inc:${id}:card:${round}:${openId}`, content: cardContent(card) });
    }
    await this.deps.outbox.enqueue(out);
  }

  private async record(incident: string, key: string, type: IncidentEventDoc['type'], by: string, note: string, to: string[]): Promise<boolean> {
    return insertOnce(this.deps.models.incidentEvents, { _id: key, incident, type, by, at: this.deps.clock.now(), note, to });
  }
}
