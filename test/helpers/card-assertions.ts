import { expect } from 'vitest';
import { describeViolations } from '../../src/cards/contract/card-violation.js';
import { checkCard } from '../../src/cards/contract/check-card.js';

/** The card obeys Lark's card JSON 2.0 contract (src/cards/contract), as Lark would judge it. */
export function expectValidCard(card: unknown): void {
  expect(describeViolations(checkCard(card)), 'the card breaks the card contract').toBe('');
  expect((card as { schema?: unknown }).schema).toBe('2.0');
}
