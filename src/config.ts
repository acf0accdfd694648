import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { DEFAULT_SHIFTS, parseShifts, type ShiftPattern } from './duty/shift-patterns.js';
import { CATEGORIES, type Category } from './tickets/ticket-types.js';

/** The environment contract (keep the names: they are relied on from outside). */
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(blankToUndefined, z.string().optional());

/** CALLBACK_AFTER_DIRECT: `none`, `all`, or categories (e.g. `complaint,help`); null when neither. */
export function parseCallbackAfterDirect(v: string): Category[] | null {
  if (v === 'none') return [];
  if (v === 'all') return [...CATEGORIES];
  const cats = v.split(',').map((c) => c.trim());
  return cats.length > 0 && cats.every((c) => (CATEGORIES as readonly string[]).includes(c)) ? (cats as Category[]) : null;
}

/** HOTSPOT: `count/hours` such as `3/48h` (the h may be left out); null when not. */
export function parseHotspot(v: string): { count: number; hours: number } | null {
  const m = /^\s*(\d{1,3})\s*\/\s*(\d{1,3})\s*h?\s*$/i.exec(v);
  if (!m) return null;
  const count = Number(m[1]);
  const hours = Number(m[2]);
  return count >= 2 && count <= 100 && hours >= 1 && hours <= 720 ? { count, hours } : null;
}

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const envSchema = z.object({
  NODE_ENV: z.preprocess(blankToUndefined, z.enum(['development', 'production', 'test']).default('development')),
  PORT: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
  MONGODB_URI: z.preprocess(
    blankToUndefined,
    z.string().regex(/^mongodb(\+srv)?:\/\/\S+$/, 'must start with mongodb:// or mongodb+srv://').optional(),
  ),
  LARK_APP_ID: z.preprocess(blankToUndefined, z.string().regex(/^cli_[0-9a-zA-Z]+$/, 'must look like cli_xxxxxxxx').optional()),
  LARK_APP_SECRET: optionalString,
  LARK_ENCRYPT_KEY: optionalString,
  LARK_VERIFICATION_TOKEN: optionalString,
  LARK_DOMAIN: z.preprocess(
    blankToUndefined,
    z
      .string()
      .default('feishu')
      .refine((v) => v === 'feishu' || v === 'lark' || /^https?:\/\/[^\s/]+(\/\S*)?$/.test(v), {
        message: 'must be feishu, lark or a base URL such as http://127.0.0.1:4010',
      }),
  ),
  LARK_TRANSPORT: z.preprocess(blankToUndefined, z.enum(['webhook', 'ws']).default('webhook')),
  TZ: z.preprocess(blankToUndefined, z.string().default('Asia/Shanghai').refine(isTimeZone, 'must be an IANA time zone such as Asia/Shanghai')),
  LOG_LEVEL: z.preprocess(
    blankToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  GOVDESK_DATA_DIR: z.preprocess(blankToUndefined, z.string().default('./data')),
  EMULATOR: z.preprocess(blankToUndefined, z.enum(['0', '1', 'true', 'false']).optional()),
  TICKET_CLOCK_STARTS: z.preprocess(blankToUndefined, z.enum(['assignment', 'acceptance']).default('assignment')),
  TRANSFER_DEADLINE: z.preprocess(blankToUndefined, z.enum(['keep', 'restart']).default('keep')),
  GOVDESK_WORKDAY_START: z.preprocess(blankToUndefined, z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:mm such as 08:30').default('08:30')),
  GOVDESK_WORKDAY_END: z.preprocess(blankToUndefined, z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:mm such as 17:30').default('17:30')),
  ESCALATION_DAYS: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^\d{1,2},\d{1,2},\d{1,2}$/, 'must be three numbers of working days, such as 1,3,5')
      .default('1,3,5'),
  ),
  DUTY_SHIFTS: z.preprocess(
    blankToUndefined,
    z
      .string()
      .refine((v) => parseShifts(v) !== null, 'must be like day=08:30-17:30,night=17:30-08:30')
      .optional(),
  ),
  DUTY_REMINDERS: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d,\d{1,3},\d{1,3},\d{1,3}$/, 'must be EVENING,BEFORE,LATE,ESCALATE such as 18:00,60,15,30')
      .default('18:00,60,15,30'),
  ),
  INCIDENT_URGENT: z.preprocess(blankToUndefined, z.enum(['app', 'sms', 'phone']).default('sms')),
  ACCEPT_WITHIN_DAYS: z.preprocess(blankToUndefined, z.coerce.number().int('must be a whole number of working days').min(1, 'must be 1 to 30 working days').max(30, 'must be 1 to 30 working days').default(1)),
  CALLBACK_WITHIN_DAYS: z.preprocess(blankToUndefined, z.coerce.number().int('must be a whole number of working days').min(1, 'must be 1 to 30 working days').max(30, 'must be 1 to 30 working days').default(2)),
  CALLBACK_CHAT_ID: z.preprocess(blankToUndefined, z.string().regex(/^oc_[0-9a-zA-Z]+$/, 'must be a group chat id such as oc_xxxxxxxx').optional()),
  CALLBACK_AFTER_DIRECT: z.preprocess(
    blankToUndefined,
    z
      .string()
      .refine((v) => parseCallbackAfterDirect(v) !== null, `must be none, all, or categories such as complaint,help (${CATEGORIES.join(', ')})`)
      .default('none'),
  ),
  HOTSPOT: z.preprocess(blankToUndefined, z.string().refine((v) => parseHotspot(v) !== null, 'must be COUNT/HOURSh such as 3/48h (2 to 100 tickets within 1 to 720 hours)').default('3/48h')),
  TICKET_PREFIX: z.preprocess(blankToUndefined, z.string().regex(/^[A-Z]{1,6}$/, 'must be 1–6 capital letters, such as ZX').default('ZX')),
  PUBLIC_URL: z.preprocess(blankToUndefined, z.string().regex(/^https?:\/\/[^\s/]+(\/\S*)?$/, 'must be the base URL people reach the bot at, such as https://govdesk.example.gov.cn').optional()),
  PUBLIC_BASE_URL: z.preprocess(blankToUndefined, z.string().regex(/^https?:\/\/[^\s/]+(\/\S*)?$/, 'must be the base URL people reach the bot at, such as https://govdesk.example.gov.cn').optional()),
});

