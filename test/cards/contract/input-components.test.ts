import { ok, okBut, expectRules } from './contract-expect.js';
import { describe, it } from 'vitest';
import { checkCard } from '../../../src/cards/contract/check-card.js';

/**
 * The input components' rules against the JSON examples of their card JSON 2.0 pages
 * (feishu/001-开发指南/feishu-cards/build-card-with-json/card-json-v2-components/interactive-components/),
 * copied verbatim (comments included) unless a comment says what was changed and why.
 */

type Card = { schema: '2.0'; body: { elements: unknown[] } } & Record<string, unknown>;
const card = (...elements: unknown[]): Card => ({ schema: '2.0', body: { elements } });
const submit = { tag: 'button', text: { tag: 'plain_text', content: '提交' }, form_action_type: 'submit', name: 'submit_1' };
/** A component in a minimal form with a submit button. */
const inForm = (...elements: unknown[]): Card => card({ tag: 'form', name: 'f', elements: [...elements, submit] });
/** One component as the body's only element. */
const first = (c: { body: { elements: unknown[] } }) => c.body.elements[0] as Record<string, unknown>;

/**
 * The examples' column_sets write `"horizontal_spacing": "default"`, a value column-set.md's field
 * table does not list: that is the column_set rule's business (its own test), so violations citing
 * column-set.md are left out here. Everything inside the column_sets is still checked.
 */

