import { describe, expect, it } from 'vitest';
import type { TicketTransitionDoc } from '../../src/models/ticket.js';
import { acceptedUnit, returningUnits } from '../../src/tickets/accepted-unit.js';
import { bigrams, UnitSuggester } from '../../src/tickets/unit-suggester.js';

const step = (seq: number, action: string, data: Record<string, unknown> = {}): TicketTransitionDoc =>
  ({ _id: `ZX-1:${seq}`, ticket: 'ZX-1', seq, action, from: null, to: 'assigned', by: 'ou_x', at: new Date(0), note: '', data, caused: [] }) as TicketTransitionDoc;

describe('the unit suggester (pure)', () => {
  it('reads Chinese as character bigrams, digits folded, punctuation and spaces dropped', () => {
    expect(bigrams('幸福小区3栋，路灯')).toEqual(['幸福', '福小', '小区', '区#', '#栋', '栋路', '路灯']);
    expect(bigrams('5栋')).toEqual(bigrams('12栋').slice(1));
    expect(bigrams('')).toEqual([]);
  });

  it('ranks units by content, place and category, with shares summing to 1 over the units it may pick', () => {
    const m = new UnitSuggester();
    for (let i = 0; i < 5; i++) {
      m.add('dz', { content: `幸福小区${i}栋路灯坏了`, place: '幸福小区', category: 'help' });
      m.add('zjj', { content: `锦绣花园${i}号电梯故障`, place: '锦绣花园', category: 'complaint' });
      m.add('cgj', { content: `解放路${i}号占道经营`, place: '解放路', category: 'report' });
    }
    expect(m.size).toBe(15);
    const s = m.suggest({ content: '幸福小区路灯不亮', place: '幸福小区', category: 'help' });
    expect(s.map((x) => x.unit)).toEqual(['dz', expect.any(String), expect.any(String)]);
    expect(s.reduce((a, b) => a + b.share, 0)).toBeCloseTo(1, 6);
    expect(m.suggest({ content: '电梯又坏了', place: '', category: 'complaint' })[0]!.unit).toBe('zjj');
    // Only the units that may be picked; never those excluded.
    expect(m.suggest({ content: '幸福小区路灯不亮', place: '幸福小区', category: 'help' }, { exclude: ['dz'] }).map((x) => x.unit)).not.toContain('dz');
    expect(m.suggest({ content: '幸福小区路灯不亮', place: '', category: 'help' }, { among: ['zjj', 'cgj'] }).map((x) => x.unit).sort()).toEqual(['cgj', 'zjj']);
    expect(m.suggest({ content: '路灯', place: '', category: 'help' }, { top: 1 })).toHaveLength(1);
  });

  it('forgets what it is told to (a ticket learned again under another unit)', () => {
    const m = new UnitSuggester();
    const lift = { content: '锦绣花园电梯故障', place: '锦绣花园', category: 'complaint' };
    m.add('dz', lift);
    m.add('zjj', { content: '幸福小区路灯坏了', place: '幸福小区', category: 'help' });
    expect(m.suggest(lift)[0]!.unit).toBe('dz');
    m.remove('dz', lift);
    m.add('zjj', lift);
    expect(m.size).toBe(2);
    expect(m.suggest(lift).map((x) => x.unit)).toEqual(['zjj']);
  });

  it('counts a ticket under the unit that last accepted it, not the one that returned it', () => {
    const timeline = [
      step(1, 'register'),
      step(2, 'assign', { leadUnit: 'dz' }),
      step(3, 'return', { reason: 'wrong_area', unit: 'dz' }),
      step(4, 'assign', { leadUnit: 'zjj' }),
      step(5, 'accept'),
      step(6, 'progress'),
    ];
    expect(acceptedUnit(timeline)).toBe('zjj');
    expect(returningUnits(timeline)).toEqual(['dz']);
    expect(acceptedUnit(timeline.slice(0, 4))).toBeUndefined();
    expect(acceptedUnit([...timeline, step(7, 'assign', { leadUnit: 'cgj' }), step(8, 'accept')])).toBe('cgj');
    // A unit that asked to hand it on (申请改派) is not suggested for it again either.
    expect(returningUnits([...timeline, step(7, 'transfer_requested', { unit: 'zjj' })]).sort()).toEqual(['dz', 'zjj']);
  });
});
