import { found, wrap } from './contract-expect.js';
import { describe, expect, it } from 'vitest';
import { describeViolations } from '../../../src/cards/contract/card-violation.js';
import { checkCard } from '../../../src/cards/contract/check-card.js';

/*
 * The documented JSON examples of Lark's card JSON 2.0 content components pass the contract;
 * what the pages do not allow does not. Examples are copied from the pages (comments removed);
 * every departure is said where it is made. Pages: feishu/001-开发指南/feishu-cards/
 * build-card-with-json/card-json-v2-components/content-components/<page>.md.
 */

/** Tags the content and container rules cover; another rule set fills the interactive ones. */
const COVERED = ['markdown', 'div', 'hr', 'img', 'chart', 'table', 'person', 'person_list', 'form', 'column_set', 'column', 'collapsible_panel', 'interactive_container'];
const relevant = (card: unknown) =>
  checkCard(card).filter((v) => !(v.rule === 'unknown_component' && !COVERED.some((t) => v.message.startsWith(`"${t}"`))));
const expectAccepted = (card: unknown) => expect(describeViolations(relevant(card))).toBe('');

describe('plain text (plain-text.md)', () => {
  it('accepts the JSON structure', () => {
    expectAccepted({
      schema: '2.0',
      body: {
        elements: [
          {
            tag: 'div',
            element_id: 'custom_id',
            margin: '0px 0px 0px 0px',
            width: 'fill',
            text: { tag: 'plain_text', content: '', text_size: 'normal', text_color: 'default', text_align: 'left', lines: 2 },
            icon: { tag: 'standard_icon', token: 'chat-forbidden_outlined', color: 'orange', img_key: 'img_v2_38811724' },
          },
        ],
      },
    });
  });

  it('accepts the plain_text example', () => {
    expectAccepted({
      schema: '2.0',
      body: {
        elements: [
          {
            tag: 'div',
            text: { tag: 'plain_text', content: '这是示例文本。', text_size: 'normal', text_align: 'center', text_color: 'default' },
            icon: { tag: 'standard_icon', token: 'reply-cn_filled', color: 'blue' },
            margin: '0px 0px 0px 0px',
            element_id: 'plaintext01',
          },
        ],
      },
    });
  });

  it('accepts the lark_md example without its `fields`, which the field table does not list', () => {
    // The page's example carries "fields": [{is_short, text: {tag: lark_md, …}}] — a 1.0 property.
    expectAccepted({ schema: '2.0', body: { elements: [{ tag: 'div', text: { tag: 'plain_text', content: 'text-lark_md', lines: 1 } }] } });
    expect(found(wrap({ tag: 'div', text: { tag: 'plain_text', content: 'x' }, fields: [] }))).toContain('unsupported_property at body.elements[0].fields');
  });

  it('accepts a custom text size from config.style (为移动端和桌面端定义不同的字号)', () => {
    // Step 1's config plus step 2's element; step 2 wraps it in 1.0's i18n_elements / i18n_header,
    // which 2.0 does not take, and writes horizontal_spacing "default", which the column-set page does not list.
    expectAccepted({
      schema: '2.0',
      config: {
        style: {
          text_size: {
            'cus-0': { default: 'medium', pc: 'medium', mobile: 'large' },
            'cus-1': { default: 'medium', pc: 'normal', mobile: 'x-large' },
          },
        },
      },
      body: {
        elements: [
          {
            tag: 'column_set',
            flex_mode: 'none',
            background_style: 'default',
            columns: [
              {
                tag: 'column',
                elements: [
                  {
                    tag: 'div',
                    text: { tag: 'plain_text', content: '这是一段普通文本示例。', text_size: 'cus-0', text_align: 'center', text_color: 'default' },
                    icon: { tag: 'standard_icon', token: 'app-default_filled', color: 'blue' },
                  },
                ],
                width: 'weighted',
                weight: 1,
              },
            ],
          },
        ],
      },
    });
  });

  it('checks lark_md text for tags 2.0 markdown does not render, and refuses a bad width', () => {
    expect(found(wrap({ tag: 'div', text: { tag: 'lark_md', content: '<b>粗体</b>' } }))).toContain('unsupported_markdown_tag at body.elements[0].text.content');
    expect(found(wrap({ tag: 'div', text: { tag: 'plain_text', content: '<b>' } }))).toEqual([]);
    expect(found(wrap({ tag: 'div', width: '8px', text: { tag: 'plain_text', content: 'x' } }))).toContain('invalid_value at body.elements[0].width');
    expect(found(wrap({ tag: 'div', text: { tag: 'markdown', content: 'x' } }))).toContain('invalid_value at body.elements[0].text.tag');
  });
});

