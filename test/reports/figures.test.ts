import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'mongoose';
import { connectDatabase } from '../../src/db/connect-database.js';
import { Directory } from '../../src/directory/directory.js';
import { WorkCalendar } from '../../src/calendar/work-calendar.js';
import { createModels, ensureIndexes, type Models } from '../../src/models/create-models.js';
import type { TicketAction } from '../../src/models/ticket.js';
import { ReportService } from '../../src/reports/report-service.js';
import { testDatabaseUri } from '../helpers/test-database.js';
import { seedUnit } from '../helpers/directory-fixtures.js';

let conn: Connection;
let models: Models;
let reports: ReportService;
const H = 3600_000;
const t0 = new Date('2026-11-02T01:00:00Z'); // Monday 09:00 Shanghai
const at = (hours: number) => new Date(t0.getTime() + hours * H);

/** A ticket with its transitions, written directly: [action, to, hoursAfterT0, data]. */
async function ticket(id: string, unit: string, created: Date, steps: [TicketAction, string, number, Record<string, unknown>?][], extra: Record<string, unknown> = {}) {
  await models.tickets.create({
    _id: id, intakeKey: id, intakeBy: 'ou_clerk', callerName: '', phone: '', anonymous: false, channel: 'phone', category: 'help', content: id, place: '',
    urgency: 'normal', createdAt: created, possibleRepeats: [], status: steps.at(-1)![1], version: steps.length, leadUnit: unit, coUnits: [], updatedAt: created, ...extra,
  });
  let from: string | null = null;
  for (const [i, [action, to, hours, data]] of steps.entries()) {
    await models.ticketTransitions.create({ _id: `${id}:${i + 1}`, ticket: id, seq: i + 1, action, from, to, by: 'ou_x', at: at(hours), note: '', data: data ?? {}, caused: [] });
    from = to;
  }
}

beforeAll(async () => {
  conn = await connectDatabase(testDatabaseUri('figures'));
  models = createModels(conn);
  await ensureIndexes(models);
  await seedUnit(models, { code: 'dz', name: '东镇', kind: 'town' });
  await seedUnit(models, { code: 'zjj', name: '区住建局', kind: 'department' });
  await seedUnit(models, { code: 'xl', name: '西林街道', kind: 'street' });
  reports = new ReportService({ models, directory: new Directory(models, { now: () => t0 }), calendar: new WorkCalendar('Asia/Shanghai'), tz: 'Asia/Shanghai' });
  const D = (hours: number) => ({ deadline: at(hours).toISOString() });
  // T1: on time, 满意.
  await ticket('T1', 'dz', at(0), [['register', 'registered', 0], ['assign', 'assigned', 1, { leadUnit: 'dz', ...D(48) }], ['accept', 'handling', 2], ['reply', 'replied', 24], ['review_accept', 'callback', 25], ['callback', 'closed', 26, { outcome: 'satisfied' }]]);
  // T2: the result came after the first deadline but within an approved extension: on time; 基本满意.
  await ticket('T2', 'dz', at(0), [['register', 'registered', 0], ['assign', 'assigned', 1, { leadUnit: 'dz', ...D(24) }], ['accept', 'handling', 2], ['extension_requested', 'handling', 10, { days: 3 }], ['extended', 'handling', 12, D(96)], ['reply', 'replied', 72], ['review_accept', 'callback', 73], ['callback', 'closed', 74, { outcome: 'basically' }]]);
  // T3: late, redone after a 不满意 callback, then 满意: not on time, counted once as dissatisfied and once as redone.
  await ticket('T3', 'dz', at(0), [['register', 'registered', 0], ['assign', 'assigned', 1, { leadUnit: 'dz', ...D(24) }], ['accept', 'handling', 2], ['reply', 'replied', 30], ['review_accept', 'callback', 31], ['callback', 'handling', 32, { outcome: 'unsatisfied' }], ['reply', 'replied', 40], ['review_accept', 'callback', 41], ['callback', 'closed', 42, { outcome: 'satisfied' }]]);
  // T4: returned by 住建局, re-assigned to 西林街道, still in hand.
  await ticket('T4', 'xl', at(1), [['register', 'registered', 1], ['assign', 'assigned', 2, { leadUnit: 'zjj', ...D(48) }], ['return', 'returned', 3, { reason: 'wrong_area' }], ['assign', 'assigned', 4, { leadUnit: 'xl', ...D(48) }], ['accept', 'handling', 5]]);
  // T5: anonymous, no callback possible: closed, on time; out of 满意率, in 回访率's denominator.
  await ticket('T5', 'xl', at(2), [['register', 'registered', 2], ['assign', 'assigned', 3, { leadUnit: 'xl', ...D(48) }], ['accept', 'handling', 4], ['reply', 'replied', 10], ['review_accept', 'callback', 11], ['callback', 'closed', 12, { outcome: 'none' }]], { anonymous: true });
  // T6: not accepted (不予受理); T7: logged before the period.
  await ticket('T6', '', at(3), [['reject', 'rejected', 3, { outOfScope: 'court' }]], { leadUnit: undefined });
  await ticket('T7', 'dz', new Date('2026-10-20T01:00:00Z'), [['register', 'registered', 0]]);
});
afterAll(async () => {
  await conn.dropDatabase();
  await conn.close();
});

