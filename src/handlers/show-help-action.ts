import { helpCard, type HelpEntry } from '../cards/help-card.js';
import { toast } from '../cards/toast.js';
import type { CardAction } from './card-action.js';

/** The "查看帮助" button: the card turns into the help card in place. */
export function showHelpAction(listEntries: () => HelpEntry[]): CardAction {
  return async () => ({
    toast: toast('info', '这是我能做的事', 'Here is what I can do'),
    card: { type: 'raw', data: helpCard(listEntries()) },
  });
}
