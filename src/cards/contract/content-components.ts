import { z } from 'zod';
import { v2Page } from './card-violation.js';
import type { CardNode, ComponentRule } from './component-rule.js';
import {
  cornerRadius, elementId, horizontalAlign, i18nIcon, i18nStrings, margin, markdownTexts, plainText, pxLength, textAlign, textSize, verticalAlign,
} from './contract-primitives.js';

/**
 * Content components of card JSON 2.0: they show things and send nothing. Every text object
 * and image key may also carry its translations ("content → i18n_content", "img_key →
 * i18n_img_key", configure-multi-language-content.md).
 */

const isTag = (v: unknown, tag: string) => typeof v === 'object' && v !== null && (v as { tag?: unknown }).tag === tag;

/** 富文本 markdown (content-components/rich-text.md). */
const markdown: ComponentRule = {
  tag: 'markdown',
  page: v2Page('content-components/rich-text'),
  kind: 'content',
  schema: z.strictObject({
    tag: z.literal('markdown'),
    element_id: elementId.optional(),
    margin: margin.optional(),
    text_align: textAlign.optional(),
    text_size: textSize.optional(),
    icon: i18nIcon.optional(),
    content: z.string(),
    /** configure-multi-language-content.md shows `i18n_content` on a markdown component. */
    i18n_content: i18nStrings.optional(),
  }),
  markdown: (n) => markdownTexts('', n),
};

/**
 * 普通文本 div (content-components/plain-text.md). `text.tag` is plain_text or lark_md
 * ("支持部分 Markdown 语法的文本内容", partial markdown); `text_size` falls back to normal for an
 * unknown value ("如果你填写了其它值，卡片将展示为 normal 字段对应的字号") and may name a
 * config.style size, so any name passes; `text_color` "仅在 tag 为 plain_text 时生效".
 * The page's lark_md example also has `fields`/`is_short`, which the field table does not list.
 */
const div: ComponentRule = {
  tag: 'div',
  page: v2Page('content-components/plain-text'),
  kind: 'content',
  schema: z.strictObject({
    tag: z.literal('div'),
    element_id: elementId.optional(),
    margin: margin.optional(),
    /** "fill"、"auto"、"[16,999]px". */
    width: z.union([z.enum(['fill', 'auto']), pxLength(16, 999)]).optional(),
    text: z
      .strictObject({
        tag: z.enum(['plain_text', 'lark_md']),
        content: z.string(),
        i18n_content: i18nStrings.optional(),
        text_size: textSize.optional(),
        text_color: z.string().optional(),
        text_align: textAlign.optional(),
        lines: z.number().int().optional(),
      })
      .optional(),
    icon: i18nIcon.optional(),
  }),
  markdown: (n) => (isTag(n.text, 'lark_md') ? markdownTexts('text', n.text) : []),
};

/** 分割线 hr (content-components/divider.md): tag, element_id and margin only. */
const hr: ComponentRule = {
  tag: 'hr',
  page: v2Page('content-components/divider'),
  kind: 'content',
  schema: z.strictObject({ tag: z.literal('hr'), element_id: elementId.optional(), margin: margin.optional() }),
};

/**
 * 图片 img (content-components/image.md). `alt` is 必填 in the field table (some examples on
 * Lark's pages omit it; the table is followed). `size` no longer takes stretch_without_padding
 * ("不再支持传入 stretch_without_padding 实现通栏效果": use a negative margin). `mode`,
 * `custom_width` and `compact_width` are the page's 历史字段 (historical fields).
 */
const img: ComponentRule = {
  tag: 'img',
  page: v2Page('content-components/image'),
  kind: 'content',
  schema: z.strictObject({
    tag: z.literal('img'),
    element_id: elementId.optional(),
    margin: margin.optional(),
    img_key: z.string().min(1),
    i18n_img_key: i18nStrings.optional(),
    alt: plainText({ tag: 'required', content: 'required' }),
    title: plainText({ tag: 'required', content: 'required' }).optional(),
    corner_radius: cornerRadius.optional(),
    scale_type: z.enum(['crop_center', 'crop_top', 'fit_horizontal']).optional(),
    /** stretch, large, medium, small, tiny, or "[1,1000]px [1,1000]px". */
    size: z
      .union([
        z.enum(['stretch', 'large', 'medium', 'small', 'tiny']),
        z.string().regex(/^(?:[1-9]\d{0,2}|1000)px (?:[1-9]\d{0,2}|1000)px$/, 'size: stretch, large, medium, small, tiny or "[1,1000]px [1,1000]px"'),
      ])
      .optional(),
    transparent: z.boolean().optional(),
    preview: z.boolean().optional(),
    mode: z.enum(['crop_center', 'fit_horizontal', 'stretch', 'large', 'medium', 'small', 'tiny']).optional(),
    /** The table says int "278px ~ 580px"; the page's JSON structure shows "300px" (a string). */
    custom_width: z.number().int().min(278).max(580).optional(),
    compact_width: z.boolean().optional(),
  }),
};

