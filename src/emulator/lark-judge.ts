import type { CardViolation } from '../cards/contract/card-violation.js';
import { checkCard } from '../cards/contract/check-card.js';
import { checkCardAnswer } from '../cards/contract/check-card-answer.js';
import { ANSWER_BAD_CARD, ANSWER_MALFORMED, CARD_CONTENT_FAILED, larkRefusal, type LarkRefusal } from '../cards/contract/lark-refusal.js';

/**
 * The emulator judges what the bot sends the way Lark does, with the project's card contract:
 * a card Lark would refuse is refused with Lark's answer, and a callback answer Lark's client
 * would reject is rejected with the client's error code.
 */

/** The delayed-update API's refusal of a card: 11311 "卡片格式不符合要求" (delay-update error table). */
export const CARD_UPDATE_INVALID = 11311;

const parse = (content: string): unknown => {
  try {
    return JSON.parse(content);
  } catch {
    return content;
  }
};

/** Lark's refusal of a card sent, replied or patched (`content` is the card JSON string), or null. */
export function cardRefusal(content: string): LarkRefusal | null {
  return larkRefusal(checkCard(parse(content)));
}

/**
 * The delayed update's refusal of a card object: 11311, with the first rule broken in the same
 * ErrPath / ErrMsg words as the message APIs use.
 */
export function cardUpdateRefusal(card: unknown): LarkRefusal | null {
  const violations = checkCard(card);
  const refusal = larkRefusal(violations);
  if (!refusal) return null;
  const tooLarge = violations.find((v) => v.rule === 'card_too_large');
  const detail =
    refusal.code === CARD_CONTENT_FAILED
      ? refusal.msg.replace(/^Failed to create card content, ext=ErrCode: \d+; /, '')
      : `ErrPath: ROOT; ErrMsg: card_too_large: ${tooLarge?.message ?? refusal.msg}; ErrorValue: see ${tooLarge?.page ?? ''}; `;
  return { code: CARD_UPDATE_INVALID, msg: `卡片格式不符合要求 (card format invalid), ${detail}` };
}

/** What the page shows of a refusal: the ErrMsg (rule and reason) and the ErrPath, when Lark gave them. */
export function refusalDetail(msg: string): { errMsg: string; errPath?: string } {
  const errMsg = /ErrMsg: (.*?); ErrorValue/s.exec(msg)?.[1] ?? msg;
  const errPath = /ErrPath: (.*?); /.exec(msg)?.[1];
  return { errMsg, ...(errPath ? { errPath } : {}) };
}

export type AnswerVerdict =
  | { ok: true; answer: Record<string, unknown> }
  | { ok: false; code: number; msg: string; violation?: CardViolation };

const violationText = (v: CardViolation) => `${v.rule} at ${v.path}: ${v.message}`;

/**
 * A card callback's answer as Lark's client judges it (callback-comm, 客户端交互错误码): a body
 * that is not a JSON object is 200672; an answer breaking the contract is 200673 when the card
 * is at fault, 200672 when the rest of the body is (a bad toast, an unknown key).
 */
export function judgeCardAnswer(text: string): AnswerVerdict {
  const body = parse(text);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, code: ANSWER_MALFORMED, msg: `the answer is not a JSON object: ${text.slice(0, 120)}` };
  }
  const first = checkCardAnswer(body)[0];
  if (!first) return { ok: true, answer: body as Record<string, unknown> };
  const code = first.path.startsWith('answer.card') ? ANSWER_BAD_CARD : ANSWER_MALFORMED;
  return { ok: false, code, msg: violationText(first), violation: first };
}

/** The toast Lark's client shows for a rejected callback answer: the code first, then what broke. */
export function answerErrorToast(code: number, msg: string) {
  const en = code === ANSWER_BAD_CARD ? 'the callback answered a card Lark refuses' : 'the callback answer is malformed';
  return { type: 'error' as const, content: `卡片回调响应格式错误 ${code} · ${en} — ${msg}` };
}
