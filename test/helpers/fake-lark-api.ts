import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkCard } from '../../src/cards/contract/check-card.js';
import { larkRefusal } from '../../src/cards/contract/lark-refusal.js';

/** The bot's open_id as this fake's GET /open-apis/bot/v3/info tells it (tests @mention it so). */
export const BOT_OPEN_ID = 'ou_bot';

/** One call the bot made to the fake Open API. */
export interface RecordedCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown>;
  authorization: string | undefined;
}

export interface ScriptedAnswer {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

const UUID_WINDOW_MS = 60 * 60 * 1000;

/**
 * A small fake of Lark's Open API on a loopback port, reached through LARK_DOMAIN. It answers
 * as Lark does ({code, msg, data}), deduplicates sends by `uuid` like Lark, and can be told to
 * fail, rate-limit, reject the token, or hold its answers.
 */
export class FakeLarkApi {
  readonly calls: RecordedCall[] = [];
  /** Cards refused as Lark refuses them (the send answered 230099/230025), with Lark's message. */
  readonly refused: { call: RecordedCall; msg: string }[] = [];
  /** Messages Lark would have delivered (after uuid dedupe). */
  readonly delivered: RecordedCall[] = [];
  /** When each delivered message arrived (ms), for rate checks. */
  readonly arrivals: number[] = [];
  private readonly script: ScriptedAnswer[] = [];
  private readonly byUuid = new Map<string, { messageId: string; at: number }>();
  /** Lark deduplicates a `uuid` for about an hour (lark-platform.md). A test that moves the bot's clock sets this to it. */
  now: () => number = () => Date.now();
  private held: (() => void)[] | undefined;
  private holdPrefix = '';
  private tokenSeq = 0;
  /** Lark's tenant tokens stay valid until they expire (2 h): every one issued is good until revoked. */
  private readonly validTokens = new Set<string>();
  private server: Server | undefined;
  url = '';
  /** Files people sent, by image_key or file_key: served by GET …/messages/:id/resources/:key. */
  readonly resources = new Map<string, Buffer>();
  /** Files the bot uploaded (POST /open-apis/im/v1/files, multipart): the raw request and the file_key answered. */
  readonly uploads: { fileKey: string; raw: Buffer }[] = [];

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(port, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.release();
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server!.close(() => r()));
  }

  /** The next message calls get these answers, in order. */
  answerNext(...answers: ScriptedAnswer[]): void {
    this.script.push(...answers);
  }

  /** Hold answers (to paths starting with `pathPrefix`) until `release()`: a slow or hung Open API. */
  hold(pathPrefix = ''): void {
    this.held ??= [];
    this.holdPrefix = pathPrefix;
  }

  release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const go of held) go();
  }

  /** Make the currently issued tenant token invalid (Lark answers 99991663). */
  revokeToken(): void {
    this.validTokens.clear();
  }

  messageCalls(): RecordedCall[] {
    return this.calls.filter((c) => c.path.startsWith('/open-apis/im/'));
  }

  /** Resolves when `n` messages have been delivered, or rejects after `ms`. */
  async waitForDelivered(n: number, ms = 15_000): Promise<RecordedCall[]> {
    const until = Date.now() + ms;
    while (this.delivered.length < n) {
      if (Date.now() > until) throw new Error(`expected ${n} delivered messages, got ${this.delivered.length}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    return this.delivered;
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    let body: Record<string, unknown> = {};
    try {
      body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
    } catch {
      body = {};
    }
    const call: RecordedCall = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body,
      authorization: req.headers.authorization,
    };
    this.calls.push(call);
    if (this.held && call.path.startsWith(this.holdPrefix)) await new Promise<void>((r) => this.held!.push(r));
    // 获取消息中的资源文件 (message-resource/get.md): the file's bytes, or Lark's JSON error.
    const resource = /^\/open-apis\/im\/v1\/messages\/[^/]+\/resources\/([^/]+)$/.exec(call.path);
    if (call.method === 'GET' && resource && this.validTokens.has((call.authorization ?? '').replace(/^Bearer /, ''))) {
      const bytes = this.resources.get(decodeURIComponent(resource[1]!));
      if (bytes && (call.query.type === 'image' || call.query.type === 'file')) {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length) });
        res.end(bytes);
      } else {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: 234003, msg: 'File not in msg.' }));
      }
      return;
    }
    // 上传文件 (im-v1/file/create): multipart in, `{file_key}` out; the file message follows.
    if (call.method === 'POST' && call.path === '/open-apis/im/v1/files' && this.validTokens.has((call.authorization ?? '').replace(/^Bearer /, ''))) {
      const fileKey = `file_fake_${this.uploads.length + 1}`;
      this.uploads.push({ fileKey, raw: Buffer.concat(chunks) });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 0, msg: 'success', data: { file_key: fileKey } }));
      return;
    }
    const answer = this.answer(call);
    res.writeHead(answer.status, { 'content-type': 'application/json', ...(answer.headers ?? {}) });
    res.end(JSON.stringify(answer.body));
  }

  /** A card Lark would refuse (sends, replies and patches carry the card JSON as a string). */
  private refusal(call: RecordedCall) {
    const isMessage = call.path === '/open-apis/im/v1/messages' || /^\/open-apis\/im\/v1\/messages\/[^/]+(\/reply)?$/.test(call.path);
    const isCard = call.method === 'PATCH' || call.body.msg_type === 'interactive';
    if (!isMessage || !isCard || typeof call.body.content !== 'string') return null;
    let card: unknown;
    try {
      card = JSON.parse(call.body.content);
    } catch {
      return { code: 230099, msg: 'Failed to create card content, ext=ErrCode: 200621; ErrMsg: parse card json err, please check whether the card json is correct' };
    }
    return larkRefusal(checkCard(card));
  }

  private answer(call: RecordedCall): ScriptedAnswer {
    if (call.path === '/open-apis/auth/v3/tenant_access_token/internal') {
      const token = `t-fake-${++this.tokenSeq}`;
      this.validTokens.add(token);
      return { status: 200, body: { code: 0, msg: 'ok', tenant_access_token: token, expire: 7200 } };
    }
    if (!this.validTokens.has((call.authorization ?? '').replace(/^Bearer /, ''))) {
      return { status: 400, body: { code: 99991663, msg: 'Invalid access token for authorization. Please make a request with token attached.' } };
    }
    if (call.method === 'GET' && call.path === '/open-apis/bot/v3/info') {
      // bot-v3 obtain-bot-info: `bot` beside code and msg, not under `data`.
      return { status: 200, body: { code: 0, msg: 'ok', bot: { activate_status: 2, app_name: '政务助手', avatar_url: '', ip_white_list: [], open_id: BOT_OPEN_ID } } };
    }
    const scripted = this.script.shift();
    if (scripted) return scripted;
    const refusal = this.refusal(call);
    if (refusal) {
      this.refused.push({ call, msg: refusal.msg });
      return { status: 400, body: { code: refusal.code, msg: refusal.msg } };
    }
    const uuid = typeof call.body.uuid === 'string' ? call.body.uuid : undefined;
    const seen = uuid ? this.byUuid.get(uuid) : undefined;
    if (seen && this.now() - seen.at < UUID_WINDOW_MS) {
      return { status: 200, body: { code: 0, msg: 'success', data: { message_id: seen.messageId } } };
    }
    const messageId = `om_fake_${this.delivered.length + 1}`;
    if (uuid) this.byUuid.set(uuid, { messageId, at: this.now() });
    this.delivered.push(call);
    this.arrivals.push(Date.now());
    return { status: 200, body: { code: 0, msg: 'success', data: { message_id: messageId } } };
  }
}
