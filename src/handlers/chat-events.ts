import type { Command } from '../commands/command.js';
import type { Directory } from '../directory/directory.js';
import type { EventHandler } from '../inbox/handler-types.js';
import { BOT_ADDED_EVENT, BOT_MENU_EVENT, botAddedEventSchema, botMenuEventSchema, P2P_CHAT_CREATE_EVENT, P2P_ENTERED_EVENT, p2pChatCreateEventSchema, p2pEnteredEventSchema } from '../lark/envelope.js';
import type { Outbox } from '../outbox/outbox.js';
import { textContent } from '../outbox/outgoing-message.js';
import type { Greeter } from '../welcome/greeter.js';
import { commandReplies } from './command-replies.js';

/**
 * The bot menu's keys (机器人自定义菜单, 推送事件: the key set in the developer console arrives
 * as `event_key`) and the command each one stands for.
 */
export const MENU_COMMANDS: Record<string, string> = {
  help: '帮助',
  todo: '我的待办',
  new: '登记',
  duty: '值班',
  report: '报表',
  my_duty: '我的值班',
  approve: '发起审批',
  supervise: '督办 列表',
};

/** Events about chats: the bot added to a group, a person opening its chat, the bot menu. */
export function chatEventHandlers(deps: { greeter: Greeter; commands: () => Command[]; directory: Directory; outbox: Outbox }): Record<string, EventHandler> {
  const greetPerson: (openId: string) => Promise<void> = async (openId) => void (await deps.greeter.greetPerson(openId));
  return {
    [BOT_ADDED_EVENT]: async (envelope, ctx) => {
      const e = botAddedEventSchema.safeParse(envelope.event);
      if (!e.success) return void ctx.log.warn({ issue: e.error.issues[0]?.message }, 'malformed bot-added event; ignored');
      await deps.greeter.greetGroup(e.data.chat_id, ctx.eventId);
    },
    [P2P_ENTERED_EVENT]: async (envelope, ctx) => {
      const e = p2pEnteredEventSchema.safeParse(envelope.event);
      if (!e.success) return void ctx.log.warn({ issue: e.error.issues[0]?.message }, 'malformed chat-entered event; ignored');
      await greetPerson(e.data.operator_id.open_id);
    },
    [P2P_CHAT_CREATE_EVENT]: async (envelope, ctx) => {
      const e = p2pChatCreateEventSchema.safeParse(envelope.event);
      if (!e.success) return void ctx.log.warn({ issue: e.error.issues[0]?.message }, 'malformed p2p_chat_create event; ignored');
      await greetPerson(e.data.user.open_id);
    },
    [BOT_MENU_EVENT]: async (envelope, ctx) => {
      const e = botMenuEventSchema.safeParse(envelope.event);
      if (!e.success) return void ctx.log.warn({ issue: e.error.issues[0]?.message }, 'malformed bot menu event; ignored');
      const openId = e.data.operator.operator_id.open_id;
      const words = MENU_COMMANDS[e.data.event_key];
      // The menu lives in the direct chat; the event names no chat or message, so answers go to the person.
      const replies = words
        ? await commandReplies(deps, { eventId: ctx.eventId, text: words, senderOpenId: openId, mentions: [], chatId: '', chatType: 'p2p', messageId: '', now: ctx.now, log: ctx.log })
        : [{ msgType: 'text' as const, content: textContent(`菜单项「${e.data.event_key}」还没有对应的功能，请联系管理员。发送「帮助」查看可用命令。\nThe menu item "${e.data.event_key}" does nothing yet; tell an administrator. Send "help" to see what I can do.`) }];
      if (!words) ctx.log.warn({ eventKey: e.data.event_key }, 'bot menu key not mapped to a command');
      await deps.outbox.enqueue(replies.map((r, i) => ({ op: 'send' as const, key: `menu:${ctx.eventId}:${i}`, receiveIdType: 'open_id' as const, receiveId: openId, msgType: r.msgType, content: r.content })));
    },
  };
}