describe('divider (divider.md)', () => {
  it('accepts the JSON structure and the example', () => {
    expectAccepted({ schema: '2.0', body: { elements: [{ tag: 'hr', element_id: 'custom_id', margin: '0px 0px 0px 0px' }] } });
    expectAccepted({
      schema: '2.0',
      body: {
        direction: 'vertical',
        padding: '12px 12px 12px 12px',
        elements: [
          {
            tag: 'div',
            text: { tag: 'plain_text', content: '普通文本示例', text_size: 'normal', text_align: 'left', text_color: 'default' },
            margin: '0px 0px 0px 0px',
          },
          { tag: 'hr', margin: '0px 0px 0px 0px' },
          { tag: 'button', text: { tag: 'plain_text', content: '查看更多' }, type: 'primary', width: 'default', size: 'medium', margin: '0px 0px 0px 0px' },
        ],
      },
    });
  });

  it('refuses anything but tag, element_id and margin', () => {
    expect(found(wrap({ tag: 'hr', color: 'grey' }))).toContain('unsupported_property at body.elements[0].color');
    expect(found(wrap({ tag: 'hr', margin: '100px' }))).toContain('invalid_value at body.elements[0].margin');
  });
});

describe('image (image.md)', () => {
  it('accepts the JSON structure, with custom_width a number as the field table types it', () => {
    // The structure writes "custom_width": "300px"; the 历史字段 table says int (278–580).
    expectAccepted({
      schema: '2.0',
      body: {
        elements: [
          {
            tag: 'img',
            element_id: 'custom_id',
            margin: '0px 0px 0px 0px',
            img_key: 'img_v3_0238_073f1823-df2b-4377-86c6-e293f18abcef',
            alt: { tag: 'plain_text', content: '' },
            title: { tag: 'plain_text', content: '' },
            corner_radius: '5px',
            scale_type: 'crop_top',
            size: '100px 100px',
            transparent: false,
            preview: false,
            mode: 'large',
            custom_width: 300,
            compact_width: false,
          },
        ],
      },
    });
  });

  it('accepts the Demo example', () => {
    expectAccepted({
      schema: '2.0',
      body: {
        direction: 'vertical',
        padding: '12px 12px 12px 12px',
        elements: [
          {
            tag: 'img',
            img_key: 'img_v2_9dd98485-2900-4d65-ada9-e31d1408dcfg',
            preview: true,
            transparent: false,
            scale_type: 'crop_center',
            size: 'stretch',
            alt: { tag: 'plain_text', content: '示例图片' },
            corner_radius: '5%',
            margin: '0px 0px 0px 0px',
            element_id: 'demoimg01',
          },
        ],
      },
    });
  });

  it('accepts the full-bleed example (注意事项) once it has the 必填 alt', () => {
    const fullBleed = { tag: 'img', img_key: 'img_v3_0238_073f1823-df2b-4377-86c6-e293f183622j', scale_type: 'crop_center', margin: '4px -12px' };
    // As on the page (no alt): the field table makes alt 必填.
    expect(found(wrap(fullBleed))).toEqual(['invalid_value at body.elements[0].alt']);
    expectAccepted(wrap({ ...fullBleed, alt: { tag: 'plain_text', content: '' } }));
  });

  it('refuses the 1.0 stretch_without_padding size, a bad size and a bad scale_type', () => {
    const alt = { tag: 'plain_text', content: '' };
    expect(found(wrap({ tag: 'img', img_key: 'k', alt, size: 'stretch_without_padding' }))).toContain('invalid_value at body.elements[0].size');
    expect(found(wrap({ tag: 'img', img_key: 'k', alt, size: '1001px 10px' }))).toContain('invalid_value at body.elements[0].size');
    expect(found(wrap({ tag: 'img', img_key: 'k', alt, scale_type: 'fit' }))).toContain('invalid_value at body.elements[0].scale_type');
    expect(found(wrap({ tag: 'img', img_key: 'k', alt, corner_radius: '120%' }))).toContain('invalid_value at body.elements[0].corner_radius');
  });
});

