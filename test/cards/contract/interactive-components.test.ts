import { ok, okBut, expectRules } from './contract-expect.js';
import { describe, it } from 'vitest';
import { checkCard } from '../../../src/cards/contract/check-card.js';

/**
 * The button, overflow and checker rules against the JSON examples of their card JSON 2.0 pages
 * (feishu/001-开发指南/feishu-cards/build-card-with-json/card-json-v2-components/interactive-components/),
 * copied verbatim (comments included) unless a comment says what was changed and why.
 */

type Card = { schema: '2.0'; body: { elements: unknown[] } } & Record<string, unknown>;
const card = (...elements: unknown[]): Card => ({ schema: '2.0', body: { elements } });
const submit = { tag: 'button', text: { tag: 'plain_text', content: '提交' }, form_action_type: 'submit', name: 'submit_1' };
const inForm = (...elements: unknown[]): Card => card({ tag: 'form', name: 'f', elements: [...elements, submit] });

const tips = (content: string) => ({ tag: 'plain_text', content });

describe('button (button.md)', () => {
  // 组件属性 › JSON 结构: the complete JSON 2.0 structure.
  const full = {
    "schema": "2.0", // 卡片 JSON 结构的版本。默认为 1.0。要使用 JSON 2.0 结构，必须显示声明 2.0。
    "body": {
      "elements": [
        {
          "tag": "button", // 组件的标签。按钮组件的固定值为 button。
          "element_id": "custom_id", // 操作组件的唯一标识。用于在调用组件相关接口中指定组件。需开发者自定义。
          "margin": "0px 0px 0px 0px", // 组件的外边距，默认值 "0"，支持范围 [-99,99]px。
          "type": "primary", // 按钮的类型。默认为 default。
          "size": "small", // 按钮的尺寸。默认值 medium。
          "width": "default", // 按钮的宽度。默认为 default。
          "text": {
            // 按钮上的文本。
            "tag": "plain_text",
            "content": "确定"
          },
          "icon": {
            // 前缀图标。
            "tag": "standard_icon", // 图标类型。
            "token": "chat-forbidden_outlined", // 图标的 token。仅在 tag 为 standard_icon 时生效。
            "color": "orange", // 图标颜色。仅在 tag 为 standard_icon 时生效。
            "img_key": "img_v2_38811724" // 图片的 key。仅在 tag 为 custom_icon 时生效。
          },
          "hover_tips": {}, // 用户在 PC 端将光标悬浮在按钮上方时的文案提醒。默认为空。
          "disabled": false, // 是否禁用该按钮。默认值 false。
          "disabled_tips": {}, // 禁用按钮后，用户在 PC 端将光标悬浮在按钮上方时的文案提醒。此字段生效后，hover_tips 不再生效。
          "confirm": {
            // 二次确认弹窗配置
            "title": {
              "tag": "plain_text",
              "content": "title"
            },
            "text": {
              "tag": "plain_text",
              "content": "content"
            }
          },
          "behaviors": [
            {
              "type": "open_url", // 声明交互类型是打开链接的跳转交互
              "default_url": "https://www.baidu.com", // 兜底跳转地址
              "android_url": "https://developer.android.com/", // 安卓端跳转地址
              "ios_url": "lark://msgcard/unsupported_action", // iOS 端跳转地址。可配置为 `lark://msgcard/unsupported_action` 声明当前端不允许跳转
              "pc_url": "https://www.windows.com" // 桌面端跳转地址
            },
            {
              "type": "callback", // // 为组件配置自定义的回传交互参数。声明交互类型是回传数据到服务端的回传交互。
              "value": {
                // 回传交互数据。支持 object 数据类型。开放平台 SDK 仅支持 object 类型的回传交互数据。
                "key_1": "value_1"
              }
            }
          ]
        }
      ]
    }
  };
  const fullButton = full.body.elements[0]!;

  // 示例代码, but for two properties the field table does not list: `"value": {"key": "value"}`
  // (on 镭射按钮 and primary) and `"url": "https://open.feishu.cn/document"` (on primary), dropped.
  const openUrl = [{ "type": "open_url", "default_url": "https://open.feishu.cn/document", "android_url": "https://developer.android.com/", "ios_url": "lark://msgcard/unsupported_action", "pc_url": "https://www.windows.com" }];
  const sample = {
    "schema": "2.0",
    "header": { "template": "blue", "title": { "content": "Buttons", "tag": "plain_text" } },
    "body": {
      "elements": [
        {
          "tag": "column_set",
          "flex_mode": "flow",
          "background_style": "default",
          "columns": [
            { "tag": "column", "width": "auto", "weight": 1, "vertical_align": "top", "elements": [
              { "tag": "button", "text": { "tag": "plain_text", "content": "镭射按钮" }, "behaviors": openUrl, "type": "laser", "hover_tips": { "tag": "plain_text", "content": "hover提示" } }
            ] },
            { "tag": "column", "width": "auto", "weight": 1, "vertical_align": "top", "elements": [
              { "tag": "button", "type": "laser", "text": { "tag": "plain_text", "content": "镭射禁用按钮" }, "disabled": true, "disabled_tips": { "tag": "plain_text", "content": "禁用 hover 提示" }, "behaviors": openUrl }
            ] }
          ]
        },
        {
          "tag": "column_set",
          "flex_mode": "flow",
          "background_style": "default",
          "columns": [
            { "tag": "column", "width": "auto", "weight": 1, "vertical_align": "top", "elements": [
              { "tag": "button", "text": { "tag": "plain_text", "content": "primary" }, "type": "primary", "hover_tips": { "tag": "plain_text", "content": "我是 primary button" } }
            ] },
            { "tag": "column", "width": "auto", "weight": 1, "vertical_align": "top", "elements": [
              { "tag": "button", "type": "default", "text": { "tag": "plain_text", "content": "default" }, "hover_tips": { "tag": "plain_text", "content": "我是 default 按钮" }, "behaviors": openUrl }
            ] },
            { "tag": "column", "width": "auto", "weight": 1, "vertical_align": "top", "elements": [
              { "tag": "button", "type": "danger", "text": { "tag": "plain_text", "content": "我是 danger 按钮" }, "hover_tips": { "tag": "plain_text", "content": "我是 danger 按钮" }, "behaviors": openUrl }
            ] },
            { "tag": "column", "width": "auto", "weight": 1, "vertical_align": "top", "elements": [
              { "tag": "button", "type": "danger", "text": { "tag": "plain_text", "content": "我是 disabled 按钮" }, "disabled": true, "disabled_tips": { "tag": "plain_text", "content": "我是 disabled 按钮，我被禁用了" }, "behaviors": openUrl }
            ] }
          ]
        }
      ]
    }
  };

  it('refuses the JSON structure\'s empty hover_tips and disabled_tips: their tag and content are 必填', () => {
    expectRules(checkCard(full), [
      'invalid_value body.elements[0].hover_tips.tag',
      'invalid_value body.elements[0].hover_tips.content',
      'invalid_value body.elements[0].disabled_tips.tag',
      'invalid_value body.elements[0].disabled_tips.content',
    ]);
    ok(card({ ...fullButton, hover_tips: tips('hover'), disabled_tips: tips('disabled') }));
  });

  it('accepts the sample', () => okBut(sample));

  it('accepts the form buttons of form-container.md (open_url and callback together, name, form_action_type)', () => {
    const behaviors = [openUrl[0], { type: 'callback', value: { key: 'value' } }];
    ok(card({ tag: 'form', name: 'form_1', elements: [
      { tag: 'input', name: 'reason', required: true },
      { tag: 'button', type: 'primary', text: tips('提交'), behaviors, form_action_type: 'submit', name: 'Button_m8pn9lbf' },
      { tag: 'button', type: 'default', text: tips('取消'), behaviors, form_action_type: 'reset', name: 'Button_m8pn9lbg' },
    ] }));
  });

  it('refuses label, value, url, required and the legacy action_type: not in its field table', () => {
    expectRules(checkCard(card({ tag: 'button', text: tips('x'), label: tips('l'), value: { k: 'v' }, url: 'https://x', required: true, action_type: 'form_submit' })), [
      'unsupported_property body.elements[0].label',
      'unsupported_property body.elements[0].value',
      'unsupported_property body.elements[0].url',
      'unsupported_property body.elements[0].required',
      'unsupported_property body.elements[0].action_type',
    ]);
  });

  it('refuses an undocumented type, size or form_action_type, a lark_md text and text over 100 characters', () => {
    expectRules(checkCard(inForm({ tag: 'button', name: 'b', type: 'secondary', size: 'huge', form_action_type: 'cancel', text: { tag: 'lark_md', content: 'x'.repeat(101) } })), [
      'invalid_value body.elements[0].elements[0].type',
      'invalid_value body.elements[0].elements[0].size',
      'invalid_value body.elements[0].elements[0].form_action_type',
      'invalid_value body.elements[0].elements[0].text.tag',
      'invalid_value body.elements[0].elements[0].text.content',
    ]);
  });

  it('refuses behaviors without default_url, of an undocumented type, or with a string or array value', () => {
    const behaviors = [{ type: 'open_url', pc_url: 'https://x' }, { type: 'form' }, { type: 'callback', value: 'v' }, { type: 'callback', value: ['v'] }];
    expectRules(checkCard(card({ tag: 'button', behaviors })), [
      'invalid_value body.elements[0].behaviors[0].default_url',
      'invalid_value body.elements[0].behaviors[1].type',
      'invalid_value body.elements[0].behaviors[2].value',
      'invalid_value body.elements[0].behaviors[3].value',
    ]);
  });

  it('refuses a confirm without text, and a width under 100px', () => {
    expectRules(checkCard(card({ tag: 'button', width: '80px', confirm: { title: tips('t') } })), [
      'invalid_value body.elements[0].width',
      'invalid_value body.elements[0].confirm.text',
    ]);
  });

  it('needs a name in a form; form_action_type only in a form', () => {
    expectRules(checkCard(inForm({ tag: 'button', text: tips('x'), form_action_type: 'reset' })), ['form_field_without_name body.elements[0].elements[0]']);
    expectRules(checkCard(card({ tag: 'button', form_action_type: 'submit' })), ['form_action_outside_form body.elements[0]']);
  });
});

