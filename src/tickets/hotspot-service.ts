import type { WorkCalendar } from '../calendar/work-calendar.js';
import type { Bilingual } from '../cards/card-types.js';
import { HOTSPOT_LISTED, hotspotCard, type HotspotAlert } from '../cards/hotspot-card.js';
import { batchWriterFor } from '../db/batch-writer.js';
import { claimOnce } from '../db/claims.js';
import type { Directory, Person } from '../directory/directory.js';
import { decide } from '../directory/policy.js';
import type { Clock } from '../lib/clock.js';
import { timeInTz } from '../lib/tz-format.js';
import type { Logger } from '../lib/logger.js';
import type { ClaimModel } from '../models/claim.js';
import type { TicketDoc, TicketModel } from '../models/ticket.js';
import type { TicketKeyModel } from '../models/ticket-key.js';
import type { Outbox } from '../outbox/outbox.js';
import { cardContent, type OutgoingMessage } from '../outbox/outgoing-message.js';
import type { SupervisionService } from '../supervision/supervision-service.js';
import { contentLikeness, hotspotKeys, sizeBucket, SIMILAR_CONTENT, type HotspotKeyKind } from './hotspot-keys.js';
import type { TicketService } from './ticket-service.js';
import { STATUS_LABELS } from './ticket-types.js';

const HOUR = 3_600_000;
/** Tickets read to compare contents with, at most (the latest under the new ticket's shingles). */
const COMPARED = 30;
/** Content kept with a ticket's entry under a content shingle (enough to compare it). */
const CONTENT_KEPT = 100;
/** Tickets of a cluster read, at most (the latest). */
const READ = 60;
/** Checks run at once in one process. */
const CONCURRENT = 2;
/**
 * Checks wait until deliveries (intakes, every click) have paused this long, or a check has waited
 * MAX_WAIT_MS: a burst of clicks is answered first, the checks run right after (measured on the
 * bench, 50 clerks at once: 确认登记 p99 2.16 s with the checks beside the answers; 签收 at 50 p99
 * 1.7–2.0 s while the checks of the intakes before it ran, 1.3 s without).
 */
const QUIET_MS = 1500;
const MAX_WAIT_MS = 30_000;
/** Working days a 督办 opened from an alert has. */
const SUPERVISE_DAYS = 5;
/** Kinds in the order a tie is settled: a named 小区/路/村 first, then the place as typed, then the content. */
const PRIORITY: Record<HotspotKeyKind, number> = { name: 0, place: 1, text: 2 };

type Member = Pick<TicketDoc, '_id' | 'content' | 'place' | 'status' | 'createdAt' | 'leadUnit'>;

interface Cluster {
  /** The cluster's key: `hs:name:幸福小区`, `hs:place:…`, or `hs:text` for similar content. */
  key: string;
  kind: HotspotKeyKind;
  label: string;
  members: Member[];
}

export type HotspotOutcome = { kind: 'done'; message: Bilingual } | { kind: 'refused'; message: Bilingual };

/**
 * 热点预警 (HOTSPOT=count/hours). After each 确认登记, off the clerk's answer (`later`), the new
 * ticket is filed under its hot-spot keys (ticket_keys, by `_id`) and the tickets under the same
 * keys within the window are its clusters: the same place, the same 小区/路/村 in place or
 * content, or (under a shared content shingle) very similar content. A cluster at the threshold
 * alerts the dispatchers and the section heads overseeing the unit that handled its earlier
 * tickets, once; again only when it doubles. Exactly once: the alert is keyed
 * `hotspot:<cluster key>:<first ticket>:<size step>` (its messages by that key and person, the
 * claim marking it sent), so a re-run, a redelivery or a second replica sends it once.
 */
export class HotspotService {
  private readonly pending = new Set<Promise<void>>();
  private readonly waiting: { start: () => void; since: number }[] = [];
  private running = 0;
  private lastAsked = 0;
  private wake: NodeJS.Timeout | undefined;
  /** Shutting down (idle): queued checks run at once. */
  private flushing = false;

  constructor(
    private readonly deps: {
      tickets: TicketModel;
      keys: TicketKeyModel;
      claims: ClaimModel;
      ticketService: TicketService;
      supervision: SupervisionService;
      directory: Directory;
      outbox: Outbox;
      calendar: WorkCalendar;
      clock: Clock;
      log: Logger;
      tz: string;
      threshold: { count: number; hours: number };
      /** When the bot last received a delivery (LoadGauge.lastAt): checks wait for a pause. */
      activity?: () => number;
    },
  ) {}

