import { z } from 'zod';

/** The environment contract (keep the names: they are relied on from outside). */
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(blankToUndefined, z.string().optional());

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

/** Local stand-in credentials so a newcomer can run the bot before the Lark app exists. */
const LOCAL_APP_ID = 'cli_0000000000000000';
const LOCAL_APP_SECRET = 'local-development-secret';

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
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
  if (e.NODE_ENV === 'production') {
    if (!hasCredentials) problems.push('LARK_APP_ID, LARK_APP_SECRET: required when NODE_ENV=production');
    if (!e.LARK_ENCRYPT_KEY && !e.LARK_VERIFICATION_TOKEN && e.LARK_TRANSPORT === 'webhook') {
      problems.push('LARK_ENCRYPT_KEY or LARK_VERIFICATION_TOKEN: at least one is required for webhooks in production');
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return Object.freeze({
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    mongodbUri: e.MONGODB_URI,
    lark: Object.freeze({
      appId: e.LARK_APP_ID ?? LOCAL_APP_ID,
      appSecret: e.LARK_APP_SECRET ?? LOCAL_APP_SECRET,
      hasCredentials,
      encryptKey: e.LARK_ENCRYPT_KEY,
      verificationToken: e.LARK_VERIFICATION_TOKEN,
      domain: (DOMAINS[e.LARK_DOMAIN] ?? e.LARK_DOMAIN).replace(/\/+$/, ''),
      transport: e.LARK_TRANSPORT,
    }),
    tz: e.TZ,
    logLevel: e.LOG_LEVEL,
    dataDir: e.GOVDESK_DATA_DIR,
  });
}
