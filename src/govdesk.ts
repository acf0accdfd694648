import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Connection } from 'mongoose';
import { createApp } from './app.js';
import type { Config } from './config.js';
import { openDatabase } from './db/open-database.js';
import { FlowRegistry } from './approvals/approval-flows.js';
import { ApprovalService } from './approvals/approval-service.js';
import { WorkCalendar } from './calendar/work-calendar.js';
import { approvalActions, approvalStartCommand } from './handlers/approval-handlers.js';
import { supervisionHandlers } from './handlers/supervision-handlers.js';
import { SupervisionService } from './supervision/supervision-service.js';
import { ticketHandlers } from './handlers/ticket-handlers.js';
import { hotspotActions } from './handlers/hotspot-actions.js';
import { HotspotService } from './tickets/hotspot-service.js';
import { ticketCollections, TicketService } from './tickets/ticket-service.js';
import { TicketSearch } from './tickets/ticket-search.js';
import { DispatchModel } from './tickets/dispatch-model.js';
import { cardActionHandler, lateCardUpdate } from './handlers/card-action.js';
import { Directory } from './directory/directory.js';
import { createEmulator, seedDemoOffice, type Emulator } from './emulator/create-emulator.js';
import { helpCommand } from './handlers/help-command.js';
import { roleCommands } from './handlers/role-commands.js';
import { whoamiCommand } from './handlers/whoami-command.js';
import { messageReceivedHandler } from './handlers/message-received.js';
import { showHelpAction } from './handlers/show-help-action.js';
import { SHOW_HELP_ACTION } from './cards/not-understood-card.js';
import type { HelpEntry } from './cards/help-card.js';
import type { Command } from './commands/command.js';
import { InboxStore } from './inbox/inbox-store.js';
import { InboxWorker, type InboxWorkerOptions } from './inbox/inbox-worker.js';
import { createDeliveryReceiver, type ReceiveDelivery } from './inbox/receive-delivery.js';
import { createEventRouter } from './inbox/route-event.js';
import { MESSAGE_RECEIVE_EVENT } from './lark/envelope.js';
import { createLarkApi, type LarkApi } from './lark/lark-api.js';
import { attachmentHandlers } from './handlers/attachment-handlers.js';
import { AttachmentService, FileUnavailable } from './tickets/attachment-service.js';
import { classifyLarkError } from './lark/classify-lark-error.js';
import { errorMessage } from './lib/errors.js';
import { AttachmentStore } from './tickets/attachment-store.js';
import { wsDispatcher } from './lark/ws-dispatcher.js';
import { startWsTransport } from './lark/ws-transport.js';
import { systemClock, type Clock } from './lib/clock.js';
import { LoadGauge } from './lib/load-gauge.js';
import { createLogger, type Logger } from './lib/logger.js';
import { createMetrics } from './lib/metrics.js';
import type { Models } from './models/create-models.js';
import { Outbox } from './outbox/outbox.js';
import { OutboxSender, type OutboxSenderOptions } from './outbox/outbox-sender.js';
import { OutboxStore } from './outbox/outbox-store.js';
import { RateLimiter } from './outbox/rate-limiter.js';
import { Scheduler } from './schedules/scheduler.js';
import { allJobs } from './schedules/all-jobs.js';
import { ReminderService } from './reminders/reminder-service.js';
import { ChaseService } from './reminders/chase-service.js';
import { CalendarStore } from './calendar/calendar-store.js';
import { ITEM_OPEN } from './cards/digest-card.js';
import { itemOpenAction } from './handlers/item-open-action.js';
import { dutyCommands } from './handlers/duty-commands.js';
import { Roster } from './duty/roster.js';
import { DutyService } from './duty/duty-service.js';
import { dutyLogHandlers } from './handlers/duty-log-handlers.js';
import { HandoverService } from './duty/handover-service.js';
import { handoverActions, leaveShiftCommand } from './handlers/handover-actions.js';
import { PresenceService } from './duty/presence-service.js';
import { presenceHandlers } from './handlers/presence-handlers.js';
import { SwapService } from './duty/swap-service.js';
import { swapHandlers } from './handlers/swap-handlers.js';
import { ReportService } from './reports/report-service.js';
import { reportHandlers } from './handlers/report-handlers.js';
import { ReportJobs } from './reports/report-jobs.js';
import { TicketRollups } from './reports/ticket-rollups.js';
import { rebuildTicketProjectionsIfEmpty } from './tickets/rebuild-ticket-projections.js';
import { CardGate, cardGateMode, type CardGateMode } from './cards/card-gate.js';
import { BotIdentity } from './lark/bot-identity.js';
import { chatEventHandlers } from './handlers/chat-events.js';
import { Greeter } from './welcome/greeter.js';
import { DutyCalendarFeed } from './duty/duty-calendar-feed.js';
import { dutyCalendarRouter } from './http/duty-calendar-route.js';

