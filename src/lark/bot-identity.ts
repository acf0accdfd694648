import { errorMessage } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import type { BotInfo } from './lark-api.js';

/**
 * The bot's own open_id and name, asked of Lark once: at start-up, or on first need if Lark
 * could not be reached then. Until it is known, a group message cannot be judged, so its
 * handler fails and is retried rather than answered wrongly.
 */
export class BotIdentity {
  private known: BotInfo | undefined;
  private pending: Promise<BotInfo> | undefined;

  constructor(
    private readonly fetch: () => Promise<BotInfo>,
    private readonly log: Logger,
  ) {}

  get(): Promise<BotInfo> {
    if (this.known) return Promise.resolve(this.known);
    this.pending ??= this.fetch()
      .then((info) => {
        this.known = info;
        this.log.info({ botOpenId: info.openId, botName: info.name }, 'bot identity known');
        return info;
      })
      .finally(() => {
        this.pending = undefined;
      });
    return this.pending;
  }

  /** Asks in the background at start-up; a failure is logged and asked again on first need. */
  warm(): void {
    this.get().catch((err) => this.log.warn({ err: errorMessage(err) }, 'bot identity not known yet (GET /open-apis/bot/v3/info); asked again when a group message comes'));
  }
}