describe('the figures agree with the records (hand-computed)', () => {
  it('overall and by unit', async () => {
    const r = await reports.report({ from: new Date('2026-11-01T00:00:00+08:00'), to: new Date('2026-12-01T00:00:00+08:00'), label: { zh: '11月', en: 'November' } });
    const o = r.overall;
    expect(o.accepted).toBe(5); // T6 rejected, T7 outside the period
    expect(o.closed).toBe(4); // T1 T2 T3 T5
    expect(o.completionRate).toBeCloseTo(4 / 5);
    expect(o.onTime).toBe(3); // T1, T2 (within its extension), T5 — not T3
    expect(o.onTimeRate).toBeCloseTo(3 / 4);
    expect(o.callbacks).toBe(3); // T1 T2 T3; T5 could not be called back
    expect(o.satisfied).toBe(2); // T3's first callback was 不满意
    expect(o.satisfactionRate).toBeCloseTo(2 / 3);
    expect(o.callbackRate).toBeCloseTo(3 / 4); // T5 counts in the denominator
    expect(o.assigned).toBe(5);
    expect(o.returned).toBe(1);
    expect(o.returnRate).toBeCloseTo(1 / 5);
    expect(o.redone).toBe(1); // T3, once, though redone after a callback
    // Days from first assignment to closing: T1 25 h, T2 73 h, T3 41 h, T5 9 h.
    expect(o.averageHandlingDays).toBeCloseTo((25 + 73 + 41 + 9) / 4 / 24);
    const dz = r.byUnit.find((u) => u.unit === 'dz')!.figures;
    expect(dz).toMatchObject({ accepted: 3, closed: 3, onTime: 2, callbacks: 3, satisfied: 2 });
    const xl = r.byUnit.find((u) => u.unit === 'xl')!.figures;
    expect(xl).toMatchObject({ accepted: 2, closed: 1, onTime: 1, callbacks: 0, returned: 1 });
    expect(xl.satisfactionRate).toBeNull();
    expect(r.intakePerDay).toEqual([{ day: '2026-11-02', count: 6 }]);
  });

  it('filters by units and categories', async () => {
    const r = await reports.report({ from: new Date('2026-11-01T00:00:00+08:00'), to: new Date('2026-12-01T00:00:00+08:00'), label: { zh: '', en: '' } }, { units: ['xl'] });
    expect(r.overall.accepted).toBe(2);
    const none = await reports.report({ from: new Date('2026-11-01T00:00:00+08:00'), to: new Date('2026-12-01T00:00:00+08:00'), label: { zh: '', en: '' } }, { categories: ['complaint'] });
    expect(none.overall.accepted).toBe(0);
    expect(none.overall.completionRate).toBeNull();
  });
});
