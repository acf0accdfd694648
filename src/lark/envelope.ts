import { z } from 'zod';

/** Schema 2.0 event envelope: {schema, header:{event_id, event_type, …}, event:{…}}. */
export const envelopeSchema = z.object({
  schema: z.literal('2.0'),
  header: z.object({
    event_id: z.string().min(1).max(128),
    event_type: z.string().min(1).max(128),
    create_time: z.string().optional(),
    token: z.string().optional(),
    app_id: z.string().optional(),
    tenant_key: z.string().optional(),
  }),
  event: z.record(z.string(), z.unknown()),
});
export type Envelope = z.infer<typeof envelopeSchema>;

export const urlVerificationSchema = z.object({
  type: z.literal('url_verification'),
  challenge: z.string().min(1).max(512),
  token: z.string().optional(),
});

const userIdSchema = z.object({
  open_id: z.string().min(1),
  user_id: z.string().optional().nullable(),
  union_id: z.string().optional().nullable(),
});

/** `im.message.receive_v1`. */
export const messageReceiveEventSchema = z.object({
  sender: z.object({
    sender_id: userIdSchema,
    sender_type: z.string(),
    tenant_key: z.string().optional(),
  }),
  message: z.object({
    message_id: z.string().min(1),
    root_id: z.string().optional().nullable(),
    parent_id: z.string().optional().nullable(),
    create_time: z.string().optional(),
    chat_id: z.string().min(1),
    chat_type: z.string(),
    message_type: z.string(),
    content: z.string(),
    mentions: z
      .array(
        z.object({
          key: z.string(),
          id: z.object({ open_id: z.string().optional(), user_id: z.string().optional().nullable(), union_id: z.string().optional().nullable() }),
          name: z.string(),
          tenant_key: z.string().optional(),
        }),
      )
      .optional()
      .nullable(),
  }),
});
export type MessageReceiveEvent = z.infer<typeof messageReceiveEventSchema>;

/** `card.action.trigger` (new-style card callback). */
export const cardActionEventSchema = z.object({
  operator: userIdSchema.extend({ tenant_key: z.string().optional() }),
  token: z.string().optional(),
  action: z.object({
    value: z.record(z.string(), z.unknown()).optional().nullable(),
    tag: z.string(),
    name: z.string().optional(),
    form_value: z.record(z.string(), z.unknown()).optional().nullable(),
    input_value: z.string().optional(),
    option: z.string().optional(),
    options: z.array(z.string()).optional(),
    timezone: z.string().optional(),
  }),
  host: z.string().optional(),
  context: z.object({ open_message_id: z.string().optional(), open_chat_id: z.string().optional() }).optional(),
});
export type CardActionEvent = z.infer<typeof cardActionEventSchema>;

export const CARD_ACTION_EVENT = 'card.action.trigger';
export const MESSAGE_RECEIVE_EVENT = 'im.message.receive_v1';

/** `im.chat.member.bot.added_v1` (机器人进群, group/chat-member/event/added-1.md). */
export const botAddedEventSchema = z.object({ chat_id: z.string().min(1), operator_id: userIdSchema.partial().optional() });

/** `im.chat.access_event.bot_p2p_chat_entered_v1` (用户进入与机器人的会话, bot_p2p_chat_entered.md). */
export const p2pEnteredEventSchema = z.object({ chat_id: z.string().min(1), operator_id: userIdSchema });

/** Schema 1.0 `p2p_chat_create` (用户和机器人的会话首次被创建, chat-member/event/bot-events.md). */
export const p2pChatCreateEventSchema = z.object({ chat_id: z.string().optional(), user: z.object({ open_id: z.string().min(1), name: z.string().optional() }) });

/** `application.bot.menu_v6` (机器人自定义菜单事件): the menu item's key and who pressed it. */
export const botMenuEventSchema = z.object({
  operator: z.object({ operator_name: z.string().optional(), operator_id: userIdSchema }),
  event_key: z.string().min(1).max(30),
  timestamp: z.string().optional(),
});

export const BOT_ADDED_EVENT = 'im.chat.member.bot.added_v1';
export const P2P_ENTERED_EVENT = 'im.chat.access_event.bot_p2p_chat_entered_v1';
/** The schema 1.0 event, carried in a 2.0-shaped envelope by openLarkRequest. */
export const P2P_CHAT_CREATE_EVENT = 'p2p_chat_create';
export const BOT_MENU_EVENT = 'application.bot.menu_v6';
