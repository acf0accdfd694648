import { z } from 'zod';

/**
 * Pieces every JSON 2.0 component shares, as card-json-v2-structure.md and the component pages
 * document them.
 */

/**
 * `element_id`: "仅允许使用字母、数字和下划线，必须以字母开头，不得超过 20 字符"
 * (card-json-v2-structure.md).
 */
export const elementId = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,19}$/, 'letters, digits and _ only, starting with a letter, at most 20 characters');

const px = (min: number, max: number) => (token: string) => {
  if (token === '0') return true;
  const m = /^(-?\d{1,3})px$/.exec(token);
  return m !== null && Number(m[1]) >= min && Number(m[1]) <= max;
};
const boxValue = (min: number, max: number, what: string) =>
  z
    .string()
    .refine((v) => {
      const tokens = v.trim().split(/\s+/);
      return [1, 2, 4].includes(tokens.length) && tokens.every(px(min, max));
    }, `${what}: one, two or four values in [${min},${max}]px, e.g. "4px 0"`);

/** `margin`: "支持范围 [-99,99]px" (card-json-v2-structure.md). */
export const margin = boxValue(-99, 99, 'margin');
/** `padding`: "支持范围 [0,99]px" (card-json-v2-structure.md). */
export const padding = boxValue(0, 99, 'padding');

/** Spacing between children: small, medium, large, extra_large or [0,99]px (card-json-v2-structure.md). */
export const spacing = z.union([
  z.enum(['small', 'medium', 'large', 'extra_large']),
  z.string().refine(px(0, 99), 'spacing: small, medium, large, extra_large or [0,99]px'),
]);

export const direction = z.enum(['vertical', 'horizontal']);
export const horizontalAlign = z.enum(['left', 'center', 'right']);
export const verticalAlign = z.enum(['top', 'center', 'bottom']);

/** Languages of `i18n_*` fields (configure-multi-language-content.md). */
export const LOCALES = ['zh_cn', 'en_us', 'ja_jp', 'zh_hk', 'zh_tw', 'id_id', 'vi_vn', 'th_th', 'pt_br', 'es_es', 'ko_kr', 'de_de', 'fr_fr', 'it_it', 'ru_ru', 'ms_my'] as const;
export const i18nStrings = z.partialRecord(z.enum(LOCALES), z.string());

/** Text sizes of markdown and plain text (rich-text.md, plain-text.md), or a custom size from config.style. */
export const TEXT_SIZES = [
  'heading-0', 'heading-1', 'heading-2', 'heading-3', 'heading-4', 'heading', 'normal', 'notation',
  'xxxx-large', 'xxx-large', 'xx-large', 'x-large', 'large', 'medium', 'small', 'x-small',
] as const;
export const textSize = z.string().min(1).max(64);

export const textAlign = z.enum(['left', 'center', 'right']);

/**
 * A text object inside a component (a button's text, a placeholder, a title):
 * `{tag: "plain_text"|"lark_md", content, i18n_content}`.
 */
export const textObject = z.strictObject({
  tag: z.enum(['plain_text', 'lark_md']),
  content: z.string(),
  i18n_content: i18nStrings.optional(),
});

/** A prefix icon: `{tag: standard_icon|custom_icon, token, color, img_key}` (rich-text.md, title.md). */
export const icon = z.strictObject({
  tag: z.enum(['standard_icon', 'custom_icon']).optional(),
  token: z.string().optional(),
  color: z.string().optional(),
  img_key: z.string().optional(),
});

/*
 * Pieces the interactive components share (interactive-components/*.md and
 * configuring-card-interactions.md).
 */

/**
 * A `{tag: "plain_text", content}` object inside an interactive component (placeholder, label,
 * option text, tips, confirm title). Pages differ on whether `tag` and `content` are 必填 and on a
 * content limit ("最多支持 100 个字符"), so each use says. Any text object's content may carry
 * `i18n_content` ("当组件中含有文本标签时…其对应的 content 字段支持配置多语言", configure-multi-language-content.md).
 */
export const plainText = (o: { tag?: 'required'; content?: 'required'; max?: number } = {}) => {
  const content = o.max === undefined ? z.string() : z.string().max(o.max, `at most ${o.max} characters ("最多支持 ${o.max} 个字符")`);
  return z.strictObject({
    tag: o.tag ? z.literal('plain_text') : z.literal('plain_text').optional(),
    content: o.content ? content : content.optional(),
    i18n_content: i18nStrings.optional(),
  });
};

