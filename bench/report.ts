import type { ClickFigures, EndToEndFigures, FeelFigures } from './feel.js';
import type { LoadFigures } from './phases.js';
import type { BenchResults } from './results.js';
import type { BenchSettings } from './settings.js';

/** The printed report: the explanation first, then tables, then one JSON line. */
export function explanation(s: BenchSettings, cpus: number): string {
  return [
    'govdesk benchmark — what the figures mean.',
    `Every request is an im.message.receive_v1 event (text 帮助, its own event_id, the verification token in its header), AES-256-CBC encrypted and signed with X-Lark-Signature exactly as Lark does (test/helpers/lark-payloads.ts), built before measuring and POSTed to /lark/events on 127.0.0.1 over keep-alive connections;`,
    `"ack latency" runs from the moment a request is sent (closed loop) or was due to be sent (open loop) until its whole 200 answer is read — what Lark waits for.`,
    `(1) Throughput: ${s.concurrency} senders each send their next event as soon as the previous one is answered, ${s.events} events per target (sending stops after ${s.maxSeconds} s if they are not all sent by then) after up to ${s.warmupEvents} unmeasured; events/s = 200 answers / wall time. The bot verifies, decrypts, writes the event to inbox_events, answers, and then handles it (help card into the outbox, sent to a fake Open API that answers at once) in the same process.`,
    `(2) Bare Koa: the same load against a Koa route answering 200 {} without reading the body — the ceiling of Node + Koa + this load generator on this machine.`,
    `(3) Verify-and-decrypt: a Koa route that reads the raw body and runs openLarkRequest (signature, AES decrypt, JSON, envelope and token checks) with no database, shown as a percentage of the bare Koa rate (target ≥ 40%).`,
    `(4) Steady: open-loop sends at ${s.steadyRate} events/s for ${s.steadySeconds} s whatever the answers (so a slow server cannot slow the sender down and hide its latency); p99 target < ${s.p99TargetMs} ms; "lost" = events answered 200 that are missing from inbox_events (must be 0: an acknowledged event must already be stored); "handled" = those with status done after the bot was given up to ${s.drainSeconds} s more.`,
    `(5) Step-up: open-loop rates ${s.stepRates.join(', ')}/s for ${s.stepSeconds} s each on one bot; a rate is sustainable when p99 < ${s.p99TargetMs} ms, there are no errors and the achieved rate is ≥ ${(s.achievedShare * 100).toFixed(0)}% of the target; the highest such rate is reported and the ramp stops at the first failure.`,
    `(6) RSS: the bot process's resident memory (its own process.memoryUsage().rss, asked over IPC) at idle after start-up and at its peak during load (target < 200 MB); ${
      s.runner === 'node'
        ? 'the bot and the reference servers run as JavaScript transpiled from src/ and bench/ under plain node, as `npm start` runs dist/, with the node options of its script (the heap limit) (BENCH_RUNNER=tsx runs them under the tsx loader instead, which adds about 80 MB).'
        : 'BENCH_RUNNER=tsx: the bot and the reference servers run under the tsx loader, which adds about 80 MB that a production start from dist/ does not carry.'
    }`,
    `(7) Reply: open-loop 帮助 messages at ${s.replyRate}/s for ${s.replySeconds} s; latency runs from the moment each event was due to be sent to the moment the bot made the Open API call sending its reply (the fake Open API notes the time), target p99 < 1 s with nothing left unhandled or unsent when the load stops; an event whose reply never came counts as infinitely late.`,
    `(8) Handled: the same at ${s.handledRate}/s for ${s.handledSeconds} s, up to the reply's row in outbox_messages (its createdAt), target p99 < 1 s and backlog 0 when the load stops.`,
    `(9) Handling throughput: ${s.handlingEvents} 帮助 messages from ${s.concurrency} senders, then up to ${s.drainSeconds} s to finish; events handled (inbox status done) per second from the first one received to the last one done, target ≥ 200/s.`,
    `(10) Card callbacks: 确认登记 (the intake form submitted by a clerk) and 签收 (a ticket accepted by its unit's handler), ${s.cardSingle} clicks one after another and ${s.cardRounds} bursts of ${s.cardBurst} at once, each signed and encrypted to /lark/card; latency until the answer is read; "with the result" = a success toast (工单号 / 已签收, with the new card) rather than 已收到，正在处理; target 100% and p99 < 2 s at ${s.cardBurst}. Phases run: ${s.phases.join(', ')} (BENCH_PHASES).`,
    `The bot, the reference servers and the load generator run in separate processes, but they share this machine's ${cpus} cores with the database, so each figure is what the bot achieves next to its load generator and database; the CPU columns (% of one core) show who used the cores. Each bot phase starts a fresh bot on a fresh database. Progress goes to stderr; figures to stdout.`,
  ].join(' ');
}