describe('chart (chart.md)', () => {
  it('accepts the JSON structure', () => {
    expectAccepted({
      schema: '2.0',
      body: {
        elements: [
          { tag: 'chart', element_id: 'custom_id', margin: '0px 0px 0px 0px', aspect_ratio: '16:9', color_theme: 'brand', chart_spec: {}, preview: false, height: 'auto' },
        ],
      },
    });
  });

  it('accepts the 折线图, 饼图 and 条形进度 examples with their mock data', () => {
    const header = { template: 'purple', title: { content: '卡片标题', tag: 'plain_text' } };
    const times = ['2:00', '4:00', '6:00', '8:00', '10:00', '12:00', '14:00', '16:00', '18:00'];
    const values = [8, 9, 11, 14, 16, 17, 17, 16, 15];
    expectAccepted({
      schema: '2.0',
      body: {
        elements: [
          {
            tag: 'chart',
            chart_spec: { type: 'line', title: { text: '折线图' }, data: { values: times.map((time, i) => ({ time, value: values[i] })) }, xField: 'time', yField: 'value' },
          },
        ],
      },
      header,
    });
    expectAccepted({
      schema: '2.0',
      body: {
        elements: [
          {
            tag: 'chart',
            aspect_ratio: '4:3',
            chart_spec: {
              type: 'pie',
              title: { text: '客户规划占比' },
              data: { values: [{ type: 'S1', value: '340' }, { type: 'S2', value: '170' }, { type: 'S3', value: '150' }, { type: 'S4', value: '120' }, { type: 'S5', value: '100' }] },
              valueField: 'value',
              categoryField: 'type',
              outerRadius: 0.9,
              legends: { visible: true, orient: 'right' },
              padding: { left: 10, top: 10, bottom: 5, right: 0 },
              label: { visible: true },
            },
          },
        ],
      },
    });
    expectAccepted({
      schema: '2.0',
      body: {
        elements: [
          {
            tag: 'chart',
            aspect_ratio: '2:1',
            chart_spec: {
              type: 'linearProgress',
              title: { text: '条形进度图' },
              data: { values: [{ type: 'Tradition Industries', value: 0.795, text: '79.5%' }, { type: 'Business Companies', value: 0.25, text: '25%' }] },
              direction: 'horizontal',
              xField: 'value',
              yField: 'type',
              seriesField: 'type',
              axes: [{ orient: 'left', domainLine: { visible: false } }],
            },
          },
        ],
      },
      header,
    });
  });

  it('refuses an undocumented aspect ratio or colour theme, a missing chart_spec, and a chart in a form', () => {
    expect(found(wrap({ tag: 'chart', aspect_ratio: '3:2', chart_spec: {} }))).toContain('invalid_value at body.elements[0].aspect_ratio');
    expect(found(wrap({ tag: 'chart', color_theme: 'dark', chart_spec: {} }))).toContain('invalid_value at body.elements[0].color_theme');
    expect(found(wrap({ tag: 'chart', height: '1000px', chart_spec: {} }))).toContain('invalid_value at body.elements[0].height');
    expect(found(wrap({ tag: 'chart' }))).toContain('invalid_value at body.elements[0].chart_spec');
    expect(found(wrap({ tag: 'form', name: 'f', elements: [{ tag: 'chart', chart_spec: {} }] }))).toContain('not_allowed_in_form at body.elements[0].elements[0]');
  });
});

const TABLE_ROWS = [
  {
    customer_name: '飞书科技',
    customer_date: 1699341315000,
    customer_scale: [{ text: 'S2', color: 'blue' }],
    customer_arr: 168,
    customer_poc: ['ou_14a32f1a02e64944cf19207aa43abcef', 'ou_e393cf9c22e6e617a4332210d2aabcef'],
    customer_link: '[飞书科技](/document-mod/index?fullPath=/uAjLw4CM/ukTMukTMukTM/reference/im-v1/message-reaction/emojis-introduce)',
    company_image: '![image.png](img_v3_02cc_bf88cdee-6650-4b39-987c-f8e87c3227fg)',
  },
  ...['01', '02', '03'].map((n, i) => ({
    customer_name: `飞书科技_${n}`,
    customer_date: 1606101072000,
    customer_scale: [{ text: ['S1', 'S3', 'S2'][i], color: ['red', 'orange', 'blue'][i] }],
    customer_arr: 168.23,
    customer_poc: 'ou_14a32f1a02e64944cf19207aa43abcef',
    customer_link: `[飞书科技_${n}](/document-mod/index?fullPath=/uAjLw4CM/ukTMukTMukTM/reference/im-v1/message-reaction/emojis-introduce)`,
    company_image: '![image.png](img_v3_02cc_bf88cdee-6650-4b39-987c-f8e87c3227fg)',
  })),
];