/**
 * 图表 chart (content-components/chart.md). `chart_spec` is a VChart spec ("基于 VChart 的图表定义"),
 * an object the contract does not look into; "图表组件暂不支持 JavaScript 语法" (no functions).
 * `height` "[1,999]px" overrides `aspect_ratio`.
 */
const chart: ComponentRule = {
  tag: 'chart',
  page: v2Page('content-components/chart'),
  kind: 'content',
  schema: z.strictObject({
    tag: z.literal('chart'),
    element_id: elementId.optional(),
    margin: margin.optional(),
    aspect_ratio: z.enum(['1:1', '2:1', '4:3', '16:9']).optional(),
    color_theme: z.enum(['brand', 'rainbow', 'complementary', 'converse', 'primary']).optional(),
    chart_spec: z.record(z.string(), z.unknown()),
    preview: z.boolean().optional(),
    height: z.union([z.literal('auto'), pxLength(1, 999)]).optional(),
  }),
};

const DATA_TYPES = ['text', 'lark_md', 'options', 'number', 'persons', 'date', 'markdown'] as const;

/** One `column` of a table (table.md, column 字段说明). */
const tableColumn = z.strictObject({
  name: z.string().min(1),
  display_name: z.string().optional(),
  /** auto, "[80px,600px]" or "[1%,100%]". */
  width: z
    .union([
      z.literal('auto'),
      pxLength(80, 600),
      z.string().refine((v) => /^(\d+)%$/.test(v) && Number(v.slice(0, -1)) >= 1 && Number(v.slice(0, -1)) <= 100, 'width: auto, [80,600]px or [1,100]%'),
    ])
    .optional(),
  vertical_align: verticalAlign.optional(),
  horizontal_align: horizontalAlign.optional(),
  data_type: z.enum(DATA_TYPES),
  /** "该字段仅当 data_type 为 number 时生效" (only used for number columns). */
  format: z
    .strictObject({
      precision: z.number().int().min(0).max(10).optional(),
      symbol: z.string().refine((s) => [...s].length <= 1, 'symbol: "可填 1 个字符的货币单位文本" (one character)').optional(),
      separator: z.boolean().optional(),
    })
    .optional(),
  date_format: z.string().optional(),
});

/** An option tag in an options cell: "text" and "color" (default blue). */
const optionTag = z.strictObject({ text: z.string(), color: z.string().optional() });

