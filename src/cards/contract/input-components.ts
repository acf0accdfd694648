import { z } from 'zod';
import { v2Page } from './card-violation.js';
import type { ComponentRule } from './component-rule.js';
import { callbackBehaviors, callbackValue, componentWidth, confirm, elementId, i18nIcon, i18nStrings, margin, plainText } from './contract-primitives.js';

/**
 * Input components of card JSON 2.0: text input, selects, person pickers, date and time pickers.
 *
 * Read across every page here:
 * - `behaviors` is marked 必填 in each field table, yet the pages' 示例代码 leave it out (input,
 *   date_picker, picker_time, picker_datetime) and the callback sections say "如果…配置了 behaviors
 *   参数，则在此处返回" (returned if configured): it is optional here.
 * - `label` / `label_position` are documented for `input` only.
 * - `required` "当…内嵌在表单容器时，该属性可用。其它情况将报错或不生效" (only inside a form) and
 *   the multi selects "仅支持内嵌在表单容器中使用" (form only): placements the walker would check;
 *   a rule's schema cannot see its parent.
 */

const page = (file: string) => v2Page(`interactive-components/${file}`);

/** Properties every input component documents. */
const common = {
  element_id: elementId.optional(),
  margin: margin.optional(),
  name: z.string().optional(),
  required: z.boolean().optional(),
  disabled: z.boolean().optional(),
  width: componentWidth.optional(),
  behaviors: callbackBehaviors.optional(),
  confirm: confirm.optional(),
};

/** `type`: "组件边框样式。可选值：default：带边框样式 / text：不带边框的纯文本样式" (border or plain text). */
const borderType = z.enum(['default', 'text']);

/** A static option: text (plain_text, 必填), icon, value (String, 必填). */
const staticOption = z.strictObject({
  text: plainText({ tag: 'required', content: 'required' }),
  icon: i18nIcon.optional(),
  value: z.string(),
});
/** "同一个选择组件内，各选项的 value 值不可重复" (option values are unique within one select). */
const staticOptions = z
  .array(staticOption)
  .refine((os) => new Set(os.map((o) => o.value)).size === os.length, 'option values must be unique within one select ("各选项的 value 值不可重复")');

/** A person option: `{value}`, "仅支持添加候选用户的 open_id" (candidate's open_id only). */
const personOption = z.strictObject({ value: z.string().optional() });

const isDate = (v: string) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
};
const isTime = (v: string) => /^([01]\d|2[0-3]):[0-5]\d$/.test(v);

/**
 * 输入框 input (interactive-components/input.md). `max_length`: "可取 1~1,000 范围内的整数"
 * (an integer in [1,1000], default 1000); `input_type`: text | multiline_text | password;
 * `label_position`: top | left; `value` (历史属性): "支持 string 或 object 数据类型". The only
 * component here that documents `label`. Placeholder content "最多支持 100 个字符".
 */
const input: ComponentRule = {
  tag: 'input',
  page: page('input'),
  kind: 'interactive',
  schema: z.strictObject({
    tag: z.literal('input'),
    ...common,
    disabled_tips: plainText().optional(),
    placeholder: plainText({ max: 100 }).optional(),
    default_value: z.string().optional(),
    /** "default_value → i18n_default_value" (configure-multi-language-content.md). */
    i18n_default_value: i18nStrings.optional(),
    max_length: z.number().int().min(1).max(1000).optional(),
    input_type: z.enum(['text', 'multiline_text', 'password']).optional(),
    show_icon: z.boolean().optional(),
    rows: z.number().optional(),
    auto_resize: z.boolean().optional(),
    /** "取值为大于等于 1 的整数。否则，小于 1 则自动取 1" (Lark rounds and clamps; any number is accepted). */
    max_rows: z.number().optional(),
    label: plainText().optional(),
    label_position: z.enum(['top', 'left']).optional(),
    value: z.union([z.string(), callbackValue]).optional(),
  }),
};

/**
 * 下拉选择-单选 select_static (interactive-components/single-select-dropdown-menu.md).
 * `type`: default | text; `initial_index`: "0 表示不展示初始选项。1 表示展示第一个选项" (an
 * integer ≥ 0); placeholder `tag` 必填; option `text` and `value` 必填, values unique. No `label`,
 * no legacy `value` in the field table.
 */
const selectStatic: ComponentRule = {
  tag: 'select_static',
  page: page('single-select-dropdown-menu'),
  kind: 'interactive',
  schema: z.strictObject({
    tag: z.literal('select_static'),
    ...common,
    type: borderType.optional(),
    initial_option: z.string().optional(),
    initial_index: z.number().int().min(0).optional(),
    placeholder: plainText({ tag: 'required' }).optional(),
    options: staticOptions.optional(),
  }),
};

/**
 * 下拉选择-多选 multi_select_static (interactive-components/multi-select-dropdown-menu.md):
 * "仅支持内嵌在表单容器中使用" (form only); `name` 必填 (是); `selected_values`: "Array of string",
 * "数组项的值需要和 options.value 对应"; placeholder content "最多支持 100 个字符".
 */
const multiSelectStatic: ComponentRule = {
  tag: 'multi_select_static',
  page: page('multi-select-dropdown-menu'),
  kind: 'interactive',
  schema: z.strictObject({
    tag: z.literal('multi_select_static'),
    ...common,
    name: z.string(),
    type: borderType.optional(),
    placeholder: plainText({ tag: 'required', max: 100 }).optional(),
    selected_values: z.array(z.string()).optional(),
    options: staticOptions.optional(),
  }),
};

