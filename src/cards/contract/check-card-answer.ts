import { z } from 'zod';
import { PAGES, type CardViolation } from './card-violation.js';
import { checkCard, issuesToViolations } from './check-card.js';
import { LOCALES } from './contract-primitives.js';

/**
 * The answer to a card callback (handle-card-callbacks.md, 响应回调): `{}`, a toast, and/or a
 * card. Toast types: info, success, error, warning; `card` is `{type: "raw", data: <card JSON>}`
 * (which must keep the sent card's JSON version: a 2.0 card answers with a 2.0 card, error
 * 200830 otherwise) or `{type: "template", data: {template_id, …}}`. Lark shows 200672 (bad
 * body) or 200673 (bad card) to the person when the answer breaks this.
 */
const toastSchema = z.strictObject({
  type: z.enum(['info', 'success', 'error', 'warning']),
  content: z.string().min(1),
  i18n: z.partialRecord(z.enum(LOCALES), z.string()).optional(),
});

const answerSchema = z.strictObject({
  toast: toastSchema.optional(),
  card: z
    .union([
      z.strictObject({ type: z.literal('raw'), data: z.record(z.string(), z.unknown()) }),
      z.strictObject({
        type: z.literal('template'),
        data: z.strictObject({ template_id: z.string().min(1), template_version_name: z.string().optional(), template_variable: z.record(z.string(), z.unknown()).optional() }),
      }),
    ])
    .optional(),
});

/** Checks a callback answer: its own shape, then the card it carries against the card contract. */
export function checkCardAnswer(answer: unknown): CardViolation[] {
  const parsed = answerSchema.safeParse(answer);
  if (!parsed.success) return issuesToViolations(parsed.error.issues, 'answer', PAGES.callbacks, Object.keys(answerSchema.shape));
  const card = parsed.data.card;
  if (card?.type !== 'raw') return [];
  return checkCard(card.data).map((v) => ({ ...v, path: v.path === 'card' || v.path === '(card)' ? 'answer.card.data' : `answer.card.data.${v.path.replace(/^card\.?/, '')}` }));
}