describe('input (input.md)', () => {
  // 组件属性 › JSON 结构: the complete JSON 2.0 structure.
  const full = {
    "schema": "2.0", // 卡片 JSON 结构的版本。默认为 1.0。要使用 JSON 2.0 结构，必须显示声明 2.0。
    "body": {
      "elements": [
        {
          "tag": "input", // 输入框的标签。
          "element_id": "custom_id", // 操作组件的唯一标识。JSON 2.0 新增属性。用于在调用组件相关接口中指定组件。需开发者自定义。
          "margin": "0px 0px 0px 0px", // 组件的外边距。JSON 2.0 新增属性。默认值 "0"，支持范围 [-99,99]px。
          "name": "input1", // 输入框的唯一标识。当输入框内嵌在表单容器时，该属性生效，用于识别用户提交的文本属于哪个输入框。
          "required": false, // 输入框的内容是否必填。当输入框内嵌在表单容器时，该属性可用。其它情况将报错或不生效。
          "placeholder": {
            // 输入框中的占位文本。
            "tag": "plain_text",
            "content": "请输入"
          },
          "default_value": "demo", // 输入框中为用户预填写的内容。
          "disabled": false, // 是否禁用该输入框组件。默认值 false。
          "disabled_tips": { // 指禁用组件后，用户将光标悬浮在整个组件上时展示的禁用提示文案。
            "tag": "plain_text",
            "content": "用户禁用提示文案"
          },
          "width": "default", // 输入框的宽度。
          "behaviors": [
            { // 为组件配置自定义的回传交互参数。
              "type": "callback",
              "value": {
                // 回传交互数据。支持 object 数据类型。开放平台 SDK 仅支持 object 类型的回传交互数据。
                "key_1": "value_1"
              }
            }
          ],
          "max_length": 5, // 输入框可容纳的最大文本长度。默认值 1000。
          "input_type": "multiline_text", //指定输入框的输入类型。默认为 text，即文本类型。
          "rows": 1, // 当输入类型为多行文本时，输入框的默认展示行数。
          "auto_resize": true, // 当输入类型为多行文本时，输入框高度是否自适应文本高度。仅在 PC 端生效。
          "max_rows": 5, // 输入框的最大展示行数。仅当 `auto_resize` 为 true 时有效。
          "show_icon": false, // 当输入类型为密码类型时，是否展示前缀图标。
          "label": {
            // 文本标签，即对输入框的描述，用于提示用户要填写的内容。
            "tag": "plain_text",
            "content": "请输入文本："
          },
          "label_position": "left", // 文本标签的位置。默认值 top。
          "value": {
            // 回传数据，支持 string 或 object 数据类型。历史属性。
            "k": "v"
          },
          "confirm": {
            // 二次确认弹窗配置。
            "title": {
              "tag": "plain_text",
              "content": "title"
            },
            "text": {
              "tag": "plain_text",
              "content": "content"
            }
          }
        }
      ]
    }
  };

  // 示例代码. Its buttons write `"action_type": "form_submit"` / `"form_reset"`, which the button
  // page's field table does not list (form-container.md calls action_type 历史属性): replaced by
  // the documented `form_action_type` "submit" / "reset".
  const sample = {
    "schema": "2.0",
    "body": {
      "elements": [
        {
          "tag": "form",
          "elements": [
            { "tag": "input", "element_id": "username", "margin": "0px 0px 0px 0px", "placeholder": { "tag": "plain_text", "content": "请输入" }, "default_value": "", "width": "default", "label": { "tag": "plain_text", "content": "用户名：" }, "name": "Input_31q6mtuvdx9" },
            { "tag": "input", "element_id": "password", "margin": "0px 0px 0px 0px", "input_type": "password", "placeholder": { "tag": "plain_text", "content": "请输入" }, "default_value": "", "width": "default", "label": { "tag": "plain_text", "content": "密码：" }, "label_position": "top", "name": "Input_5hez3q41fck" },
            { "tag": "input", "element_id": "address", "margin": "0px 0px 0px 0px", "input_type": "multiline_text", "rows": 4, "auto_resize": true, "placeholder": { "tag": "plain_text", "content": "请输入" }, "default_value": "", "width": "default", "label": { "tag": "plain_text", "content": "收货地址：" }, "name": "Input_u2k3lbrokvd" },
            {
              "tag": "column_set",
              "flex_mode": "none",
              "background_style": "default",
              "horizontal_spacing": "default",
              "columns": [
                { "tag": "column", "width": "auto", "vertical_align": "top", "elements": [{ "tag": "button", "text": { "tag": "plain_text", "content": "提交" }, "type": "primary", "form_action_type": "submit", "name": "Button_lrocopxs" }] },
                { "tag": "column", "width": "auto", "vertical_align": "top", "elements": [{ "tag": "button", "text": { "tag": "plain_text", "content": "取消" }, "type": "default", "form_action_type": "reset", "name": "Button_lrocopxt" }] }
              ],
              "margin": "0px"
            }
          ],
          "name": "Form_lrocopxr"
        }
      ]
    }
  };

  it('accepts the complete JSON structure', () => ok(full));

  it('accepts the sample form', () => okBut(sample));

  it('takes a string as the legacy value ("支持 string 或 object 数据类型")', () => ok(card({ tag: 'input', value: 'v' })));

  it('refuses max_length outside 1~1,000, and non-integers', () => {
    for (const max_length of [0, 1001, 2.5]) {
      expectRules(checkCard(card({ tag: 'input', max_length })), ['invalid_value body.elements[0].max_length']);
    }
    ok(card({ tag: 'input', max_length: 1 }));
    ok(card({ tag: 'input', max_length: 1000 }));
  });

  it('refuses an undocumented input_type or label_position, and a placeholder over 100 characters', () => {
    expectRules(checkCard(card({ tag: 'input', input_type: 'number', label_position: 'right', placeholder: { content: 'x'.repeat(101) } })), [
      'invalid_value body.elements[0].input_type',
      'invalid_value body.elements[0].placeholder.content',
      'invalid_value body.elements[0].label_position',
    ]);
  });

  it('refuses a lark_md label and an undocumented property in a nested object', () => {
    expectRules(checkCard(card({ tag: 'input', label: { tag: 'lark_md', content: '**x**' }, confirm: { title: { tag: 'plain_text', content: 't' }, text: { tag: 'plain_text', content: 'c' }, ok: 'y' } })), [
      'invalid_value body.elements[0].label.tag',
      'unsupported_property body.elements[0].confirm.ok',
    ]);
  });

  it('refuses an open_url behavior and a string callback value', () => {
    const v = checkCard(card({ tag: 'input', behaviors: [{ type: 'open_url', default_url: 'https://x' }, { type: 'callback', value: 'v' }] }));
    expectRules(v, [
      'invalid_value body.elements[0].behaviors[0].type',
      'invalid_value body.elements[0].behaviors[0].value',
      'unsupported_property body.elements[0].behaviors[0].default_url',
      'invalid_value body.elements[0].behaviors[1].value',
    ]);
  });

  it('refuses a custom width under 100px', () => {
    expectRules(checkCard(card({ tag: 'input', width: '99px' })), ['invalid_value body.elements[0].width']);
    ok(card({ tag: 'input', width: '100px' }));
  });

  it('needs a name inside a form', () => {
    expectRules(checkCard(inForm({ tag: 'input' })), ['form_field_without_name body.elements[0].elements[0]']);
  });
});