const int = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? 'n/a' : Math.round(n).toLocaleString('en-US'));
const ms = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? 'n/a' : n < 10 ? n.toFixed(2) : n.toFixed(1));
const pct = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? 'n/a' : `${n.toFixed(n < 10 ? 1 : 0)}%`);
/** Megabytes of 10^6 bytes, like the 200 MB target. */
const mb = (bytes: number | undefined) => (bytes === undefined || !Number.isFinite(bytes) ? 'n/a' : `${(bytes / 1e6).toFixed(0)} MB`);
const RSS_TARGET_BYTES = 200e6;
const yesNo = (ok: boolean) => (ok ? 'yes' : 'NO');

function table(title: string, head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [title, line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const outcomes = (f: LoadFigures) =>
  Object.entries(f.outcomes)
    .filter(([k]) => k !== '200')
    .map(([k, v]) => `${k}×${v}`)
    .join(' ') || '-';

/** CPU time one process spent per answered event, from its CPU share over the run. */
const cpuPerEvent = (cpuPercent: number | undefined, f: LoadFigures): string => {
  if (cpuPercent === undefined || f.ok === 0) return 'n/a';
  const us = ((cpuPercent / 100) * f.elapsedMs * 1000) / f.ok;
  return us < 1000 ? `${us.toFixed(0)} µs` : `${(us / 1000).toFixed(1)} ms`;
};

function throughputSection(r: BenchResults): string | undefined {
  const t = r.throughput;
  if (!t) return undefined;
  const row = (name: string, f: LoadFigures, dbCpu: boolean) => [
    name,
    int(f.rate),
    ms(f.latency.p50),
    ms(f.latency.p99),
    ms(f.latency.max),
    int(f.errors),
    pct(f.resources.cpu.server),
    cpuPerEvent(f.resources.cpu.server, f),
    dbCpu ? pct(f.resources.cpu.database) : '-',
    pct(f.resources.cpu.generator),
  ];
  const s = r.settings;
  const generatorBound = [t.bare, t.verify].some((f) => (f.resources.cpu.generator ?? 0) >= 85);
  return [
    table(
      `1–3. Closed-loop throughput: ${s.concurrency} concurrent senders, ${int(s.events)} events per target (at most ${s.maxSeconds} s)`,
      ['target', 'events/s', 'p50 ms', 'p99 ms', 'max ms', 'errors', 'server CPU', 'server CPU/event', 'db CPU', 'generator CPU'],
      [
        row('bare Koa 200 {} (ceiling)', t.bare, false),
        row('verify-and-decrypt only (no db)', t.verify, false),
        row('bot: verify, decrypt, inbox write', t.bot, true),
      ],
    ),
    ...(generatorBound
      ? [
          'note: the load generator used close to a full core in a reference run, so that rate is the generator\'s limit on this machine rather than the server\'s; "server CPU/event" compares the servers without it.',
        ]
      : []),
    `verify-and-decrypt = ${pct(t.verifyShareOfBare)} of the bare Koa rate (target ≥ 40%: ${yesNo(t.verifyShareOfBare >= 40)}); the bot = ${pct(t.botShareOfBare)} of it.`,
    ...[t.bare, t.verify, t.bot]
      .map((f, i) => (f.sent < f.planned ? `${['bare Koa', 'verify-and-decrypt', 'bot'][i]}: sending stopped at the ${r.settings.maxSeconds} s limit after ${int(f.sent)} of ${int(f.planned)} events.` : undefined))
      .filter((l): l is string => l !== undefined),
    `bot: ${int(t.bot.ok)} acknowledged, ${int(t.bot.lost)} of them missing from inbox_events; ${int(t.bot.backlogAfter)} still unhandled when the load stopped; non-200 outcomes: ${outcomes(t.bot)}${t.bot.firstError ? ` (first: ${t.bot.firstError})` : ''}; database CPU per acknowledged event: ${cpuPerEvent(t.bot.resources.cpu.database, t.bot)}.`,
  ].join('\n');
}

function steadySection(r: BenchResults): string | undefined {
  const st = r.steady;
  if (!st) return undefined;
  const f = st.figures;
  const rows: string[][] = [
    ['achieved rate (events/s)', `${f.rate.toFixed(1)}`, `${st.targetRate}`],
    ['ack latency p50 / p90 / p99 / max (ms)', `${ms(f.latency.p50)} / ${ms(f.latency.p90)} / ${ms(f.latency.p99)} / ${ms(f.latency.max)}`, `p99 < ${r.settings.p99TargetMs}: ${yesNo(f.latency.p99 < r.settings.p99TargetMs)}`],
    [
      'sent / answered 200 / errors',
      `${int(f.planned)} / ${int(f.ok)} / ${int(f.errors)}`,
      f.errors ? `${outcomes(f)}${f.outcomes.cut_off ? ' (cut_off: no answer 10 s after the last planned send)' : ''}` : '-',
    ],
    ['lost (answered 200, not in inbox_events)', int(st.lost), `0: ${yesNo(st.lost === 0)}`],
    [`handled (status done) after ${(st.drainMs / 1000).toFixed(1)} s drain`, `${int(st.handled)} of ${int(st.acknowledged)}`, `${int(st.backlogLeft)} still waiting`],
    ['replies: handed to the Open API / waiting in outbox', `${int(st.repliesDelivered)} / ${int(st.outboxWaiting)}`, '-'],
    ['generator send lag p99 / max (ms)', `${ms(f.sendLag?.p99)} / ${ms(f.sendLag?.max)}`, '-'],
    ['CPU: bot / database / generator', `${pct(f.resources.cpu.server)} / ${pct(f.resources.cpu.database)} / ${pct(f.resources.cpu.generator)}`, '-'],
    ['bot RSS peak', mb(f.resources.childPeakRss), '-'],
  ];
  return table(`4. Steady open loop: ${st.targetRate} events/s for ${st.seconds} s`, ['figure', 'value', 'target / note'], rows);
}

function stepSection(r: BenchResults): string | undefined {
  const su = r.stepUp;
  if (!su) return undefined;
  const rows = su.steps.map((st) => {
    const f = st.figures;
    return [
      `${st.targetRate}`,
      f.rate.toFixed(0),
      ms(f.latency.p50),
      ms(f.latency.p99),
      int(f.errors),
      ms(f.sendLag?.p99),
      int(st.backlogAfter),
      `${pct(f.resources.cpu.server)} / ${pct(f.resources.cpu.database)} / ${pct(f.resources.cpu.generator)}`,
      mb(f.resources.childPeakRss),
      st.sustainable ? 'yes' : `NO: ${st.reasons.join('; ')}`,
    ];
  });
  return [
    table(
      `5. Step-up, open loop, ${r.settings.stepSeconds} s per rate (inbox write included)`,
      ['target/s', 'achieved/s', 'p50 ms', 'p99 ms', 'errors', 'gen lag p99', 'unhandled after', 'CPU bot/db/gen', 'bot RSS', 'sustained'],
      rows,
    ),
    `largest sustainable rate: ${su.sustainableRate === null ? 'none of the rates tried' : `${su.sustainableRate} events/s`}${
      su.sustainableRate !== null && su.steps.every((s) => s.sustainable) ? ' (every rate tried was sustained; the ceiling is higher)' : ''
    }.`,
  ].join('\n');
}

const target = (ok: boolean | undefined) => (ok === undefined ? 'n/a' : yesNo(ok));

function endToEndRows(e: EndToEndFigures): string[][] {
  const label = e.kind === 'reply' ? 'reply (event in → send call)' : 'handled (event in → reply queued)';
  const backlogOk = e.backlogAtEnd === 0 && (e.kind === 'handled' || e.outboxAtEnd === 0);
  return [
    [`${label}, ${e.targetRate}/s for ${e.seconds} s: p50 / p99 / max`, `${ms(e.latency.p50)} / ${ms(e.latency.p99)} / ${ms(e.latency.max)} ms`, `p99 < 1 s: ${target(e.latency.p99 < 1000)}`],
    [
      `  backlog when the load stopped (unhandled${e.kind === 'reply' ? ' / unsent' : ''})`,
      e.kind === 'reply' ? `${int(e.backlogAtEnd)} / ${int(e.outboxAtEnd)}` : int(e.backlogAtEnd),
      `0: ${target(backlogOk)}`,
    ],
    [
      `  reached / acknowledged; left after ${(e.drainMs / 1000).toFixed(1)} s drain`,
      `${int(e.reached)} / ${int(e.acknowledged)}; ${int(e.backlogAfterDrain)}${e.kind === 'reply' ? ` / ${int(e.outboxAfterDrain)}` : ''}`,
      `ack p99 ${ms(e.ack.latency.p99)} ms, errors ${int(e.ack.errors)}`,
    ],
  ];
}

function clickRow(c: ClickFigures, burst: number): string[] {
  const share = c.clicks ? (c.result / c.clicks) * 100 : NaN;
  const isBurst = c.concurrency === burst && c.concurrency > 1;
  return [
    `${c.action} at ${c.concurrency} (${c.clicks} clicks): p50 / p99 / max; with the result`,
    `${ms(c.latency.p50)} / ${ms(c.latency.p99)} / ${ms(c.latency.max)} ms; ${pct(share)} (${c.pending} 正在处理, ${c.other} other)`,
    isBurst ? `100%, p99 < 2 s: ${target(c.result === c.clicks && c.latency.p99 < 2000)}` : c.firstOther ? `first other: ${c.firstOther}` : '-',
  ];
}

function feelSection(r: BenchResults): string | undefined {
  const f = r.feel;
  if (!f || (!f.reply && !f.handled && !f.handling && !f.cards)) return undefined;
  const rows: string[][] = [];
  if (f.reply) rows.push(...endToEndRows(f.reply));
  if (f.handled) rows.push(...endToEndRows(f.handled));
  if (f.handling) {
    const h = f.handling;
    rows.push([`handling throughput (帮助, ${int(h.events)} events)`, `${h.handledPerSecond.toFixed(1)} events/s`, `≥ 200/s: ${target(h.handledPerSecond >= 200)}`]);
    rows.push([`  handled / acknowledged (ack ${int(h.ackRate)}/s); backlog at end / after ${(h.drainMs / 1000).toFixed(1)} s drain`, `${int(h.handled)} / ${int(h.acknowledged)}; ${int(h.backlogAtEnd)} / ${int(h.backlogAfterDrain)}`, '-']);
  }
  for (const c of f.cards ?? []) rows.push(clickRow(c, r.settings.cardBurst));
  rows.push([`bot RSS peak over every phase run (${r.memory.botPeakPhase ?? 'n/a'})`, mb(r.memory.botPeakRss), `< 200 MB: ${r.memory.botPeakRss === undefined ? 'n/a' : yesNo(r.memory.botPeakRss < RSS_TARGET_BYTES)}`]);
  return table('7–10. What people feel (issue 15 targets)', ['figure', 'value', 'target'], rows);
}

function memorySection(r: BenchResults): string {
  const m = r.memory;
  const rows = [
    ['bot RSS at idle (after start-up)', mb(m.botIdleRss), `< 200 MB: ${m.botIdleRss === undefined ? 'n/a' : yesNo(m.botIdleRss < RSS_TARGET_BYTES)}`],
    [`bot RSS at peak (${m.botPeakPhase ?? 'n/a'})`, mb(m.botPeakRss), `< 200 MB: ${m.botPeakRss === undefined ? 'n/a' : yesNo(m.botPeakRss < RSS_TARGET_BYTES)}`],
    ['bot V8 heap used at peak', mb(m.botPeakHeap), '-'],
    [`reference servers process RSS at idle (Node + Koa${r.settings.runner === 'tsx' ? ' + tsx' : ''})`, mb(m.referenceIdleRss), 'baseline'],
    [`database RSS at peak (${r.database})`, mb(m.databasePeakRss), 'context'],
  ];
  return table('6. Memory', ['figure', 'value', 'target / note'], rows);
}

export function printReport(r: BenchResults): void {
  const parts = [
    `Run: ${r.startedAt}, ${r.machine.cpus} cores, Node ${r.machine.node}, database: ${r.database}, servers run by ${r.settings.runner}, ${((r.durationMs ?? 0) / 1000).toFixed(0)} s in all.`,
    throughputSection(r),
    steadySection(r),
    stepSection(r),
    feelSection(r),
    memorySection(r),
    r.error ? `The run stopped early with an error (figures above are what was measured before it):\n${r.error}` : undefined,
  ].filter((p): p is string => p !== undefined);
  process.stdout.write(`${parts.join('\n\n')}\n\n`);
  process.stdout.write(`${JSON.stringify(toJson(r))}\n`);
}

const round = (n: number | undefined, digits = 2) => (n === undefined || !Number.isFinite(n) ? null : Number(n.toFixed(digits)));

const loadJson = (f: LoadFigures) => ({
  rate: round(f.rate, 1),
  p50Ms: round(f.latency.p50),
  p90Ms: round(f.latency.p90),
  p99Ms: round(f.latency.p99),
  maxMs: round(f.latency.max),
  planned: f.planned,
  sent: f.sent,
  ok: f.ok,
  errors: f.errors,
  outcomes: f.outcomes,
  ...(f.sendLag ? { sendLagP99Ms: round(f.sendLag.p99) } : {}),
  cpuPercent: Object.fromEntries(Object.entries(f.resources.cpu).map(([k, v]) => [k, round(v, 0)])),
  cpuUsPerEvent: Object.fromEntries(
    Object.entries(f.resources.cpu).map(([k, v]) => [k, v === undefined || f.ok === 0 ? null : round(((v / 100) * f.elapsedMs * 1000) / f.ok, 0)]),
  ),
  peakRssBytes: f.resources.childPeakRss ?? null,
});

const latencyJson = (l: { p50: number; p99: number; max: number }) => ({ p50Ms: round(l.p50), p99Ms: round(l.p99), maxMs: round(l.max) });

function feelJson(f: FeelFigures) {
  const e2e = (e: EndToEndFigures | undefined) =>
    e
      ? {
          targetRate: e.targetRate,
          seconds: e.seconds,
          ...latencyJson(e.latency),
          acknowledged: e.acknowledged,
          reached: e.reached,
          backlogAtEnd: e.backlogAtEnd,
          outboxAtEnd: e.outboxAtEnd,
          backlogAfterDrain: e.backlogAfterDrain,
          outboxAfterDrain: e.outboxAfterDrain,
          drainS: round(e.drainMs / 1000, 1),
          ack: loadJson(e.ack),
        }
      : null;
  return {
    reply: e2e(f.reply),
    handled: e2e(f.handled),
    handling: f.handling ? { ...f.handling, handledPerSecond: round(f.handling.handledPerSecond, 1), ackRate: round(f.handling.ackRate, 1), drainMs: round(f.handling.drainMs, 0) } : null,
    cards: f.cards ? f.cards.map((c) => ({ action: c.action, concurrency: c.concurrency, clicks: c.clicks, ...latencyJson(c.latency), result: c.result, pending: c.pending, other: c.other, firstOther: c.firstOther ?? null })) : null,
  };
}

function toJson(r: BenchResults) {
  return {
    bench: 'govdesk',
    startedAt: r.startedAt,
    durationS: round((r.durationMs ?? 0) / 1000, 0),
    machine: r.machine,
    database: r.database,
    settings: r.settings,
    throughput: r.throughput
      ? {
          bareKoa: loadJson(r.throughput.bare),
          verifyDecrypt: loadJson(r.throughput.verify),
          bot: { ...loadJson(r.throughput.bot), lost: r.throughput.bot.lost, backlogAfter: r.throughput.bot.backlogAfter },
          verifyPercentOfBare: round(r.throughput.verifyShareOfBare, 1),
          botPercentOfBare: round(r.throughput.botShareOfBare, 1),
        }
      : null,
    steady: r.steady
      ? {
          targetRate: r.steady.targetRate,
          seconds: r.steady.seconds,
          ...loadJson(r.steady.figures),
          acknowledged: r.steady.acknowledged,
          stored: r.steady.stored,
          lost: r.steady.lost,
          handled: r.steady.handled,
          drainS: round(r.steady.drainMs / 1000, 1),
          backlogLeft: r.steady.backlogLeft,
          outboxWaiting: r.steady.outboxWaiting,
          repliesDelivered: r.steady.repliesDelivered ?? null,
        }
      : null,
    stepUp: r.stepUp
      ? {
          sustainableRate: r.stepUp.sustainableRate,
          steps: r.stepUp.steps.map((s) => ({ targetRate: s.targetRate, sustainable: s.sustainable, reasons: s.reasons, backlogAfter: s.backlogAfter, ...loadJson(s.figures) })),
        }
      : null,
    feel: r.feel ? feelJson(r.feel) : null,
    memory: {
      botIdleRssBytes: r.memory.botIdleRss ?? null,
      botPeakRssBytes: r.memory.botPeakRss ?? null,
      botPeakPhase: r.memory.botPeakPhase ?? null,
      botPeakHeapBytes: r.memory.botPeakHeap ?? null,
      referenceIdleRssBytes: r.memory.referenceIdleRss ?? null,
      databasePeakRssBytes: r.memory.databasePeakRss ?? null,
    },
    error: r.error ?? null,
  };
}
