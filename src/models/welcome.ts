import { Schema, type Connection, type Model } from 'mongoose';

/**
 * welcomes (欢迎记录): who has had the bot's welcome in a direct chat, kept for good (never
 * purged), so "the first time a person opens the chat" stays the first time after any purge.
 * `_id` is `p2p:<open_id>`.
 */
export interface WelcomeDoc {
  _id: string;
  at: Date;
}

const welcomeSchema = new Schema<WelcomeDoc>({ _id: { type: String, required: true }, at: { type: Date, required: true } }, { versionKey: false, collection: 'welcomes' });

export type WelcomeModel = Model<WelcomeDoc>;
export const welcomeModel = (conn: Connection): WelcomeModel => conn.model<WelcomeDoc>('Welcome', welcomeSchema);