export interface Config {
  readonly nodeEnv: 'development' | 'production' | 'test';
  readonly port: number;
  /** Unset: run on the embedded FerretDB under `dataDir`. */
  readonly mongodbUri: string | undefined;
  readonly lark: {
    readonly appId: string;
    readonly appSecret: string;
    /** False when running without real credentials (local development only). */
    readonly hasCredentials: boolean;
    readonly encryptKey: string | undefined;
    readonly verificationToken: string | undefined;
    /** Base URL of the Open API. */
    readonly domain: string;
    readonly transport: 'webhook' | 'ws';
  };
  readonly tz: string;
  readonly logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  readonly dataDir: string;
  /**
   * Serve the local emulator at /emulator and send every Open API call to its fake Lark:
   * on by default without credentials, with credentials only when EMULATOR=1, never in production.
   */
  readonly emulator: boolean;
  /** Ticket numbers are `<prefix>-YYYYMMDD-NNNN`. */
  readonly ticketPrefix: string;
  /** The base URL people's calendar apps reach the bot at (duty calendar links); unset: no links (emulator: localhost). */
  readonly publicUrl: string | undefined;
  /** Shift reminders and handover alerts: evening-before time, minutes before, 接班 late and escalation minutes. */
  readonly dutyReminders: { eveningAt: string; remindBeforeMinutes: number; lateMinutes: number; escalateMinutes: number };
  /** How an unacknowledged major incident is re-sent after 5 minutes: in-app, SMS or phone urgency. */
  readonly incidentUrgent: 'app' | 'sms' | 'phone';
  /** The duty shifts of a day (default day 08:30–17:30, night 17:30–08:30). */
  readonly dutyShifts: ShiftPattern[];
  /** Whether a ticket's time limit counts from its assignment or from the unit's acceptance. */
  readonly ticketClockStarts: 'assignment' | 'acceptance';
  /** 改派: the new unit keeps the ticket's deadline, or gets a time limit counted afresh from the transfer. */
  readonly transferDeadline: 'keep' | 'restart';
  /** The categories whose direct answers (直接答复) are still called back (CALLBACK_AFTER_DIRECT; default none). */
  readonly callbackAfterDirect: readonly Category[];
  /** The working day (HH:mm): every deadline is `end` on its date; caught-up messages wait for start–end. */
  readonly workday: { readonly start: string; readonly end: string };
  /** Working days overdue: urge the unit head, tell the directors, list for the bulletin. */
  readonly escalation: { urge: number; director: number; report: number };
  /** 签收时限: working days a unit has to accept an assignment before it is chased (then the dispatchers one day later). */
  readonly acceptWithinDays: number;
  /** Working days after 审核通过 (办结 by the unit) within which the desk calls the caller back. */
  readonly callbackWithinDays: number;
  /** The callback desk's group chat: 回访 cards go there instead of to every intake clerk. */
  readonly callbackChatId: string | undefined;
  /** 热点预警 (HOTSPOT): this many tickets about one place or matter within this many hours alert the desk. */
  readonly hotspot: { readonly count: number; readonly hours: number };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const DOMAINS: Record<string, string> = {
  feishu: 'https://open.feishu.cn',
  lark: 'https://open.larksuite.com',
};

/** Local credentials for emulator mode, made up at each start (nothing outside may rely on them). */
const localSecret = () => randomBytes(16).toString('hex');

/**
 * `needsLark: false` is for the admin command line: in production the bot needs the app's
 * credentials (and a way to check deliveries), but only the commands that call Lark do (`org sync`
 * checks `lark.hasCredentials` itself).
 */
export function loadConfig(env: Record<string, string | undefined> = process.env, opts: { needsLark?: boolean } = {}): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const hasCredentials = Boolean(e.LARK_APP_ID && e.LARK_APP_SECRET);
  if (Boolean(e.LARK_APP_ID) !== Boolean(e.LARK_APP_SECRET)) {
    problems.push('LARK_APP_ID and LARK_APP_SECRET: set both or neither');
  }
  if (e.NODE_ENV === 'production' && opts.needsLark !== false) {
    if (!hasCredentials) problems.push('LARK_APP_ID, LARK_APP_SECRET: required when NODE_ENV=production');
    if (!e.LARK_ENCRYPT_KEY && !e.LARK_VERIFICATION_TOKEN && e.LARK_TRANSPORT === 'webhook') {
      problems.push('LARK_ENCRYPT_KEY or LARK_VERIFICATION_TOKEN: at least one is required for webhooks in production');
    }
  }
  const emulatorFlag = e.EMULATOR === '1' || e.EMULATOR === 'true';
  if (e.NODE_ENV === 'production' && emulatorFlag) problems.push('EMULATOR: the emulator is never served when NODE_ENV=production');
  if (e.GOVDESK_WORKDAY_START >= e.GOVDESK_WORKDAY_END) problems.push('GOVDESK_WORKDAY_START, GOVDESK_WORKDAY_END: the working day must start before it ends');
  if (problems.length > 0) throw new ConfigError(problems);
  const emulator = e.NODE_ENV !== 'production' && (!hasCredentials || emulatorFlag);

