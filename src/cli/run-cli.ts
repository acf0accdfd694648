import { userInfo } from 'node:os';
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase, type OpenDatabase } from '../db/open-database.js';
import { createLarkContactApi } from '../lark/lark-contact-api.js';
import { createSdkClient } from '../lark/sdk-client.js';
import { systemClock } from '../lib/clock.js';
import { createLogger } from '../lib/logger.js';
import { CliError, println, type CliContext } from './cli-context.js';
import { approvalCli } from './approval-cli.js';
import { calendarCli } from './calendar-cli.js';
import { incidentsCli } from './incidents-cli.js';
import { dispatchCli } from './dispatch-cli.js';
import { openItemsCli } from './open-items-cli.js';
import { reportCli } from './report-cli.js';
import { rosterCli } from './roster-cli.js';
import { schedulesCli } from './schedules-cli.js';
import { orgCli } from './org-cli.js';

export const HELP = `govdesk — 政务助手 admin command line 管理命令行

Usage 用法: npm run govdesk -- <command> [options]    (or the \`govdesk\` bin)

Commands 命令:
  org import FILE [--dry-run] [--prune]   load the directory from JSON or CSV 导入通讯录
  org export [--format json|csv]          print the directory 导出通讯录
  org list [--role ROLE] [--unit CODE]    list people 列出人员
  org grant OPEN_ID ROLE                  give a role 授予角色
  org revoke OPEN_ID ROLE                 take a role away 撤销角色
  org sync                                pull units and people from Lark 从飞书同步
  approval flows                          list approval flows and their steps 列出审批流程
  calendar show|set|unset|import …        working days and the office's overrides 工作日历
  schedules list|set …                    the timed jobs: on/off, times, last runs 定时任务
  roster import|generate|leave|publish|show|export …
                                          the duty roster (import or generate fairly; CSV, iCalendar) 值班表
  incidents [--all]                       major incidents and their timings 重特大事件
  report export --from … --to … [--format xlsx|csv] [--out FILE]
                                          the ledger (台账) and the figures 报表导出
  report bulletin --month YYYY-MM --out FILE.xlsx
                                          the monthly bulletin 督查通报
  report rebuild --from … --to …          the figures' rollups rewritten from the tickets 统计重建
  open-items rebuild                      open tickets, repeat keys and past answers made again from the tickets 重建待办投影
  dispatch rebuild                        smart dispatch's examples made again from the tickets 重建智能派单样本

  govdesk <command> --help    more on each (org, calendar, schedules, roster, incidents, report, open-items, dispatch)

Database 数据库: MONGODB_URI when set; otherwise the embedded FerretDB under GOVDESK_DATA_DIR
(./data), the same rule as \`npm start\` (a running bot's embedded database is shared).
Lark credentials (LARK_APP_ID, LARK_APP_SECRET): only \`org sync\` needs them, in production too.
Exit codes: 0 done, 1 refused (bad file, unknown person…), 2 wrong usage; 0 too when the reader
of the output stops early (\`org list | head\`).`;

export interface RunCliOverrides extends Partial<Omit<CliContext, 'database'>> {
  env?: Record<string, string | undefined>;
  database?: () => Promise<OpenDatabase>;
}

/** Runs one CLI command; returns the exit code. Tests call it in-process with their own streams. */
export async function runCli(argv: string[], overrides: RunCliOverrides = {}): Promise<number> {
  const out = overrides.out ?? process.stdout;
  const err = overrides.err ?? process.stderr;
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    println(out, HELP);
    return command === undefined ? 2 : 0;
  }
  let opened: OpenDatabase | undefined;
  try {
    // Only `org sync` calls Lark (and says so when the credentials are missing): the rest run without them, in production too.
    const config = overrides.config ?? loadConfig(overrides.env ?? process.env, { needsLark: false });
    // Logs go to stderr, warnings only, so that stdout stays clean for `org export`.
    const log = overrides.log ?? createLogger(process.env.LOG_LEVEL ? config.logLevel : 'warn', process.stderr);
    const ctx: CliContext = {
      out,
      err,
      config,
      log,
      clock: overrides.clock ?? systemClock,
      tty: overrides.tty ?? Boolean((err as NodeJS.WriteStream).isTTY),
      actor: overrides.actor ?? `cli:${safeUser()}`,
      database: async () => (opened ??= await (overrides.database ?? (() => openDatabase(config, log)))()),
      contactApi: overrides.contactApi ?? (() => createLarkContactApi(createSdkClient({ ...config.lark, log }))),
    };
    switch (command) {
      case 'org':
        await orgCli(ctx, rest);
        return 0;
      case 'approval':
        await approvalCli(ctx, rest);
        return 0;
      case 'calendar':
        await calendarCli(ctx, rest);
        return 0;
      case 'schedules':
        await schedulesCli(ctx, rest);
        return 0;
      case 'roster':
        await rosterCli(ctx, rest);
        return 0;
      case 'incidents':
        await incidentsCli(ctx, rest);
        return 0;
      case 'report':
        await reportCli(ctx, rest);
        return 0;
      case 'open-items':
        await openItemsCli(ctx, rest);
        return 0;
      case 'dispatch':
        await dispatchCli(ctx, rest);
        return 0;
      default:
        throw new CliError(`未知命令 unknown command: ${command}\n\n${HELP}`, 2);
    }
  } catch (e) {
    if (e instanceof CliError) {
      println(err, e.message);
      return e.exitCode;
    }
    if (e instanceof ConfigError) {
      println(err, e.message);
      return 2;
    }
    println(err, `出错了 failed: ${(e as Error)?.stack ?? String(e)}`);
    return 1;
  } finally {
    if (opened && !overrides.database) await opened.close();
  }
}

/**
 * The reader of our output went away (`govdesk org list | head`): what is left to print is
 * dropped quietly and the command finishes as it would have (an import still completes), instead
 * of dying with an EPIPE stack trace. Any other stream error is thrown as before.
 */
export function ignoreBrokenPipe(stream: NodeJS.WritableStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') return;
    throw e;
  });
}

const safeUser = () => {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
};

