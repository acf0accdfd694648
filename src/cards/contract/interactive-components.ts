import { z } from 'zod';
import { v2Page } from './card-violation.js';
import type { CardNode, ComponentRule } from './component-rule.js';
import {
  callbackBehavior,
  callbackBehaviors,
  componentWidth,
  confirm,
  elementId,
  i18nIcon,
  i18nStrings,
  margin,
  markdownTexts,
  openUrlBehavior,
  plainText,
  textAlign,
} from './contract-primitives.js';

/**
 * Interactive components of card JSON 2.0 that are not form inputs: button, overflow, checker.
 * None of them documents `label`. `behaviors` is optional everywhere (see input-components.ts);
 * only the button may open a URL ("分栏、交互容器、和按钮组件支持配置打开链接事件",
 * configuring-card-interactions.md).
 */

const page = (file: string) => v2Page(`interactive-components/${file}`);

/** A button's `behaviors`: "支持同时生效跳转链接和回传交互" (open_url and callback together). */
const buttonBehaviors = z.array(
  z.discriminatedUnion('type', [openUrlBehavior, callbackBehavior], { error: 'a behavior\'s type is "open_url" or "callback" (configuring-card-interactions.md)' }),
);

/**
 * The button's documented properties, shared with the checker's `button_area.buttons` ("详情参考按钮").
 * - `type`: default | primary | danger | text | primary_text | danger_text | primary_filled |
 *   danger_filled | laser ("镭射按钮"); `size`: tiny | small | medium | large (default medium).
 * - `text`: "固定值为 plain_text", content "最多支持 100 个字符" (at most 100 characters).
 * - `hover_tips`, `disabled_tips`: `tag` and `content` 必填 (the page's full structure shows `{}`
 *   for both; the field table wins).
 * - `name` and `form_action_type` (submit | reset) are documented for "内嵌在表单容器中的按钮组件"
 *   (a button in a form), both 必填 there; the walker refuses form_action_type outside a form.
 * No `value`, `url`, `required` or `action_type` in the button's field table.
 */
const buttonSchema = z.strictObject({
  tag: z.literal('button'),
  element_id: elementId.optional(),
  margin: margin.optional(),
  type: z.enum(['default', 'primary', 'danger', 'text', 'primary_text', 'danger_text', 'primary_filled', 'danger_filled', 'laser']).optional(),
  size: z.enum(['tiny', 'small', 'medium', 'large']).optional(),
  width: componentWidth.optional(),
  text: plainText({ tag: 'required', content: 'required', max: 100 }).optional(),
  icon: i18nIcon.optional(),
  hover_tips: plainText({ tag: 'required', content: 'required' }).optional(),
  disabled: z.boolean().optional(),
  disabled_tips: plainText({ tag: 'required', content: 'required' }).optional(),
  confirm: confirm.optional(),
  behaviors: buttonBehaviors.optional(),
  name: z.string().optional(),
  form_action_type: z.enum(['submit', 'reset']).optional(),
});

/** 按钮 button (interactive-components/button.md); see `buttonSchema`. */
const button: ComponentRule = {
  tag: 'button',
  page: page('button'),
  kind: 'interactive',
  schema: buttonSchema,
};

/** One `options` entry: text (plain_text, "最多支持 100 个字符"), multi_url, value (String); all 否. */
const overflowOption = z.strictObject({
  text: plainText({ max: 100 }).optional(),
  multi_url: z
    .strictObject({
      url: z.string().optional(),
      android_url: z.string().optional(),
      ios_url: z.string().optional(),
      pc_url: z.string().optional(),
    })
    .optional(),
  value: z.string().optional(),
});

/**
 * 折叠按钮组 overflow (interactive-components/overflow.md): `options` 必填 (Struct[]); `behaviors`
 * (否) only calls back, "除按钮本身的回传数据以外" (besides the option's own value). The field
 * table omits `name`, but the page lets overflow nest in a form and containers/form-container.md
 * requires a name of every interactive component there ("在表单容器中所有的交互组件中，该字段必填"),
 * so `name` is allowed.
 */
const overflow: ComponentRule = {
  tag: 'overflow',
  page: page('overflow'),
  kind: 'interactive',
  schema: z.strictObject({
    tag: z.literal('overflow'),
    element_id: elementId.optional(),
    margin: margin.optional(),
    name: z.string().optional(),
    width: componentWidth.optional(),
    options: z.array(overflowOption),
    behaviors: callbackBehaviors.optional(),
    confirm: confirm.optional(),
  }),
};

/**
 * The checker's `text`: `tag` plain_text | lark_md and `content` 必填; `text_size`: "normal：正文
 * (14px) / heading：标题 (16px) / notation：辅助信息 (12px)"; `text_color` "仅在 tag 为 plain_text
 * 时生效" (a colour enum or default); `text_align`: left | center | right.
 */
const checkerText = z.strictObject({
  tag: z.enum(['plain_text', 'lark_md']),
  content: z.string(),
  i18n_content: i18nStrings.optional(),
  text_size: z.enum(['normal', 'heading', 'notation']).optional(),
  text_color: z.string().optional(),
  text_align: textAlign.optional(),
});

/**
 * 勾选器 checker (interactive-components/checker.md): `behaviors` "仅支持 callback 请求回调交互"
 * (callback only; without it the tick stays local); `button_area.buttons` "最多可配置三个按钮"
 * (at most 3 buttons, each a button as button.md documents); `button_area.pc_display_rule`:
 * always | on_hover; `checked_style.opacity` "取值范围为 [0,1]"; `disabled_tips` tag and content
 * 必填, `hover_tips` tag and content 否.
 */
const checker: ComponentRule = {
  tag: 'checker',
  page: page('checker'),
  kind: 'interactive',
  schema: z.strictObject({
    tag: z.literal('checker'),
    element_id: elementId.optional(),
    margin: margin.optional(),
    /** The table gives padding "取值范围为 [-99,99]px" (not [0,99]px as containers do): the table wins. */
    padding: margin.optional(),
    name: z.string().optional(),
    checked: z.boolean().optional(),
    text: checkerText.optional(),
    overall_checkable: z.boolean().optional(),
    button_area: z
      .strictObject({
        pc_display_rule: z.enum(['always', 'on_hover']).optional(),
        buttons: z.array(buttonSchema).max(3, 'at most 3 buttons ("最多可配置三个按钮")').optional(),
      })
      .optional(),
    checked_style: z
      .strictObject({
        show_strikethrough: z.boolean().optional(),
        opacity: z.number().min(0).max(1).optional(),
      })
      .optional(),
    confirm: confirm.optional(),
    behaviors: callbackBehaviors.optional(),
    hover_tips: plainText().optional(),
    disabled: z.boolean().optional(),
    disabled_tips: plainText({ tag: 'required', content: 'required' }).optional(),
  }),
  /** "当 tag 为 lark_md 时，支持部分 Markdown 语法的文本内容": its content and translations are markdown. */
  markdown: (n: CardNode) => ((n.text as { tag?: unknown } | undefined)?.tag === 'lark_md' ? markdownTexts('text', n.text) : []),
};

export const INTERACTIVE_COMPONENTS: ComponentRule[] = [button, overflow, checker];
