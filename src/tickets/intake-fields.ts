import { z } from 'zod';
import type { Bilingual } from '../cards/card-types.js';
import type { TicketIntake } from '../models/ticket.js';
import { CATEGORIES, CHANNELS, OUT_OF_SCOPE, TICKET_URGENCIES, type OutOfScope } from './ticket-types.js';

/** A mobile, a landline with its area code (and an extension: 0571-88886666转123), or a local number. */
const PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:(?:转|-)\d{1,6})?|\d{5,8})$/;

/** 办理方式 on the intake form: `dispatch` (派单办理) or `direct` (直接答复, 即办件). */
export const INTAKE_HANDLING = ['dispatch', 'direct'] as const;

const schema = z.object({
  callerName: z.string().trim().max(32, 'name_long').default(''),
  phone: z
    .string()
    .transform((v) => v.replace(/\s/g, ''))
    .refine((v) => v === '' || (v.length <= 20 && PHONE.test(v)), 'phone')
    .default(''),
  anonymous: z.preprocess((v) => v === true || v === 'yes' || v === 'true', z.boolean()).default(false),
  channel: z.enum(CHANNELS, { message: 'channel' }).default('phone'),
  category: z.enum(CATEGORIES, { message: 'category' }),
  content: z.string().trim().min(1, 'content_required').max(1000, 'content_long'),
  place: z.string().trim().max(100, 'place_long').default(''),
  urgency: z.enum(TICKET_URGENCIES, { message: 'urgency' }).default('normal'),
  outOfScope: z.union([z.literal(''), z.enum(OUT_OF_SCOPE)]).default(''),
  /** 办理方式: dispatched to a unit (the loop), or 直接答复 — answered by the clerk on the spot. */
  handling: z.enum(INTAKE_HANDLING, { message: 'handling' }).default('dispatch'),
  /** 直接答复: what the clerk told the caller. */
  answer: z.string().trim().max(1000, 'answer_long').default(''),
});

const MESSAGES: Record<string, Bilingual> = {
  name_long: { zh: '来电人姓名最多 32 字', en: "the caller's name is at most 32 characters" },
  phone: { zh: '电话号码格式不对（手机 11 位，座机如 0571-88886666 或 0571-88886666转123）', en: 'not a phone number (11-digit mobile, or a landline such as 0571-88886666 or 0571-88886666转123)' },
  channel: { zh: '请选择来源渠道', en: 'pick the channel' },
  category: { zh: '请选择诉求类别', en: 'pick the category' },
  content_required: { zh: '诉求内容不能为空', en: 'the content is required' },
  content_long: { zh: '诉求内容最多 1000 字', en: 'the content is at most 1000 characters' },
  place_long: { zh: '地点最多 100 字', en: 'the place is at most 100 characters' },
  urgency: { zh: '请选择紧急程度', en: 'pick the urgency' },
  handling: { zh: '请选择办理方式（派单办理或直接答复）', en: 'pick how it is handled (dispatch, or answer at once)' },
  answer_long: { zh: '直接答复内容最多 1000 字', en: 'the answer is at most 1000 characters' },
};

/** `directAnswer`: the ticket was answered at intake (直接答复) with this text. */
export type IntakeInput = TicketIntake & { outOfScope: '' | OutOfScope; directAnswer?: string };

/** The intake form's fields, checked; every problem named in Chinese and English, with its field. */
export function parseIntake(input: unknown): { intake: IntakeInput } | { problems: (Bilingual & { field: string })[] } {
  const raw = input && typeof input === 'object' ? (input as Record<string, unknown>) : {};
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== null && v !== undefined));
  const r = schema.safeParse({ content: '', ...cleaned });
  if (r.success) {
    const { handling, answer, ...intake } = r.data;
    if (!intake.anonymous && !intake.phone && !intake.callerName) {
      return { problems: [{ field: 'phone', zh: '请填写来电人或电话，或勾选匿名', en: "give the caller's name or phone, or mark it anonymous" }] };
    }
    if (handling === 'direct' && !answer) {
      return { problems: [{ field: 'answer', zh: '直接答复须填写答复来电人的内容', en: 'answering at once needs the answer given to the caller' }] };
    }
    if (handling === 'direct' && intake.outOfScope) {
      return { problems: [{ field: 'outOfScope', zh: '不予受理的来电不能直接答复：请二选一', en: 'an out-of-scope call cannot also be answered at once: pick one' }] };
    }
    if (handling !== 'direct' && answer) {
      return { problems: [{ field: 'handling', zh: '填写了直接答复内容：请将办理方式选为「直接答复」，或清空答复内容', en: 'an answer is written: set the handling to 直接答复 (answer at once), or clear the answer' }] };
    }
    return { intake: handling === 'direct' ? { ...intake, directAnswer: answer } : intake };
  }
  return {
    problems: r.error.issues.map((i) => ({ field: String(i.path[0] ?? ''), ...(MESSAGES[i.message] ?? { zh: `${i.path.join('.')} 不正确`, en: `${i.path.join('.')} is invalid` }) })),
  };
}