export interface StartOptions {
  log?: Logger;
  clock?: Clock;
  /** Listen on this host (default 0.0.0.0; tests use 127.0.0.1). */
  host?: string;
  inbox?: Partial<InboxWorkerOptions>;
  outbox?: Partial<OutboxSenderOptions>;
  /** Replace the Open API client (benchmarks); default: the SDK against LARK_DOMAIN. */
  larkApi?: LarkApi;
  /** Run no background workers (a test that plays "died right after acknowledging"). */
  workers?: boolean;
  schedules?: boolean;
  /** Acknowledgements per second above which handlers and sends hold back (default 100). */
  busyAcksPerSecond?: number;
  /** What the card gate does with a card Lark would refuse (default: see `cardGateMode`). */
  cardGate?: CardGateMode;
  /**
   * How long a whole-list read of the directory (everyone, every unit) is reused (SharedRead):
   * 300 ms by default, so one click planning several cards reads each list once (measured on the
   * bench: 签收 at 1 click 225 ms → see README). Tests that seed people mid-test use 0.
   */
  directoryListReuseMs?: number;
}

export interface Govdesk {
  url: string;
  port: number;
  models: Models;
  connection: Connection;
  worker: InboxWorker;
  sender: OutboxSender;
  /** Where everything sent is enqueued (through the card gate). */
  outbox: Outbox;
  /** Where both transports hand deliveries in (the long connection's dispatcher calls it). */
  receive: ReceiveDelivery;
  reminders: ReminderService;
  /** 签收催办 and callback reminders (jobs accept-chase and deadline-reminders). */
  chase: ChaseService;
  duty: DutyService;
  handover: HandoverService;
  /** 查岗 (spot checks) and their 到岗 answers. */
  presence: PresenceService;
  swaps: SwapService;
  reports: ReportService;
  reportJobs: ReportJobs;
  tickets: TicketService;
  /** 热点预警 (HOTSPOT): clusters of tickets about one place or matter. */
  hotspot: HotspotService;
  /** Smart dispatch: the units learned from the office's accepted tickets. */
  dispatch: DispatchModel;
  supervision: SupervisionService;
  scheduler: Scheduler;
  calendar: WorkCalendar;
  /** Re-reads the calendar (as every minute) and recomputes the deadlines running into newly imported years; how many moved. */
  refreshCalendar(): Promise<number>;
  /** The approval engine (other features start requests through it). */
  approvals: ApprovalService;
  flows: FlowRegistry;
  /** The emulator, when it is on (config.emulator). */
  emulator: Emulator | undefined;
  /** Graceful: stop accepting, finish or release in-flight work, close the database. */
  stop(): Promise<void>;
  /** Abrupt, like SIGKILL: drop everything without finishing (tests). */
  crash(): Promise<void>;
}