describe('table (table.md)', () => {
  it('accepts the JSON structure (its rows also carry a customer_date no column names)', () => {
    expectAccepted({
      schema: '2.0',
      body: {
        elements: [
          {
            tag: 'table',
            element_id: 'custom_id',
            margin: '0px 0px 0px 0px',
            page_size: 5,
            row_height: 'low',
            row_max_height: '50px',
            freeze_first_column: true,
            header_style: { text_align: 'left', text_size: 'normal', background_style: 'none', text_color: 'grey', bold: true, lines: 1 },
            columns: [
              { name: 'customer_name', display_name: '客户名称', width: 'auto', data_type: 'text', vertical_align: 'top', horizontal_align: 'left' },
              { name: 'customer_link', display_name: '相关链接', data_type: 'lark_md' },
              { name: 'customer_arr', display_name: 'ARR(万元)', data_type: 'number', format: { symbol: '¥', precision: 2, separator: true }, width: '120px' },
              { name: 'customer_scale', display_name: '客户规模', data_type: 'options' },
              { name: 'customer_poc', display_name: '客户对接人', data_type: 'persons' },
              { name: 'meeting_date', display_name: '对接时间', data_type: 'date', date_format: 'YYYY/MM/DD' },
              { name: 'company_image', display_name: '企业图片', data_type: 'markdown' },
            ],
            rows: [
              {
                customer_name: '飞书科技',
                customer_date: 1699341315000,
                customer_scale: [{ text: 'S2', color: 'blue' }],
                customer_arr: 168,
                customer_poc: ['ou_14a32f1a02e64944cf19207aa43abcef', 'ou_e393cf9c22e6e617a4332210d2aabcef'],
                customer_link: '[飞书科技](/ssl:ttdoc/uAjLw4CM/ukTMukTMukTM/reference/im-v1/message-reaction/emojis-introduce)',
              },
              ...[['01', 'S1', 'red'], ['02', 'S3', 'orange'], ['03', 'S2', 'blue']].map(([n, scale, color]) => ({
                customer_name: `飞书科技_${n}`,
                customer_date: 1606101072000,
                customer_scale: [{ text: scale, color }],
                customer_arr: 168.23,
                customer_poc: 'ou_14a32f1a02e64944cf19207aa43abcef',
                customer_link: `[飞书科技_${n}](/ssl:ttdoc/uAjLw4CM/ukTMukTMukTM/reference/im-v1/message-reaction/emojis-introduce)`,
                company_image: '![image.png](image_key)',
              })),
            ],
          },
        ],
      },
    });
  });

  it('accepts the Demo example', () => {
    expectAccepted({
      schema: '2.0',
      header: { template: 'blue', title: { content: '表格组件示例', tag: 'plain_text' } },
      body: {
        elements: [
          {
            tag: 'table',
            page_size: 5,
            row_height: 'auto',
            header_style: { text_align: 'left', text_size: 'normal', background_style: 'none', text_color: 'grey', bold: true, lines: 1 },
            columns: [
              { name: 'customer_name', display_name: '客户名称', data_type: 'text', horizontal_align: 'left', vertical_align: 'top', width: 'auto' },
              { name: 'customer_scale', display_name: '客户规模', data_type: 'options', horizontal_align: 'left', vertical_align: 'top', width: 'auto' },
              { name: 'customer_arr', display_name: 'ARR(万元)', data_type: 'number', format: { symbol: '¥', precision: 2, separator: true }, width: 'auto' },
              { name: 'customer_poc', display_name: '跟进人', data_type: 'persons', horizontal_align: 'left', vertical_align: 'top', width: 'auto' },
              { name: 'customer_date', display_name: '签约日期', data_type: 'date', date_format: 'YYYY/MM/DD', width: 'auto' },
              { name: 'customer_link', display_name: '相关链接', data_type: 'lark_md', width: 'auto' },
              { name: 'company_image', display_name: '企业图片', data_type: 'markdown' },
            ],
            rows: TABLE_ROWS,
          },
        ],
      },
    });
  });

  const table = (extra: Record<string, unknown>) => ({ tag: 'table', columns: [{ name: 'n', data_type: 'number' }], rows: [{ n: 1 }], ...extra });

  it('refuses out-of-range and undocumented values', () => {
    expect(found(wrap(table({ page_size: 11 })))).toContain('invalid_value at body.elements[0].page_size');
    expect(found(wrap(table({ page_size: 0 })))).toContain('invalid_value at body.elements[0].page_size');
    expect(found(wrap(table({ row_height: '200px' })))).toContain('invalid_value at body.elements[0].row_height');
    expect(found(wrap(table({ row_max_height: '20px' })))).toContain('invalid_value at body.elements[0].row_max_height');
    expect(found(wrap(table({ header_style: { text_size: 'large' } })))).toContain('invalid_value at body.elements[0].header_style.text_size');
    expect(found(wrap(table({ columns: [{ name: 'n', data_type: 'image' }] })))).toContain('invalid_value at body.elements[0].columns[0].data_type');
    expect(found(wrap(table({ columns: [{ name: 'n', data_type: 'number', format: { precision: 11 } }] })))).toContain(
      'invalid_value at body.elements[0].columns[0].format.precision',
    );
    expect(found(wrap(table({ columns: [{ name: 'n', data_type: 'number', width: '60px' }] })))).toContain('invalid_value at body.elements[0].columns[0].width');
    expect(found(wrap(table({ columns: [{ name: 'n', data_type: 'text', sortable: true }] })))).toContain('unsupported_property at body.elements[0].columns[0].sortable');
    expect(found(wrap(table({ columns: Array.from({ length: 51 }, (_, i) => ({ name: `c${i}`, data_type: 'text' })) })))).toContain(
      'invalid_value at body.elements[0].columns',
    );
  });

  it('checks each cell against its column data_type', () => {
    expect(found(wrap(table({ rows: [{ n: '168' }] })))).toEqual(['invalid_value at body.elements[0].rows[0].n']);
    const typed = (data_type: string, v: unknown) => found(wrap({ tag: 'table', columns: [{ name: 'c', data_type }], rows: [{ c: v }] }));
    expect(typed('date', '2024-01-01')).toEqual(['invalid_value at body.elements[0].rows[0].c']);
    expect(typed('persons', [1])).toEqual(['invalid_value at body.elements[0].rows[0].c']);
    expect(typed('options', [{ text: 'S1', colour: 'red' }])).toEqual(['invalid_value at body.elements[0].rows[0].c']);
    expect(typed('options', 'S1')).toEqual([]);
    expect(typed('text', 42)).toEqual([]);
  });

  it('checks lark_md and markdown cells for tags 2.0 markdown does not render', () => {
    const card = wrap({ tag: 'table', columns: [{ name: 'link', data_type: 'lark_md' }, { name: 'plain', data_type: 'text' }], rows: [{ link: '<b>x</b>', plain: '<b>x</b>' }] });
    expect(found(card)).toEqual(['unsupported_markdown_tag at body.elements[0].rows[0].link']);
  });

  it('may not stand inside a container', () => {
    const inColumn = wrap({ tag: 'column_set', columns: [{ tag: 'column', elements: [table({})] }] });
    expect(found(inColumn)).toContain('not_allowed_in_container at body.elements[0].columns[0].elements[0]');
  });
});

