import { found, wrap } from './contract-expect.js';
import { describe, expect, it } from 'vitest';
import { describeViolations } from '../../../src/cards/contract/card-violation.js';
import { checkCard } from '../../../src/cards/contract/check-card.js';

/*
 * The documented JSON examples of Lark's card JSON 2.0 containers pass the contract; what the
 * pages do not allow does not. Examples are copied from the pages (comments removed); every
 * departure is said where it is made. Pages: feishu/001-开发指南/feishu-cards/
 * build-card-with-json/card-json-v2-components/containers/<page>.md.
 */

/** Tags the content and container rules cover; another rule set fills the interactive ones. */
const COVERED = ['markdown', 'div', 'hr', 'img', 'chart', 'table', 'person', 'person_list', 'form', 'column_set', 'column', 'collapsible_panel', 'interactive_container'];
const relevant = (card: unknown) =>
  checkCard(card).filter((v) => !(v.rule === 'unknown_component' && !COVERED.some((t) => v.message.startsWith(`"${t}"`))));
const expectAccepted = (card: unknown) => expect(describeViolations(relevant(card))).toBe('');
const md = (content: string) => ({ tag: 'markdown', content });

describe('column set and column (column-set.md)', () => {
  it('accepts the JSON structure (its two element_ids made distinct)', () => {
    // The structure gives the column_set and its column the same element_id "custom_id";
    // element ids are unique in a card (card-json-v2-structure.md), so the column's is renamed.
    expectAccepted({
      schema: '2.0',
      body: {
        elements: [
          {
            tag: 'column_set',
            element_id: 'custom_id',
            margin: '4px',
            horizontal_spacing: 'large',
            horizontal_align: 'left',
            flex_mode: 'none',
            background_style: 'default',
            action: {
              multi_url: { url: 'https://open.feishu.cn', pc_url: 'https://open.feishu.com', ios_url: 'https://developer.apple.com/', android_url: 'https://developer.android.com/' },
            },
            columns: [
              {
                tag: 'column',
                element_id: 'custom_id_2',
                background_style: 'default',
                width: 'auto',
                weight: 1,
                horizontal_spacing: 'large',
                horizontal_align: 'left',
                vertical_align: 'center',
                vertical_spacing: '4px',
                direction: 'vertical',
                padding: '8px',
                margin: '4px',
                action: {
                  multi_url: { url: 'https://www.baidu.com', pc_url: 'https://www.baidu.com', ios_url: 'https://www.google.com', android_url: 'https://www.apple.com.cn' },
                },
                elements: [],
              },
            ],
          },
        ],
      },
    });
  });

  /*
   * The page's example, built with helpers for its repeated parts. Departures: its
   * horizontal_spacing "" and "default" (values the field table does not list) are dropped,
   * and so is its root `i18n_header` (JSON 2.0 has no global translations:
   * configure-multi-language-content.md, "卡片 JSON 2.0 结构不支持为卡片全局配置多语言").
   */
  const statText = (content: string, size: string, color: string) => ({
    tag: 'column_set',
    flex_mode: 'none',
    background_style: 'default',
    columns: [{ tag: 'column', elements: [{ tag: 'div', text: { tag: 'plain_text', content, text_size: size, text_align: 'center', text_color: color } }], width: 'weighted', weight: 1 }],
  });
  const stat = (label: string, value: string, badge: string, extra: Record<string, unknown> = {}) => ({
    tag: 'column',
    width: 'weighted',
    vertical_align: 'top',
    vertical_spacing: '8px',
    ...extra,
    elements: [
      {
        tag: 'column_set',
        flex_mode: 'none',
        horizontal_spacing: '8px',
        horizontal_align: 'left',
        columns: [
          {
            tag: 'column',
            width: 'weighted',
            vertical_align: 'top',
            vertical_spacing: '8px',
            background_style: 'grey',
            padding: '8px',
            elements: [statText(label, 'normal', 'grey'), statText(value, 'heading', 'default'), { tag: 'markdown', content: badge, text_align: 'center', text_size: 'normal' }],
            weight: 1,
          },
        ],
        margin: '0px 0px 0px 0px',
      },
    ],
    weight: 1,
  });
  const row = (left: string, right: string, rightSpacing: string) => ({
    tag: 'column_set',
    flex_mode: 'none',
    horizontal_spacing: '8px',
    horizontal_align: 'left',
    columns: [
      { tag: 'column', width: 'weighted', vertical_align: 'center', vertical_spacing: '4px', elements: [{ tag: 'markdown', content: left, text_align: 'left', text_size: 'normal' }], weight: 1 },
      { tag: 'column', width: 'weighted', vertical_align: 'center', vertical_spacing: rightSpacing, elements: [{ tag: 'markdown', content: right, text_align: 'right', text_size: 'notation' }], weight: 1 },
    ],
    margin: '16px 0px 0px 0px',
  });
  const pageExample = {
    schema: '2.0',
    body: {
      elements: [
        { tag: 'markdown', content: ':YouAreTheBest:**个人效率总览** ', text_align: 'left', text_size: 'heading' },
        {
          tag: 'column_set',
          flex_mode: 'bisect',
          horizontal_align: 'center',
          columns: [
            stat('已审批单量', '29 单', "<text_tag color='blue'>高于部门 86%</text_tag>", { direction: 'horizontal' }),
            stat('审批平均耗时', '0.9 小时', "<text_tag color='orange'>落后部门 61%</text_tag>"),
            stat('代批率', '0%', "<text_tag color='green'>领先部门 100%</text_tag>"),
          ],
          margin: '16px 0px 0px 0px',
        },
        { tag: 'markdown', content: ':STRIVE: **待优化的任务类型**', text_align: 'left', text_size: 'heading' },
        row("<text_tag color='red'>1</text_tag> 加班申请", "<font color='grey'>低于部门</font> <font color='red'>95% </font><font color='grey'>的审批人</font> ", '8px'),
        row("<text_tag color='red'>2</text_tag> 休假申请", "<font color='grey'>低于部门</font> <font color='red'>55% </font><font color='grey'>的审批人</font> ", '4px'),
        { tag: 'markdown', content: ':CheckMark:**效率高的任务类型**', text_align: 'left', text_size: 'heading' },
        row("<text_tag color='green'>1</text_tag> 数据权限申请", "<font color='grey'>高于部门</font> <font color='green'>68% </font><font color='grey'>的审批人</font> ", '4px'),
        row("<text_tag color='green'>2</text_tag> BOT推送消息", "<font color='grey'>高于部门</font> <font color='green'>56% </font><font color='grey'>的审批人</font> ", '4px'),
      ],
    },
  };

  it('accepts the page example, column sets nested three deep (a column_set and its column are one level)', () => {
    expect(describeViolations(relevant(pageExample))).toBe('');
  });

  it('refuses the example values the field table does not list, and the global i18n_header', () => {
    expect(found(wrap({ tag: 'column_set', horizontal_spacing: 'default', columns: [] }))).toContain('invalid_value at body.elements[0].horizontal_spacing');
    expect(found(wrap({ tag: 'column_set', horizontal_spacing: '', columns: [] }))).toContain('invalid_value at body.elements[0].horizontal_spacing');
    expect(found({ ...pageExample, i18n_header: { zh_cn: { title: { tag: 'plain_text', content: '我的近期审批效率' } } } })).toContain('unsupported_property at card.i18n_header');
  });

  it('refuses undocumented properties and values', () => {
    expect(found(wrap({ tag: 'column_set', padding: '8px', columns: [] }))).toContain('unsupported_property at body.elements[0].padding');
    expect(found(wrap({ tag: 'column_set', flex_mode: 'wrap', columns: [] }))).toContain('invalid_value at body.elements[0].flex_mode');
    expect(found(wrap({ tag: 'column_set', columns: [{ tag: 'column', weight: 6 }] }))).toContain('invalid_value at body.elements[0].columns[0].weight');
    expect(found(wrap({ tag: 'column_set', columns: [{ tag: 'column', width: '700px' }] }))).toContain('invalid_value at body.elements[0].columns[0].width');
    expect(found(wrap({ tag: 'column_set', columns: [{ tag: 'column', padding: '-4px' }] }))).toContain('invalid_value at body.elements[0].columns[0].padding');
    expect(found(wrap({ tag: 'column_set', action: { url: 'https://x' }, columns: [] }))).toContain('unsupported_property at body.elements[0].action.url');
    expect(found(wrap({ tag: 'column_set' }))).toContain('invalid_value at body.elements[0].columns');
  });

  it('places columns only in column sets, and only columns there', () => {
    expect(found(wrap({ tag: 'column', elements: [] }))).toContain('column_outside_column_set at body.elements[0]');
    expect(found(wrap({ tag: 'column_set', columns: [md('x')] }))).toContain('column_set_child at body.elements[0].columns[0]');
  });

  it('refuses a form or a table inside a column', () => {
    const inColumn = (child: unknown) => wrap({ tag: 'column_set', columns: [{ tag: 'column', elements: [child] }] });
    expect(found(inColumn({ tag: 'form', name: 'f', elements: [] }))).toContain('form_not_at_root at body.elements[0].columns[0].elements[0]');
    expect(found(inColumn({ tag: 'table', columns: [], rows: [] }))).toContain('not_allowed_in_container at body.elements[0].columns[0].elements[0]');
  });
});

