import { z } from 'zod';
import { v2Page } from './card-violation.js';
import type { CardNode, ComponentRule } from './component-rule.js';
import {
  callbackBehavior, confirm, cornerRadius, direction, elementId, horizontalAlign, i18nStrings, margin, markdownTexts, openUrlBehavior, padding, plainText,
  pxLength, spacing, tablePadding, verticalAlign,
} from './contract-primitives.js';

/**
 * Container components of card JSON 2.0: they hold other components. "可内嵌除表单容器（form）和
 * 表格组件（table）外的其它所有组件" (anything but a form or a table) and "容器类组件最多支持嵌套五层组件"
 * (five levels at most): the walker enforces both.
 */

/** A list of child components; each child is checked on its own by the walker. */
const childList = z.array(z.unknown());
const elementsOf = (n: CardNode) => [{ key: 'elements', nodes: Array.isArray(n.elements) ? n.elements : [] }];

/**
 * 表单容器 form (containers/form-container.md): only at the root; holds neither a form nor a
 * table (nor a chart); needs a submit button; every interactive child has a card-wide unique name.
 * The walker enforces those; this lists the documented properties.
 */
const form: ComponentRule = {
  tag: 'form',
  page: v2Page('containers/form-container'),
  kind: 'container',
  schema: z.strictObject({
    tag: z.literal('form'),
    element_id: elementId.optional(),
    direction: direction.optional(),
    horizontal_spacing: spacing.optional(),
    vertical_spacing: spacing.optional(),
    horizontal_align: horizontalAlign.optional(),
    vertical_align: verticalAlign.optional(),
    padding: tablePadding.optional(), // form-container.md's table: [-99,99]px
    margin: margin.optional(),
    name: z.string().min(1),
    elements: childList,
  }),
  children: elementsOf,
};

/**
 * `action` of a column_set or a column: "当前仅支持跳转交互" (links only), `{multi_url: {url,
 * android_url, ios_url, pc_url}}`; a platform's url may be "lark://msgcard/unsupported_action".
 */
const clickAction = z.strictObject({
  multi_url: z
    .strictObject({ url: z.string().optional(), android_url: z.string().optional(), ios_url: z.string().optional(), pc_url: z.string().optional() })
    .optional(),
});

/**
 * 分栏 column_set (containers/column-set.md). Its `columns` are `column` elements (the walker
 * checks that). `background_style`: default, a colour name or RGBA. `flex_mode` decides how
 * columns adapt on narrow screens. The page's example also writes `horizontal_spacing` "" and
 * "default", values the field table does not list.
 */
const columnSet: ComponentRule = {
  tag: 'column_set',
  page: v2Page('containers/column-set'),
  kind: 'container',
  schema: z.strictObject({
    tag: z.literal('column_set'),
    element_id: elementId.optional(),
    horizontal_spacing: spacing.optional(),
    horizontal_align: horizontalAlign.optional(),
    margin: margin.optional(),
    flex_mode: z.enum(['none', 'stretch', 'flow', 'bisect', 'trisect']).optional(),
    background_style: z.string().optional(),
    action: clickAction.optional(),
    columns: childList,
  }),
  children: (n) => [{ key: 'columns', nodes: Array.isArray(n.columns) ? n.columns : [] }],
};

/**
 * 列 column (containers/column-set.md, 列字段说明). `width`: auto, weighted or "[16,600]px"
 * ("仅 flex_mode 为 none 时，生效此属性", only with flex_mode none); `weight`: "取值范围为 1 ~ 5
 * 之间的整数" (an integer 1..5, used with width weighted).
 */
const column: ComponentRule = {
  tag: 'column',
  page: v2Page('containers/column-set'),
  kind: 'container',
  schema: z.strictObject({
    tag: z.literal('column'),
    element_id: elementId.optional(),
    background_style: z.string().optional(),
    width: z.union([z.enum(['auto', 'weighted']), pxLength(16, 600)]).optional(),
    weight: z.number().int().min(1).max(5).optional(),
    horizontal_spacing: spacing.optional(),
    horizontal_align: horizontalAlign.optional(),
    vertical_align: verticalAlign.optional(),
    vertical_spacing: spacing.optional(),
    direction: direction.optional(),
    padding: padding.optional(),
    margin: margin.optional(),
    elements: childList.optional(),
    action: clickAction.optional(),
  }),
  children: elementsOf,
};

