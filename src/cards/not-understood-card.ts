import { callbackButton, card, markdown } from './card-parts.js';
import type { Card } from './card-types.js';
import { cardValue } from './card-value.js';

export const SHOW_HELP_ACTION = 'help.show';

const quote = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text).replace(/[*_`<>[\]]/g, ' ');

/** The answer to text the bot does not understand: what it got, and the way to help. */
export function notUnderstoodCard(text: string): Card {
  return card({
    title: { zh: '没有听懂', en: "Sorry, I didn't understand" },
    template: 'grey',
    elements: [
      markdown(
        `没有识别出命令「${quote(text)}」。发送 **帮助** 查看我能做什么。\n` +
          `"${quote(text)}" is not a command I know. Send **help** to see what I can do.`,
      ),
      callbackButton({ zh: '查看帮助', en: 'Show help' }, cardValue(SHOW_HELP_ACTION), 'primary'),
    ],
  });
}
