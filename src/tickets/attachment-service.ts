import type { Bilingual } from '../cards/card-types.js';
import type { Directory, Person } from '../directory/directory.js';
import { decide } from '../directory/policy.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { AttachWindowModel } from '../models/attach-window.js';
import type { TicketMessageModel } from '../models/ticket-message.js';
import type { OutgoingMessage } from '../outbox/outgoing-message.js';
import type { AttachmentStore } from './attachment-store.js';
import { ticketViewObject } from './ticket-search.js';
import type { LoadedTicket, TicketService } from './ticket-service.js';
import type { TicketAttachment } from './ticket-state.js';

/** How long after 确认登记 or `附件 ZX-…` a person's pictures and files go to that ticket. */
export const ATTACH_WINDOW_MS = 10 * 60 * 1000;
/** Attachments larger than this are not re-sent in chat (the outbox keeps a file in its row). */
export const MAX_RESEND_BYTES = 10 * 1024 * 1024;

/** A picture or file someone sent: the message it came in and what Lark says of it. */
export interface IncomingFile {
  messageId: string;
  kind: 'image' | 'file';
  key: string;
  name: string;
}

/** `fetch` could not get the file and trying again will not help (too large, gone, a sticker…). */
export class FileUnavailable extends Error {}

export type AttachOutcome =
  | { kind: 'refused'; message: Bilingual }
  | { kind: 'done'; loaded: LoadedTicket; attachment: TicketAttachment };

const sniffExt = (b: Buffer) => (b[0] === 0x89 && b[1] === 0x50 ? 'png' : b[0] === 0xff && b[1] === 0xd8 ? 'jpg' : b[0] === 0x47 && b[1] === 0x49 ? 'gif' : b.subarray(8, 12).toString('latin1') === 'WEBP' ? 'webp' : 'jpg');

/**
 * 附件: pictures and files sent in a ticket's context — a reply to a ticket card (its
 * `parent_id` names the card, looked up in ticket_messages by `_id`), or within 10 minutes of
 * the same person's 确认登记 or `附件 ZX-…` (attach_windows, by `_id`) — downloaded once, kept
 * in the attachment store and written on the ticket's timeline; re-sent on request to whoever
 * may see the ticket. Knows nothing of Lark: `fetch` gets a file's bytes.
 */
export class AttachmentService {
  constructor(
    private readonly deps: {
      tickets: TicketService;
      directory: Directory;
      ticketMessages: TicketMessageModel;
      windows: AttachWindowModel;
      store: AttachmentStore;
      clock: Clock;
      log: Logger;
      fetch: (messageId: string, key: string, kind: 'image' | 'file') => Promise<Buffer>;
    },
  ) {}

  /** A message the bot sent is about this ticket (a ticket card, the intake receipt, an attachment's confirmation). */
  async remember(larkMessageId: string, ticket: string): Promise<void> {
    await this.deps.ticketMessages.updateOne({ _id: larkMessageId }, { $setOnInsert: { ticket, at: this.deps.clock.now() } }, { upsert: true });
  }

  /** The ticket of the first of these messages (a reply's parent, then its root) the bot sent about one. */
  async ticketOfMessages(ids: (string | null | undefined)[]): Promise<string | null> {
    for (const id of ids) {
      if (!id) continue;
      const row = await this.deps.ticketMessages.findById(id).lean();
      if (row) return row.ticket;
    }
    return null;
  }

  /** For 10 minutes, this person's pictures and files go to `ticket`. */
  async openWindow(openId: string, ticket: string, origin: 'intake' | 'command'): Promise<void> {
    const until = new Date(this.deps.clock.now().getTime() + ATTACH_WINDOW_MS);
    await this.deps.windows.updateOne({ _id: openId }, { $set: { ticket, origin, until } }, { upsert: true });
  }

  /** The ticket this person's pictures and files go to now, if a window is open. */
  async windowOf(openId: string): Promise<{ ticket: string; origin: 'intake' | 'command' } | null> {
    const row = await this.deps.windows.findById(openId).lean();
    return row && row.until.getTime() > this.deps.clock.now().getTime() ? { ticket: row.ticket, origin: row.origin } : null;
  }

  /** Whether this person may see (and so attach to, and get the attachments of) the ticket. */
  async mayView(person: Person | null, loaded: LoadedTicket): Promise<{ allowed: true } | { allowed: false; reason: Bilingual }> {
    const units = new Map((await this.deps.directory.units({ includeInactive: true })).map((u) => [u.code, u]));
    return decide(person, 'ticket.view', ticketViewObject({ leadUnit: loaded.state.leadUnit, coUnits: loaded.state.coUnits, intakeBy: loaded.ticket.intakeBy }, units));
  }

