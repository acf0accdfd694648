import type { Config } from '../config.js';
import type { CardAnswer } from '../inbox/handler-types.js';
import type { Logger } from '../lib/logger.js';
import { cardFallback } from '../outbox/card-fallback.js';
import type { OutgoingMessage } from '../outbox/outgoing-message.js';
import { CardContractError } from './contract/card-contract-error.js';
import { checkCard } from './contract/check-card.js';
import { checkCardAnswer } from './contract/check-card-answer.js';
import { toast } from './toast.js';

/**
 * What the gate does with a card that breaks the contract:
 * - strict (tests): refuse it with a CardContractError naming every rule and path;
 * - fallback (production): log the rules and send the card's content as text instead, so the
 *   person is still told what it said (Lark would refuse the card: nothing would arrive);
 * - defer (emulator): let it through, so the emulator refuses it as Lark would and shows why.
 */
export type CardGateMode = 'strict' | 'fallback' | 'defer';

/**
 * Tests refuse a bad card where it is made; the emulator lets it through to be refused as Lark
 * would refuse it; everywhere else (production) it is logged and its content sent as text.
 */
export const cardGateMode = (config: Pick<Config, 'emulator' | 'nodeEnv'>): CardGateMode =>
  config.emulator ? 'defer' : config.nodeEnv === 'test' ? 'strict' : 'fallback';

const parse = (content: string): unknown => {
  try {
    return JSON.parse(content);
  } catch {
    return content;
  }
};

/** The one gate every card passes on its way out: messages, card updates and callback answers. */
export class CardGate {
  constructor(
    readonly mode: CardGateMode,
    private readonly log: Logger,
  ) {}

  /** Checks each message that carries a card; returns the messages to store. */
  messages(messages: OutgoingMessage[]): OutgoingMessage[] {
    if (this.mode === 'defer') return messages;
    return messages.map((m) => {
      const isCard = (m.op === 'send' || m.op === 'reply') ? m.msgType === 'interactive' : m.op === 'patch' || m.op === 'update';
      if (!isCard) return m;
      const violations = checkCard(parse(m.content));
      if (violations.length === 0) return m;
      if (this.mode === 'strict') throw new CardContractError(`outgoing ${m.op} ${m.key}`, violations);
      this.log.error({ outboxKey: m.key, op: m.op, violations: violations.slice(0, 10) }, 'card breaks the card contract; sent as text instead');
      return cardFallback(m) ?? m;
    });
  }

  /** Checks a callback answer; in production a bad card is dropped and the toast says so. */
  answer(answer: CardAnswer): CardAnswer {
    if (this.mode === 'defer') return answer;
    const violations = checkCardAnswer(answer);
    if (violations.length === 0) return answer;
    if (this.mode === 'strict') throw new CardContractError('callback answer', violations);
    this.log.error({ violations: violations.slice(0, 10) }, 'callback answer breaks the card contract; answered with a toast only');
    const shown = answer.toast && checkCardAnswer({ toast: answer.toast }).length === 0 ? answer.toast : undefined;
    const zh = `${shown?.i18n.zh_cn ?? '已处理'}（卡片无法更新，请发送「查询」查看最新状态）`;
    const en = `${shown?.i18n.en_us ?? 'Done'} (the card could not be redrawn; send "show" to see the latest)`;
    return { toast: toast(shown?.type ?? 'warning', zh, en) };
  }
}