/**
 * 人员选择-单选 select_person (interactive-components/single-select-user-picker.md).
 * `initial_option`: an open_id that "需要和 options 中某个候选用户的 open_id 一致" (else ignored);
 * options `[{value: open_id}]`, "当 options 数组为空…候选项展示为卡片所在会话中所有成员".
 * The field table omits `name`, but the page's `required` works "当组件内嵌在表单容器中时" and
 * containers/form-container.md puts a named select_person in a form ("在表单容器中所有的交互组件中，
 * 该字段必填"), so `name` is allowed.
 */
const selectPerson: ComponentRule = {
  tag: 'select_person',
  page: page('single-select-user-picker'),
  kind: 'interactive',
  schema: z.strictObject({
    tag: z.literal('select_person'),
    ...common,
    type: borderType.optional(),
    initial_option: z.string().optional(),
    placeholder: plainText({ tag: 'required', max: 100 }).optional(),
    options: z.array(personOption).optional(),
  }),
};

/**
 * 人员选择-多选 multi_select_person (interactive-components/multi-select-user-picker.md):
 * "仅支持内嵌在表单容器中使用" (form only); `name` 必填 (是).
 */
const multiSelectPerson: ComponentRule = {
  tag: 'multi_select_person',
  page: page('multi-select-user-picker'),
  kind: 'interactive',
  schema: z.strictObject({
    tag: z.literal('multi_select_person'),
    ...common,
    name: z.string(),
    type: borderType.optional(),
    placeholder: plainText({ tag: 'required', max: 100 }).optional(),
    // The table types selected_values "Array of objects" with no fields, but says "数组项的值需要和
    // options.value 对应" (a String) and the page's examples use open_id strings: strings here.
    selected_values: z.array(z.string()).optional(),
    options: z.array(personOption).optional(),
  }),
};

/** Time and date-time pickers: "未配置 initial_… 字段设置初始选项值时，该字段必填" (placeholder without an initial value). */
const placeholderOrInitial = (initial: string) => (n: Record<string, unknown>) => n[initial] !== undefined || n.placeholder !== undefined;
const placeholderMessage = (initial: string) => ({
  message: `placeholder is required when ${initial} is not set ("未配置 ${initial} 字段设置初始选项值时，该字段必填")`,
  path: ['placeholder'],
});

/**
 * 日期选择器 date_picker (interactive-components/date-picker.md): `initial_date` "格式为
 * yyyy-MM-dd"; `value`: "仅支持 key-value 形式的 JSON 结构" (an object; the table marks it 必填,
 * but the page's full structure and example omit it: optional here).
 */
const datePicker: ComponentRule = {
  tag: 'date_picker',
  page: page('date-picker'),
  kind: 'interactive',
  schema: z.strictObject({
    tag: z.literal('date_picker'),
    ...common,
    placeholder: plainText({ tag: 'required', max: 100 }).optional(),
    initial_date: z.string().refine(isDate, 'initial_date: a date as yyyy-MM-dd, e.g. "2024-01-01"').optional(),
    value: callbackValue.optional(), // "仅支持 key-value 形式的 JSON 结构" (an object)
  }),
};

/**
 * 时间选择器 picker_time (interactive-components/time-selector.md): `initial_time` "格式为 HH:mm";
 * placeholder 必填 without `initial_time`; `value` an object (marked 必填, omitted by the page's
 * example: optional here).
 */
const pickerTime: ComponentRule = {
  tag: 'picker_time',
  page: page('time-selector'),
  kind: 'interactive',
  schema: z
    .strictObject({
      tag: z.literal('picker_time'),
      ...common,
      placeholder: plainText({ tag: 'required', max: 100 }).optional(),
      initial_time: z.string().refine(isTime, 'initial_time: a time as HH:mm, e.g. "09:00"').optional(),
      value: callbackValue.optional(), // "仅支持 key-value 形式的 JSON 结构" (an object)
    })
    .refine(placeholderOrInitial('initial_time'), placeholderMessage('initial_time')),
};

/**
 * 日期时间选择器 picker_datetime (interactive-components/date-time-picker.md):
 * `initial_datetime` "格式为 yyyy-MM-dd HH:mm"; placeholder 必填 without `initial_datetime`;
 * `value` (历史属性) an object (marked 必填, omitted by the page's example: optional here).
 */
const pickerDatetime: ComponentRule = {
  tag: 'picker_datetime',
  page: page('date-time-picker'),
  kind: 'interactive',
  schema: z
    .strictObject({
      tag: z.literal('picker_datetime'),
      ...common,
      placeholder: plainText({ tag: 'required', max: 100 }).optional(),
      initial_datetime: z
        .string()
        .refine((v) => {
          const [date, time, ...rest] = v.split(' ');
          return rest.length === 0 && date !== undefined && time !== undefined && isDate(date) && isTime(time);
        }, 'initial_datetime: yyyy-MM-dd HH:mm, e.g. "2024-01-01 08:00"')
        .optional(),
      value: callbackValue.optional(), // "仅支持 key-value 形式的 JSON 结构" (an object)
    })
    .refine(placeholderOrInitial('initial_datetime'), placeholderMessage('initial_datetime')),
};

export const INPUT_COMPONENTS: ComponentRule[] = [input, selectStatic, multiSelectStatic, selectPerson, multiSelectPerson, datePicker, pickerTime, pickerDatetime];
