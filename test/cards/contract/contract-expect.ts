import { expect } from 'vitest';
import { describeViolations, v2Page, type CardViolation } from '../../../src/cards/contract/card-violation.js';
import { checkCard } from '../../../src/cards/contract/check-card.js';

/** The card is accepted: no violation at all. */
export const ok = (c: unknown) => {
  const v = checkCard(c);
  expect(v, describeViolations(v)).toEqual([]);
};

/**
 * Accepted but for violations citing column-set.md: the pages' examples write column_set values
 * (e.g. `"horizontal_spacing": "default"`) its field table does not list, which is the column_set
 * rule's business (its own test). Everything inside the column_sets is still checked.
 */
export const okBut = (c: unknown) => {
  const v = checkCard(c).filter((x) => x.page !== v2Page('containers/column-set'));
  expect(v, describeViolations(v)).toEqual([]);
};

/** The violations as "rule path" lines, in any order. */
export const expectRules = (v: CardViolation[], expected: string[]) => {
  expect(v.map((x) => `${x.rule} ${x.path}`).sort(), describeViolations(v)).toEqual([...expected].sort());
};

/** The violations of a card as "rule at path" lines. */
export const found = (card: unknown) => checkCard(card).map((v) => `${v.rule} at ${v.path}`);

/** A card of these elements. */
export const wrap = (...elements: unknown[]) => ({ schema: '2.0', body: { elements } });
