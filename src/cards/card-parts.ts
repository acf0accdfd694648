import type { Bilingual, Card, CardElement } from './card-types.js';

/** Small pure builders shared by every card. Chinese first, English second. */
export const plain = (text: string) => ({ tag: 'plain_text', content: text });

export const inline = (b: Bilingual) => `${b.zh} ${b.en}`;

/**
 * People's text inside card markdown: `<` and `>` would open tags card JSON 2.0 does not render
 * (rich-text.md), swallowing what follows, so they become the look-alikes ‹ ›.
 */
export const esc = (s: string) => s.replace(/[<>]/g, (c) => (c === '<' ? '‹' : '›'));

export const markdown = (content: string): CardElement => ({ tag: 'markdown', content });

export const hr = (): CardElement => ({ tag: 'hr' });

export const note = (b: Bilingual): CardElement => ({
  tag: 'markdown',
  content: `<font color='grey'>${b.zh}\n${b.en}</font>`,
  text_size: 'notation',
});

export const callbackButton = (
  label: Bilingual,
  value: Record<string, unknown>,
  type: 'primary' | 'default' | 'danger' | 'primary_filled' | 'laser' = 'default',
): CardElement => ({
  tag: 'button',
  text: plain(inline(label)),
  type,
  behaviors: [{ type: 'callback', value }],
});

export function card(opts: {
  title: Bilingual;
  template?: 'blue' | 'wathet' | 'turquoise' | 'green' | 'yellow' | 'orange' | 'red' | 'carmine' | 'violet' | 'purple' | 'indigo' | 'grey';
  elements: CardElement[];
}): Card {
  return {
    schema: '2.0',
    config: { update_multi: true, width_mode: 'fill' },
    header: {
      title: plain(opts.title.zh),
      subtitle: plain(opts.title.en),
      template: opts.template ?? 'blue',
    },
    body: { elements: opts.elements },
  };
}

/**
 * A form field with its label above it. Lark documents `label` for `input` only (input.md);
 * selects, person pickers and date pickers refuse it, so their label is a markdown line.
 */
export const labelled = (label: string, field: CardElement): CardElement[] => [
  { tag: 'markdown', content: `**${label}**${field.required === true ? " <font color='red'>*</font>" : ''}` },
  field,
];
