import type { Bilingual } from '../cards/card-types.js';
import type { Person } from '../directory/directory.js';
import type { Logger } from '../lib/logger.js';

/** A message the command wants to send back, replying to the message that asked. */
export interface CommandReply {
  msgType: 'text' | 'interactive';
  content: string;
  /** The ticket it shows: sent under a `tk:<ticket>:…` key, so a picture sent as a reply to it is attached there. */
  ticket?: string;
}

export interface CommandContext {
  eventId: string;
  /** The text after the command word, trimmed. */
  args: string;
  /** The whole text with mentions removed. */
  text: string;
  senderOpenId: string;
  /** The sender as the directory knows them (null: not registered, or deactivated). */
  person: Person | null;
  /** People @mentioned after the command word (not the bot addressed at the start). */
  mentions: { openId: string; name: string }[];
  chatId: string;
  chatType: 'p2p' | 'group' | string;
  messageId: string;
  now: Date;
  log: Logger;
}

export interface Command {
  id: string;
  /** Words that start the command, Chinese first (`帮助`, `help`). Matched case-insensitively. */
  words: string[];
  summary: Bilingual;
  /** Shown in help, e.g. `登记 <内容>`. */
  usage?: string;
  /** Open to people the directory does not know (help). Everything else needs registration. */
  public?: boolean;
  run(ctx: CommandContext): Promise<CommandReply[]>;
}
