import { z } from 'zod';
import { cardHeaderSchema } from './card-header.js';
import { direction, horizontalAlign, i18nStrings, LOCALES, padding, spacing, TEXT_SIZES, verticalAlign } from './contract-primitives.js';

/**
 * The card itself (card-json-v2-structure.md): `schema` "2.0", `config`, `card_link`, `header`,
 * `body`. govdesk sends only JSON 2.0 cards, so `schema` is required here though Lark defaults
 * it to 1.0. Elements are checked one by one by the walker.
 */
const platformSize = z.enum(TEXT_SIZES);

/** Per-platform numbers: "若要配置三端统一的流式参数，仅指定 default 的值即可" (default 必填). */
const perPlatform = z.strictObject({ default: z.number(), android: z.number().optional(), ios: z.number().optional(), pc: z.number().optional() });

/** `streaming_config` (quick-start/streaming-updates-openapi-overview.md, the field table the structure page refers to). */
const streamingConfig = z.strictObject({
  print_frequency_ms: perPlatform.optional(),
  print_step: perPlatform.optional(),
  print_strategy: z.enum(['fast', 'delay']).optional(),
});

const config = z.strictObject({
  streaming_mode: z.boolean().optional(),
  streaming_config: streamingConfig.optional(),
  summary: z.strictObject({ content: z.string().optional(), i18n_content: i18nStrings.optional() }).optional(),
  locales: z.array(z.enum(LOCALES)).optional(),
  enable_forward: z.boolean().optional(),
  /** "JSON 2.0 暂时仅支持设为 true". */
  update_multi: z.literal(true).optional(),
  width_mode: z.enum(['default', 'compact', 'fill']).optional(),
  use_custom_translation: z.boolean().optional(),
  enable_forward_interaction: z.boolean().optional(),
  style: z
    .strictObject({
      text_size: z.record(z.string(), z.strictObject({ default: platformSize.optional(), pc: platformSize.optional(), mobile: platformSize.optional() })).optional(),
      color: z.record(z.string(), z.strictObject({ light_mode: z.string(), dark_mode: z.string() })).optional(),
    })
    .optional(),
});

/** "url 和各端的链接（android_url、ios_url、pc_url）必填其中一个". */
const cardLink = z
  .strictObject({ url: z.string().optional(), android_url: z.string().optional(), ios_url: z.string().optional(), pc_url: z.string().optional() })
  .refine((l) => l.url !== undefined || (l.android_url !== undefined && l.ios_url !== undefined && l.pc_url !== undefined), 'card_link needs url, or all of android_url, ios_url and pc_url');

const body = z.strictObject({
  direction: direction.optional(),
  padding: padding.optional(),
  horizontal_spacing: spacing.optional(),
  horizontal_align: horizontalAlign.optional(),
  vertical_spacing: spacing.optional(),
  vertical_align: verticalAlign.optional(),
  elements: z.array(z.unknown()),
});

export const cardRootSchema = z.strictObject({
  schema: z.literal('2.0'),
  config: config.optional(),
  card_link: cardLink.optional(),
  header: cardHeaderSchema.optional(),
  body: body.optional(),
});
