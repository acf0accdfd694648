import { rebuildTicketProjections } from '../tickets/rebuild-ticket-projections.js';
import { CliError, println, type CliContext } from './cli-context.js';

export const OPEN_ITEMS_HELP = `govdesk open-items — what is open, kept for the digests and 我的待办 待办投影

  open-items rebuild    Make open_items (one row per open ticket, read by the digests, reminders,
                        escalation and 我的待办) and ticket_keys (the last 30 days' tickets by phone
                        and place, for repeat detection) and past_answers (the replies callers
                        accepted, suggested at 登记 of a 咨询 call) again from the tickets. For a database
                        from before them; safe while the bot runs. The bot does it by itself at
                        start-up when open_items is empty while tickets are open.
                        由工单重建待办投影和重复来电索引`;

/** `open-items rebuild`: the ticket projections made again from the tickets. */
export async function openItemsCli(ctx: CliContext, argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) return void println(ctx.out, OPEN_ITEMS_HELP);
  if (argv.length !== 1 || argv[0] !== 'rebuild') throw new CliError(`用法 usage: open-items rebuild\n\n${OPEN_ITEMS_HELP}`, 2);
  const db = await ctx.database();
  const r = await rebuildTicketProjections(db.models, ctx.clock.now());
  println(ctx.out, `open_items: ${r.open} 件待办 open ticket(s), ${r.removed} 行已移除 row(s) removed; ticket_keys: ${r.keyed} 件近 30 天工单 ticket(s) of the last 30 days; past_answers: ${r.answers} 条已认可答复 accepted answer(s)`);
}
