import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';

export type ChatType = 'p2p' | 'group';

export interface EmulatorChat {
  chatId: string;
  type: ChatType;
  name: string;
  /** p2p: the one person; group: everyone in it. */
  members: string[];
}

export interface EmulatorMessage {
  messageId: string;
  chatId: string;
  /** `bot`, `lark` (a refusal Lark reported), or the open_id of the person who wrote it. */
  from: 'bot' | 'lark' | string;
  msgType: string;
  /** Lark's content string (text JSON, card JSON, file JSON). */
  content: string;
  createdAt: number;
  updatedAt: number;
  replyTo?: string;
  /** open_ids the bot flagged this message as urgent (加急) for, and how. */
  urgent?: { kind: 'app' | 'sms' | 'phone'; users: string[] };
  /** For people's messages: the decrypted event the emulator sent to the bot (developer view). */
  event?: unknown;
  /** How many times the bot changed it (patches, callback answers, delayed updates). */
  version: number;
  /** For `lark` entries: what Lark refused, drawn as a red notice where the card would have been. */
  refusal?: Refusal;
}

/** Something of the bot's that Lark refused: a card sent, replied, patched or updated, or a callback answer. */
export interface Refusal {
  what: 'send' | 'reply' | 'patch' | 'update' | 'answer';
  code: number;
  /** Lark's whole msg (ErrCode, ErrPath, ErrMsg…). */
  msg: string;
  /** The rule and reason (ErrMsg). */
  errMsg: string;
  /** Where in the card (ErrPath), when Lark named it. */
  errPath?: string;
  /** For patches, delayed updates and callback answers: the card message that was not changed. */
  about?: string;
}

/**
 * What the fake Open API was asked, newest last (developer view and tests); card callback
 * answers the emulator judged are listed too, as method `CALLBACK`.
 */
export interface ApiCall {
  at: number;
  method: string;
  path: string;
  status: number;
  code: number;
  /** Lark's msg: for a refusal it names the rule and the path. */
  msg: string;
}

export type EmulatorChange =
  | { kind: 'message'; message: EmulatorMessage }
  | { kind: 'update'; message: EmulatorMessage }
  | { kind: 'call'; call: ApiCall };

const id = (prefix: string) => `${prefix}${randomBytes(12).toString('hex')}`;
export const newMessageId = () => id('om_');

export const p2pChatId = (openId: string) => `oc_p2p_${openId}`;
export const DEMO_GROUP_ID = 'oc_demo_group';

/**
 * The emulator's world, in memory: chats, their messages (the bot's and people's), and the
 * calls the bot made. Every change is emitted for the page's live stream.
 */
export class EmulatorStore extends EventEmitter<{ change: [EmulatorChange] }> {
  private readonly chats = new Map<string, EmulatorChat>();
  private readonly messages = new Map<string, EmulatorMessage>();
  private readonly byUuid = new Map<string, string>();
  /** card.action.trigger tokens → the message they came from (for delayed card updates). */
  private readonly actionTokens = new Map<string, string>();
  readonly calls: ApiCall[] = [];
  private readonly files = new Map<string, { name: string; data: Buffer }>();
  /** The next N send/reply/patch calls are answered with Lark's rate-limit error. */
  rateLimitNext = 0;

  constructor(private readonly limit = 2000) {
    super();
    this.setMaxListeners(100);
    this.chats.set(DEMO_GROUP_ID, { chatId: DEMO_GROUP_ID, type: 'group', name: '政务助手演示群 Demo group', members: [] });
  }

  /** The direct chat between the bot and a person, created on first use. */
  p2p(openId: string, name = openId): EmulatorChat {
    const chatId = p2pChatId(openId);
    let chat = this.chats.get(chatId);
    if (!chat) {
      chat = { chatId, type: 'p2p', name, members: [openId] };
      this.chats.set(chatId, chat);
    }
    return chat;
  }

  chat(chatId: string): EmulatorChat | undefined {
    return this.chats.get(chatId);
  }

  /** The chats a person sees: their direct chat and every group. */
  chatsOf(openId: string, name?: string): EmulatorChat[] {
    this.p2p(openId, name);
    return [...this.chats.values()].filter((c) => c.type === 'group' || c.members.includes(openId));
  }

  messagesIn(chatId: string): EmulatorMessage[] {
    return [...this.messages.values()].filter((m) => m.chatId === chatId).sort((a, b) => a.createdAt - b.createdAt);
  }

  message(messageId: string): EmulatorMessage | undefined {
    return this.messages.get(messageId);
  }

  /** Adds a message; with a `uuid` already used, returns the first message instead (Lark dedupes). */
  add(m: Omit<EmulatorMessage, 'messageId' | 'createdAt' | 'updatedAt' | 'version'>, uuid?: string, messageId = newMessageId()): EmulatorMessage {
    if (uuid) {
      const earlier = this.byUuid.get(uuid);
      const found = earlier ? this.messages.get(earlier) : undefined;
      if (found) return found;
    }
    const now = Date.now();
    const message: EmulatorMessage = { ...m, messageId, createdAt: now, updatedAt: now, version: 0 };
    this.messages.set(message.messageId, message);
    if (uuid) this.byUuid.set(uuid, message.messageId);
    this.trim();
    this.emit('change', { kind: 'message', message });
    return message;
  }

  /** Records a refusal in the chat where the refused card would have been (or was, for updates). */
  refuse(chatId: string, refusal: Refusal, content: string): EmulatorMessage {
    return this.add({ chatId, from: 'lark', msgType: 'refusal', content, refusal }, undefined, id('lark_refusal_'));
  }

  update(messageId: string, patch: Partial<Pick<EmulatorMessage, 'content' | 'urgent'>>): EmulatorMessage | undefined {
    const m = this.messages.get(messageId);
    if (!m) return undefined;
    Object.assign(m, patch, { updatedAt: Date.now(), version: m.version + 1 });
    this.emit('change', { kind: 'update', message: m });
    return m;
  }

  newActionToken(messageId: string): string {
    const token = id('c-');
    this.actionTokens.set(token, messageId);
    return token;
  }

  messageOfToken(token: string): string | undefined {
    return this.actionTokens.get(token);
  }

  /** An uploaded file (im/v1/files); its key goes into file messages. */
  addFile(name: string, data: Buffer): string {
    const key = id('file_v3_');
    this.files.set(key, { name, data });
    return key;
  }

  file(key: string): { name: string; data: Buffer } | undefined {
    return this.files.get(key);
  }

  record(call: Omit<ApiCall, 'at'>): void {
    const c = { ...call, at: Date.now() };
    this.calls.push(c);
    if (this.calls.length > this.limit) this.calls.splice(0, this.calls.length - this.limit);
    this.emit('change', { kind: 'call', call: c });
  }

  private trim() {
    if (this.messages.size <= this.limit) return;
    const oldest = [...this.messages.values()].sort((a, b) => a.createdAt - b.createdAt).slice(0, this.messages.size - this.limit);
    for (const m of oldest) this.messages.delete(m.messageId);
  }
}
