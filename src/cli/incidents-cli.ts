import dayjs from '../lib/dayjs.js';
import { CliError, println, type CliContext } from './cli-context.js';

export const INCIDENTS_HELP = `govdesk incidents — major incidents and their timings 重特大事件

  incidents [--all]     Each incident: logged, told whom when, acknowledged, reported upward
                        (首报, minutes after logging; the limit is 30), 续报 and 终报, and each
                        report's time and receiver 列出事件及各环节用时、首报/续报/终报及接收人`;

/** `incidents`: the record of who was told, who acknowledged, and when it was reported. */
export async function incidentsCli(ctx: CliContext, argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) return void println(ctx.out, INCIDENTS_HELP);
  const unknown = argv.filter((a) => a !== '--all');
  if (unknown.length) throw new CliError(`未知参数 unknown argument: ${unknown.join(' ')}\n\n${INCIDENTS_HELP}`, 2);
  const db = await ctx.database();
  const since = argv.includes('--all') ? new Date(0) : new Date(ctx.clock.now().getTime() - 30 * 86_400_000);
  const incidents = (await db.models.incidents.find({ loggedAt: { $gte: since } }).lean()).sort((a, b) => b.loggedAt.getTime() - a.loggedAt.getTime());
  const tz = ctx.config.tz;
  for (const i of incidents) {
    const events = await db.models.incidentEvents.find({ incident: i._id }).lean();
    const after = (type: string) => {
      const e = events.filter((x) => x.type === type).sort((a, b) => a.at.getTime() - b.at.getTime())[0];
      return e ? `${Math.round((e.at.getTime() - i.loggedAt.getTime()) / 60_000)} min (${dayjs(e.at).tz(tz).format('HH:mm')})` : '—';
    };
    const told = events.filter((e) => e.type === 'notified').length;
    println(ctx.out, `${i._id}\t${dayjs(i.loggedAt).tz(tz).format('YYYY-MM-DD HH:mm')}\t${i.status}\t${i.title.slice(0, 30)}`);
    println(ctx.out, `    alerted ${told} round(s); acknowledged ${after('acknowledged')}; reported upward ${after('reported')}; office alerted at 30 min: ${events.some((e) => e.type === 'report_late') ? 'yes 是' : 'no 否'}; follow-ups ${events.filter((e) => e.type === 'followup').length}; final report ${after('final_report')}`);
    const stage: Record<string, string> = { reported: '首报 first', followup: '续报 follow-up', final_report: '终报 final' };
    for (const r of events.filter((e) => stage[e.type]).sort((a, b) => a.at.getTime() - b.at.getTime()))
      println(ctx.out, `    ${dayjs(r.at).tz(tz).format('MM-DD HH:mm')}\t${stage[r.type]}\tto ${r.receiver || '—'}\tby ${r.by}`);
  }
  println(ctx.err, `共 ${incidents.length} 起 ${incidents.length} incident(s)`);
}