describe('select_static (single-select-dropdown-menu.md)', () => {
  // 组件属性 › JSON 结构.
  const full = {
    "schema": "2.0",
    "body": {
      "elements": [
        {
          "tag": "select_static", // 下拉选择-单选组件的标签。
          "element_id": "custom_id", // 操作组件的唯一标识。用于在调用组件相关接口中指定组件。需开发者自定义。
          "margin": "0px 0px 0px 0px", // 组件的外边距，默认值 "0"，支持范围 [-99,99]px。
          "type": "text", // 组件边框样式。默认值 default。
          "name": "select_static1", // 下拉选择-单选组件的唯一标识。当下拉选择-单选组件内嵌在表单容器时，该属性生效，用于识别用户提交的文本属于哪个下拉选择-单选组件。
          "required": false, // 下拉选择-单选组件的内容是否必填。默认值 false。当下拉选择-单选组件内嵌在表单容器时，该属性可用。其它情况将报错或不生效。
          "disabled": false, // 是否禁用该单选组件。默认值 false。
          "initial_option": "选项1", // 选项展示的初始内容。默认为空。
          "initial_index": 2, // 选项展示的初始选项的序号。0 表示不展示选项。1 表示展示第一个选项。
          "placeholder": {
            // 下拉选择组件内的占位文本。
            "tag": "plain_text",
            "content": "默认提示文本"
          },
          "width": "default", // 下拉选择组件的宽度。
          "behaviors": [
            { // 为下拉选择组件配置回传交互。
              "type": "callback",
              "value": {
                // 回传交互数据。支持 object 数据类型。开放平台 SDK 仅支持 object 类型的回传交互数据。
                "key": "value"
              }
            }
          ],
          "options": [
            // 选项配置
            {
              "text": {
                // 选项名称
                "tag": "plain_text",
                "content": "我是交互组件"
              },
              "icon": {
                // 添加图标作为选项前缀图标。支持自定义或使用图标库中的图标。
                "tag": "standard_icon", // 图标类型。
                "token": "chat-forbidden_outlined", // 图标的 token。仅在 tag 为 standard_icon 时生效。
                "color": "orange", // 图标颜色。仅在 tag 为 standard_icon 时生效。
                "img_key": "img_v2_38811724" // 图片的 key。仅在 tag 为 custom_icon 时生效。
              },
              "value": "selectDemo1" // 选项回调值，支持 string 类型数据。
            }
          ],
          "confirm": {
            // 二次确认弹窗配置
            "title": {
              "tag": "plain_text",
              "content": "弹窗标题"
            },
            "text": {
              "tag": "plain_text",
              "content": "弹窗正文文案"
            }
          }
        }
      ]
    }
  };

  // 示例代码.
  const sample = {
    "schema": "2.0",
    "body": {
      "direction": "vertical",
      "padding": "12px 12px 12px 12px",
      "elements": [
        {
          "tag": "select_static",
          "initial_option": "",
          "placeholder": { "tag": "plain_text", "content": "请选择" },
          "options": [
            { "text": { "tag": "plain_text", "content": "选项1" }, "value": "1", "icon": { "tag": "standard_icon", "token": "signature_outlined" } },
            { "text": { "tag": "plain_text", "content": "选项2" }, "value": "2", "icon": { "tag": "standard_icon", "token": "signature_outlined" } },
            { "text": { "tag": "plain_text", "content": "选项3" }, "value": "3", "icon": { "tag": "standard_icon", "token": "signature_outlined" } }
          ],
          "type": "default",
          "width": "default",
          "disabled": false,
          "behaviors": [{ "type": "callback", "value": { "select_static": "click" } }],
          "margin": "0px 0px 0px 0px"
        }
      ]
    }
  };

  it('accepts the complete JSON structure and the sample', () => {
    ok(full);
    ok(sample);
  });

  it('refuses label, label_position and a legacy value: not in its field table', () => {
    const c = card({ ...first(sample), label: { tag: 'plain_text', content: 'x' }, label_position: 'top', value: { k: 'v' } });
    expectRules(checkCard(c), [
      'unsupported_property body.elements[0].label',
      'unsupported_property body.elements[0].label_position',
      'unsupported_property body.elements[0].value',
    ]);
  });

  it('refuses duplicate option values ("各选项的 value 值不可重复"), an option without value, a bad type', () => {
    const options = [
      { text: { tag: 'plain_text', content: 'a' }, value: '1' },
      { text: { tag: 'plain_text', content: 'b' }, value: '1' },
      { text: { tag: 'plain_text', content: 'c' } },
    ];
    expectRules(checkCard(card({ tag: 'select_static', options, type: 'filled' })), [
      'invalid_value body.elements[0].type',
      'invalid_value body.elements[0].options[2].value',
    ]);
    expectRules(checkCard(card({ tag: 'select_static', options: options.slice(0, 2) })), ['invalid_value body.elements[0].options']);
  });

  it('refuses a negative initial_index and a placeholder without tag (placeholder.tag 必填)', () => {
    expectRules(checkCard(card({ tag: 'select_static', initial_index: -1, placeholder: { content: 'x' } })), [
      'invalid_value body.elements[0].initial_index',
      'invalid_value body.elements[0].placeholder.tag',
    ]);
  });
});

