import { outcomeAnswer } from './outcome-answer.js';
import { intakeFormCard, TK_ACT, TK_INTAKE, TK_URGE, TK_USE_ANSWER, ticketListCard } from '../cards/ticket-cards.js';
import type { Bilingual, Card } from '../cards/card-types.js';
import { MAX_QUERY_CHARS, TK_FIND, ticketSearchCard } from '../cards/ticket-search-card.js';
import { toast } from '../cards/toast.js';
import type { Command, CommandContext } from '../commands/command.js';
import type { Directory, Person } from '../directory/directory.js';
import { decide } from '../directory/policy.js';
import type { Clock } from '../lib/clock.js';
import dayjs from '../lib/dayjs.js';
import { cardContent, textContent } from '../outbox/outgoing-message.js';
import { parseIntake } from '../tickets/intake-fields.js';
import { parseCallText } from '../tickets/parse-call-text.js';
import type { Outbox } from '../outbox/outbox.js';
import { ticketsXlsx } from '../reports/report-export.js';
import { TIMELINE_HEADER, TIMELINE_WIDTHS } from '../tickets/ticket-export.js';
import { isEmptyQuery, parseTicketQuery, type QueryMode } from '../tickets/ticket-query-words.js';
import { ticketViewObject, type TicketSearch } from '../tickets/ticket-search.js';
import { detectCategory } from '../tickets/detect-category.js';
import type { TicketLine, TicketOutcome, TicketService } from '../tickets/ticket-service.js';
import { STATUS_LABELS } from '../tickets/ticket-types.js';
import type { CardAction } from './card-action.js';
import { larkDate, larkOptions } from '../lark/form-values.js';

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const say = (b: Bilingual) => [{ msgType: 'text' as const, content: textContent(`${b.zh}\n${b.en}`) }];

