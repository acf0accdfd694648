import { describe, expect, it } from 'vitest';
import { describeViolations } from '../../src/cards/contract/card-violation.js';
import { checkCard } from '../../src/cards/contract/check-card.js';
import { cardCatalogue } from './card-catalogue.js';

/**
 * Every card govdesk sends, in every state, must keep Lark's documented card JSON 2.0 contract:
 * Lark refuses a card that breaks it. A failure names each rule broken, where, and the page.
 */
const catalogue = cardCatalogue();

/** The builders in src/cards, each of which the catalogue must use at least once. */
const BUILDERS = [
  'approvalDecisionCard', 'approvalRecordCard', 'approvalStatusCard', 'approvalStartCard',
  'bulletinCard', 'overdueDigestCard', 'dutyNowCard', 'myShiftsCard', 'rosterMonthCard',
  'dutyLogFormCard', 'dutyLogEntryCard', 'incidentCard',
  'shiftReminderCard', 'handOverCard', 'takeOverCard', 'leaveShiftCard', 'substituteCard', 'presenceAskCard', 'presenceResultCard',
  'helpCard', 'notRegisteredCard', 'notUnderstoodCard', 'reportCard',
  'supervisionItemCard', 'supervisionLedgerCard', 'supervisionNewCard', 'instructionFormCard',
  'swapFormCard', 'swapCard', 'ticketCard', 'intakeFormCard', 'ticketListCard', 'ticketSearchCard', 'whoamiCard',
];
const TICKET_VIEWS = ['dispatch', 'assignment', 'coinfo', 'handling', 'review', 'callback', 'closed', 'record'];

describe('the card catalogue', () => {
  it('names every entry once', () => {
    const seen = new Set<string>();
    const twice = catalogue.map((e) => e.name).filter((n) => (seen.has(n) ? true : (seen.add(n), false)));
    expect(twice).toEqual([]);
  });

  it('covers every builder and every ticket view', () => {
    const builders = new Set(catalogue.map((e) => /^\w+/.exec(e.name)![0]));
    expect(BUILDERS.filter((b) => !builders.has(b))).toEqual([]);
    expect(TICKET_VIEWS.filter((v) => !catalogue.some((e) => e.name.startsWith(`ticketCard ${v}:`)))).toEqual([]);
  });
});

describe('every card keeps the card JSON 2.0 contract', () => {
  it.each(catalogue)('$name', ({ name, card }) => {
    const violations = checkCard(card);
    expect(violations.length, `${name} breaks the card contract:\n${describeViolations(violations)}`).toBe(0);
  });
});
