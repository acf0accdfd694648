import { outcomeAnswer } from './outcome-answer.js';
import type { WorkCalendar } from '../calendar/work-calendar.js';
import type { Bilingual } from '../cards/card-types.js';
import { instructionFormCard, PS_NEW, PS_SUBMIT, supervisionLedgerCard, supervisionNewCard, SV_CLOSE, SV_DONE, SV_PROGRESS, SV_SUBMIT } from '../cards/supervision-cards.js';
import { toast } from '../cards/toast.js';
import type { Command } from '../commands/command.js';
import type { Directory, Person } from '../directory/directory.js';
import { decide } from '../directory/policy.js';
import type { CardAnswer } from '../inbox/handler-types.js';
import type { Clock } from '../lib/clock.js';
import type { Outbox } from '../outbox/outbox.js';
import { cardContent, textContent } from '../outbox/outgoing-message.js';
import { SUPERVISION_LIMITS, tooLong, type SupervisionOutcome, type SupervisionService } from '../supervision/supervision-service.js';
import type { CardAction } from './card-action.js';
import { larkDate, larkOptions, larkPerson } from '../lark/form-values.js';

export interface SupervisionHandlerDeps {
  supervision: SupervisionService;
  directory: Directory;
  outbox: Outbox;
  calendar: WorkCalendar;
  clock: Clock;
  tz: string;
  /**
   * The title of what an instruction is written on, by kind (approval, ticket, duty log), as
   * `viewer` may see it (null: anyone, e.g. the units named): a request marked 机密 shows
   * "机密事项，请联系…" to all but its deciders.
   */
  sourceTitle: (kind: string, id: string, viewer: string | null) => Promise<string | null>;
  /** Tells the source (a ticket) that an instruction was written on it. */
  onInstruction?: (source: { kind: string; id: string }, by: string, text: string, key: string) => Promise<void>;
}

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const warn = (b: Bilingual): CardAnswer => ({ toast: toast('warning', b.zh, b.en) });