  /**
   * Checks `id` in the background (the clerk's answer does not wait), at most CONCURRENT at a time
   * in this process, so a burst of intakes is not slowed by its own checks; a failure is logged.
   */
  later(id: string): void {
    this.lastAsked = Date.now();
    const run = new Promise<void>((resolve) => {
      this.waiting.push({ start: resolve, since: this.lastAsked });
      this.next();
    })
      .then(() => this.check(id))
      .catch((err: unknown) => this.deps.log.error({ ticket: id, err: String(err) }, 'hot spot not checked'))
      .finally(() => {
        this.running--;
        this.pending.delete(run);
        this.next();
      });
    this.pending.add(run);
  }

  private next(): void {
    if (!this.waiting.length) return;
    const now = Date.now();
    const quietFrom = Math.max(this.lastAsked, this.deps.activity?.() ?? 0);
    const due = Math.min(quietFrom + QUIET_MS, this.waiting[0]!.since + MAX_WAIT_MS);
    if (!this.flushing && now < due) {
      clearTimeout(this.wake);
      this.wake = setTimeout(() => this.next(), due - now);
      return;
    }
    while (this.running < CONCURRENT && this.waiting.length) {
      this.running++;
      this.waiting.shift()!.start();
    }
  }

  /** Runs the queued checks now and waits for them (shutdown, tests). */
  async idle(): Promise<void> {
    this.flushing = true;
    clearTimeout(this.wake);
    try {
      this.next();
      while (this.pending.size) await Promise.all([...this.pending]);
    } finally {
      this.flushing = false;
    }
  }

