import { callbackButton, card, markdown, note } from './card-parts.js';
import type { Card } from './card-types.js';
import { cardValue } from './card-value.js';
import { SHOW_HELP_ACTION } from './not-understood-card.js';

/** For someone the directory does not know: say so, and give them the open_id an admin needs. */
export function notRegisteredCard(openId: string): Card {
  return card({
    title: { zh: '您尚未登记', en: 'You are not registered yet' },
    template: 'orange',
    elements: [
      markdown(
        '政务助手的通讯录里还没有您，暂时不能办理业务。请把下面的 open_id 发给管理员，由管理员为您登记。\n' +
          "govdesk's directory does not know you yet, so you cannot use it for work. Send the open_id below to an administrator to be registered.",
      ),
      markdown(`**open_id**：\`${openId}\``),
      callbackButton({ zh: '查看帮助', en: 'Show help' }, cardValue(SHOW_HELP_ACTION)),
      note({ zh: '「帮助」随时可用。', en: '"help" always works.' }),
    ],
  });
}
