import { describe, expect, it } from 'vitest';
import { describeViolations } from '../../../src/cards/contract/card-violation.js';
import { checkCard } from '../../../src/cards/contract/check-card.js';

/*
 * The card's top level (build-card-with-json/card-json-v2-structure.md) and its header
 * (card-json-v2-components/content-components/title.md): the documented examples pass, the rest
 * does not. Examples are copied from the pages (comments removed); departures are said.
 */

const expectAccepted = (card: unknown) => expect(describeViolations(checkCard(card))).toBe('');
const found = (card: unknown) => checkCard(card).map((v) => `${v.rule} at ${v.path}`);
const body = { elements: [{ tag: 'markdown', content: '正文' }] };
const withHeader = (header: unknown) => ({ schema: '2.0', header, body });
const withConfig = (config: unknown) => ({ schema: '2.0', config, body });

describe('card JSON 2.0 structure (card-json-v2-structure.md)', () => {
  const structure = {
    schema: '2.0',
    config: {
      streaming_mode: true,
      streaming_config: {},
      summary: { content: '自定义内容', i18n_content: { zh_cn: '', en_us: '', ja_jp: '' } },
      locales: ['en_us', 'ja_jp'],
      enable_forward: true,
      update_multi: true,
      width_mode: 'fill',
      use_custom_translation: false,
      enable_forward_interaction: false,
      style: {
        text_size: { 'cus-0': { default: 'medium', pc: 'medium', mobile: 'large' } },
        color: { 'cus-0': { light_mode: 'rgba(5,157,178,0.52)', dark_mode: 'rgba(78,23,108,0.49)' } },
      },
    },
    card_link: { url: 'https://www.baidu.com', android_url: 'https://developer.android.com/', ios_url: 'https://developer.apple.com/', pc_url: 'https://www.windows.com' },
    header: {
      title: { tag: 'plain_text', content: '示例标题' },
      subtitle: { tag: 'plain_text', content: '示例文本' },
      text_tag_list: [{ tag: 'text_tag', element_id: 'custom_id', text: { tag: 'plain_text', content: '标签 1' }, color: 'neutral' }],
      i18n_text_tag_list: { zh_cn: [], en_us: [], ja_jp: [], zh_hk: [], zh_tw: [] },
      template: 'blue',
      icon: { tag: 'standard_icon', token: 'chat-forbidden_outlined', color: 'orange', img_key: 'img_v2_38811724' },
      padding: '12px 8px 12px 8px',
    },
    body: {
      direction: 'vertical',
      padding: '12px 8px 12px 8px',
      horizontal_spacing: '3px',
      horizontal_align: 'left',
      vertical_spacing: '4px',
      vertical_align: 'center',
      // The structure's one element is a placeholder ({"tag": "xxx", margin, element_id}); a markdown stands in.
      elements: [{ tag: 'markdown', margin: '4px', element_id: 'custom_id2', content: '正文' }],
    },
  };

  it('accepts the whole JSON structure', () => {
    expectAccepted(structure);
  });

  it('accepts the config example with its streaming_config', () => {
    expectAccepted(
      withConfig({
        ...structure.config,
        streaming_config: {
          print_frequency_ms: { default: 30, android: 25, ios: 40, pc: 50 },
          print_step: { default: 2, android: 3, ios: 4, pc: 5 },
          print_strategy: 'fast',
        },
      }),
    );
  });

  it('accepts the streaming example (quick-start/streaming-updates-openapi-overview.md)', () => {
    expectAccepted({
      schema: '2.0',
      header: { title: { content: '卡片标题', tag: 'plain_text' } },
      config: {
        streaming_mode: true,
        summary: { content: '' },
        streaming_config: { print_frequency_ms: { default: 70, android: 70, ios: 70, pc: 70 }, print_step: { default: 1, android: 1, ios: 1, pc: 1 }, print_strategy: 'fast' },
      },
      body: { elements: [{ tag: 'markdown', content: '卡片内容', element_id: 'markdown_1' }] },
    });
  });

  it('refuses what 2.0 dropped or never had at the top level', () => {
    const card = { schema: '2.0', body, fallback: {}, i18n_elements: { zh_cn: [] }, i18n_header: {}, elements: [] };
    expect(found(card)).toEqual([
      'unsupported_property at card.fallback',
      'unsupported_property at card.i18n_elements',
      'unsupported_property at card.i18n_header',
      'unsupported_property at card.elements',
    ]);
    expect(found({ schema: '1.0', body })).toContain('invalid_value at card.schema');
  });

  it('refuses config values the page does not list', () => {
    expect(found(withConfig({ update_multi: false }))).toContain('invalid_value at card.config.update_multi');
    expect(found(withConfig({ width_mode: 'wide' }))).toContain('invalid_value at card.config.width_mode');
    expect(found(withConfig({ locales: ['xx_yy'] }))).toContain('invalid_value at card.config.locales[0]');
    expect(found(withConfig({ wide_screen_mode: true }))).toContain('unsupported_property at card.config.wide_screen_mode');
    expect(found(withConfig({ streaming_config: { print_strategy: 'slow' } }))).toContain('invalid_value at card.config.streaming_config.print_strategy');
    expect(found(withConfig({ streaming_config: { print_step: { pc: 5 } } }))).toContain('invalid_value at card.config.streaming_config.print_step.default');
    expect(found(withConfig({ streaming_config: { speed: 1 } }))).toContain('unsupported_property at card.config.streaming_config.speed');
  });

  it('needs url, or all three platform urls, in card_link', () => {
    expectAccepted({ schema: '2.0', card_link: { url: 'https://www.baidu.com' }, body });
    expectAccepted({ schema: '2.0', card_link: { android_url: 'a', ios_url: 'i', pc_url: 'p' }, body });
    expect(found({ schema: '2.0', card_link: { pc_url: 'https://www.windows.com' }, body })).toEqual(['invalid_value at card.card_link']);
  });

  it('refuses body properties the structure does not list', () => {
    expect(found({ schema: '2.0', body: { ...body, margin: '4px' } })).toContain('unsupported_property at card.body.margin');
    expect(found({ schema: '2.0', body: { ...body, padding: '-4px' } })).toContain('invalid_value at card.body.padding');
  });

  it('counts at most 200 elements and 30 KB', () => {
    const hrs = (n: number) => ({ schema: '2.0', body: { elements: Array.from({ length: n }, () => ({ tag: 'hr' })) } });
    expectAccepted(hrs(200));
    expect(found(hrs(201))).toEqual(['too_many_elements at card']);
    expect(found({ schema: '2.0', body: { elements: [{ tag: 'markdown', content: '字'.repeat(11_000) }] } })).toEqual(['card_too_large at card']);
  });
});

