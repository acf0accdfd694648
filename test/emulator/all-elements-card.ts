/** A card using every element the emulator renders, plus one it does not know. */
export const ALL_ELEMENTS_CARD = {
  schema: '2.0',
  config: { update_multi: true },
  header: { title: { tag: 'plain_text', content: '全部元素 All elements' }, subtitle: { tag: 'plain_text', content: 'subtitle' }, template: 'orange' },
  body: {
    elements: [
      { tag: 'markdown', content: '**粗体 bold** *斜体* ~~删除~~ `code` [链接](https://example.gov.cn)\n- 第一项\n- 第二项\n1. 一\n<font color=\'red\'>红色</font> <at id=ou_demo_admin></at> <at id=all></at>' },
      { tag: 'markdown', content: "注释 notation <font color='grey'>灰一\n灰二</font>", text_size: 'notation' },
      { tag: 'hr' },
      { tag: 'div', text: { tag: 'lark_md', content: '**div** text' }, fields: [{ is_short: true, text: { tag: 'lark_md', content: '字段一' } }, { is_short: false, text: { tag: 'lark_md', content: '字段二' } }] },
      { tag: 'note', elements: [{ tag: 'plain_text', content: '备注 note' }] },
      {
        tag: 'column_set',
        columns: [
          { tag: 'column', width: 'weighted', weight: 1, elements: [{ tag: 'markdown', content: '左 left' }] },
          { tag: 'column', width: 'weighted', weight: 2, elements: [{ tag: 'markdown', content: '右 right' }] },
        ],
      },
      { tag: 'button', text: { tag: 'plain_text', content: '默认 default' }, type: 'default', behaviors: [{ type: 'callback', value: { a: 'x.default' } }] },
      { tag: 'button', text: { tag: 'plain_text', content: '主要 primary' }, type: 'primary_filled', behaviors: [{ type: 'callback', value: { a: 'x.primary' } }] },
      { tag: 'button', text: { tag: 'plain_text', content: '危险 danger' }, type: 'danger', behaviors: [{ type: 'callback', value: { a: 'x.danger' } }] },
      { tag: 'button', text: { tag: 'plain_text', content: '不可用 disabled' }, type: 'primary', disabled: true, behaviors: [{ type: 'callback', value: { a: 'x.disabled' } }] },
      {
        tag: 'form',
        name: 'f',
        elements: [
          { tag: 'input', name: 'title', label: { tag: 'plain_text', content: '标题 Title' }, placeholder: { tag: 'plain_text', content: '请输入' }, required: true },
          { tag: 'input', name: 'body', input_type: 'multiline_text', rows: 3, label: { tag: 'plain_text', content: '内容 Content' } },
          { tag: 'select_static', name: 'urgency', label: { tag: 'plain_text', content: '紧急程度' }, options: [{ text: { tag: 'plain_text', content: '一般' }, value: 'normal' }, { text: { tag: 'plain_text', content: '紧急' }, value: 'urgent' }] },
          { tag: 'multi_select_static', name: 'units', options: [{ text: { tag: 'plain_text', content: '东镇' }, value: 'dz' }, { text: { tag: 'plain_text', content: '住建局' }, value: 'zjj' }], selected_values: ['dz'] },
          { tag: 'date_picker', name: 'due', initial_date: '2026-12-01' },
          { tag: 'picker_datetime', name: 'at', initial_datetime: '2026-12-01 09:30' },
          { tag: 'select_person', name: 'who' },
          { tag: 'button', name: 'submit', text: { tag: 'plain_text', content: '提交 Submit' }, type: 'primary_filled', form_action_type: 'submit', behaviors: [{ type: 'callback', value: { a: 'x.submit' } }] },
        ],
      },
      {
        tag: 'chart',
        aspect_ratio: '16:9',
        chart_spec: { type: 'bar', data: [{ id: 'd', values: [{ unit: '东镇', rate: 90 }, { unit: '西林街道', rate: 75 }] }], xField: 'unit', yField: 'rate' },
      },
      { tag: 'table', columns: [{ name: 'unit', display_name: '单位' }, { name: 'rate', display_name: '按期办结率' }], rows: [{ unit: '东镇', rate: '90%' }] },
      { tag: 'img', img_key: 'img_v3_x', alt: { tag: 'plain_text', content: '示意图' } },
      { tag: 'collapsible_panel', expanded: false, header: { title: { tag: 'plain_text', content: '展开 More' } }, elements: [{ tag: 'markdown', content: '里面 inside' }] },
      { tag: 'fancy_widget', content: '?' },
    ],
  },
};
