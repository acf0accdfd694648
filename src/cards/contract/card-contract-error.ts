import { describeViolations, type CardViolation } from './card-violation.js';

/** A card that breaks Lark's documented contract, refused before it left (strict mode: tests). */
export class CardContractError extends Error {
  constructor(
    readonly what: string,
    readonly violations: CardViolation[],
  ) {
    super(`${what} breaks Lark's card JSON 2.0 contract:\n${describeViolations(violations)}`);
    this.name = 'CardContractError';
  }
}