export function supervisionHandlers(deps: SupervisionHandlerDeps) {
  const { supervision, directory, outbox, tz } = deps;
  const defaultDeadline = (days: number) => deps.calendar.day(deps.calendar.deadlineAfter(deps.clock.now(), days));
  /** A date from a form, as a deadline: the end of that working day (the calendar's one rule). */
  const endOfDay = (d: string) => deps.calendar.deadlineOf(d);

  /**
   * The ledger for `person`. In a group chat everyone in it sees the card, so it lists only the
   * sender's own unit's items (never the whole ledger, whoever asks) and offers no 销号.
   */
  const ledgerCard = async (person: Person, inGroup: boolean) => {
    const items = inGroup ? await supervision.unitItems(person.unit) : await supervision.ledger(person);
    const units = new Map((await directory.units({ includeInactive: true })).map((u) => [u.code, u.name]));
    return supervisionLedgerCard(items, units, tz, deps.clock.now(), !inGroup && decide(person, 'supervision.manage').allowed);
  };

  const command: Command = {
    id: 'supervision',
    words: ['督办', 'supervise'],
    usage: '督办 新建 | 督办 列表',
    summary: { zh: '督查督办台账：新建、查看（含领导批示）', en: 'Supervision ledger: create and list items (with instructions)' },
    async run(ctx) {
      const person = ctx.person!;
      if (/^(新建|new)$/i.test(ctx.args)) {
        const allowed = decide(person, 'supervision.manage');
        if (!allowed.allowed) return [{ msgType: 'text', content: textContent(`${allowed.reason.zh}\n${allowed.reason.en}`) }];
        return [{ msgType: 'interactive', content: cardContent(supervisionNewCard(await directory.units(), defaultDeadline(10))) }];
      }
      return [{ msgType: 'interactive', content: cardContent(await ledgerCard(person, ctx.chatType !== 'p2p')) }];
    },
  };

  /** The outcome for the presser: their card redrawn as they may act on it. */
  const answer = async (o: SupervisionOutcome, by: string): Promise<CardAnswer> => {
    // Bad input (a note too long): the card again, with the problem and what was written.
    if (o.kind === 'refused' && o.form) return { ...warn(o.message), card: { type: 'raw', data: await supervision.card(o.form.loaded, { problems: [o.message], note: o.form.note }, by) } };
    return outcomeAnswer(o, (shown) => supervision.card(shown, undefined, by));
  };

  const actions: Record<string, CardAction> = {
    [SV_SUBMIT]: async ({ event, ctx }) => {
      const f = event.action.form_value ?? {};
      const problems: Bilingual[] = [];
      if (!str(f.content)) problems.push({ zh: '督办内容不能为空', en: 'the content is required' });
      const long = [tooLong({ zh: '督办内容', en: 'the content' }, str(f.content), SUPERVISION_LIMITS.content), tooLong({ zh: '完成标准', en: 'the standard of done' }, str(f.standard), SUPERVISION_LIMITS.standard)];
      for (const p of long) if (p) problems.push(p);
      if (!str(f.unit)) problems.push({ zh: '请选择承办单位', en: 'pick the lead unit' });
      const leader = larkPerson(f.leader);
      const deadline = larkDate(f.deadline);
      if (!leader) problems.push(leader === null ? { zh: '无法识别所选的负责领导，请重新选择', en: 'the responsible leader could not be read; pick again' } : { zh: '请选择负责领导', en: 'pick the responsible leader' });
      if (!deadline) problems.push(deadline === null ? { zh: `无法识别期限「${str(f.deadline).slice(0, 30)}」，请从日历中选择`, en: 'the deadline could not be read; pick it from the calendar' } : { zh: '请选择期限', en: 'pick the deadline' });
      // Refused: the form again with the problems and everything filled in, so nothing is lost.
      const again = async (ps: Bilingual[]): Promise<CardAnswer> => ({
        ...warn({ zh: ps.map((p) => p.zh).join('；'), en: ps.map((p) => p.en).join('; ') }),
        card: { type: 'raw', data: supervisionNewCard(await directory.units(), defaultDeadline(10), ps, { content: str(f.content), standard: str(f.standard), unit: str(f.unit), ...(deadline ? { deadline } : {}) }) },
      });
      if (problems.length) return again(problems);
      const r = await supervision.create({ content: str(f.content), standard: str(f.standard), leadUnit: str(f.unit), leader: leader!, deadline: endOfDay(deadline!), by: event.operator.open_id, key: ctx.eventId });
      if ('refused' in r) return again([r.refused]);
      const mid = event.context?.open_message_id;
      if (mid) await supervision.holdMessage(r.loaded.item._id, mid, event.operator.open_id);
      return { toast: toast('success', `已创建 ${r.loaded.item._id}`, `Created ${r.loaded.item._id}`), card: { type: 'raw', data: await supervision.card(r.loaded, undefined, event.operator.open_id) } };
    },
    [SV_PROGRESS]: async ({ value, event, ctx }) => answer(await supervision.progress({ id: str(value.id), by: event.operator.open_id, note: str(event.action.form_value?.note), key: ctx.eventId }), event.operator.open_id),
    [SV_DONE]: async ({ value, event }) => answer(await supervision.done({ id: str(value.id), by: event.operator.open_id, note: str(event.action.form_value?.note) }), event.operator.open_id),
    [SV_CLOSE]: async ({ value, event }) => {
      const by = event.operator.open_id;
      const o = await supervision.close({ id: str(value.id), by, note: str(event.action.form_value?.note) });
      if (value.from !== 'ledger') return answer(o, by);
      // 销号 from 督办 列表: the ledger stays, redrawn without the closed item's button.
      if (o.kind === 'refused') return warn(o.message);
      const person = await directory.person(by);
      return { toast: toast(o.kind === 'done' ? 'success' : 'info', o.message.zh, o.message.en), ...(person ? { card: { type: 'raw' as const, data: await ledgerCard(person, false) } } : {}) };
    },

    // 批示 on a card: the form goes to the leader privately; the card they pressed stays as it is.
    [PS_NEW]: async ({ value, event, ctx }) => {
      const allowed = decide(await directory.person(event.operator.open_id), 'instruction.create');
      if (!allowed.allowed) return warn(allowed.reason);
      const kind = str(value.k);
      const id = str(value.id);
      const title = await deps.sourceTitle(kind, id, event.operator.open_id);
      if (!title) return warn({ zh: '找不到要批示的事项', en: 'Nothing found to write an instruction on' });
      await outbox.enqueue([
        {
          op: 'send',
          key: `ps-form:${ctx.eventId}`,
          receiveIdType: 'open_id',
          receiveId: event.operator.open_id,
          msgType: 'interactive',
          content: cardContent(instructionFormCard({ kind, id, title }, await directory.units(), defaultDeadline(5))),
        },
      ]);
      return { toast: toast('info', '批示单已发到您的私聊', 'The instruction form is in your direct chat') };
    },
    [PS_SUBMIT]: async ({ value, event, ctx }) => {
      const f = event.action.form_value ?? {};
      const units = larkOptions(f.units);
      const deadline = larkDate(f.deadline);
      const kind = str(value.k);
      const id = str(value.id);
      const by = event.operator.open_id;
      // The title is looked up, never taken from the button; the units get what anyone may see.
      const title = await deps.sourceTitle(kind, id, null);
      if (!title) return warn({ zh: '找不到要批示的事项', en: 'Nothing found to write an instruction on' });
      const text = str(f.text);
      const again = async (problem: Bilingual): Promise<CardAnswer> => ({
        ...warn(problem),
        card: {
          type: 'raw',
          data: instructionFormCard({ kind, id, title: (await deps.sourceTitle(kind, id, by)) ?? title }, await directory.units(), defaultDeadline(5), { problems: [problem], text, units: units ?? [], ...(deadline ? { deadline } : {}) }),
        },
      });
      if (!text) return warn({ zh: '请填写批示内容', en: 'Write the instruction' });
      const long = tooLong({ zh: '批示内容', en: 'the instruction' }, text, SUPERVISION_LIMITS.content);
      if (long) return again(long);
      if (units === null) return warn({ zh: '无法识别所选的承办单位，请重新选择', en: 'The units could not be read; pick them again' });
      if (deadline === null) return warn({ zh: `无法识别落实期限「${str(f.deadline).slice(0, 30)}」，请从日历中选择`, en: 'The deadline could not be read; pick it from the calendar' });
      if (!deadline) return warn({ zh: '请选择落实期限', en: 'Pick the deadline' });
      const r = await supervision.instruct({
        by,
        text,
        units,
        deadline: endOfDay(deadline),
        source: { kind, id, title },
        key: ctx.eventId,
      });
      if ('refused' in r) return again(r.refused);
      await deps.onInstruction?.({ kind: str(value.k), id: str(value.id) }, event.operator.open_id, str(f.text), ctx.eventId);
      const first = r.items[0]!;
      const mid = event.context?.open_message_id;
      if (mid) await supervision.holdMessage(first.item._id, mid, by);
      return {
        toast: toast('success', `批示已发给 ${r.items.length} 个单位`, `Sent to ${r.items.length} unit(s)`),
        card: { type: 'raw', data: await supervision.card(first, undefined, by) },
      };
    },
  };

  return { command, actions };
}