/** The hotline in chat: 登记, 查询, 我的待办, 工单 列表 / 导出, and every button on a ticket card (and 下一页 on results). */
export function ticketHandlers(deps: {
  tickets: TicketService;
  search: TicketSearch;
  outbox: Outbox;
  directory: Directory;
  clock: Clock;
  tz: string;
  numberPattern: RegExp;
  /** After 确认登记: the clerk's pictures and files of the next 10 minutes go to the ticket, and the receipt card is known as the ticket's (附件); 热点预警 is checked in the background. */
  afterIntake?: (openId: string, ticket: string, receiptMessageId: string | undefined) => Promise<void>;
}) {
  const { tickets, search, directory, tz } = deps;
  const line = (t: TicketLine) => {
    const light = tickets.light(t.deadline, t.status);
    const mark = light === 'red' ? " <font color='red'>● 超期</font>" : light === 'yellow' ? " <font color='orange'>● 即将到期</font>" : '';
    return `- **${t._id}** ${STATUS_LABELS[t.status].zh}${t.deadline ? ` · 期限 ${dayjs(t.deadline).tz(tz).format('MM-DD')}` : ''}${mark} · ${t.content.slice(0, 30).replace(/[<>]/g, '')}`;
  };

  const intake: Command = {
    id: 'ticket.new',
    words: ['登记', 'new'],
    usage: '登记 张三 13812345678 反映…',
    summary: { zh: '登记来电工单（可附来电内容自动填表；当场答复的选「直接答复」即办结；咨询类列出相似来电的已认可答复）', en: 'Log a call as a ticket (add the call notes to pre-fill the form; 直接答复 closes a call answered on the spot; for a consultation, similar past answers are shown)' },
    async run(ctx) {
      const allowed = decide(ctx.person, 'ticket.create');
      if (!allowed.allowed) return say(allowed.reason);
      if (!ctx.args) return [{ msgType: 'interactive', content: cardContent(intakeFormCard()) }];
      const parsed = parseCallText(ctx.args);
      const category = detectCategory(ctx.args);
      const prefill = { ...parsed, ...(category ? { category } : {}) };
      // A 咨询 call: the replies callers accepted for similar calls, so the clerk can answer at once.
      const suggestions = category === 'consultation' && parsed.content ? ((await tickets.pastAnswers?.similar(parsed.content, 3)) ?? []) : [];
      return [{ msgType: 'interactive', content: cardContent(intakeFormCard(prefill, [], suggestions)) }];
    },
  };

  const parse = async (words: string, mode: QueryMode) =>
    parseTicketQuery(words, { mode, now: deps.clock.now(), tz, units: await directory.units({ includeInactive: true }), numberPattern: deps.numberPattern });
  /** The result card of 查询 (`s`) or 工单 列表 (`l`) for these words, at `page`, as this person may see it. */
  const results = async (person: Person, mode: 's' | 'l', words: string, page: number): Promise<{ card: Card; page: number } | { problem: Bilingual }> => {
    const parsed = await parse(words, mode === 's' ? 'search' : 'filters');
    if ('problem' in parsed) return parsed;
    const result = await search.page(person, parsed.query, page);
    return { card: ticketSearchCard({ mode, words, result, tz, light: (t) => tickets.light(t.deadline, t.status) }), page: result.page };
  };
  const tooLong = (words: string) =>
    words.length > MAX_QUERY_CHARS ? { zh: `查询条件太长（${words.length} 字），请少于 ${MAX_QUERY_CHARS} 字`, en: `The query is too long (${words.length} characters); keep it under ${MAX_QUERY_CHARS}` } : null;

  const query: Command = {
    id: 'ticket.show',
    words: ['查询', 'show'],
    usage: '查询 ZX-20261121-0001；查询 5678（电话后几位）；查询 幸福小区 上月',
    summary: { zh: '查看工单和完整办理过程；按电话、来电人、地点、关键词和时段查找工单', en: 'Show a ticket with its timeline; search by phone, caller, place, words and period' },
    async run(ctx) {
      const id = deps.numberPattern.exec(ctx.args.toUpperCase())?.[0];
      if (!id) {
        const usage = { zh: '请写工单号、电话号码（后 4 位或完整号码）、来电人、地点或关键词，可加时段，例如「查询 ZX-20261121-0001」「查询 5678」「查询 幸福小区 上月」', en: 'Give a ticket number, a phone (last 4 digits or whole), a caller, place or words, and optionally a period, e.g. "show 幸福小区 上月"' };
        if (!ctx.args) return say(usage);
        const long = tooLong(ctx.args);
        if (long) return say(long);
        const parsed = await parse(ctx.args, 'search');
        if ('problem' in parsed) return say(parsed.problem);
        if (isEmptyQuery(parsed.query)) return say(usage);
        const r = await results(ctx.person!, 's', parsed.query.label, 1);
        if ('problem' in r) return say(r.problem);
        return [{ msgType: 'interactive', content: cardContent(r.card) }];
      }
      const loaded = await tickets.load(id);
      if (!loaded) return say({ zh: `没有工单 ${id}`, en: `No ticket ${id}` });
      const { ticket, state } = loaded;
      const units = new Map((await directory.units({ includeInactive: true })).map((u) => [u.code, u]));
      const allowed = decide(ctx.person, 'ticket.view', ticketViewObject({ leadUnit: state.leadUnit, coUnits: state.coUnits, intakeBy: ticket.intakeBy }, units));
      if (!allowed.allowed) return say(allowed.reason);
      const card = await tickets.card('record', loaded, { fullTimeline: true, viewer: ctx.person, manage: true });
      return [{ msgType: 'interactive', content: cardContent(card), ticket: id }];
    },
  };

  const todo: Command = {
    id: 'ticket.todo',
    words: ['我的待办', 'todo'],
    summary: { zh: '等我处理的工单', en: 'Tickets waiting for me' },
    async run(ctx) {
      const items = await tickets.todo(ctx.person!);
      return [{ msgType: 'interactive', content: cardContent(ticketListCard({ zh: `我的待办（${items.length}）`, en: 'My to-do' }, items.map(line), { zh: '没有待办的工单。', en: 'Nothing waits for you.' })) }];
    },
  };

  /** 工单 导出: the matching tickets with their timelines, as an .xlsx file message to whoever asked. */
  const exportTickets = async (ctx: CommandContext, words: string) => {
    const long = tooLong(words);
    if (long) return say(long);
    const parsed = await parse(words, 'filters');
    if ('problem' in parsed) return say(parsed.problem);
    const { total, file } = await search.export(ctx.person!, parsed.query);
    if (total === 0) return say({ zh: '没有符合条件、您有权查看的工单，未生成文件。', en: 'No ticket you may see matches; no file was made.' });
    const names = new Map((await directory.units({ includeInactive: true })).map((u) => [u.code, u.name]));
    const xlsx = await ticketsXlsx({ ...file, header: TIMELINE_HEADER, widths: TIMELINE_WIDTHS }, { unitName: (c) => names.get(c) ?? c, tz });
    const stamp = dayjs(deps.clock.now()).tz(tz).format('YYYYMMDD-HHmm');
    await deps.outbox.enqueue([{ op: 'file', key: `ticket-export:${ctx.eventId}`, receiveIdType: 'open_id', receiveId: ctx.senderOpenId, fileName: `工单导出-${stamp}.xlsx`, content: xlsx.toString('base64') }]);
    const capped = total > file.entries.length;
    return say({
      zh: `找到 ${total} 件工单，${capped ? `前 ${file.entries.length} 件` : '全部'}连同办理过程已导出为 Excel 文件发给您。${capped ? '请缩小范围（如加时段）导出其余的。' : ''}`,
      en: `${total} ticket(s) found; ${capped ? `the first ${file.entries.length}` : 'all of them'}, with their timelines, are on their way to you as an Excel file.${capped ? ' Narrow the query (add a period) for the rest.' : ''}`,
    });
  };

  const list: Command = {
    id: 'ticket.list',
    words: ['工单', 'tickets'],
    usage: '工单 列表 [待签收|办理中|超期…] [本周|上月|2026-11-01~2026-11-30] [单位] [紧急|特急]；工单 导出 [同样的条件]',
    summary: { zh: '按状态、时段、单位、紧急程度、超期筛选工单；「工单 导出」发送 Excel 文件', en: 'List tickets by state, period, unit, urgency, overdue; "tickets export" sends them as Excel' },
    async run(ctx) {
      const exporting = /^(导出|export)(\s+|$)/i.exec(ctx.args);
      if (exporting) return exportTickets(ctx, ctx.args.slice(exporting[0].length).trim());
      const words = ctx.args.split(/[\s\u3000]+/).filter((w) => w && !/^(列表|list)$/i.test(w)).join(' ');
      const long = tooLong(words);
      if (long) return say(long);
      const r = await results(ctx.person!, 'l', words, 1);
      if ('problem' in r) return say(r.problem);
      return [{ msgType: 'interactive', content: cardContent(r.card) }];
    },
  };

  /** A chat command doing what a button on the ticket's card does: `<word> ZX-… <the rest>`. */
  const onTicket = (spec: Omit<Command, 'run'> & { op: string; example: Bilingual; form: (rest: string) => Record<string, unknown> }): Command => ({
    id: spec.id,
    words: spec.words,
    ...(spec.usage ? { usage: spec.usage } : {}),
    summary: spec.summary,
    async run(ctx) {
      const id = deps.numberPattern.exec(ctx.args.toUpperCase())?.[0];
      if (!id) return say(spec.example);
      const rest = ctx.args.replace(new RegExp(id, 'i'), '').trim();
      const loaded = await tickets.load(id);
      if (!loaded) return say({ zh: `没有工单 ${id}`, en: `No ticket ${id}` });
      const o = await tickets.act({ id, version: loaded.state.version, op: spec.op, by: ctx.senderOpenId, form: spec.form(rest) });
      return say(o.kind === 'done' ? { zh: `工单 ${id}：${o.message.zh}`, en: `${id}: ${o.message.en}` } : o.message);
    },
  });
  const transferAsk = onTicket({
    id: 'ticket.transfer',
    words: ['申请改派', 'transfer'],
    usage: '申请改派 ZX-20261121-0001 不属本单位职责',
    summary: { zh: '主办单位申请把工单改派给其他单位（派单员审核）', en: 'Ask the dispatcher to transfer a ticket to another unit' },
    op: 'transfer_ask',
    example: { zh: '请写工单号和理由，例如「申请改派 ZX-20261121-0001 不属本单位职责」', en: 'Give the ticket number and the reason, e.g. "transfer ZX-20261121-0001 not our remit"' },
    form: (rest) => ({ note: rest }),
  });
  const suspend = onTicket({
    id: 'ticket.suspend',
    words: ['挂起', 'suspend'],
    usage: '挂起 ZX-20261121-0001 等待来电人补充材料 2026-12-20',
    summary: { zh: '申请挂起工单（暂停计时，派单员审批）', en: 'Ask to suspend a ticket (stop its clock; a dispatcher approves)' },
    op: 'suspend',
    example: { zh: '请写工单号、理由和预计恢复日期，例如「挂起 ZX-20261121-0001 等待来电人补充材料 2026-12-20」', en: 'Give the ticket number, the reason and the expected resume date, e.g. "suspend ZX-20261121-0001 waiting for the caller 2026-12-20"' },
    form: (rest) => {
      const date = /(\d{4}-\d{2}-\d{2})\s*$/.exec(rest)?.[1] ?? '';
      return { note: date ? rest.slice(0, rest.length - date.length).trim() : rest, until: date };
    },
  });
  const resume = onTicket({
    id: 'ticket.resume',
    words: ['恢复', 'resume'],
    usage: '恢复 ZX-20261121-0001',
    summary: { zh: '恢复挂起的工单（期限顺延挂起的工作日）', en: 'Resume a suspended ticket (its deadline moves by the working days suspended)' },
    op: 'resume',
    example: { zh: '请写工单号，例如「恢复 ZX-20261121-0001」', en: 'Give the ticket number, e.g. "resume ZX-20261121-0001"' },
    form: (rest) => ({ note: rest }),
  });

  /** The card as it now stands, for whoever clicked (a leader's keeps 批示). */
  const answer = async (o: TicketOutcome, by: string) => {
    const viewer = o.kind === 'refused' ? null : await directory.person(by);
    return outcomeAnswer(o, (shown) => tickets.card('record', shown, { viewer }));
  };

  const actions: Record<string, CardAction> = {
    // 上一页 / 下一页 on a result card: the same words again, at that page, as the presser may see them.
    [TK_FIND]: async ({ value, event }) => {
      const person = await directory.person(event.operator.open_id);
      if (!person?.active) return { toast: toast('warning', '您尚未登记在通讯录中，无法查询工单', 'You are not in the directory, so you cannot search tickets') };
      const mode = value.m === 'l' ? 'l' : 's';
      const r = await results(person, mode, str(value.q).slice(0, MAX_QUERY_CHARS), Number(value.p) || 1);
      if ('problem' in r) return { toast: toast('warning', r.problem.zh, r.problem.en) };
      return { toast: toast('info', `第 ${r.page} 页`, `Page ${r.page}`), card: { type: 'raw', data: r.card } };
    },
    [TK_INTAKE]: async ({ event, ctx }) => {
      const form = event.action.form_value ?? {};
      const parsed = parseIntake(form);
      if ('problems' in parsed) {
        return { toast: toast('warning', `请修改：${parsed.problems.map((p) => p.zh).join('；')}`, `Please fix: ${parsed.problems.map((p) => p.en).join('; ')}`), card: { type: 'raw', data: intakeFormCard(form, parsed.problems) } };
      }
      const r = await tickets.intake({ intake: parsed.intake, by: event.operator.open_id, key: ctx.eventId, ...(event.context?.open_message_id ? { statusMessageId: event.context.open_message_id } : {}) });
      if ('refused' in r) return { toast: toast('warning', r.refused.zh, r.refused.en) };
      await deps.afterIntake?.(event.operator.open_id, r.ticket._id, event.context?.open_message_id);
      const rejected = r.state.status === 'rejected';
      const direct = r.state.direct || r.state.timeline[0]?.action === 'direct_answer';
      const [zh, en] = rejected
        ? ['已记录（不予受理）', 'Recorded as out of scope']
        : direct && r.state.status === 'closed'
          ? ['已直接答复并办结（直办）', 'Answered at once and closed']
          : direct
            ? ['已直接答复，待回访', 'Answered at once; to be called back']
            : ['已登记', 'Logged'];
      return {
        toast: toast('success', `${zh}，工单号 ${r.ticket._id}`, `${en}: ${r.ticket._id}`),
        card: { type: 'raw', data: await tickets.card('record', r, { viewer: await directory.person(event.operator.open_id) }) },
      };
    },
    // 采用此答复: the form as the clerk filled it, set to 直接答复 with that accepted reply in it.
    [TK_USE_ANSWER]: async ({ value, event }) => {
      const allowed = decide(await directory.person(event.operator.open_id), 'ticket.create');
      if (!allowed.allowed) return { toast: toast('warning', allowed.reason.zh, allowed.reason.en) };
      const past = await tickets.pastAnswers?.get(str(value.id));
      if (!past) return { toast: toast('warning', '找不到这条答复，请自行填写答复内容', 'That answer is not there any more; write the answer yourself') };
      const form = event.action.form_value ?? {};
      const content = str(form.content);
      const suggestions = content ? ((await tickets.pastAnswers?.similar(content, 3)) ?? []) : [];
      return {
        toast: toast('success', `已填入 ${past._id} 的答复，请核对后确认登记`, `The reply of ${past._id} is filled in: check it, then 确认登记`),
        card: { type: 'raw', data: intakeFormCard({ ...form, handling: 'direct', answer: past.reply.slice(0, 1000) }, [], suggestions) },
      };
    },
    [TK_ACT]: async ({ value, event }) => {
      // Lark's formats (form-container.md): the date picker's "2026-12-21 +0800", multi-selects as arrays.
      const form = event.action.form_value ?? {};
      const deadline = larkDate(form.deadline);
      const until = larkDate(form.until);
      if (until === null) return { toast: toast('warning', `无法识别预计恢复日期「${str(form.until).slice(0, 30)}」，请从日历中选择`, 'The resume date could not be read; pick it from the calendar') };
      const coUnits = larkOptions(form.coUnits);
      if (deadline === null) return { toast: toast('warning', `无法识别办理期限「${str(form.deadline).slice(0, 30)}」，请从日历中选择`, 'The deadline could not be read; pick it from the calendar') };
      if (coUnits === null) return { toast: toast('warning', '无法识别所选的协办单位，请重新选择', 'The co-units could not be read; pick them again') };
      return answer(
        await tickets.act({
          id: str(value.id),
          version: Number(value.v),
          op: str(value.op),
          by: event.operator.open_id,
          form: { ...form, deadline, until, coUnits, ...(value.o ? { outcome: value.o } : {}) },
        }),
        event.operator.open_id,
      );
    },
    // 催办 (dispatchers, leaders): the service decides who may, records it and tells the unit.
    [TK_URGE]: async ({ value, event }) => {
      const version = Number(value.v);
      if (!str(value.id) || !Number.isInteger(version)) return { toast: toast('warning', '这个按钮已失效', 'This button is no longer valid') };
      return answer(await tickets.urge({ id: str(value.id), version, by: event.operator.open_id }), event.operator.open_id);
    },
  };

  return { commands: [intake, query, todo, list, transferAsk, suspend, resume], actions };
}