describe('collapsible panel (collapsible-panel.md)', () => {
  it('accepts the JSON structure without header.position, which the field table does not list', () => {
    const panel = {
      tag: 'collapsible_panel',
      element_id: 'custom_id',
      direction: 'vertical',
      vertical_spacing: '8px',
      horizontal_spacing: '8px',
      vertical_align: 'top',
      horizontal_align: 'left',
      padding: '8px 8px 8px 8px',
      margin: '0px 0px 0px 0px',
      expanded: true,
      background_color: 'grey',
      header: {
        title: { tag: 'markdown', content: '**面板标题文本**' },
        background_color: 'grey',
        vertical_align: 'center',
        padding: '4px 0px 4px 8px',
        width: 'auto',
        icon: { tag: 'standard_icon', token: 'chat-forbidden_outlined', color: 'orange', img_key: 'img_v2_38811724', size: '16px 16px' },
        icon_position: 'follow_text',
        icon_expanded_angle: -180,
      },
      border: { color: 'grey', corner_radius: '5px' },
      elements: [md('很长的文本')],
    };
    expectAccepted(wrap(panel));
    expect(found(wrap({ ...panel, header: { ...panel.header, position: 'top' } }))).toEqual(['unsupported_property at body.elements[0].header.position']);
  });

  it('accepts the example', () => {
    const long = (n: number) => '很长的文本'.repeat(n);
    const icon = (color: string) => ({ tag: 'standard_icon', token: 'down-small-ccm_outlined', color, size: '16px 16px' });
    expectAccepted({
      schema: '2.0',
      header: { template: 'yellow', title: { tag: 'plain_text', content: '折叠面板展示' } },
      body: {
        elements: [
          md('下面是一个 默认折叠 的折叠面板组件'),
          {
            tag: 'collapsible_panel',
            expanded: false,
            header: { title: { tag: 'plain_text', content: '面板标题文本' }, vertical_align: 'center', icon: icon(''), icon_position: 'right', icon_expanded_angle: -180 },
            border: { color: 'grey', corner_radius: '5px' },
            vertical_spacing: '8px',
            padding: '8px 8px 8px 8px',
            elements: [md(long(29))],
          },
          md('下面是一个 标题带背景色 且 默认展开 的折叠面板组件'),
          {
            tag: 'collapsible_panel',
            expanded: true,
            header: {
              title: { tag: 'markdown', content: "**<font color='white'>面板标题文本</font>**" },
              background_color: 'yellow',
              vertical_align: 'center',
              icon: icon('white'),
              icon_position: 'right',
              icon_expanded_angle: -180,
            },
            border: { color: 'grey', corner_radius: '5px' },
            vertical_spacing: '8px',
            padding: '8px 8px 8px 8px',
            elements: [md(long(21))],
          },
          md('下面是一个无边框折叠面板组件'),
          {
            tag: 'collapsible_panel',
            expanded: true,
            header: {
              title: { tag: 'markdown', content: '**面板标题文本**' },
              width: 'auto_when_fold',
              vertical_align: 'center',
              padding: '4px 0px 4px 8px',
              icon: icon(''),
              icon_position: 'follow_text',
              icon_expanded_angle: -180,
            },
            vertical_spacing: '8px',
            padding: '8px 8px 8px 8px',
            elements: [md(long(25))],
          },
        ],
      },
    });
  });

  it('refuses a missing header, undocumented values, and a form inside', () => {
    expect(found(wrap({ tag: 'collapsible_panel', elements: [] }))).toContain('invalid_value at body.elements[0].header');
    const panel = (header: Record<string, unknown>) => wrap({ tag: 'collapsible_panel', header, elements: [] });
    expect(found(panel({ icon_expanded_angle: 45 }))).toContain('invalid_value at body.elements[0].header.icon_expanded_angle');
    expect(found(panel({ icon_position: 'top' }))).toContain('invalid_value at body.elements[0].header.icon_position');
    expect(found(panel({ width: 'half' }))).toContain('invalid_value at body.elements[0].header.width');
    expect(found(panel({ title: { tag: 'lark_md', content: 'x' } }))).toContain('invalid_value at body.elements[0].header.title.tag');
    expect(found(panel({ icon: { tag: 'standard_icon', size: '16px' } }))).toContain('invalid_value at body.elements[0].header.icon.size');
    expect(found(wrap({ tag: 'collapsible_panel', header: {}, elements: [{ tag: 'form', name: 'f', elements: [] }] }))).toContain(
      'form_not_at_root at body.elements[0].elements[0]',
    );
  });

  it('checks a markdown title for tags 2.0 markdown does not render', () => {
    expect(found(wrap({ tag: 'collapsible_panel', header: { title: { tag: 'markdown', content: '<b>标题</b>' } } }))).toEqual([
      'unsupported_markdown_tag at body.elements[0].header.title.content',
    ]);
    expect(found(wrap({ tag: 'collapsible_panel', header: { title: { tag: 'plain_text', content: '<b>标题</b>' } } }))).toEqual([]);
  });
});