/**
 * 折叠面板 collapsible_panel (containers/collapsible-panel.md). "折叠面板不支持内嵌表单容器（form）
 * 组件". `header` is 必填; its title is plain_text or markdown ("富文本内容"). `icon_expanded_angle`
 * takes -180, -90, 90 or 180; an icon's `size` is "[1,999] [1,999]px". The table marks `tag`
 * 否 (optional); every component needs it. The JSON structure's `header.position` is not in the
 * field table.
 */
const collapsiblePanel: ComponentRule = {
  tag: 'collapsible_panel',
  page: v2Page('containers/collapsible-panel'),
  kind: 'container',
  schema: z.strictObject({
    tag: z.literal('collapsible_panel'),
    expanded: z.boolean().optional(),
    element_id: elementId.optional(),
    margin: margin.optional(),
    horizontal_spacing: spacing.optional(),
    horizontal_align: horizontalAlign.optional(),
    vertical_spacing: spacing.optional(),
    vertical_align: verticalAlign.optional(),
    direction: direction.optional(),
    /** The field table says [-99,99]px; the JSON structure's comment says [0,99]px. */
    padding: tablePadding.optional(),
    background_color: z.string().optional(),
    header: z.strictObject({
      title: z
        .strictObject({ tag: z.enum(['plain_text', 'markdown']), content: z.string().optional(), i18n_content: i18nStrings.optional() })
        .optional(),
      background_color: z.string().optional(),
      width: z.enum(['fill', 'auto', 'auto_when_fold']).optional(),
      vertical_align: verticalAlign.optional(),
      padding: tablePadding.optional(),
      icon: z
        .strictObject({
          tag: z.enum(['standard_icon', 'custom_icon']).optional(),
          token: z.string().optional(),
          color: z.string().optional(),
          img_key: z.string().optional(),
          i18n_img_key: i18nStrings.optional(),
          size: z
            .string()
            .regex(/^(?:[1-9]\d{0,2})px (?:[1-9]\d{0,2})px$/, 'icon size: "[1,999]px [1,999]px", e.g. "16px 16px"')
            .optional(),
        })
        .optional(),
      icon_position: z.enum(['left', 'right', 'follow_text']).optional(),
      icon_expanded_angle: z.union([z.literal(-180), z.literal(-90), z.literal(90), z.literal(180)]).optional(),
    }),
    border: z.strictObject({ color: z.string().optional(), corner_radius: z.string().optional() }).optional(),
    elements: childList.optional(),
  }),
  children: elementsOf,
  markdown: (n) => {
    const title = (n.header as { title?: { tag?: unknown } } | undefined)?.title;
    return title?.tag === 'markdown' ? markdownTexts('header.title', title) : [];
  },
};

/**
 * 交互容器 interactive_container (containers/interactive-container.md). `behaviors` is 必填:
 * open_url and/or callback (configuring-card-interactions.md); "如果交互容器内有交互组件，则优先响应
 * 交互组件定义的交互" (an interactive child's own interaction wins). `width`: fill, auto or
 * "[16,999]px"; `height`: auto or "[10,999]px"; `background_style`: default, laser, a colour or
 * RGBA; `border_color` "仅 has_border 为 true 时，此字段生效". The JSON structure's `"confirm": {}`
 * lacks the 必填 title and text.
 */
const interactiveContainer: ComponentRule = {
  tag: 'interactive_container',
  page: v2Page('containers/interactive-container'),
  kind: 'container',
  schema: z.strictObject({
    tag: z.literal('interactive_container'),
    width: z.union([z.enum(['fill', 'auto']), pxLength(16, 999)]).optional(),
    height: z.union([z.literal('auto'), pxLength(10, 999)]).optional(),
    element_id: elementId.optional(),
    margin: margin.optional(),
    direction: direction.optional(),
    horizontal_spacing: spacing.optional(),
    horizontal_align: horizontalAlign.optional(),
    vertical_spacing: spacing.optional(),
    vertical_align: verticalAlign.optional(),
    background_style: z.string().optional(),
    has_border: z.boolean().optional(),
    border_color: z.string().optional(),
    corner_radius: cornerRadius.optional(),
    /** The field table says [-99,99]px (default "4px 12px"). */
    padding: tablePadding.optional(),
    behaviors: z.array(z.discriminatedUnion('type', [openUrlBehavior, callbackBehavior])),
    hover_tips: plainText({ tag: 'required', content: 'required' }).optional(),
    disabled: z.boolean().optional(),
    disabled_tips: plainText({ tag: 'required', content: 'required' }).optional(),
    confirm: confirm.optional(),
    elements: childList,
  }),
  children: elementsOf,
};

export const CONTAINER_COMPONENTS: ComponentRule[] = [form, columnSet, column, collapsiblePanel, interactiveContainer];