describe('header (title.md)', () => {
  it('accepts the JSON structure', () => {
    expectAccepted(
      withHeader({
        title: { tag: 'plain_text', content: '示例标题' },
        subtitle: { tag: 'plain_text', content: '示例文本' },
        text_tag_list: [{ tag: 'text_tag', element_id: 'custom_id', text: { tag: 'plain_text', content: '标签 1' }, color: 'neutral' }],
        i18n_text_tag_list: { zh_cn: [], en_us: [], ja_jp: [], zh_hk: [], zh_tw: [] },
        template: 'blue',
        icon: { tag: 'standard_icon', token: 'chat-forbidden_outlined', color: 'orange', img_key: 'img_v2_38811724' },
        padding: '12px 8px 12px 8px',
      }),
    );
  });

  it('accepts the Demo example and the i18n_text_tag_list example', () => {
    expectAccepted({
      schema: '2.0',
      body: { elements: [{ tag: 'div', text: { tag: 'plain_text', content: '示例文本' } }] },
      header: {
        title: { tag: 'lark_md', content: ':Partying:卡片主标题 ' },
        subtitle: { tag: 'plain_text', content: '卡片副标题' },
        text_tag_list: [
          { tag: 'text_tag', text: { tag: 'plain_text', content: '标签 1' }, color: 'blue' },
          { tag: 'text_tag', text: { tag: 'plain_text', content: '标签 2' }, color: 'turquoise' },
          { tag: 'text_tag', text: { tag: 'plain_text', content: '标签 3' }, color: 'orange' },
        ],
        template: 'blue',
        icon: { tag: 'standard_icon', token: 'larkcommunity_colorful' },
        padding: '12px',
      },
    });
    expectAccepted(
      withHeader({
        title: { tag: 'plain_text', content: '标题' },
        i18n_text_tag_list: {
          zh_cn: [{ tag: 'text_tag', text: { tag: 'plain_text', content: '标签内容' }, color: 'carmine' }],
          en_us: [{ tag: 'text_tag', text: { tag: 'plain_text', content: 'Tag content' }, color: 'carmine' }],
        },
      }),
    );
  });

  it('accepts a title translated with i18n_content (configure-multi-language-content.md)', () => {
    expectAccepted(withHeader({ template: 'orange', title: { tag: 'plain_text', i18n_content: { en_us: 'Check-in reminder', zh_cn: '会议室签到提醒' } } }));
  });

  it('refuses the 1.0 shapes and undocumented values', () => {
    const title = { tag: 'plain_text', content: '标题' };
    expect(found(withHeader({}))).toContain('invalid_value at card.header.title');
    expect(found(withHeader({ title, template: 'pink' }))).toContain('invalid_value at card.header.template');
    expect(found(withHeader({ title, ud_icon: { token: 'chat-forbidden_outlined' } }))).toContain('unsupported_property at card.header.ud_icon');
    expect(found(withHeader({ title: { ...title, i18n: { en_us: 'Title' } } }))).toContain('unsupported_property at card.header.title.i18n');
    expect(found(withHeader({ title, element_id: 'header_1' }))).toContain('unsupported_property at card.header.element_id');
    expect(found(withHeader({ title: { tag: 'markdown', content: 'x' } }))).toContain('invalid_value at card.header.title.tag');
    expect(found(withHeader({ title, padding: '100px' }))).toContain('invalid_value at card.header.padding');
  });

  it('refuses bad suffix tags: over three, an unknown colour, a lark_md text', () => {
    const tag = (color: string) => ({ tag: 'text_tag', text: { tag: 'plain_text', content: color }, color });
    const title = { tag: 'plain_text', content: '标题' };
    expect(found(withHeader({ title, text_tag_list: ['blue', 'red', 'green', 'grey'].map(tag) }))).toContain('invalid_value at card.header.text_tag_list');
    expect(found(withHeader({ title, text_tag_list: [tag('black')] }))).toContain('invalid_value at card.header.text_tag_list[0].color');
    expect(found(withHeader({ title, text_tag_list: [{ tag: 'text_tag', text: { tag: 'lark_md', content: 'x' } }] }))).toContain(
      'invalid_value at card.header.text_tag_list[0].text.tag',
    );
    expect(found(withHeader({ title, i18n_text_tag_list: { xx_yy: [] } }))).toContain('unsupported_property at card.header.i18n_text_tag_list.xx_yy');
  });

  it('checks a lark_md title for tags 2.0 markdown does not render', () => {
    expect(found(withHeader({ title: { tag: 'lark_md', content: '<b>标题</b>' } }))).toEqual(['unsupported_markdown_tag at header.title.content']);
  });
});
