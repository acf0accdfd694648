import { welcomeCard } from '../cards/welcome-card.js';
import type { Clock } from '../lib/clock.js';
import type { WelcomeModel } from '../models/welcome.js';
import type { Outbox } from '../outbox/outbox.js';
import { cardContent } from '../outbox/outgoing-message.js';
import { insertOnce } from '../db/insert-once.js';

/**
 * Welcomes: a group once per time the bot is added to it (keyed by that event), a person once
 * ever in their direct chat (recorded in `welcomes`, which is never purged).
 */
export class Greeter {
  constructor(private readonly deps: { welcomes: WelcomeModel; outbox: Outbox; clock: Clock }) {}

  async greetGroup(chatId: string, key: string): Promise<void> {
    await this.deps.outbox.enqueue([{ op: 'send', key: `welcome:group:${chatId}:${key}`, receiveIdType: 'chat_id', receiveId: chatId, msgType: 'interactive', content: cardContent(welcomeCard('group')) }]);
  }

  /**
   * The first time only. The message is stored before the record (both keyed by the person), so
   * a crash between them re-runs to the same single message; once recorded, never again.
   */
  async greetPerson(openId: string): Promise<'welcomed' | 'already'> {
    const id = `p2p:${openId}`;
    if (await this.deps.welcomes.exists({ _id: id })) return 'already';
    await this.deps.outbox.enqueue([{ op: 'send', key: `welcome:${id}`, receiveIdType: 'open_id', receiveId: openId, msgType: 'interactive', content: cardContent(welcomeCard('p2p')) }]);
    await insertOnce(this.deps.welcomes, { _id: id, at: this.deps.clock.now() });
    return 'welcomed';
  }
}