describe('person (user-profile.md)', () => {
  it('accepts the JSON structure and the Demo example', () => {
    expectAccepted({
      schema: '2.0',
      body: {
        elements: [
          { tag: 'person', element_id: 'custom_id', margin: '0px 0px 0px 0px', size: 'extra_small', user_id: 'ou_4a136bca010747fc3bd7b6f8f4cabcef', show_avatar: true, show_name: false, style: 'normal' },
        ],
      },
    });
    const user = 'ou_48d0958ee4b2ab3eaf0b5f6c968abcef';
    expectAccepted({
      schema: '2.0',
      header: { template: 'blue', title: { content: '人员示例', tag: 'plain_text' } },
      body: {
        elements: [
          { tag: 'markdown', content: '**extra_small 尺寸，默认样式**' },
          { tag: 'person', size: 'extra_small', user_id: user, show_avatar: true, show_name: true, style: 'normal' },
          { tag: 'markdown', content: '**small 尺寸，胶囊样式**' },
          { tag: 'person', size: 'small', user_id: user, show_avatar: true, show_name: true, style: 'capsule' },
          { tag: 'markdown', content: '**medium 尺寸，默认样式**' },
          { tag: 'person', size: 'medium', user_id: user, show_avatar: true, show_name: true, style: 'normal' },
          { tag: 'markdown', content: '**large 尺寸，胶囊样式**' },
          { tag: 'person', size: 'large', user_id: user, show_avatar: true, show_name: true, style: 'capsule' },
        ],
      },
    });
  });

  it('refuses a missing user_id, an undocumented size or style', () => {
    expect(found(wrap({ tag: 'person' }))).toContain('invalid_value at body.elements[0].user_id');
    expect(found(wrap({ tag: 'person', user_id: 'ou_1', size: 'huge' }))).toContain('invalid_value at body.elements[0].size');
    expect(found(wrap({ tag: 'person', user_id: 'ou_1', style: 'card' }))).toContain('invalid_value at body.elements[0].style');
    expect(found(wrap({ tag: 'person', user_id: 'ou_1', persons: [] }))).toContain('unsupported_property at body.elements[0].persons');
  });
});

