import { dutyNowCard, myShiftsCard } from '../cards/duty-cards.js';
import type { Command } from '../commands/command.js';
import type { Directory } from '../directory/directory.js';
import type { Roster } from '../duty/roster.js';
import type { ShiftPattern } from '../duty/shift-patterns.js';
import type { Clock } from '../lib/clock.js';
import type { DutyShiftDoc } from '../models/duty-shift.js';
import { cardContent } from '../outbox/outgoing-message.js';

/** `值班` / `duty` (who is on now and next) and `我的值班` / `my duty` (one's own shifts). */
export function dutyCommands(deps: { roster: Roster; directory: Directory; patterns: ShiftPattern[]; clock: Clock; tz: string }): Command[] {
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
      summary: { zh: '我接下来的班次', en: 'My coming shifts' },
      async run(ctx) {
        const shifts = await deps.roster.of(ctx.senderOpenId, deps.clock.now());
        return [{ msgType: 'interactive', content: cardContent(myShiftsCard(shifts, ctx.senderOpenId, deps.patterns, await namesFor(shifts), deps.tz)) }];
      },
    },
  ];
}
