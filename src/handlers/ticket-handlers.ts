import { outcomeAnswer } from './outcome-answer.js';
import { intakeFormCard, TK_ACT, TK_INTAKE, TK_USE_ANSWER, ticketListCard } from '../cards/ticket-cards.js';
import type { Bilingual } from '../cards/card-types.js';
import { toast } from '../cards/toast.js';
import type { Command } from '../commands/command.js';
import type { Directory } from '../directory/directory.js';
import { decide } from '../directory/policy.js';
import type { Clock } from '../lib/clock.js';
import dayjs from '../lib/dayjs.js';
import { cardContent, textContent } from '../outbox/outgoing-message.js';
import { parseIntake } from '../tickets/intake-fields.js';
import { parseCallText } from '../tickets/parse-call-text.js';
import { detectCategory } from '../tickets/detect-category.js';
import type { TicketLine, TicketOutcome, TicketService } from '../tickets/ticket-service.js';
import { STATUS_LABELS, TICKET_STATUSES, TICKET_URGENCIES, TICKET_URGENCY_LABELS, type TicketStatus, type TicketUrgency } from '../tickets/ticket-types.js';
import type { CardAction } from './card-action.js';
import { larkDate, larkOptions } from '../lark/form-values.js';

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const say = (b: Bilingual) => [{ msgType: 'text' as const, content: textContent(`${b.zh}\n${b.en}`) }];

/** The hotline in chat: 登记, 查询, 我的待办, 工单 列表, and every button on a ticket card. */
export function ticketHandlers(deps: { tickets: TicketService; directory: Directory; clock: Clock; tz: string; numberPattern: RegExp }) {
  const { tickets, directory, tz } = deps;
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

  const query: Command = {
    id: 'ticket.show',
    words: ['查询', 'show'],
    usage: '查询 ZX-20261121-0001',
    summary: { zh: '查看工单和完整办理过程', en: 'Show a ticket with its whole timeline' },
    async run(ctx) {
      const id = deps.numberPattern.exec(ctx.args.toUpperCase())?.[0];
      if (!id) return say({ zh: '请写工单号，例如「查询 ZX-20261121-0001」', en: 'Give the ticket number, e.g. "show ZX-20261121-0001"' });
      const loaded = await tickets.load(id);
      if (!loaded) return say({ zh: `没有工单 ${id}`, en: `No ticket ${id}` });
      const { ticket, state } = loaded;
      const allowed = decide(ctx.person, 'ticket.view', { units: [state.leadUnit ?? '', ...state.coUnits].filter(Boolean), owner: ticket.intakeBy });
      if (!allowed.allowed) return say(allowed.reason);
      const card = await tickets.card('record', loaded, { fullTimeline: true, viewer: ctx.person });
      return [{ msgType: 'interactive', content: cardContent(card) }];
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

  const list: Command = {
    id: 'ticket.list',
    words: ['工单', 'tickets'],
    usage: '工单 列表 [状态] [单位代码] [紧急|特急] [超期]',
    summary: { zh: '按状态、单位、紧急程度、超期筛选工单', en: 'List tickets by state, unit, urgency, overdue' },
    async run(ctx) {
      const words = ctx.args.split(/\s+/).filter((w) => w && !/^(列表|list)$/i.test(w));
      const filter: { status?: TicketStatus; unit?: string; urgency?: TicketUrgency; overdue?: boolean } = {};
      const units = await directory.units();
      for (const w of words) {
        const status = TICKET_STATUSES.find((s) => s === w || STATUS_LABELS[s].zh.startsWith(w));
        const urgency = TICKET_URGENCIES.find((u) => u === w || TICKET_URGENCY_LABELS[u].zh === w);
        if (/^(超期|逾期|overdue)$/i.test(w)) filter.overdue = true;
        else if (status) filter.status = status;
        else if (urgency) filter.urgency = urgency;
        else if (units.some((u) => u.code === w || u.name === w)) filter.unit = units.find((u) => u.code === w || u.name === w)!.code;
        else return say({ zh: `看不懂筛选条件「${w}」。可用：状态（如 办理中）、单位代码、紧急/特急、超期`, en: `Unknown filter "${w}". Use a state, a unit code, 紧急/特急 or 超期` });
      }
      const items = await tickets.list(ctx.person!, filter);
      return [{ msgType: 'interactive', content: cardContent(ticketListCard({ zh: `工单列表（${items.length}）`, en: 'Tickets' }, items.map(line), { zh: '没有符合条件的工单。', en: 'No ticket matches.' })) }];
    },
  };

  /** The card as it now stands, for whoever clicked (a leader's keeps 批示). */
  const answer = async (o: TicketOutcome, by: string) => {
    const viewer = o.kind === 'refused' ? null : await directory.person(by);
    return outcomeAnswer(o, (shown) => tickets.card('record', shown, { viewer }));
  };

  const actions: Record<string, CardAction> = {
    [TK_INTAKE]: async ({ event, ctx }) => {
      const form = event.action.form_value ?? {};
      const parsed = parseIntake(form);
      if ('problems' in parsed) {
        return { toast: toast('warning', `请修改：${parsed.problems.map((p) => p.zh).join('；')}`, `Please fix: ${parsed.problems.map((p) => p.en).join('; ')}`), card: { type: 'raw', data: intakeFormCard(form, parsed.problems) } };
      }
      const r = await tickets.intake({ intake: parsed.intake, by: event.operator.open_id, key: ctx.eventId, ...(event.context?.open_message_id ? { statusMessageId: event.context.open_message_id } : {}) });
      if ('refused' in r) return { toast: toast('warning', r.refused.zh, r.refused.en) };
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
      const coUnits = larkOptions(form.coUnits);
      if (deadline === null) return { toast: toast('warning', `无法识别办理期限「${str(form.deadline).slice(0, 30)}」，请从日历中选择`, 'The deadline could not be read; pick it from the calendar') };
      if (coUnits === null) return { toast: toast('warning', '无法识别所选的协办单位，请重新选择', 'The co-units could not be read; pick them again') };
      return answer(
        await tickets.act({
          id: str(value.id),
          version: Number(value.v),
          op: str(value.op),
          by: event.operator.open_id,
          form: { ...form, deadline, coUnits, ...(value.o ? { outcome: value.o } : {}) },
        }),
        event.operator.open_id,
      );
    },
  };

  return { commands: [intake, query, todo, list], actions };
}
