import { callbackButton, card, markdown, note } from './card-parts.js';
import type { Card } from './card-types.js';
import { cardValue } from './card-value.js';
import { SHOW_HELP_ACTION } from './not-understood-card.js';

/**
 * The bot's welcome: what it does and how to ask, when it is added to a group or a person opens
 * its direct chat for the first time. In a group people must @mention it.
 */
export function welcomeCard(where: 'group' | 'p2p'): Card {
  return card({
    title: { zh: '您好，我是政务助手', en: "Hello, I'm govdesk" },
    template: 'blue',
    elements: [
      markdown(
        '我帮办公室办理：**热线工单**（登记、派单、签收、办理、回访、办结）、**审批与批示**、**督查督办**、**值班**（排班、交接班、值班记录、重大事件上报）和**报表**。\n' +
          'I help the office with hotline tickets, approvals and instructions, the supervision ledger, duty (roster, handover, duty log, major incidents) and reports.',
      ),
      markdown(
        where === 'group'
          ? '在群里请先 **@政务助手** 再写命令，例如「@政务助手 帮助」。\nIn a group, @mention me first, e.g. "@govdesk help".'
          : '直接发送命令即可，例如「帮助」「登记」「我的待办」。\nJust send a command, e.g. "help", "new" or "todo".',
      ),
      callbackButton({ zh: '查看帮助', en: 'Show help' }, cardValue(SHOW_HELP_ACTION), 'primary'),
      note({ zh: '尚未登记的同事请先联系管理员。', en: 'Not registered yet? Ask an administrator.' }),
    ],
  });
}