describe('multi_select_static (multi-select-dropdown-menu.md)', () => {
  // 组件属性 › JSON 结构 (a form, as the page gives it).
  const full = {
    "schema": "2.0",
    "body": {
      "elements": [
        {
          "tag": "form",   // 表单容器的标签。下拉选择-多选组件必须放置在表单容器中使用。
          "elements": [
            {
              "tag": "multi_select_static", // 下拉选择-多选组件的标签。
              "element_id": "custom_id", // 操作组件的唯一标识。用于在调用组件相关接口中指定组件。需开发者自定义。
              "margin": "0px 0px 0px 0px", // 组件的外边距，默认值 "0"，支持范围 [-99,99]px。
              "type": "default", // 组件边框样式。默认值 default。
              "name": "multi_select_departments", // 表单容器中下拉选择-多选组件的自定义唯一标识，用于识别用户提交的是哪个组件的数据。
              "required": true, // 选项是否必填。当多选组件内嵌在表单容器时，该属性可用。其它情况将报错或不生效。
              "disabled": false, // 选项是否禁用。
              "placeholder": {
                // 下拉选择组件内的占位文本。
                "tag": "plain_text",
                "content": "默认提示文本"
              },
              "width": "default", // 下拉选择组件的宽度。
              "behaviors": [
                { // 为下拉选择组件配置回传交互。
                  "type": "callback",
                  "value": {
                    // 回传交互数据。支持 object 数据类型。开放平台 SDK 仅支持 object 类型的回传交互数据。
                    "key_1": "value_1"
                  }
                }
              ],
              "selected_values": [], // 选项初始值。数组项的值需要和 options.value 对应。
              "options": [
                // 选项配置
                {
                  "text": {
                    // 选项名称
                    "tag": "plain_text",
                    "content": "我是交互组件"
                  },
                  "icon": {
                    // 添加图标作为选项前缀图标。支持自定义或使用图标库中的图标。
                    "tag": "standard_icon", // 图标类型。
                    "token": "chat-forbidden_outlined", // 图标的 token。仅在 tag 为 standard_icon 时生效。
                    "color": "orange", // 图标颜色。仅在 tag 为 standard_icon 时生效。
                    "img_key": "img_v2_38811724" // 图片的 key。仅在 tag 为 custom_icon 时生效。
                  },
                  "value": "selectDemo1" // 选项回调值，支持 string 类型数据。
                }
              ],
              "confirm": {
                // 二次确认弹窗配置
                "title": {
                  "tag": "plain_text",
                  "content": "弹窗标题"
                },
                "text": {
                  "tag": "plain_text",
                  "content": "弹窗正文文案"
                }
              }
            },
            {   // 以下为表单容器中内嵌的分栏、按钮等组件属性，详情参考表单容器文档。
              "tag": "column_set",
              "columns": [
                {
                  "tag": "column",
                  "width": "auto",
                  "elements": [
                    { "tag": "button", "text": { "tag": "plain_text", "content": "提交" }, "type": "primary", "width": "default", "form_action_type": "submit", "name": "Button_m8gyoz81" }
                  ],
                  "vertical_align": "top"
                },
                {
                  "tag": "column",
                  "width": "auto",
                  "elements": [
                    { "tag": "button", "text": { "tag": "plain_text", "content": "取消" }, "type": "default", "width": "default", "form_action_type": "reset", "name": "Button_m8gyoz82" }
                  ],
                  "vertical_align": "top"
                }
              ]
            }
          ],
          "padding": "4px 0px 4px 0px",
          "margin": "0px 0px 0px 0px",
          "name": "Form_m8gyoz80"
        }
      ]
    }
  };

  // 示例代码, but for its buttons' "action_type" (not in button.md's field table: replaced by
  // form_action_type).
  const multiSelect = {
    "tag": "multi_select_static",
    "type": "default",
    "name": "multi_select_departments",
    "placeholder": { "tag": "plain_text", "content": "默认提示文本" },
    "width": "fill",
    "required": true,
    "disabled": false,
    "selected_values": [],
    "behaviors": [{ "type": "callback", "value": { "select_static": "click" } }],
    "options": [
      { "text": { "tag": "plain_text", "content": "选项1" }, "icon": { "tag": "standard_icon", "token": "chat-forbidden_outlined", "color": "orange" }, "value": "selectDemo1" },
      { "text": { "tag": "plain_text", "content": "选项2" }, "icon": { "tag": "standard_icon", "token": "chat-forbidden_outlined", "color": "orange" }, "value": "selectDemo2" }
    ]
  };
  const sample = {
    "schema": "2.0",
    "body": {
      "elements": [
        {
          "tag": "form",
          "elements": [
            { "tag": "column_set", "flex_mode": "none", "horizontal_spacing": "default", "background_style": "default", "columns": [{ "tag": "column", "elements": [multiSelect], "width": "weighted", "weight": 1 }] },
            {
              "tag": "column_set",
              "flex_mode": "none",
              "background_style": "default",
              "horizontal_spacing": "default",
              "columns": [
                { "tag": "column", "width": "auto", "vertical_align": "top", "elements": [{ "tag": "button", "text": { "tag": "plain_text", "content": "提交" }, "type": "primary", "form_action_type": "submit", "name": "Button_lrztw8x3" }] },
                { "tag": "column", "width": "auto", "vertical_align": "top", "elements": [{ "tag": "button", "text": { "tag": "plain_text", "content": "取消" }, "type": "default", "form_action_type": "reset", "name": "Button_lrztw8x4" }] }
              ]
            }
          ],
          "name": "Form_lrztw8x2"
        }
      ]
    }
  };

  it('accepts the complete JSON structure and the sample', () => {
    ok(full);
    okBut(sample);
  });

  it('needs a name (name 必填) and refuses label', () => {
    const { name: _name, ...unnamed } = multiSelect;
    expectRules(checkCard(card({ ...unnamed, label: { tag: 'plain_text', content: 'x' } })), [
      'invalid_value body.elements[0].name',
      'unsupported_property body.elements[0].label',
      'form_only_component body.elements[0]',
    ]);
  });

  it('refuses selected_values that are not strings and a placeholder over 100 characters', () => {
    expectRules(checkCard(inForm({ ...multiSelect, selected_values: [{ value: 'selectDemo1' }], placeholder: { tag: 'plain_text', content: '长'.repeat(101) } })), [
      'invalid_value body.elements[0].elements[0].placeholder.content',
      'invalid_value body.elements[0].elements[0].selected_values[0]',
    ]);
  });
});

