import { card, hr, markdown, note } from './card-parts.js';
import type { Bilingual, Card } from './card-types.js';

export interface HelpEntry {
  words: string[];
  usage?: string;
  summary: Bilingual;
}

/** The help card: every command the bot understands, Chinese first, English second. */
export function helpCard(entries: HelpEntry[]): Card {
  const lines = entries.map((e) => {
    const [zhWord, ...others] = e.words;
    const alias = others.length > 0 ? ` / \`${others.join('` / `')}\`` : '';
    const usage = e.usage ? `　用法 Usage: \`${e.usage}\`` : '';
    return `- **${zhWord}**${alias}：${e.summary.zh}\n  ${e.summary.en}${usage}`;
  });
  return card({
    title: { zh: '政务助手 · 使用帮助', en: 'govdesk · Help' },
    template: 'blue',
    elements: [
      markdown('**我能做什么** What I can do'),
      markdown(lines.join('\n')),
      hr(),
      note({
        zh: '私聊直接发送命令；在群聊中请先 @政务助手。',
        en: 'Send a command in a direct chat; in a group, @mention the bot first.',
      }),
    ],
  });
}