/** The composition root: builds every dependency and starts the bot. */
export async function startGovdesk(config: Config, opts: StartOptions = {}): Promise<Govdesk> {
  const log = opts.log ?? createLogger(config.logLevel);
  const clock = opts.clock ?? systemClock;
  const owner = `${process.pid}-${randomUUID().slice(0, 8)}`;

  const db = await openDatabase(config, log);
  const { connection, models } = db;

  const metrics = createMetrics();
  const load = new LoadGauge(opts.busyAcksPerSecond ?? 100);
  const outboxStore = new OutboxStore(models.outboxMessages, models.outboxQueue);
  metrics.setOutboxDepthSource(async () => (await outboxStore.depth()) + sender.holding());
  // Emulator mode: the page at /emulator plays Lark, and every Open API call goes to its fake.
  let listeningUrl = '';
  const directory = new Directory({ people: models.people, units: models.units, roleChanges: models.roleChanges }, clock, opts.directoryListReuseMs ?? 300);
  const emulator = config.emulator ? createEmulator({ config, directory, botUrl: () => listeningUrl }) : undefined;
  if (emulator) await seedDemoOffice(models, clock, log);
  const api = opts.larkApi ?? createLarkApi({ ...config.lark, ...(emulator ? { domain: () => emulator.domain() } : {}), log });
  // Built once the ticket service is (below); the sender only calls it after a send.
  let attachmentService!: AttachmentService;
  const sender = new OutboxSender(
    {
      store: outboxStore,
      claims: models.claims,
      api,
      limiter: new RateLimiter(),
      clock,
      log: log.child({ component: 'sender' }),
      metrics,
      owner,
      load,
      // 附件: a card about a ticket (keyed `tk:<ticket>:…`) is known by its Lark message id, so a
      // picture sent as a reply to it (its parent_id) finds the ticket by `_id`.
      onSent: async (row, larkMessageId) => {
        const ticket = /^tk:([^:]+):/.exec(row._id)?.[1];
        if (ticket && (row.op === 'send' || row.op === 'reply') && row.msgType === 'interactive') await attachmentService.remember(larkMessageId, ticket);
      },
    },
    opts.outbox,
  );
  const gate = new CardGate(opts.cardGate ?? cardGateMode(config), log.child({ component: 'card-gate' }));
  const outbox = new Outbox(outboxStore, clock, sender, gate);

  const commands: Command[] = [];
  const helpEntries = (): HelpEntry[] => commands.map((c) => ({ words: c.words, summary: c.summary, ...(c.usage ? { usage: c.usage } : {}) }));
  // China's calendar with the admins' overrides from the database, re-read every minute.
  // A year imported with `calendar import` is known from then on; the open deadlines counted into it are recomputed.
  const calendarStore = new CalendarStore(models.calendarDays, clock, models.calendarYears);
  await calendarStore.refresh();
  const calendar = new WorkCalendar(config.tz, calendarStore.overrides, { importedYears: calendarStore.importedYears, workdayStart: config.workday.start, workdayEnd: config.workday.end });
  const refreshCalendar = async () => {
    await calendarStore.refresh();
    return calendarStore.recomputePending((year) => tickets.recomputeDeadlines(year));
  };
  const calendarRefresh = setInterval(() => void refreshCalendar().catch((err) => log.warn({ err: String(err) }, 'calendar not refreshed')), 60_000);
  calendarRefresh.unref();
  const flows = new FlowRegistry();
  const approvals = new ApprovalService({
    requests: models.approvalRequests,
    events: models.approvalEvents,
    directory,
    outbox,
    flows,
    calendar,
    clock,
    log: log.child({ component: 'approvals' }),
    tz: config.tz,
  });
  const supervision = new SupervisionService({
    items: models.supervisionItems,
    events: models.supervisionEvents,
    directory,
    outbox,
    clock,
    log: log.child({ component: 'supervision' }),
    tz: config.tz,
  });
  const dispatch = new DispatchModel({
    examples: models.dispatchExamples,
    journal: { entries: models.dispatchLog, counters: models.counters },
    tickets: models.tickets,
    transitions: models.ticketTransitions,
    log: log.child({ component: 'dispatch' }),
  });
  const tickets = new TicketService({
    ...ticketCollections(models),
    directory,
    outbox,
    approvals,
    calendar,
    clock,
    log: log.child({ component: 'tickets' }),
    tz: config.tz,
    prefix: config.ticketPrefix,
    clockStarts: config.ticketClockStarts,
    transferDeadline: config.transferDeadline,
    callbackWithinDays: config.callbackWithinDays,
    ...(config.callbackChatId ? { callbackChatId: config.callbackChatId } : {}),
    callbackAfterDirect: config.callbackAfterDirect,
    rollups: new TicketRollups({ rollups: models.ticketRollups, steps: models.ticketRollupSteps, calendar }),
    dispatch,
  });
  // 附件: pictures and files kept under GOVDESK_DATA_DIR/attachments, fetched by the message resource API.
  attachmentService = new AttachmentService({
    tickets,
    directory,
    ticketMessages: models.ticketMessages,
    windows: models.attachWindows,
    store: new AttachmentStore(config.dataDir),
    clock,
    log: log.child({ component: 'attachments' }),
    // A bad token is dropped and tried once more; what Lark refuses for good is FileUnavailable
    // (the sender is told); anything else is thrown, and the delivery retried.
    fetch: async (messageId, key, kind) => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await api.messageResource(messageId, key, kind);
        } catch (err) {
          const cls = classifyLarkError(err);
          if (cls.kind === 'bad_token' && attempt === 1) {
            api.dropToken();
            continue;
          }
          if (cls.kind === 'permanent') throw new FileUnavailable(errorMessage(err));
          throw err;
        }
      }
    },
  });
  // Smart dispatch's examples read into memory in the background (派单 cards come without a suggestion until then).
  void dispatch.ready().catch((err: unknown) => log.warn({ err: String(err) }, 'dispatch examples not read'));
  // …and what the other replicas learn, caught up every minute (by `_id`: one lookup when nothing is new).
  const dispatchCatchUp = setInterval(() => void dispatch.catchUp().catch((err: unknown) => log.warn({ err: String(err) }, 'dispatch examples not caught up')), 60_000);
  dispatchCatchUp.unref();
  // A database from before open_items and ticket_keys: made once from the tickets (one scan at start-up).
  const rebuilt = await rebuildTicketProjectionsIfEmpty(models, clock.now());
  if (rebuilt) log.info(rebuilt, 'open_items and ticket_keys rebuilt from the tickets');
  await refreshCalendar().catch((err) => log.warn({ err: String(err) }, 'deadlines not recomputed'));
  approvals.onSettled(async ({ request, state }) => {
    // The ticket's timeline names whoever settled it: the approver who pressed 同意 (or the requester who withdrew).
    const settledBy = () => [...state.history].reverse().find((e) => e.type === 'decided' || e.type === 'withdrawn')?.by ?? request.requester;
    if (request.subject?.kind === 'ticket' && request.flow === 'extension') await tickets.settleExtension(request._id, request.subject.id, state.status === 'approved', settledBy());
    if (request.subject?.kind === 'ticket' && request.flow === 'suspension') await tickets.settleSuspension(request._id, request.subject.id, state.status === 'approved', settledBy());
    if (request.subject?.kind === 'swap' && request.flow === 'swap') await swaps.settle(request.subject.id, state.status === 'approved');
  });
  const roster = new Roster(models.dutyShifts, clock);
  // Duty calendar links: PUBLIC_BASE_URL (alias PUBLIC_URL), or in emulator mode this machine's port once listening.
  let feedBase = config.publicUrl;
  const dutyFeed = new DutyCalendarFeed({ feeds: models.dutyCalendarFeeds, shifts: models.dutyShifts, directory, patterns: config.dutyShifts, clock, tz: config.tz, baseUrl: () => feedBase });
  const duty = new DutyService({ models, directory, roster, outbox, clock, log: log.child({ component: 'duty' }), tz: config.tz, urgentKind: config.incidentUrgent });
  const dutyLogUi = dutyLogHandlers({ duty });
  const swaps = new SwapService({ models, directory, approvals, outbox, clock, log: log.child({ component: 'swaps' }), tz: config.tz });
  const swapUi = swapHandlers({ swaps, roster, clock, tz: config.tz });
  const handover = new HandoverService({ models, directory, outbox, clock, log: log.child({ component: 'handover' }), tz: config.tz, patterns: config.dutyShifts, times: config.dutyReminders });
  const presence = new PresenceService({ models, directory, outbox, clock, log: log.child({ component: 'presence' }), tz: config.tz });
  const presenceUi = presenceHandlers(presence);
  const reports = new ReportService({ models, directory, calendar, tz: config.tz });
  const reportUi = reportHandlers({ reports, directory, outbox, clock, tz: config.tz });
  const reportJobs = new ReportJobs({ reports, models, directory, outbox, calendar, tz: config.tz });
  const search = new TicketSearch({ tickets: models.tickets, transitions: models.ticketTransitions, directory, clock, day: (d) => calendar.day(d), tz: config.tz });
  // 热点预警: checked after each 确认登记, in the background (the clerk's answer does not wait).
  const hotspot = new HotspotService({
    tickets: models.tickets,
    keys: models.ticketKeys,
    claims: models.claims,
    ticketService: tickets,
    supervision,
    directory,
    outbox,
    calendar,
    clock,
    log: log.child({ component: 'hotspot' }),
    tz: config.tz,
    threshold: config.hotspot,
    activity: () => load.lastAt(),
  });
  const numberPattern = new RegExp(`${config.ticketPrefix}-\\d{8}-\\d{4}`);
  const attachmentUi = attachmentHandlers({ attachments: attachmentService, tickets, directory, outbox, numberPattern });
  const ticketUi = ticketHandlers({
    tickets,
    search,
    outbox,
    directory,
    clock,
    tz: config.tz,
    numberPattern,
    afterIntake: async (openId, ticket, receipt) => {
      // Two writes by `_id`, side by side: the clerk is waiting for the number.
      await Promise.all([attachmentUi.windowAfterIntake(openId, ticket), receipt ? attachmentUi.remember(receipt, ticket) : undefined]);
      // 热点预警: checked in the background (the clerk's answer does not wait).
      hotspot.later(ticket);
    },
  });
  const supervisionUi = supervisionHandlers({
    supervision,
    directory,
    outbox,
    calendar,
    clock,
    tz: config.tz,
    sourceTitle: async (kind, id, viewer) => {
      // A marked request's title only for its deciders: others read "机密事项，请联系…".
      if (kind === 'approval') return approvals.titleFor(id, viewer);
      if (kind === 'ticket') {
        const t = await tickets.load(id);
        return t ? `工单 ${id}：${t.ticket.content.slice(0, 40)}` : null;
      }
      return null;
    },
    onInstruction: async (source, by, text, key) => {
      if (source.kind === 'ticket') await tickets.noteInstruction(source.id, by, text, key);
    },
  });
  commands.push(
    helpCommand(helpEntries),
    whoamiCommand(directory),
    ...roleCommands({ directory, outbox }),
    ...ticketUi.commands,
    attachmentUi.command,
    approvalStartCommand({ flows, outbox }),
    supervisionUi.command,
    ...dutyCommands({ roster, directory, patterns: config.dutyShifts, clock, tz: config.tz, feed: dutyFeed }),
    ...dutyLogUi.commands,
    swapUi.command,
    leaveShiftCommand(handover),
    presenceUi.command,
    reportUi.command,
  );

  const bot = new BotIdentity(() => api.botInfo(), log.child({ component: 'bot-identity' }));
  const greeter = new Greeter({ welcomes: models.welcomes, outbox, clock });
  const route = createEventRouter(
    {
      [MESSAGE_RECEIVE_EVENT]: messageReceivedHandler({ commands: () => commands, outbox, directory, bot, attachments: attachmentUi }),
      ...chatEventHandlers({ greeter, commands: () => commands, directory, outbox }),
    },
    cardActionHandler({ [SHOW_HELP_ACTION]: showHelpAction(helpEntries), ...approvalActions({ approvals, flows }), ...supervisionUi.actions, ...ticketUi.actions, ...attachmentUi.actions, ...hotspotActions(hotspot), [ITEM_OPEN]: itemOpenAction({ tickets, supervision, directory, outbox }), ...dutyLogUi.actions, ...handoverActions(handover), ...presenceUi.actions, ...swapUi.actions, ...reportUi.actions }, gate),
  );
  const inboxStore = new InboxStore(models.inboxEvents, models.inboxQueue);
  const worker = new InboxWorker(
    {
      store: inboxStore,
      claims: models.claims,
      route,
      clock,
      log: log.child({ component: 'inbox' }),
      metrics,
      owner,
      load,
      // A click answered "working on it": its card follows by a delayed update (the intake form becomes the ticket).
      lateAnswer: async (eventId, envelope, answer) => {
        const update = lateCardUpdate(eventId, envelope, answer);
        if (update) await outbox.enqueue([update]);
      },
    },
    opts.inbox,
  );
  const receive = createDeliveryReceiver({ store: inboxStore, worker, metrics, clock, log, load });
  const reminders = new ReminderService({
    models,
    directory,
    outbox,
    calendar,
    calendarStore,
    tickets,
    supervision,
    clock,
    log: log.child({ component: 'reminders' }),
    tz: config.tz,
    thresholds: config.escalation,
  });
  const chase = new ChaseService({ openItems: models.openItems, tickets, outbox, calendar, log: log.child({ component: 'chase' }), acceptWithinDays: config.acceptWithinDays });
  const scheduler = new Scheduler(
    { claims: models.claims, clock, log: log.child({ component: 'scheduler' }), tz: config.tz, owner, settings: models.scheduleSettings, runs: models.jobRuns, workingHours: (at) => calendar.nextWorkingHours(at) },
    allJobs({ models, approvals, reminders, chase, duty, handover, presence, reportJobs, log }),
  );

  let draining = false;
  const app = createApp({
    log,
    metrics,
    connection,
    secrets: { encryptKey: config.lark.encryptKey, verificationToken: config.lark.verificationToken },
    receive,
    isDraining: () => draining,
    now: () => clock.now().getTime(),
    extraRouters: [dutyCalendarRouter(dutyFeed), ...(emulator ? emulator.routers : [])],
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(config.port, opts.host ?? '0.0.0.0', () => resolve(s));
  });
  server.keepAliveTimeout = 65_000;
  const port = (server.address() as AddressInfo).port;
  const host = opts.host ?? 'localhost';
  listeningUrl = `http://127.0.0.1:${port}`;
  if (!feedBase && emulator) feedBase = `http://localhost:${port}`;

  bot.warm();
  if (opts.workers !== false) {
    // Waiting work without a queue row — held in memory by a process that died, or stored before
    // the queues existed — goes back in first.
    const bootedAt = clock.now();
    const requeued = { events: await inboxStore.requeueStranded(bootedAt, worker.leaseMs), messages: await outboxStore.requeueStranded(bootedAt, sender.leaseMs) };
    if (requeued.events + requeued.messages > 0) log.info(requeued, 'waiting work put back in the queues');
    worker.start();
    sender.start();
  }
  if (opts.schedules !== false && opts.workers !== false) await scheduler.start();
  const ws =
    config.lark.transport === 'ws' && config.lark.hasCredentials
      ? await startWsTransport({ ...config.lark, log }, wsDispatcher(receive, log))
      : undefined;
  if (config.lark.transport === 'ws' && !config.lark.hasCredentials) log.warn('LARK_TRANSPORT=ws needs LARK_APP_ID and LARK_APP_SECRET; long connection not started');
  if (emulator) log.info({ emulator: true }, `Open http://localhost:${port}/emulator to try govdesk`);
  else if (!config.lark.hasCredentials) log.warn('no Lark credentials (LARK_APP_ID / LARK_APP_SECRET): messages cannot reach Lark');
  log.info({ port, transport: config.lark.transport, domain: config.lark.domain }, `govdesk listening on http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`);

  const closeServer = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });

  let stopped = false;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    port,
    models,
    connection,
    worker,
    sender,
    outbox,
    receive,
    approvals,
    flows,
    reminders,
    chase,
    duty,
    handover,
    presence,
    swaps,
    reports,
    reportJobs,
    tickets,
    hotspot,
    dispatch,
    supervision,
    scheduler,
    calendar,
    refreshCalendar,
    emulator,
    async stop() {
      if (stopped) return;
      stopped = true;
      draining = true;
      log.info('shutting down: no new deliveries; finishing in-flight work');
      ws?.stop();
      clearInterval(calendarRefresh);
      clearInterval(dispatchCatchUp);
      await scheduler.stop();
      emulator?.close();
      await closeServer();
      await worker.stop();
      await hotspot.idle();
      await sender.stop();
      await db.close();
      log.info('stopped');
    },
    async crash() {
      if (stopped) return;
      stopped = true;
      ws?.stop();
      clearInterval(calendarRefresh);
      clearInterval(dispatchCatchUp);
      await scheduler.stop();
      emulator?.close();
      server.closeAllConnections();
      server.close();
      // In-flight work fails against the closed connection: that is the point of a crash.
      worker.stop(0).catch(() => undefined);
      sender.stop(0).catch(() => undefined);
      await connection.close(true).catch(() => undefined);
      await db.close().catch(() => undefined);
    },
  };
}