describe('select_person (single-select-user-picker.md)', () => {
  // 组件属性 › JSON 结构.
  const full = {
    "schema": "2.0",
    "body": {
      "elements": [
        {
          "tag": "select_person", // 组件的标签。
          "element_id": "custom_id", // 操作组件的唯一标识。用于在调用组件相关接口中指定组件。需开发者自定义。
          "margin": "0px 0px 0px 0px", // 组件的外边距，默认值 "0"，支持范围 [-99,99]px。
          "type": "text", // 组件边框样式。默认值为 default。
          "required": true, // 选项是否必填。
          "disabled": false, // 选项是否禁用。
          "initial_option": "ou_48d0958ee4b2ab3eaf0b5f6c968xxxxx", // 选项展示的初始内容。默认为空。
          "placeholder": {
            // 人员选择组件内的占位文本
            "tag": "plain_text",
            "content": "默认提示文本"
          },
          "width": "default", // 人员选择组件的宽度
          "behaviors": [
            { // 为组件配置回传交互。
              "type": "callback",
              "value": {
                // 回传交互数据。支持 object 数据类型。开放平台 SDK 仅支持 object 类型的回传交互数据。
                "key_1": "value_1"
              }
            }
          ],
          "options": [
            // 选项配置，仅支持添加候选用户的 open_id。
            {
              "value": "ou_48d0958ee4b2ab3eaf0b5f6c968xxxxx" // 候选用户的 open_id
            },
            {
              "value": "ou_f9d24af786a14340721288cda6axxxxx" // 候选用户的 open_id
            }
          ],
          "confirm": {
            // 二次确认弹窗配置
            "title": {
              "tag": "plain_text",
              "content": "弹窗标题"
            },
            "text": {
              "tag": "plain_text",
              "content": "弹窗正文文案"
            }
          }
        }
      ]
    }
  };

  // 示例代码 (its two options repeat one open_id; the page states no uniqueness for person options).
  const sample = {
    "schema": "2.0",
    "body": {
      "direction": "vertical",
      "padding": "12px 12px 12px 12px",
      "elements": [
        {
          "tag": "select_person",
          "placeholder": { "tag": "plain_text", "content": "请选择" },
          "options": [{ "value": "ou_449b53ad6aee526f7ed311b216aabcef" }, { "value": "ou_449b53ad6aee526f7ed311b216aabcef" }],
          "width": "default",
          "type": "default",
          "disabled": false,
          "behaviors": [{ "type": "callback", "value": { "select_static": "click" } }],
          "margin": "0px 0px 0px 0px"
        }
      ]
    }
  };

  it('accepts the complete JSON structure and the sample', () => {
    ok(full);
    ok(sample);
  });

  it('takes a name in a form (form-container.md puts a named select_person in a form)', () => ok(inForm({ ...first(sample), name: 'PersonSelect_rg0ml5mh', required: true })));

  it('refuses label, and options with text or icon (person options are {value} only)', () => {
    const c = card({ tag: 'select_person', label: { tag: 'plain_text', content: '经办人' }, options: [{ value: 'ou_1', text: { tag: 'plain_text', content: 'x' } }] });
    expectRules(checkCard(c), ['unsupported_property body.elements[0].label', 'unsupported_property body.elements[0].options[0].text']);
  });
});