/** `confirm`: "二次确认弹窗配置"; `title` and `text` and their `tag`/`content` are all 必填. */
export const confirm = z.strictObject({
  title: plainText({ tag: 'required', content: 'required' }),
  text: plainText({ tag: 'required', content: 'required' }),
});

/** A callback's `value`: "支持 object 数据类型" (configuring-card-interactions.md); no string, no array. */
export const callbackValue = z.record(z.string(), z.unknown());

/** `{type: "callback", value}` (configuring-card-interactions.md, 配置请求回调事件: both 必填). */
export const callbackBehavior = z.strictObject({
  type: z.literal('callback', { error: 'behaviors here take type "callback" only (open_url is for column, interactive_container and button: "分栏、交互容器、和按钮组件支持配置打开链接事件")' }),
  value: callbackValue,
});

/** `{type: "open_url", default_url (必填), android_url, ios_url, pc_url}` (configuring-card-interactions.md, 配置打开链接事件). */
export const openUrlBehavior = z.strictObject({
  type: z.literal('open_url'),
  default_url: z.string(),
  android_url: z.string().optional(),
  ios_url: z.string().optional(),
  pc_url: z.string().optional(),
});

/** `behaviors` of a component that may only call back (every interactive component but button). */
export const callbackBehaviors = z.array(callbackBehavior);

/** A component's `width`: "default", "fill" or "[100,∞)px：自定义宽度" (custom width, at least 100px). */
export const componentWidth = z.string().refine((v) => {
  if (v === 'default' || v === 'fill') return true;
  const m = /^(\d+)px$/.exec(v);
  return m !== null && Number(m[1]) >= 100;
}, 'width: "default", "fill" or a width in px of at least 100, e.g. "200px" ("[100,∞)px")');

/**
 * `icon` of a button or a select option: like `icon`, and its `img_key` may carry `i18n_img_key`
 * ("图标（icon）属性中的 img_key 属性" → i18n_img_key, configure-multi-language-content.md).
 */
export const i18nIcon = icon.extend({ i18n_img_key: i18nStrings.optional() });

/*
 * Pieces the content and container components share (content-components/*.md, containers/*.md).
 */

/** A length "Npx", N an integer in [min,max]: e.g. a text's width "[16,999]px" (plain-text.md). */
export const pxLength = (min: number, max: number) =>
  z.string().refine((v) => {
    const m = /^(\d+)px$/.exec(v);
    return m !== null && Number(m[1]) >= min && Number(m[1]) <= max;
  }, `a length in [${min},${max}]px, e.g. "${Math.max(min, 1)}px"`);

/** `corner_radius`: "[0,∞]px" or "[0,100]%" (image.md, interactive-container.md). */
export const cornerRadius = z.string().refine((v) => {
  const m = /^(\d+(?:\.\d+)?)(px|%)$/.exec(v);
  return m !== null && (m[2] === 'px' || Number(m[1]) <= 100);
}, 'corner_radius: "[0,∞]px" or "[0,100]%", e.g. "8px" or "30%"');

/**
 * `padding` where the field table says "值的取值范围为 [-99,99]px" (the range of the value is
 * [-99,99]px): collapsible-panel.md, interactive-container.md, title.md. Their example JSON
 * comments say [0,99]px; the field table is followed.
 */
export const tablePadding = boxValue(-99, 99, 'padding');

/**
 * The strings of a text object (`content` and every `i18n_content` translation) as markdown to
 * check, keyed by property path under `key` (`''` for the node itself).
 */
export function markdownTexts(key: string, text: unknown): { key: string; content: string }[] {
  if (typeof text !== 'object' || text === null) return [];
  const at = (k: string) => (key === '' ? k : `${key}.${k}`);
  const t = text as { content?: unknown; i18n_content?: unknown };
  const out = typeof t.content === 'string' ? [{ key: at('content'), content: t.content }] : [];
  if (typeof t.i18n_content === 'object' && t.i18n_content !== null) {
    for (const [lang, c] of Object.entries(t.i18n_content)) if (typeof c === 'string') out.push({ key: at(`i18n_content.${lang}`), content: c });
  }
  return out;
}
