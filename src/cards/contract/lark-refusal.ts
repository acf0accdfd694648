import type { CardViolation } from './card-violation.js';

/** What Lark answers a send, reply or patch whose card it refuses: HTTP 400 with these. */
export interface LarkRefusal {
  code: number;
  msg: string;
}

/** "The length of the message content reaches its limit." (im-v1 message create/patch, 230025: cards at most 30 KB). */
export const CONTENT_TOO_LONG = 230025;
/** "Failed to create card content, ext=ErrCode: N; …" (im-v1 message create/reply/patch). */
export const CARD_CONTENT_FAILED = 230099;
/** Answer codes Lark shows in the client for a bad callback answer (handle-card-callbacks.md). */
export const ANSWER_MALFORMED = 200672;
export const ANSWER_BAD_CARD = 200673;

/** `body.elements[2].label` → `ROOT -> body -> elements -> [2] -> label`, as Lark writes ErrPath. */
const errPath = (path: string) =>
  ['ROOT', ...path.replace(/^(card|answer\.card\.data)\.?/, '').split(/\.|(?=\[)/).filter(Boolean)].join(' -> ');

/**
 * The refusal Lark gives for these violations, in the documented wire format (message create's
 * error table): 230025 when the card is over 30 KB; otherwise 230099 with the inner ErrCode —
 * 11310 "element exceeds the limit", 200861 for tags 2.0 no longer supports, 200621 for any
 * other malformed card — and ErrPath/ErrMsg naming the first rule broken.
 */
export function larkRefusal(violations: CardViolation[]): LarkRefusal | null {
  const first = violations[0];
  if (!first) return null;
  if (violations.some((v) => v.rule === 'card_too_large')) return { code: CONTENT_TOO_LONG, msg: 'The length of the message content reaches its limit.' };
  const inner = violations.some((v) => v.rule === 'too_many_elements') ? 11310 : first.rule === 'removed_component' ? 200861 : 200621;
  const rest = violations.length > 1 ? ` (+${violations.length - 1} more)` : '';
  return {
    code: CARD_CONTENT_FAILED,
    msg: `Failed to create card content, ext=ErrCode: ${inner}; ErrPath: ${errPath(first.path)}; ErrMsg: ${first.rule}: ${first.message}${rest}; ErrorValue: see ${first.page}; `,
  };
}