/** What a row may hold under a column, by data_type (table.md, data_type 字段说明). */
const CELL: Record<(typeof DATA_TYPES)[number], { ok: (v: unknown) => boolean; what: string }> = {
  // "非字符串类型转换为字符串展示": anything is shown as a string.
  text: { ok: () => true, what: '' },
  lark_md: { ok: () => true, what: '' },
  markdown: { ok: () => true, what: '' },
  number: { ok: (v) => typeof v === 'number', what: 'a number ("name":NUMBER)' },
  date: { ok: (v) => Number.isInteger(v), what: 'a Unix timestamp in milliseconds ("需输入 Unix 标准毫秒级时间戳")' },
  persons: { ok: (v) => typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string')), what: 'a user id or an array of user ids' },
  options: {
    ok: (v) => typeof v === 'string' || (Array.isArray(v) && v.every((o) => optionTag.safeParse(o).success)),
    what: 'a string or an array of {text, color}',
  },
};

const columnsOf = (n: CardNode) => (Array.isArray(n.columns) ? (n.columns as { name?: unknown; data_type?: unknown }[]) : []);
const rowsOf = (n: CardNode) => (Array.isArray(n.rows) ? (n.rows as unknown[]) : []);

/**
 * 表格 table (content-components/table.md). "只可放在卡片根节点下" (root only, enforced by the
 * walker); "最多支持添加 50 列，超出 50 列的内容不展示" (at most 50 columns; more are not shown);
 * "单张卡片最多支持放置五个表格组件" (at most five per card: a card-level rule, not this one's).
 * Rows are objects keyed by column name; each cell must fit its column's data_type.
 */
const table: ComponentRule = {
  tag: 'table',
  page: v2Page('content-components/table'),
  kind: 'content',
  schema: z
    .strictObject({
      tag: z.literal('table'),
      element_id: elementId.optional(),
      margin: margin.optional(),
      page_size: z.number().int().min(1).max(10).optional(),
      /** low, middle, high, auto or "[32,124]px". */
      row_height: z.union([z.enum(['low', 'middle', 'high', 'auto']), pxLength(32, 124)]).optional(),
      row_max_height: pxLength(32, 999).optional(),
      header_style: z
        .strictObject({
          text_align: textAlign.optional(),
          text_size: z.enum(['normal', 'heading']).optional(),
          background_style: z.enum(['grey', 'none']).optional(),
          text_color: z.enum(['default', 'grey']).optional(),
          bold: z.boolean().optional(),
          lines: z.number().int().min(1).optional(),
        })
        .optional(),
      freeze_first_column: z.boolean().optional(),
      columns: z.array(tableColumn).max(50, 'at most 50 columns ("最多支持添加 50 列，超出 50 列的内容不展示")'),
      rows: z.array(z.record(z.string(), z.unknown())),
    })
    .superRefine((t, ctx) => {
      for (const col of t.columns) {
        const cell = CELL[col.data_type];
        t.rows.forEach((row, i) => {
          const v = row[col.name];
          if (v !== undefined && !cell.ok(v)) ctx.addIssue({ code: 'custom', path: ['rows', i, col.name], message: `a ${col.data_type} column's cell is ${cell.what}` });
        });
      }
    }),
  markdown: (n) =>
    columnsOf(n)
      .filter((c) => (c.data_type === 'lark_md' || c.data_type === 'markdown') && typeof c.name === 'string')
      .flatMap((c) =>
        rowsOf(n).flatMap((row, i) => {
          const v = typeof row === 'object' && row !== null ? (row as Record<string, unknown>)[c.name as string] : undefined;
          return typeof v === 'string' ? [{ key: `rows[${i}].${String(c.name)}`, content: v }] : [];
        }),
      ),
};

const avatarSize = z.enum(['extra_small', 'small', 'medium', 'large']);

/** 人员 person (content-components/user-profile.md): `user_id` is an open_id, union_id or user_id. */
const person: ComponentRule = {
  tag: 'person',
  page: v2Page('content-components/user-profile'),
  kind: 'content',
  schema: z.strictObject({
    tag: z.literal('person'),
    element_id: elementId.optional(),
    margin: margin.optional(),
    size: avatarSize.optional(),
    show_avatar: z.boolean().optional(),
    show_name: z.boolean().optional(),
    style: z.enum(['normal', 'capsule']).optional(),
    user_id: z.string().min(1),
  }),
};

/**
 * 人员列表 person_list (content-components/user-list.md). `lines`: "不可为 0" (not 0).
 * `drop_invalid_user_id` false: "若存在无效用户 ID，将报错" (an invalid id fails the card).
 * "如果同时配置 icon 和 ud_icon，仅生效 icon" (icon wins over ud_icon).
 */
const personList: ComponentRule = {
  tag: 'person_list',
  page: v2Page('content-components/user-list'),
  kind: 'content',
  schema: z.strictObject({
    tag: z.literal('person_list'),
    element_id: elementId.optional(),
    margin: margin.optional(),
    drop_invalid_user_id: z.boolean().optional(),
    lines: z.number().int().min(1).optional(),
    show_name: z.boolean().optional(),
    show_avatar: z.boolean().optional(),
    size: avatarSize.optional(),
    persons: z.array(z.strictObject({ id: z.string().min(1) })),
    icon: i18nIcon.optional(),
    ud_icon: z.strictObject({ token: z.string().optional(), style: z.strictObject({ color: z.string().optional() }).optional() }).optional(),
  }),
};

export const CONTENT_COMPONENTS: ComponentRule[] = [markdown, div, hr, img, chart, table, person, personList];