describe('person list (user-list.md)', () => {
  const ids = ['ou_48d0958ee4b2ab3eaf0b5f6c968abcef', 'ou_f9d24af786a14340721288cda6aabcef', 'ou_b824f85713725c632e78887dc7fabcef'].map((id) => ({ id }));

  it('accepts the JSON structure and the Demo example', () => {
    expectAccepted({
      schema: '2.0',
      body: {
        elements: [
          {
            tag: 'person_list',
            element_id: 'custom_id',
            margin: '0px 0px 0px 0px',
            drop_invalid_user_id: false,
            lines: 1,
            show_name: true,
            show_avatar: true,
            size: 'large',
            persons: [{ id: 'ou_0fdb0e7663af7128e7d9f8adeb2abcef' }, { id: 'ou_0fdb0e7663af7128e7d9f8adeb2abcef' }],
            icon: { tag: 'standard_icon', token: 'chat-forbidden_outlined', color: 'orange', img_key: 'img_v2_38811724' },
            ud_icon: { token: 'chat-forbidden_outlined', style: { color: 'red' } },
          },
        ],
      },
    });
    expectAccepted({
      schema: '2.0',
      header: { template: 'blue', title: { content: '人员列表示例', tag: 'plain_text' } },
      body: {
        elements: [
          { tag: 'markdown', content: '仅名字：' },
          { tag: 'person_list', persons: ids },
          { tag: 'markdown', content: '名字+头像：' },
          { tag: 'person_list', show_name: true, show_avatar: true, lines: 2, size: 'small', persons: ids },
          { tag: 'markdown', content: '名字+头像+icon：' },
          { tag: 'person_list', show_name: true, show_avatar: true, lines: 2, size: 'small', persons: ids, icon: { tag: 'standard_icon', token: 'group_outlined', color: 'blue' } },
          { tag: 'markdown', content: '名字葫芦串：' },
          { tag: 'person_list', persons: [...ids, ...ids], size: 'small', show_avatar: true, show_name: false },
        ],
      },
    });
  });

  it('refuses lines 0 ("不可为 0"), a person with more than an id, and a missing persons', () => {
    expect(found(wrap({ tag: 'person_list', lines: 0, persons: ids }))).toContain('invalid_value at body.elements[0].lines');
    expect(found(wrap({ tag: 'person_list', persons: [{ id: 'ou_1', name: '张三' }] }))).toContain('unsupported_property at body.elements[0].persons[0].name');
    expect(found(wrap({ tag: 'person_list' }))).toContain('invalid_value at body.elements[0].persons');
    expect(found(wrap({ tag: 'person_list', persons: ids, ud_icon: { token: 't', color: 'red' } }))).toContain('unsupported_property at body.elements[0].ud_icon.color');
  });
});

