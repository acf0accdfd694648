import { DispatchModel, DISPATCH_MIN_EXAMPLES } from '../tickets/dispatch-model.js';
import { CliError, println, type CliContext } from './cli-context.js';

export const DISPATCH_HELP = `govdesk dispatch — smart dispatch's examples 智能派单样本

  dispatch rebuild      Make dispatch_examples (one row per ticket a unit has accepted, under the
                        unit that accepted it last: what the 派单 card's suggested units are
                        learned from) again from the tickets. Reads every assigned ticket once;
                        safe while the bot runs, which reads the examples at its next start (and
                        builds them by itself at start-up when none exist while tickets have been
                        assigned). Suggestions show once ${DISPATCH_MIN_EXAMPLES} tickets have been assigned and accepted.
                        由工单重建智能派单样本`;

/** `dispatch rebuild`: the smart-dispatch examples made again from the tickets. */
export async function dispatchCli(ctx: CliContext, argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) return void println(ctx.out, DISPATCH_HELP);
  if (argv.length !== 1 || argv[0] !== 'rebuild') throw new CliError(`用法 usage: dispatch rebuild\n\n${DISPATCH_HELP}`, 2);
  const { models } = await ctx.database();
  const model = new DispatchModel({ examples: models.dispatchExamples, tickets: models.tickets, transitions: models.ticketTransitions, log: ctx.log });
  const r = await model.rebuild();
  println(ctx.out, `dispatch_examples: ${r.examples} 件已签收工单 accepted ticket(s), ${r.removed} 行已移除 row(s) removed`);
}
