import { whoamiCard } from '../cards/whoami-card.js';
import type { Command } from '../commands/command.js';
import type { Directory } from '../directory/directory.js';
import { cardContent } from '../outbox/outgoing-message.js';

/** `我是谁` / `whoami`: name, unit and roles. Only reached by registered people. */
export function whoamiCommand(directory: Directory): Command {
  return {
    id: 'whoami',
    words: ['我是谁', 'whoami'],
    summary: { zh: '查看我的姓名、单位和角色', en: 'Show my name, unit and roles' },
    async run(ctx) {
      const person = ctx.person!;
      const unit = person.unit ? await directory.unit(person.unit) : null;
      return [{ msgType: 'interactive', content: cardContent(whoamiCard(person, unit)) }];
    },
  };
}
