import { z } from 'zod';
import { elementId, i18nIcon, i18nStrings, LOCALES, plainText, tablePadding } from './contract-primitives.js';

/**
 * 标题 header (card-json-v2-components/content-components/title.md). "同一张卡片仅支持添加一个标题组件"
 * (one header per card). Unlike every other component the header has no `element_id`
 * (card-json-v2-structure.md: "所有组件（标题组件除外）… 新增 element_id 属性"); its suffix tags do.
 */

/**
 * `title` / `subtitle`: tag 必填 (plain_text or lark_md), content 否; translations in
 * `i18n_content` (configure-multi-language-content.md). "主标题内容最多四行" and "副标题内容最多
 * 一行": longer text is cut with "…", not refused.
 */
const headerText = z.strictObject({
  tag: z.enum(['plain_text', 'lark_md']),
  content: z.string().optional(),
  i18n_content: i18nStrings.optional(),
});

/** 后缀标签颜色枚举 (suffix tag colours). */
const TAG_COLORS = ['neutral', 'blue', 'turquoise', 'lime', 'orange', 'violet', 'indigo', 'wathet', 'green', 'yellow', 'red', 'purple', 'carmine'] as const;

/** A suffix tag: `{tag: "text_tag", element_id, text: plain_text, color}`. */
const textTag = z.strictObject({
  tag: z.literal('text_tag'),
  element_id: elementId.optional(),
  text: plainText({ tag: 'required', content: 'required' }).optional(),
  color: z.enum(TAG_COLORS).optional(),
});

/** "最多可添加 3 个标签内容，如果配置的标签数量超过 3 个，则取前 3 个标签进行展示" (at most 3; more are dropped). */
const textTags = z.array(textTag).max(3, 'at most 3 suffix tags ("最多可添加 3 个标签内容")');

/**
 * The header. "text_tag_list 和 i18n_text_tag_list 只能配置其中之一。如果同时配置仅生效
 * i18n_text_tag_list" (configure one of them; with both, only the i18n one shows): not refused.
 */
export const cardHeaderSchema = z.strictObject({
  title: headerText,
  subtitle: headerText.optional(),
  text_tag_list: textTags.optional(),
  i18n_text_tag_list: z.partialRecord(z.enum(LOCALES), textTags).optional(),
  template: z.enum(['blue', 'wathet', 'turquoise', 'green', 'yellow', 'orange', 'red', 'carmine', 'violet', 'purple', 'indigo', 'grey', 'default']).optional(),
  icon: i18nIcon.optional(),
  /** The field table says [-99,99]px (default 12px); the JSON structure's comment says [0,99]px. */
  padding: tablePadding.optional(),
});
