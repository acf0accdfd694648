import { dutyNowCard, myShiftsCard } from '../cards/duty-cards.js';
import type { Command } from '../commands/command.js';
import type { Directory } from '../directory/directory.js';
import type { Roster } from '../duty/roster.js';
import type { DutyCalendarFeed } from '../duty/duty-calendar-feed.js';
import type { ShiftPattern } from '../duty/shift-patterns.js';
import type { Clock } from '../lib/clock.js';
import type { DutyShiftDoc } from '../models/duty-shift.js';
import { cardContent, textContent } from '../outbox/outgoing-message.js';

/** `我的值班 重置链接` / `my duty reset link`: revoke the calendar link and make a new one. */
const RESET = /^(重置链接|reset\s*link)$/i;
const say = (zh: string, en: string) => ({ msgType: 'text' as const, content: textContent(`${zh}\n${en}`) });

/** `值班` / `duty` (who is on now and next) and `我的值班` / `my duty` (one's own shifts and calendar link; `重置链接` replaces the link). */
export function dutyCommands(deps: { roster: Roster; directory: Directory; patterns: ShiftPattern[]; clock: Clock; tz: string; feed?: DutyCalendarFeed }): Command[] {
  const namesFor = async (shifts: (DutyShiftDoc | null)[]) => {
    const ids = shifts.flatMap((s) => (s ? [s.primary, s.secondary, s.leader].filter((x): x is string => Boolean(x)) : []));
    const names = await deps.directory.names(ids);
    return (id: string) => names.get(id) ?? id;
  };
  return [
    {
      id: 'duty.now',
      words: ['值班', 'duty'],
      summary: { zh: '现在和下一班谁值班', en: 'Who is on duty now, and next' },
      async run() {
        const { current, next } = await deps.roster.nowAndNext(deps.clock.now());
        return [{ msgType: 'interactive', content: cardContent(dutyNowCard(current, next, deps.patterns, await namesFor([current, next]), deps.tz)) }];
      },
    },
    {
      id: 'duty.mine',
      words: ['我的值班', 'my duty'],
      summary: { zh: '我接下来的全部班次，及值班日历订阅链接', en: 'All my coming shifts, and my duty calendar link' },
      usage: '我的值班 [重置链接]',
      async run(ctx) {
        // The subscription link is the person's own: only in their direct chat.
        const direct = ctx.chatType === 'p2p';
        const reset = RESET.test(ctx.args);
        if (reset && !deps.feed?.offered()) return [say('本机器人未配置对外地址（PUBLIC_BASE_URL），没有值班日历链接可重置。', 'The bot has no public address (PUBLIC_BASE_URL), so there is no calendar link to reset.')];
        if (reset && !direct) return [say('日历链接仅限本人：请在与政务助手的私聊中发送「我的值班 重置链接」。', 'The calendar link is yours alone: send "my duty reset link" in your direct chat with the bot.')];
        const shifts = await deps.roster.of(ctx.senderOpenId, deps.clock.now());
        const feedUrl = direct && deps.feed ? await (reset ? deps.feed.reset(ctx.senderOpenId, ctx.eventId) : deps.feed.linkFor(ctx.senderOpenId)) : null;
        return [{ msgType: 'interactive', content: cardContent(myShiftsCard(shifts, ctx.senderOpenId, deps.patterns, await namesFor(shifts), deps.tz, { feedUrl, inGroup: !direct && Boolean(deps.feed?.offered()), reset })) }];
      },
    },
  ];
}