  /**
   * Attaches `file` to `ticket` for `by`: refused to whoever may not see it; otherwise
   * downloaded (unless this message is on the timeline already), kept and noted, once.
   */
  async attach(ticketId: string, by: string, file: IncomingFile): Promise<AttachOutcome> {
    const loaded = await this.deps.tickets.load(ticketId);
    if (!loaded) return { kind: 'refused', message: { zh: `没有工单 ${ticketId}`, en: `No ticket ${ticketId}` } };
    const allowed = await this.mayView(await this.deps.directory.person(by), loaded);
    if (!allowed.allowed) {
      this.deps.log.warn({ ticket: ticketId, by }, 'attachment refused: may not see the ticket');
      return { kind: 'refused', message: { zh: `无法附到工单 ${ticketId}：${allowed.reason.zh}`, en: `Cannot attach to ${ticketId}: ${allowed.reason.en}` } };
    }
    const already = loaded.state.timeline.find((t) => t.action === 'attachment' && t.data.messageId === file.messageId);
    let size = Number(already?.data.size ?? 0);
    const path = String(already?.data.path ?? this.deps.store.pathFor(ticketId, file.messageId, file.key));
    if (!already) {
      let bytes: Buffer;
      try {
        bytes = await this.deps.fetch(file.messageId, file.key, file.kind);
      } catch (err) {
        if (!(err instanceof FileUnavailable)) throw err;
        this.deps.log.warn({ ticket: ticketId, by, err: err.message }, 'attachment could not be downloaded');
        return { kind: 'refused', message: { zh: `无法取得这个附件，未附到工单 ${ticketId}（文件须小于 100 MB；表情包不能作为附件）`, en: `The file could not be fetched, so it was not attached to ${ticketId} (files must be under 100 MB; stickers cannot be attached)` } };
      }
      size = bytes.length;
      await this.deps.store.write(path, bytes);
    }
    const after = await this.deps.tickets.noteAttachment(ticketId, by, { messageId: file.messageId, kind: file.kind, key: file.key, name: file.name, size, path });
    if (!after) return { kind: 'refused', message: { zh: `没有工单 ${ticketId}`, en: `No ticket ${ticketId}` } };
    const attachment = after.state.attachments.find((a) => a.messageId === file.messageId);
    if (!attachment) return { kind: 'refused', message: { zh: '该附件已撤销', en: 'That attachment was removed' } };
    if (!already) this.deps.log.info({ ticket: ticketId, by, kind: file.kind, size }, 'attachment added');
    return { kind: 'done', loaded: after, attachment };
  }

  /** 撤销: whoever attached it, or a dispatcher, takes it off the ticket. */
  async undo(ticketId: string, by: string, messageId: string): Promise<{ kind: 'done'; attachment: TicketAttachment } | { kind: 'refused'; message: Bilingual }> {
    const loaded = await this.deps.tickets.load(ticketId);
    const a = loaded?.state.attachments.find((x) => x.messageId === messageId);
    if (!loaded || !a) return { kind: 'refused', message: { zh: '该附件已撤销或不存在', en: 'That attachment is not on the ticket (any more)' } };
    if (a.by !== by && !decide(await this.deps.directory.person(by), 'ticket.dispatch').allowed) {
      return { kind: 'refused', message: { zh: '只有添加该附件的人或派单员可以撤销', en: 'Only whoever attached it, or a dispatcher, may remove it' } };
    }
    const after = await this.deps.tickets.removeAttachment(ticketId, by, messageId);
    if (!after) return { kind: 'refused', message: { zh: '该附件已撤销', en: 'That attachment was removed already' } };
    this.deps.log.info({ ticket: ticketId, by, messageId }, 'attachment removed');
    return { kind: 'done', attachment: a };
  }

  /**
   * 重发附件: the ticket's attachments as file messages to `to` (keyed by `key`, so a
   * redelivery or a double click sends them once). Those too large for a chat file, or missing
   * from the store, are named in `skipped`.
   */
  async resend(loaded: LoadedTicket, to: string, key: string): Promise<{ messages: OutgoingMessage[]; skipped: string[] }> {
    const messages: OutgoingMessage[] = [];
    const skipped: string[] = [];
    for (const [i, a] of loaded.state.attachments.entries()) {
      const label = a.name || `图片 ${i + 1}`;
      if (a.size > MAX_RESEND_BYTES) {
        skipped.push(label);
        continue;
      }
      const bytes = await this.deps.store.read(a.path);
      if (!bytes) {
        this.deps.log.warn({ ticket: loaded.ticket._id, path: a.path }, 'attachment missing from the store');
        skipped.push(label);
        continue;
      }
      const fileName = a.name || `${loaded.ticket._id}-图片${i + 1}.${sniffExt(bytes)}`;
      messages.push({ op: 'file', key: `${key}:${a.messageId}`, receiveIdType: 'open_id', receiveId: to, fileName, content: bytes.toString('base64') });
    }
    return { messages, skipped };
  }
}
