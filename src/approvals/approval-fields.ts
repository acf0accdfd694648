import { z } from 'zod';
import type { Bilingual } from '../cards/card-types.js';
import type { ApprovalFields } from '../models/approval-request.js';

const schema = z.object({
  title: z.string().trim().min(1, 'title_required').max(100, 'title_long'),
  summary: z.string().trim().max(1000, 'summary_long').default(''),
  link: z.string().trim().max(500, 'link_long').default(''),
  urgency: z.enum(['normal', 'urgent', 'very_urgent'], { message: 'urgency' }).default('normal'),
  security: z.enum(['none', 'secret', 'confidential', 'top_secret'], { message: 'security' }).default('none'),
  normative: z.preprocess((v) => v === true || v === 'yes' || v === 'true', z.boolean()).default(false),
});

const MESSAGES: Record<string, Bilingual> = {
  title_required: { zh: '标题不能为空', en: 'the title is required' },
  title_long: { zh: '标题最多 100 字', en: 'the title is at most 100 characters' },
  summary_long: { zh: '摘要最多 1000 字', en: 'the summary is at most 1000 characters' },
  link_long: { zh: '链接最多 500 字', en: 'the link is at most 500 characters' },
  urgency: { zh: '紧急程度只能是 普通/急件/特急', en: 'urgency must be ordinary, urgent or very urgent' },
  security: { zh: '密级只能是 无/秘密/机密/绝密', en: 'the security mark must be none, secret, confidential or top secret' },
};

/** A request's fields from a form (or an API call); every problem named in both languages. */
export function parseApprovalFields(input: unknown): { fields: ApprovalFields } | { problems: Bilingual[] } {
  const raw = input && typeof input === 'object' ? (input as Record<string, unknown>) : {};
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== '' && v !== null && v !== undefined));
  const r = schema.safeParse({ title: '', ...cleaned });
  if (r.success) return { fields: r.data };
  return { problems: r.error.issues.map((i) => MESSAGES[i.message] ?? { zh: `${i.path.join('.')} 不正确`, en: `${i.path.join('.')} is invalid` }) };
}
