import type { Logger } from '../lib/logger.js';
import type { Envelope } from '../lark/envelope.js';

export interface HandlerContext {
  eventId: string;
  eventType: string;
  /** Child logger carrying the event id. */
  log: Logger;
  now: Date;
}

export interface Toast {
  type: 'success' | 'info' | 'warning' | 'error';
  content: string;
  i18n: { zh_cn: string; en_us: string };
}

/** What a card callback answers within 3 s: a toast and/or a replacement card. */
export interface CardAnswer {
  toast?: Toast;
  card?: { type: 'raw'; data: Record<string, unknown> };
}

export type EventHandler = (envelope: Envelope, ctx: HandlerContext) => Promise<void>;
export type CardHandler = (envelope: Envelope, ctx: HandlerContext) => Promise<CardAnswer>;