  /** Files the ticket under its hot-spot keys and alerts its largest cluster, if it reached an alert step. */
  async check(id: string): Promise<void> {
    const { deps } = this;
    const ticket = await deps.tickets.findById(id, { content: 1, place: 1, status: 1, createdAt: 1, leadUnit: 1 }).lean<Member>();
    if (!ticket || ticket.status === 'merged') return;
    const keys = hotspotKeys(ticket);
    const writer = batchWriterFor(deps.keys.collection as never);
    // Under a content shingle the entry keeps the content too, so look-alikes are told without reading tickets.
    await Promise.all(keys.map((k) => writer.update(k.key, { $addToSet: { tickets: { id: ticket._id, at: ticket.createdAt, ...(k.kind === 'text' ? { c: ticket.content.slice(0, CONTENT_KEPT) } : {}) } } }, true)));
    const since = ticket.createdAt.getTime() - deps.threshold.hours * HOUR;
    const until = ticket.createdAt.getTime();
    const expired = deps.clock.now().getTime() - deps.threshold.hours * HOUR;
    const under = new Map<string, string[]>();
    const contents = new Map<string, string | undefined>();
    await Promise.all(
      keys.map(async (k) => {
        const doc = await deps.keys.findById(k.key).lean();
        if (!doc) return;
        const old = doc.tickets.filter((e) => e.at.getTime() < expired);
        if (old.length) await deps.keys.updateOne({ _id: k.key }, { $pullAll: { tickets: old } });
        const inWindow = doc.tickets.filter((e) => e.at.getTime() >= since && e.at.getTime() <= until && e.id !== ticket._id);
        under.set(k.key, inWindow.map((e) => e.id));
        if (k.kind === 'text') for (const e of inWindow) contents.set(e.id, typeof e.c === 'string' ? e.c : undefined);
      }),
    );
    // Every ticket named, read once by `_id` (the latest first, a bounded number).
    const textIds = [...new Set(keys.filter((k) => k.kind === 'text').flatMap((k) => under.get(k.key) ?? []))].sort().reverse().slice(0, COMPARED);
    // Below the threshold under every place key and among all content look-alikes (merged ones counted too): nothing to read.
    const sizes = [...keys.filter((k) => k.kind !== 'text').map((k) => under.get(k.key)?.length ?? 0), textIds.length];
    if (!sizes.some((n) => n + 1 >= deps.threshold.count)) return;
    // An alert is due only when a cluster reaches a step (3, 6, 12 … with HOTSPOT=3): the sizes come
    // from the index (a place key's tickets; the look-alikes by the content kept under the shingles),
    // so a burst of calls about one place reads its tickets once per step, not at every call (150
    // calls about one 小区 read 13,000 tickets and slowed every click meanwhile, on the bench). The
    // price: an alert lost to a crash before it was sent comes at the cluster's next step.
    const kept = [...contents.values()];
    if (kept.every((c) => c !== undefined)) {
      const alikeSize = 1 + kept.filter((c) => contentLikeness(c!, ticket.content) >= SIMILAR_CONTENT).length;
      const placeSizes = keys.filter((k) => k.kind !== 'text').map((k) => (under.get(k.key)?.length ?? 0) + 1);
      const atStep = (n: number) => sizeBucket(n, deps.threshold.count) > sizeBucket(n - 1, deps.threshold.count);
      if (![...placeSizes, alikeSize].some(atStep)) return;
    }
    const placeIds = keys.filter((k) => k.kind !== 'text').flatMap((k) => (under.get(k.key) ?? []).sort().reverse().slice(0, READ));
    const ids = [...new Set([...textIds, ...placeIds])];
    const docs = await Promise.all(ids.map((x) => deps.tickets.findById(x, { content: 1, place: 1, status: 1, createdAt: 1, leadUnit: 1 }).lean<Member>()));
    const byId = new Map(docs.filter((d): d is Member => Boolean(d) && d!.status !== 'merged').map((d) => [d._id, d]));
    const clusters: Cluster[] = [];
    for (const k of keys.filter((x) => x.kind !== 'text')) {
      const members = (under.get(k.key) ?? []).map((x) => byId.get(x)).filter((m): m is Member => Boolean(m));
      clusters.push({ key: k.key, kind: k.kind, label: k.label, members: [...members, ticket] });
    }
    const alike = textIds.map((x) => byId.get(x)).filter((m): m is Member => Boolean(m) && contentLikeness(m!.content, ticket.content) >= SIMILAR_CONTENT);
    clusters.push({ key: 'hs:text', kind: 'text', label: ticket.content.slice(0, 20), members: [...alike, ticket] });
    const best = clusters
      .map((c) => ({ ...c, members: [...new Map(c.members.map((m) => [m._id, m])).values()].sort((a, b) => a._id.localeCompare(b._id)) }))
      .filter((c) => c.members.length >= deps.threshold.count)
      .sort((a, b) => b.members.length - a.members.length || PRIORITY[a.kind] - PRIORITY[b.kind] || a.key.localeCompare(b.key))[0];
    if (best) await this.alert(best);
  }

  /**
   * The alert of a cluster at its size step, once. The cluster is named by its first ticket that
   * was alerted before (so a cluster keeps its name while it grows), else by its first ticket.
   */
  private async alert(cluster: Cluster): Promise<void> {
    const { deps } = this;
    const step = sizeBucket(cluster.members.length, deps.threshold.count);
    // Earliest first, stopping at the first alerted: mostly one read.
    let anchor = cluster.members[0]!._id;
    for (const m of cluster.members) {
      if (await deps.claims.findById(`hotspot:${cluster.key}:${m._id}:0`).lean()) {
        anchor = m._id;
        break;
      }
    }
    const key = (s: number) => `hotspot:${cluster.key}:${anchor}:${s}`;
    if (await deps.claims.findById(key(step)).lean()) return;
    const earlier = cluster.members.slice(0, -1);
    const unitCode = mostCommon(earlier.map((m) => m.leadUnit).filter((u): u is string => Boolean(u)));
    const unit = unitCode ? await deps.directory.unit(unitCode) : null;
    const heads = (unit?.sectionHeads ?? []).length ? (await Promise.all(unit!.sectionHeads.map((h) => deps.directory.person(h)))).filter((p): p is Person => Boolean(p?.active)) : [];
    const to = [...new Map([...(await deps.directory.people({ role: 'dispatcher' })), ...heads].map((p) => [p.openId, p])).values()];
    const alert: HotspotAlert = {
      label: cluster.label,
      kind: cluster.kind,
      hours: deps.threshold.hours,
      tickets: cluster.members.map((m) => ({ id: m._id, at: timeInTz(m.createdAt, deps.tz), status: STATUS_LABELS[m.status], content: m.content, place: m.place })),
      ...(unit ? { unit: { code: unit.code, name: unit.name } } : {}),
    };
    const content = cardContent(hotspotCard(alert));
    const out: OutgoingMessage[] = to.map((p) => ({ op: 'send', key: `${key(step)}:${p.openId}`, receiveIdType: 'open_id', receiveId: p.openId, msgType: 'interactive', content }));
    await deps.outbox.enqueue(out);
    // Marked sent (and every smaller step with it: a cluster that jumped past one is not alerted for it later).
    for (let s = 0; s <= step; s++) await claimOnce(deps.claims, key(s), 'hotspot', deps.clock.now());
    deps.log.info({ cluster: cluster.key, anchor, size: cluster.members.length, step, to: to.length }, 'hot spot alerted');
  }