  return Object.freeze({
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    mongodbUri: e.MONGODB_URI,
    lark: Object.freeze({
      appId: e.LARK_APP_ID ?? `cli_${localSecret().slice(0, 16)}`,
      appSecret: e.LARK_APP_SECRET ?? localSecret(),
      hasCredentials,
      // The emulator signs and encrypts like Lark, so it needs both even when none are set.
      encryptKey: e.LARK_ENCRYPT_KEY ?? (emulator ? localSecret() : undefined),
      verificationToken: e.LARK_VERIFICATION_TOKEN ?? (emulator ? localSecret() : undefined),
      domain: (DOMAINS[e.LARK_DOMAIN] ?? e.LARK_DOMAIN).replace(/\/+$/, ''),
      transport: e.LARK_TRANSPORT,
    }),
    tz: e.TZ,
    logLevel: e.LOG_LEVEL,
    dataDir: e.GOVDESK_DATA_DIR,
    emulator,
    ticketPrefix: e.TICKET_PREFIX,
    // PUBLIC_BASE_URL is the documented name; PUBLIC_URL, its earlier name, still works.
    publicUrl: (e.PUBLIC_BASE_URL ?? e.PUBLIC_URL)?.replace(/\/+$/, ''),
    ticketClockStarts: e.TICKET_CLOCK_STARTS,
    transferDeadline: e.TRANSFER_DEADLINE,
    callbackAfterDirect: Object.freeze(parseCallbackAfterDirect(e.CALLBACK_AFTER_DIRECT)!),
    workday: Object.freeze({ start: e.GOVDESK_WORKDAY_START, end: e.GOVDESK_WORKDAY_END }),
    incidentUrgent: e.INCIDENT_URGENT,
    dutyReminders: (([eveningAt, before, late, escalate]) => ({ eveningAt: eveningAt!, remindBeforeMinutes: Number(before), lateMinutes: Number(late), escalateMinutes: Number(escalate) }))(e.DUTY_REMINDERS.split(',')),
    dutyShifts: e.DUTY_SHIFTS ? parseShifts(e.DUTY_SHIFTS)! : DEFAULT_SHIFTS,
    acceptWithinDays: e.ACCEPT_WITHIN_DAYS,
    callbackWithinDays: e.CALLBACK_WITHIN_DAYS,
    callbackChatId: e.CALLBACK_CHAT_ID,
    hotspot: Object.freeze(parseHotspot(e.HOTSPOT)!),
    escalation: (([urge, director, report]) => ({ urge: urge!, director: director!, report: report! }))(e.ESCALATION_DAYS.split(',').map(Number)),
  });
}
