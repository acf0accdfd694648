import { Schema, type Connection, type Model } from 'mongoose';

/**
 * ticket_messages: which ticket a message the bot sent is about, by its Lark message id
 * (`_id`), written when a ticket card (an outbox row keyed `tk:<ticket>:…`) is sent, and for the
 * clerk's intake receipt. A picture or file sent as a reply to one of them has the card's id as
 * its `parent_id` (receive.md): one lookup by `_id` finds the ticket (FerretDB would scan the
 * outbox for a lookup by `larkMessageId`).
 */
export interface TicketMessageDoc {
  _id: string;
  ticket: string;
  at: Date;
}

const ticketMessageSchema = new Schema<TicketMessageDoc>(
  { _id: { type: String, required: true }, ticket: { type: String, required: true }, at: { type: Date, required: true } },
  { versionKey: false, collection: 'ticket_messages' },
);

export type TicketMessageModel = Model<TicketMessageDoc>;
export const ticketMessageModel = (conn: Connection): TicketMessageModel => conn.model<TicketMessageDoc>('TicketMessage', ticketMessageSchema);