  /** 合并 on an alert: the later tickets still to be assigned go into the first (dispatchers only). */
  async merge(input: { ids: string[]; by: string }): Promise<HotspotOutcome> {
    const person = await this.deps.directory.person(input.by);
    const allowed = decide(person, 'ticket.dispatch');
    if (!allowed.allowed) return { kind: 'refused', message: allowed.reason };
    const [first, ...later] = input.ids.slice(0, HOTSPOT_LISTED);
    if (!first || later.length === 0) return { kind: 'refused', message: { zh: '没有可合并的工单', en: 'Nothing to merge' } };
    const merged: string[] = [];
    const kept: string[] = [];
    for (const id of later) {
      const loaded = await this.deps.ticketService.load(id);
      if (!loaded) continue;
      if (loaded.state.status === 'merged') continue;
      if (loaded.state.status !== 'registered') {
        kept.push(id);
        continue;
      }
      const out = await this.deps.ticketService.act({ id, version: loaded.state.version, op: 'merge', by: input.by, form: { into: first, note: '热点合并' }, mergeTargets: [first] });
      if (out.kind === 'refused') return { kind: 'refused', message: out.message };
      if (out.kind === 'done') merged.push(id);
    }
    const rest = kept.length ? { zh: `；${kept.join('、')} 已派出，未合并`, en: `; ${kept.join(', ')} already assigned, not merged` } : { zh: '', en: '' };
    if (!merged.length && !kept.length) return { kind: 'done', message: { zh: `已全部并入 ${first}`, en: `All already merged into ${first}` } };
    return { kind: 'done', message: { zh: `已将 ${merged.length} 件并入 ${first}${rest.zh}`, en: `${merged.length} merged into ${first}${rest.en}` } };
  }

  /** 督办 on an alert: a supervision item for the cluster's unit (once per alert: its key). */
  async supervise(input: { ids: string[]; label: string; unit: string; hours: number; by: string; key: string }): Promise<HotspotOutcome> {
    const { deps } = this;
    const person = await deps.directory.person(input.by);
    const allowed = decide(person, 'supervision.manage');
    if (!allowed.allowed) return { kind: 'refused', message: allowed.reason };
    const unit = input.unit ? await deps.directory.unit(input.unit) : null;
    if (!unit?.active) return { kind: 'refused', message: { zh: '这些工单尚未派给单位，无法确定督办的承办单位：请先派单，或用「督办 新建」', en: 'These tickets have no unit yet, so there is no unit to supervise: assign them first, or use 督办 新建' } };
    const heads = (await Promise.all(unit.sectionHeads.map((h) => deps.directory.person(h)))).filter((p): p is Person => Boolean(p?.active));
    const leader = heads[0]?.openId ?? input.by;
    const ids = input.ids.slice(0, HOTSPOT_LISTED);
    const r = await deps.supervision.create({
      content: `热点预警：${input.label}，${input.hours} 小时内 ${ids.length} 件工单（${ids.join('、')}）`,
      standard: '查明原因，统一处置，并答复来电人',
      leadUnit: unit.code,
      leader,
      deadline: deps.calendar.deadlineAfter(deps.clock.now(), SUPERVISE_DAYS),
      by: input.by,
      key: input.key,
    });
    if ('refused' in r) return { kind: 'refused', message: r.refused };
    return { kind: 'done', message: { zh: `已立督办 ${r.loaded.item._id}，承办单位 ${unit.name}`, en: `Supervision item ${r.loaded.item._id} opened for ${unit.name}` } };
  }
}

function mostCommon(values: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
}