describe('markdown (rich-text.md) and local translations (configure-multi-language-content.md)', () => {
  it('accepts the rich-text Demo example', () => {
    expectAccepted({
      schema: '2.0',
      body: {
        elements: [
          { tag: 'markdown', content: '# 一级标题', margin: '0px 0px 0px 0px', text_align: 'left', text_size: 'normal' },
          {
            tag: 'markdown',
            content:
              "标准emoji 😁😢🌞💼🏆❌✅\n飞书emoji :OK::THUMBSUP:\n*斜体* **粗体** ~~删除线~~ \n<font color='red'>这是红色文本</font>\n<text_tag color=\"blue\">标签</text_tag>\n[文字链接](https://open.feishu.cn/document/server-docs/im-v1/message-reaction/emojis-introduce)\n<link icon='chat_outlined' url='https://open.feishu.cn' pc_url='' ios_url='' android_url=''>带图标的链接</link>\n<at id=all></at>\n- 无序列表1\n    - 无序列表 1.1\n- 无序列表2\n1. 有序列表1\n    1. 有序列表 1.1\n2. 有序列表2\n```JSON\n{\"This is\": \"JSON demo\"}\n```",
          },
          { tag: 'markdown', content: '行内引用`code`' },
          {
            tag: 'markdown',
            content:
              "数字角标，支持 1-99 数字<number_tag background_color='grey' font_color='white' url='https://open.feishu.cn'  pc_url='https://open.feishu.cn' android_url='https://open.feishu.cn' ios_url='https://open.feishu.cn'>1</number_tag>",
          },
          { tag: 'markdown', content: '默认数字角标展示<number_tag>1</number_tag>' },
          { tag: 'markdown', content: "人员<person id = 'ou_449b53ad6aee526f7ed311b216a8f88f' show_name = true show_avatar = true style = 'normal'></person>" },
          { tag: 'markdown', content: '> 这是一段引用文字\n引用内换行 \n' },
        ],
      },
    });
  });

  it('accepts the local-translation example as a 2.0 card', () => {
    // The page's example is a 1.0 card: its elements move under body; schema "2.0" is added.
    expectAccepted({
      schema: '2.0',
      header: { template: 'orange', title: { tag: 'plain_text', i18n_content: { en_us: 'Check-in reminder', zh_cn: '会议室签到提醒' } } },
      body: {
        elements: [
          { tag: 'div', text: { content: '签到时间到，你可以签到了', i18n_content: { en_us: "It's time! You can check in now" }, text_size: 'normal', tag: 'plain_text' } },
          { tag: 'markdown', content: '**会议室**\n北京-xxx-F1', i18n_content: { en_us: '**Room**\nBeijing-xxx-F1' } },
          {
            tag: 'markdown',
            content: "**日程主题**\n<a href='https://open.feishu.cn'>卡片支持局部多语言-产研评审</a>\n12月26日(周二) 下午2:00(GMT+8)",
            i18n_content: { en_us: "**Subject**\n<a href='https://open.feishu.cn'>卡片支持局部多语言-产研评审</a>\n12月26日(周二) 下午2:00(GMT+8)" },
          },
          {
            tag: 'img',
            img_key: 'img_v3_02ce_257576e4-7fce-4eab-9173-1db6655ab28g',
            i18n_img_key: { en_us: 'img_v3_02ce_0980b834-4ad8-45ce-b953-40375e8c19fg' },
            preview: true,
            transparent: false,
            scale_type: 'fit_horizontal',
            alt: { tag: 'plain_text', content: '' },
          },
        ],
      },
    });
  });

  it('checks translations too, and refuses an unknown language', () => {
    expect(found(wrap({ tag: 'markdown', content: 'ok', i18n_content: { en_us: '<b>no</b>' } }))).toEqual(['unsupported_markdown_tag at body.elements[0].i18n_content.en_us']);
    expect(found(wrap({ tag: 'markdown', content: 'ok', i18n_content: { xx_yy: 'x' } }))).toContain('unsupported_property at body.elements[0].i18n_content.xx_yy');
  });
});

describe('component-wide rules', () => {
  it('refuses a malformed element_id', () => {
    expect(found(wrap({ tag: 'hr', element_id: '1st' }))).toContain('invalid_value at body.elements[0].element_id');
    expect(found(wrap({ tag: 'hr', element_id: 'a_very_long_element_id_1' }))).toContain('invalid_value at body.elements[0].element_id');
  });

  it('names the 1.0 note and action modules as removed', () => {
    expect(found(wrap({ tag: 'note', elements: [] }, { tag: 'action', actions: [] }))).toEqual([
      'removed_component at body.elements[0].tag',
      'removed_component at body.elements[1].tag',
    ]);
  });
});
