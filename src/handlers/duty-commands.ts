import { dutyNowCard, myShiftsCard } from '../cards/duty-cards.js';
import type { Command } from '../commands/command.js';
import type { Directory } from '../directory/directory.js';
import type { Roster } from '../duty/roster.js';
import type { DutyCalendarFeed } from '../duty/duty-calendar-feed.js';
import type { ShiftPattern } from '../duty/shift-patterns.js';
import type { Clock } from '../lib/clock.js';
import type { DutyShiftDoc } from '../models/duty-shift.js';
import { cardContent } from '../outbox/outgoing-message.js';

/** `值班` / `duty` (who is on now and next) and `我的值班` / `my duty` (one's own shifts). */
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
      async run(ctx) {
        const shifts = await deps.roster.of(ctx.senderOpenId, deps.clock.now());
        // The subscription link is the person's own: only in their direct chat.
        const direct = ctx.chatType === 'p2p';
        const feedUrl = direct && deps.feed ? await deps.feed.linkFor(ctx.senderOpenId) : null;
        return [{ msgType: 'interactive', content: cardContent(myShiftsCard(shifts, ctx.senderOpenId, deps.patterns, await namesFor(shifts), deps.tz, { feedUrl, inGroup: !direct && Boolean(deps.feed?.offered()) })) }];
      },
    },
  ];
}
