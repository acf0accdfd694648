import type { Bilingual, Card } from '../cards/card-types.js';
import { toast } from '../cards/toast.js';
import type { CardAnswer } from '../inbox/handler-types.js';

type Outcome = { kind: 'done' | 'stale' | 'refused'; message: Bilingual };
type Shown<O> = Exclude<O, { kind: 'refused' }>;

/**
 * A service's outcome as the answer to a button: refused → a warning toast and the card stays
 * as it was; done → a success toast, stale (someone else got there first) → an info toast, each
 * with the card redrawn from `cardOf`.
 */
export async function outcomeAnswer<O extends Outcome>(o: O, cardOf: (shown: Shown<O>) => Card | Promise<Card>): Promise<CardAnswer> {
  if (o.kind === 'refused') return { toast: toast('warning', o.message.zh, o.message.en) };
  const card = await cardOf(o as Shown<O>);
  return { toast: toast(o.kind === 'done' ? 'success' : 'info', o.message.zh, o.message.en), card: { type: 'raw', data: card } };
}