describe('interactive container (interactive-container.md)', () => {
  const callback = [{ type: 'callback', value: { key: 'value' } }];

  it('accepts the JSON structure without its empty confirm', () => {
    // The structure writes "confirm": {}; the field table makes confirm's title and text 必填.
    const container = {
      tag: 'interactive_container',
      width: 'fill',
      height: 'auto',
      element_id: 'custom_id',
      direction: 'vertical',
      margin: '4px',
      horizontal_spacing: 'large',
      horizontal_align: 'left',
      vertical_align: 'center',
      vertical_spacing: '4px',
      background_style: 'default',
      has_border: false,
      border_color: 'grey',
      corner_radius: '40px',
      padding: '10px 20px 10px 20px',
      behaviors: [
        { type: 'open_url', default_url: 'https://www.baidu.com', android_url: 'https://developer.android.com/', ios_url: 'lark://msgcard/unsupported_action', pc_url: 'https://www.windows.com' },
        { type: 'callback', value: { key: 'value' } },
      ],
      disabled: false,
      disabled_tips: { tag: 'plain_text', content: 'demo' },
      hover_tips: { tag: 'plain_text', content: 'demo' },
      elements: [],
    };
    expectAccepted(wrap(container));
    expect(found(wrap({ ...container, confirm: {} }))).toEqual(['invalid_value at body.elements[0].confirm.title', 'invalid_value at body.elements[0].confirm.text']);
    expectAccepted(wrap({ ...container, confirm: { title: { tag: 'plain_text', content: '确认？' }, text: { tag: 'plain_text', content: '提交后不可撤回' } } }));
  });

  it('accepts the Demo example, its image given the 必填 alt', () => {
    const choice = (extra: Record<string, unknown>, elements: unknown[]) => ({
      tag: 'interactive_container',
      width: 'fill',
      height: 'auto',
      horizontal_align: 'left',
      background_style: 'default',
      has_border: true,
      border_color: 'grey',
      corner_radius: '8px',
      padding: '4px 12px 4px 12px',
      behaviors: callback,
      ...extra,
      elements,
    });
    const prompt = (content: string, token: string) => ({ tag: 'markdown', content, icon: { tag: 'standard_icon', token, color: 'orange' } });
    const history = (topic: string, when: string) => ({
      tag: 'column_set',
      flex_mode: 'none',
      background_style: 'default',
      columns: [
        { tag: 'column', width: 'weighted', weight: 1, vertical_align: 'center', elements: [{ tag: 'markdown', content: topic, icon: { tag: 'standard_icon', token: 'chat-history_outlined' } }] },
        { tag: 'column', width: 'auto', weight: 1, vertical_align: 'center', elements: [{ tag: 'markdown', content: `<font color='grey'>${when}</font>`, text_size: 'notation' }] },
      ],
    });
    const section = (elements: unknown[]) => ({
      tag: 'column_set',
      flex_mode: 'none',
      background_style: 'default',
      columns: [{ tag: 'column', width: 'weighted', weight: 1, vertical_align: 'top', vertical_spacing: '8px', elements }],
    });
    expectAccepted({
      schema: '2.0',
      header: { title: { content: '交互容器示例', tag: 'plain_text' }, icon: { tag: 'standard_icon', token: 'chat_outlined', color: 'orange' } },
      body: {
        elements: [
          md('在「内容创作」话题下，我可以帮助你进行产品方案、营销文案、工作报告等内容的创作。'),
          section([
            { tag: 'markdown', content: "<font color='grey'>你可以对我说：</font>", text_size: 'notation' },
            choice({}, [prompt('帮我生成一篇产品方案的框架', 'frame-selection_outlined')]),
            choice({ disabled: false }, [prompt('帮我生成一篇产品文案', 'file-link-docx_outlined')]),
            choice({ disabled: false }, [prompt('帮我写一篇周报', 'pa-calibration-report_outlined')]),
          ]),
          section([
            { tag: 'markdown', content: "<font color='grey'>或者继续之前的话题</font>", text_size: 'notation' },
            choice({ disabled: false }, [history('内容创作:创作暑假营销活动文案', '昨天')]),
            choice({ disabled: false }, [history('内容创作:生成了季度工作报告', '上周')]),
            choice({ disabled: false }, [{ tag: 'markdown', content: '更多历史话题', icon: { tag: 'standard_icon', token: 'chat-history_outlined' } }]),
          ]),
          section([
            { tag: 'div', text: { tag: 'plain_text', text_size: 'notation', content: '本话题中已选择以下插件', text_color: 'grey' } },
            choice({ width: 'auto', background_style: 'grey', has_border: false, corner_radius: '40px', padding: '2px 8px 2px 4px', disabled: false }, [
              {
                tag: 'column_set',
                flex_mode: 'none',
                background_style: 'default',
                horizontal_spacing: '4px',
                columns: [
                  {
                    tag: 'column',
                    width: 'auto',
                    weight: 1,
                    vertical_align: 'center',
                    vertical_spacing: '8px',
                    elements: [
                      {
                        tag: 'img',
                        img_key: 'img_v2_58e37110-6878-44ee-bce4-7a571c1bb70g',
                        transparent: true,
                        scale_type: 'crop_center',
                        size: '18px 18px',
                        preview: false,
                        // Not in the page's example: image.md's field table makes alt 必填.
                        alt: { tag: 'plain_text', content: '' },
                      },
                    ],
                  },
                  { tag: 'column', width: 'weighted', weight: 1, vertical_align: 'center', vertical_spacing: '8px', elements: [md('妙记插件')] },
                ],
              },
            ]),
          ]),
        ],
      },
    });
  });

  it('refuses a missing behaviors or elements, an unknown behavior, and bad sizes', () => {
    expect(found(wrap({ tag: 'interactive_container', elements: [] }))).toContain('invalid_value at body.elements[0].behaviors');
    expect(found(wrap({ tag: 'interactive_container', behaviors: callback }))).toContain('invalid_value at body.elements[0].elements');
    const box = (extra: Record<string, unknown>) => wrap({ tag: 'interactive_container', behaviors: callback, elements: [], ...extra });
    expect(found(box({ behaviors: [{ type: 'form_submit' }] }))).toContain('invalid_value at body.elements[0].behaviors[0].type');
    expect(found(box({ behaviors: [{ type: 'open_url', url: 'https://x' }] }))).toContain('unsupported_property at body.elements[0].behaviors[0].url');
    expect(found(box({ width: '8px' }))).toContain('invalid_value at body.elements[0].width');
    expect(found(box({ height: '5px' }))).toContain('invalid_value at body.elements[0].height');
    expect(found(box({ hover_tips: { tag: 'lark_md', content: 'x' } }))).toContain('invalid_value at body.elements[0].hover_tips.tag');
    expect(found(box({ elements: [{ tag: 'table', columns: [], rows: [] }] }))).toContain('not_allowed_in_container at body.elements[0].elements[0]');
  });
});
