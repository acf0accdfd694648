import { parseArgs } from 'node:util';
import cron from 'node-cron';
import { JOB_DEFAULTS } from '../schedules/job-defaults.js';
import { effectiveJobs, nextSlot } from '../schedules/scheduler.js';
import dayjs from '../lib/dayjs.js';
import { CliError, println, type CliContext } from './cli-context.js';

export const SCHEDULES_HELP = `govdesk schedules — the bot's timed jobs 定时任务

  schedules list                               Each job: on/off, time, next firing, last run 列出
  schedules set NAME [--cron "0 9 * * *"] [--on|--off]
                                               Switch a job or move it (Asia/Shanghai); a running
                                               bot picks it up within a minute 开关或改时间`;

export async function schedulesCli(ctx: CliContext, argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === 'help' || sub === '--help' || sub === '-h') return void println(ctx.out, SCHEDULES_HELP);
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { cron: { type: 'string' }, on: { type: 'boolean' }, off: { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n\n${SCHEDULES_HELP}`, 2);
  }
  const { values, positionals } = parsed;
  const db = await ctx.database();
  const tz = ctx.config.tz;
  const fmt = (d: Date) => dayjs(d).tz(tz).format('YYYY-MM-DD HH:mm');
  if (sub === 'list') {
    for (const e of await effectiveJobs(JOB_DEFAULTS.map((j) => ({ ...j, run: async () => 0 })), db.models.scheduleSettings)) {
      const last = await db.models.jobRuns.findOne({ job: e.job.name }).sort({ slot: -1 }).lean();
      const lastRun = last ? `${fmt(last.startedAt)} on ${last.owner}, ${last.durationMs} ms, ${last.messages} message(s)${last.catchUp ? ', catch-up' : ''}${last.error ? `, failed: ${last.error}` : ''}` : 'never 从未';
      println(ctx.out, `${e.job.name}\t${e.enabled ? 'on 开' : 'off 关'}\t${e.cron}\tnext ${e.enabled ? fmt(nextSlot(e.cron, ctx.clock.now(), tz)) : '—'}\tlast ${lastRun}`);
      println(ctx.out, `    ${e.job.summary ?? ''}`);
    }
    return;
  }
  if (sub === 'set') {
    const [name] = positionals;
    if (!name || !JOB_DEFAULTS.some((j) => j.name === name)) throw new CliError(`未知任务 unknown job: ${name ?? '(none)'}; jobs: ${JOB_DEFAULTS.map((j) => j.name).join(', ')}`, 2);
    if (values.on && values.off) throw new CliError('--on 和 --off 只能选一个 choose --on or --off', 2);
    if (values.cron !== undefined && !cron.validate(values.cron)) throw new CliError(`不是有效的 cron 表达式 not a cron expression: ${values.cron}`, 2);
    if (values.cron === undefined && !values.on && !values.off) throw new CliError('请给出 --cron、--on 或 --off give --cron, --on or --off', 2);
    await db.models.scheduleSettings.updateOne(
      { _id: name },
      { $set: { ...(values.cron !== undefined ? { cron: values.cron } : {}), ...(values.on ? { enabled: true } : {}), ...(values.off ? { enabled: false } : {}), by: ctx.actor, at: ctx.clock.now() } },
      { upsert: true },
    );
    println(ctx.out, `已更新 updated ${name}`);
    return;
  }
  throw new CliError(`未知命令 unknown command: schedules ${sub}\n\n${SCHEDULES_HELP}`, 2);
}