describe('multi_select_person (multi-select-user-picker.md)', () => {
  // 组件属性 › JSON 结构 (a form, as the page gives it).
  const full = {
    "schema": "2.0",
    "body": {
      "elements": [
        {
          "tag": "form",  // 表单容器的标签。人员选择-多选组件必须放置在表单容器中使用。
          "elements": [
            {
              "tag": "multi_select_person", // 人员选择-多选组件的标签。
              "element_id": "custom_id", // 操作组件的唯一标识。用于在调用组件相关接口中指定组件。需开发者自定义。
              "margin": "0px 0px 0px 0px", // 组件的外边距，默认值 "0"，支持范围 [-99,99]px。
              "type": "text", // 组件边框样式。默认值 default。
              "name": "multi_select_users", // 表单容器中组件的自定义标识，用于识别用户提交的是哪个组件的数据。
              "placeholder": {
                // 人员选择组件内的占位文本。
                "tag": "plain_text",
                "content": "默认提示文本"
              },
              "width": "default", // 下拉选择组件的宽度。
              "behaviors": [
                { // 为组件配置回传交互。
                  "type": "callback",
                  "value": {
                    // 回传交互数据。支持 object 数据类型。开放平台 SDK 仅支持 object 类型的回传交互数据。
                    "key_1": "value_1"
                  }
                }
              ],
              "required": true, // 选项是否必填。
              "disabled": false, // 选项是否禁用。
              "selected_values": [
                "ou_48d0958ee4b2ab3eaf0b5f6c968xxxxx"
              ], // 组件默认选中的选项。数组项的值需要和 options.value 对应。
              "options": [
                // 选项配置，仅支持添加候选用户的 open_id。
                {
                  "value": "ou_48d0958ee4b2ab3eaf0b5f6c968xxxxx"
                },
                {
                  "value": "ou_f9d24af786a14340721288cda6axxxxx"
                }
              ],
              "confirm": {
                // 二次确认弹窗配置
                "title": {
                  "tag": "plain_text",
                  "content": "弹窗标题"
                },
                "text": {
                  "tag": "plain_text",
                  "content": "弹窗正文文案"
                }
              }
            },
            {  // 以下为表单容器中内嵌的分栏、按钮等组件属性，详情参考表单容器文档。
              "tag": "column_set",
              "columns": [
                { "tag": "column", "width": "auto", "elements": [{ "tag": "button", "text": { "tag": "plain_text", "content": "提交" }, "type": "primary", "width": "default", "form_action_type": "submit", "name": "Button_m8gyoz81" }], "vertical_align": "top" },
                { "tag": "column", "width": "auto", "elements": [{ "tag": "button", "text": { "tag": "plain_text", "content": "取消" }, "type": "default", "width": "default", "form_action_type": "reset", "name": "Button_m8gyoz82" }], "vertical_align": "top" }
              ]
            }
          ],
          "padding": "4px 0px 4px 0px",
          "margin": "0px 0px 0px 0px",
          "name": "Form_m8gyoz80"
        }
      ]
    }
  };

  // 示例代码, but for its buttons' "action_type" (not in button.md's field table: replaced by
  // form_action_type).
  const picker = {
    "tag": "multi_select_person",
    "type": "default",
    "name": "multi_select_users",
    "placeholder": { "tag": "plain_text", "content": "请选择" },
    "width": "fill",
    "required": true,
    "disabled": false,
    "selected_values": ["ou_48d0958ee4b2ab3eaf0b5f6c968xxxxx"],
    "behaviors": [{ "type": "callback", "value": { "select_static": "click" } }],
    "options": [{ "value": "ou_48d0958ee4b2ab3eaf0b5f6c968xxxxx" }, { "value": "ou_f9d24af786a14340721288cda6axxxxx" }]
  };

  const sample = {
    "schema": "2.0",
    "body": {
      "elements": [
        {
          "tag": "form",
          "elements": [
            { "tag": "column_set", "flex_mode": "none", "horizontal_spacing": "default", "background_style": "default", "columns": [{ "tag": "column", "elements": [picker], "width": "weighted", "weight": 1 }] },
            {
              "tag": "column_set",
              "flex_mode": "none",
              "background_style": "default",
              "horizontal_spacing": "default",
              "columns": [
                { "tag": "column", "width": "auto", "vertical_align": "top", "elements": [{ "tag": "button", "text": { "tag": "plain_text", "content": "提交" }, "type": "primary", "form_action_type": "submit", "name": "Button_lrztw8x3" }] },
                { "tag": "column", "width": "auto", "vertical_align": "top", "elements": [{ "tag": "button", "text": { "tag": "plain_text", "content": "取消" }, "type": "default", "form_action_type": "reset", "name": "Button_lrztw8x4" }] }
              ]
            }
          ],
          "name": "Form_lrztw8x2"
        }
      ]
    }
  };

  it('accepts the complete JSON structure and the sample', () => {
    ok(full);
    okBut(sample);
  });

  it('needs a name (name 必填) and refuses label and initial_option', () => {
    const { name: _name, ...unnamed } = picker;
    expectRules(checkCard(card({ ...unnamed, label: { tag: 'plain_text', content: 'x' }, initial_option: 'ou_1' })), [
      'invalid_value body.elements[0].name',
      'unsupported_property body.elements[0].label',
      'unsupported_property body.elements[0].initial_option',
      'form_only_component body.elements[0]',
    ]);
  });
});

