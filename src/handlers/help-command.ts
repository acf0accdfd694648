import { helpCard, type HelpEntry } from '../cards/help-card.js';
import { cardContent } from '../outbox/outgoing-message.js';
import type { Command } from '../commands/command.js';

export const HELP_SUMMARY = { zh: '显示本帮助', en: 'Show this help' };

/** `帮助` / `help`: the help card listing every command. */
export function helpCommand(listEntries: () => HelpEntry[]): Command {
  return {
    id: 'help',
    words: ['帮助', 'help', '?', '？'],
    summary: HELP_SUMMARY,
    public: true,
    async run() {
      return [{ msgType: 'interactive', content: cardContent(helpCard(listEntries())) }];
    },
  };
}