describe('overflow (overflow.md)', () => {
  // 组件属性 › JSON 结构.
  const full = {
    "schema": "2.0",
    "body": {
      "elements": [
        {
          "tag": "overflow",
          "element_id": "custom_id", // 操作组件的唯一标识。用于在调用组件相关接口中指定组件。需开发者自定义。
          "margin": "0px 0px 0px 0px", // 组件的外边距，默认值 "0"，支持范围 [-99,99]px。
          "width": "fill", // 折叠按钮组的宽度。默认值为 default。
          "options": [
            // 在此添加折叠按钮组当中的选项按钮。
            { // 为按钮添加文本。
              "text": {
                "tag": "plain_text", // 文本的标签。固定值为 plain_text。
                "content": "这是一个链接跳转" // 文本的内容，最多支持 100 个字符。
              },
              "multi_url": { // 为按钮添加跳转链接。
                "url": "https://open.feishu.cn/document/home/index", // 兜底的跳转地址。
                "pc_url": "",
                "ios_url": "",
                "android_url": ""
              },
              "value": "document" // 该按钮的回传参数值。当用户点击选项后，应用会将该值回调至卡片请求地址。
            }
          ],
          "behaviors": [ // 当用户点击折叠按钮组内的任意按钮后，除按钮本身的回传数据以外，还可通过 behaviors 参数回传更多数据。
            {
              "type": "callback", // 声明交互类型是回传数据到服务端的回传交互。
              "value": {
                // 开发者自定义的回传交互数据。支持 object 数据类型。开放平台 SDK 仅支持 object 类型的回传交互数据。
                "key_1": "value_1"
              }
            }
          ],
          "confirm": {
            // 二次确认弹窗配置
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

  // 示例代码: three buttons and an overflow.
  const button = (content: string) => ({ "tag": "button", "text": { "tag": "plain_text", "content": content }, "type": "default", "width": "default", "size": "medium", "margin": "0px 0px 0px 0px" });
  const sample = {
    "schema": "2.0",
    "config": { "update_multi": true },
    "body": {
      "direction": "horizontal",
      "horizontal_spacing": "8px",
      "vertical_spacing": "8px",
      "horizontal_align": "left",
      "vertical_align": "top",
      "padding": "12px 12px 12px 12px",
      "elements": [
        button("按钮 1"),
        button("按钮 2"),
        button("按钮 3"),
        {
          "tag": "overflow",
          "width": "default",
          "options": [
            { "text": { "tag": "plain_text", "content": "按钮 4" }, "value": "button_4" },
            { "text": { "tag": "plain_text", "content": "按钮 5" }, "value": "button_5" }
          ]
        }
      ]
    }
  };

  it('accepts the complete JSON structure and the sample', () => {
    ok(full);
    ok(sample);
  });

  it('takes a name in a form (form-container.md: every interactive component there has one)', () => {
    ok(inForm({ tag: 'overflow', name: 'more', options: [{ value: 'a' }] }));
    expectRules(checkCard(inForm({ tag: 'overflow', options: [] })), ['form_field_without_name body.elements[0].elements[0]']);
  });

  it('needs options (options 必填) and refuses label', () => {
    expectRules(checkCard(card({ tag: 'overflow', label: tips('更多') })), ['invalid_value body.elements[0].options', 'unsupported_property body.elements[0].label']);
  });

  it('refuses undocumented option properties, option text over 100 characters, and open_url behaviors', () => {
    const c = card({ tag: 'overflow', options: [{ text: tips('长'.repeat(101)), url: 'https://x', value: 'a' }], behaviors: [{ type: 'open_url', default_url: 'https://x' }] });
    expectRules(checkCard(c), [
      'invalid_value body.elements[0].options[0].text.content',
      'unsupported_property body.elements[0].options[0].url',
      'invalid_value body.elements[0].behaviors[0].type',
      'invalid_value body.elements[0].behaviors[0].value',
      'unsupported_property body.elements[0].behaviors[0].default_url',
    ]);
  });
});

describe('checker (checker.md)', () => {
  // 组件属性 › JSON 结构.
  const full = {
    "schema": "2.0",
    "body": {
      "elements": [
        {
          "tag": "checker", // 组件的标签。勾选器组件的固定值为 checker。
          "element_id": "custom_id", // 操作组件的唯一标识。用于在调用组件相关接口中指定组件。需开发者自定义。
          "name": "check_1", // 勾选器组件的唯一标识。用于识别用户提交的数据属于哪个组件。
          "checked": false, // 勾选器的初始勾选状态。默认值 false。
          "text": { // 勾选器组件内的普通文本信息。
            "tag": "plain_text", // 文本类型的标签。
            "content": "", // 文本的内容。当 tag 为 lark_md 时，支持部分 Markdown 语法的文本内容。
            "text_size": "normal", // 文本大小。默认值 normal。
            "text_color": "default", // 文本颜色。仅在 tag 为 plain_text 时生效。默认值 default。
            "text_align": "left" // 文本对齐方式。默认值 left。
          },
          "overall_checkable": true, // 当光标悬浮在勾选器上时，勾选器整体是否有阴影效果。默认值 true。
          "button_area": { // 按钮区的配置。可选。
            "pc_display_rule": "always", // PC 端勾选器内按钮的展示规则。默认值 always，即始终显示按钮。
            "buttons": [ // 在勾选器中添加并配置按钮。最多可配置三个按钮。
              {
                "tag": "button", // 按钮的标签，取固定值 button。
                "type": "text", // 按钮的类型。必填。
                "size": "small", // 按钮的尺寸。默认值 medium。
                "text": { // 按钮上的文本。
                  "tag": "plain_text",
                  "content": "text按钮"
                },
                "icon": { // 添加图标作为按钮文本上的前缀图标。支持自定义或使用图标库中的图标。
                  "tag": "standard_icon", // 图标类型。
                  "token": "chat-forbidden_outlined", // 图标的 token。仅在 tag 为 standard_icon 时生效。
                  "color": "orange", // 图标颜色。仅在 tag 为 standard_icon 时生效。
                  "img_key": "img_v2_38811724" // 图片的 key。仅在 tag 为 custom_icon 时生效。
                },
                "disabled": false,
                "behaviors": []
              }
            ]
          },
          "checked_style": { // 勾选状态样式。
            "show_strikethrough": true, // 是否展示内容区的贯穿式删除线。默认值 false。
            "opacity": 1 // 内容区的不透明度。默认值 1。
          },
          "margin": "0px", // 组件整体的外边距，支持填写单值或多值。默认值为 0px。
          "padding": "0px", // 组件整体的内边距，支持填写单值或多值。默认值为 0px。
          "confirm": {
            // 二次确认弹窗配置
            "title": {
              "tag": "plain_text",
              "content": "title"
            },
            "text": {
              "tag": "plain_text",
              "content": "content"
            }
          }, // 二次确认弹窗配置。用户点击确定后再执行 behaviors 中声明的交互
          "behaviors": [ // 配置交互类型和具体交互行为。未配置 behaviors 时，终端用户可勾选，但仅本地有效。
            {
              "type": "callback", // 声明交互类型。仅支持 callback 请求回调交互。
              "value": {
                // 回传交互数据。支持 object 数据类型。
                "key_1": "value_1"
              }
            }
          ],
          "hover_tips": {}, //用户在 PC 端将光标悬浮在勾选器上方时的文案提醒。
          "disabled": false, // 是否禁用该勾选器。默认值 false。
          "disabled_tips": {} // 禁用勾选器后，用户在 PC 端将光标悬浮在勾选器上方时的文案提醒。
        }
      ]
    }
  };
  const fullChecker = full.body.elements[0]!;

  // 示例代码: two checkers in a column.
  const iconButton = (token: string, behaviors: unknown[]) => ({ "tag": "button", "type": "text", "size": "large", "text": { "tag": "plain_text", "content": "" }, "icon": { "tag": "standard_icon", "token": token, "color": "grey-500" }, "disabled": false, "behaviors": behaviors });
  const openUrl = { "type": "open_url", "default_url": "https://www.baidu.com", "android_url": "https://developer.android.com/", "ios_url": "lark://msgcard/unsupported_action", "pc_url": "https://www.windows.com" };
  const sample = {
    "schema": "2.0",
    "header": { "template": "blue", "title": { "tag": "plain_text", "content": "勾选组件（依赖端版本 7.9+)" } },
    "body": {
      "elements": [
        {
          "tag": "column_set",
          "flex_mode": "none",
          "background_style": "default",
          "columns": [
            {
              "tag": "column",
              "width": "weighted",
              "weight": 1,
              "vertical_spacing": "1px",
              "elements": [
                {
                  "tag": "checker",
                  "name": "check_1",
                  "checked": false,
                  "text": { "tag": "lark_md", "content": "完成新品上市计划报告 💬[战略研讨会](https://open.feishu.cn)" },
                  "overall_checkable": false,
                  "button_area": { "pc_display_rule": "always", "buttons": [iconButton("forward-com_outlined", [{ "type": "callback", "value": { "key": "btn1" } }]), iconButton("tab-todo_outlined", [openUrl])] },
                  "checked_style": { "show_strikethrough": true, "opacity": 0.5 },
                  "padding": "2px 2px 2px 2px",
                  "behaviors": [{ "type": "callback", "value": { "key": "todo1" } }]
                },
                {
                  "tag": "checker",
                  "name": "check_2",
                  "checked": false,
                  "text": { "tag": "lark_md", "content": "把材料提前给💬[业务数据共享群](https://open.feishu.cn)审阅" },
                  "overall_checkable": true,
                  "button_area": { "pc_display_rule": "on_hover", "buttons": [iconButton("forward-com_outlined", [{ "type": "callback", "value": { "key": "btn2" } }]), iconButton("tab-todo_outlined", [openUrl])] },
                  "checked_style": { "show_strikethrough": true, "opacity": 0.5 },
                  "padding": "2px 2px 2px 2px",
                  "confirm": { "title": { "tag": "plain_text", "content": "弹窗标题" }, "text": { "tag": "plain_text", "content": "确认提交吗" } },
                  "behaviors": [{ "type": "callback", "value": { "key": "todo2" } }]
                }
              ]
            }
          ]
        }
      ]
    }
  };

  it('refuses the JSON structure\'s empty disabled_tips (tag and content 必填); an empty hover_tips is fine', () => {
    expectRules(checkCard(full), ['invalid_value body.elements[0].disabled_tips.tag', 'invalid_value body.elements[0].disabled_tips.content']);
    ok(card({ ...fullChecker, disabled_tips: tips('disabled') }));
  });

  it('accepts the sample, in a form too', () => {
    okBut(sample);
    const checker = (sample.body.elements[0]!.columns[0]!.elements[0]!);
    ok(inForm(checker));
  });

  it('refuses label, required, more than three buttons, an opacity over 1, undocumented enums', () => {
    const c = card({
      tag: 'checker',
      label: tips('l'),
      required: true,
      text: { tag: 'plain_text', content: 'x', text_size: 'large' },
      button_area: { pc_display_rule: 'never', buttons: [1, 2, 3, 4].map(() => ({ tag: 'button', text: tips('b') })) },
      checked_style: { opacity: 1.5 },
    });
    expectRules(checkCard(c), [
      'unsupported_property body.elements[0].label',
      'unsupported_property body.elements[0].required',
      'invalid_value body.elements[0].text.text_size',
      'invalid_value body.elements[0].button_area.pc_display_rule',
      'invalid_value body.elements[0].button_area.buttons',
      'invalid_value body.elements[0].checked_style.opacity',
    ]);
  });

  it('checks its buttons as button.md documents them, and its behaviors are callback only', () => {
    const c = card({ tag: 'checker', button_area: { buttons: [{ tag: 'button', label: tips('l'), type: 'huge' }] }, behaviors: [openUrl] });
    expectRules(checkCard(c), [
      'unsupported_property body.elements[0].button_area.buttons[0].label',
      'invalid_value body.elements[0].button_area.buttons[0].type',
      'invalid_value body.elements[0].behaviors[0].type',
      'invalid_value body.elements[0].behaviors[0].value',
      'unsupported_property body.elements[0].behaviors[0].default_url',
      'unsupported_property body.elements[0].behaviors[0].android_url',
      'unsupported_property body.elements[0].behaviors[0].ios_url',
      'unsupported_property body.elements[0].behaviors[0].pc_url',
    ]);
  });

  it('checks a lark_md text (and its translations) as markdown', () => {
    const c = card({ tag: 'checker', text: { tag: 'lark_md', content: '<b>x</b>', i18n_content: { en_us: '<number>1</number>' } } });
    expectRules(checkCard(c), ['unsupported_markdown_tag body.elements[0].text.content', 'unsupported_markdown_tag body.elements[0].text.i18n_content.en_us']);
    ok(card({ tag: 'checker', text: { tag: 'plain_text', content: '<b>x</b>' } }));
  });

  it('takes padding in [-99,99]px as its field table says', () => {
    ok(card({ tag: 'checker', padding: '-4px 0' }));
    expectRules(checkCard(card({ tag: 'checker', padding: '100px' })), ['invalid_value body.elements[0].padding']);
  });
});