describe('date_picker, picker_time, picker_datetime (date-picker.md, time-selector.md, date-time-picker.md)', () => {
  const confirm = { "title": { "tag": "plain_text", "content": "title" }, "text": { "tag": "plain_text", "content": "content" } };
  const behaviors = [{ "type": "callback", "value": { "key_1": "value_1" } }];
  // Each page's 组件属性 › JSON 结构 element (comments dropped; values as the pages give them).
  const fullDate = { "tag": "date_picker", "element_id": "custom_id", "margin": "0px 0px 0px 0px", "name": "date_picker1", "required": false, "disabled": false, "width": "default", behaviors, "initial_date": "2024-01-01", "placeholder": { "tag": "plain_text", "content": "请选择" }, confirm };
  const fullTime = { "tag": "picker_time", "element_id": "custom_id", "margin": "0px 0px 0px 0px", "name": "picker_time1", "required": false, "disabled": false, "width": "default", behaviors, "initial_time": "11:30", "placeholder": { "tag": "plain_text", "content": "请选择" }, "value": { "key_1": "value_1" }, confirm };
  const fullDatetime = { "tag": "picker_datetime", "element_id": "custom_id", "margin": "0px 0px 0px 0px", "name": "picker_datetime1", "required": false, "disabled": false, "width": "default", behaviors, "initial_datetime": "2024-01-01 11:30", "placeholder": { "tag": "plain_text", "content": "请选择" }, confirm };

  // Each page's 示例代码, verbatim.
  const dateSample = { "schema": "2.0", "body": { "elements": [
    { "tag": "date_picker", "placeholder": { "tag": "plain_text", "content": "请选择" }, "width": "default", "initial_date": "2024-01-01" },
    { "tag": "date_picker", "placeholder": { "tag": "plain_text", "content": "请选择" }, "width": "default" }
  ] } };
  const timeSample = { "schema": "2.0", "body": { "elements": [
    { "tag": "picker_time", "placeholder": { "tag": "plain_text", "content": "请选择" }, "width": "default", "initial_time": "09:00" },
    { "tag": "picker_time", "placeholder": { "tag": "plain_text", "content": "请选择" }, "width": "default" }
  ] } };
  const datetimeSample = { "schema": "2.0", "body": { "elements": [
    { "tag": "picker_datetime", "placeholder": { "tag": "plain_text", "content": "请选择" }, "width": "default" },
    { "tag": "picker_datetime", "placeholder": { "tag": "plain_text", "content": "请选择" }, "width": "default", "initial_datetime": "2024-01-01 08:00" }
  ] } };

  it('accept the complete JSON structures (each alone and together in a form) and the samples', () => {
    for (const c of [fullDate, fullTime, fullDatetime]) ok(card(c));
    ok(inForm(fullDate, { ...fullTime, element_id: 'custom_id2' }, { ...fullDatetime, element_id: 'custom_id3' }));
    for (const c of [dateSample, timeSample, datetimeSample]) ok(c);
  });

  it('take the legacy value as an object only ("仅支持 key-value 形式的 JSON 结构")', () => {
    ok(card({ tag: 'date_picker', value: { k: 1 } }));
    expectRules(checkCard(card({ tag: 'date_picker', value: 'v' }, { tag: 'picker_datetime', placeholder: { tag: 'plain_text' }, value: ['v'] })), [
      'invalid_value body.elements[0].value',
      'invalid_value body.elements[1].value',
    ]);
  });

  it('refuse initial values not in yyyy-MM-dd, HH:mm, yyyy-MM-dd HH:mm', () => {
    const v = checkCard(card(
      { tag: 'date_picker', initial_date: '2024-02-30' },
      { tag: 'date_picker', initial_date: '2024/01/01' },
      { tag: 'picker_time', initial_time: '24:00' },
      { tag: 'picker_time', initial_time: '9:00' },
      { tag: 'picker_datetime', initial_datetime: '2024-01-01T08:00' },
      { tag: 'picker_datetime', initial_datetime: '2024-01-01 08:00 +0800' },
    ));
    expectRules(v, [
      'invalid_value body.elements[0].initial_date',
      'invalid_value body.elements[1].initial_date',
      'invalid_value body.elements[2].initial_time',
      'invalid_value body.elements[3].initial_time',
      'invalid_value body.elements[4].initial_datetime',
      'invalid_value body.elements[5].initial_datetime',
    ]);
  });

  it('time pickers need a placeholder without an initial value ("未配置 initial_time 字段…该字段必填"); date_picker does not', () => {
    expectRules(checkCard(card({ tag: 'picker_time' }, { tag: 'picker_datetime' }, { tag: 'date_picker' })), [
      'invalid_value body.elements[0].placeholder',
      'invalid_value body.elements[1].placeholder',
    ]);
  });

  it('refuse label, options and disabled_tips, which their pages do not list', () => {
    expectRules(checkCard(card({ ...fullDate, label: { tag: 'plain_text', content: '日期' }, disabled_tips: { tag: 'plain_text', content: 'x' } }, { ...fullTime, element_id: 't', name: 't', options: [] })), [
      'unsupported_property body.elements[0].label',
      'unsupported_property body.elements[0].disabled_tips',
      'unsupported_property body.elements[1].options',
    ]);
  });
});
