import { expect } from 'vitest';

const KNOWN_TAGS = new Set([
  'markdown', 'hr', 'div', 'button', 'column_set', 'column', 'form', 'input', 'select_static', 'multi_select_static',
  'date_picker', 'picker_datetime', 'select_person', 'chart', 'img', 'note', 'plain_text', 'lark_md', 'collapsible_panel', 'table',
]);

/** Checks the shape Lark's card JSON 2.0 requires, the 30 KB limit, and that every tag is known. */
export function expectValidCard(card: unknown): void {
  const c = card as Record<string, unknown>;
  expect(c.schema).toBe('2.0');
  expect((c.config as Record<string, unknown>)?.update_multi).toBe(true);
  expect(typeof (c.header as { title?: { content?: string } })?.title?.content).toBe('string');
  const elements = (c.body as { elements?: unknown[] })?.elements;
  expect(Array.isArray(elements)).toBe(true);
  expect(Buffer.byteLength(JSON.stringify(card), 'utf8')).toBeLessThan(30 * 1024);
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object') {
      const tag = (node as { tag?: unknown }).tag;
      if (typeof tag === 'string') expect(KNOWN_TAGS.has(tag), `unknown tag ${tag}`).toBe(true);
      for (const [k, v] of Object.entries(node)) {
        expect(k.startsWith('$') || k.includes('.'), `bad key ${k}`).toBe(false);
        walk(v);
      }
    }
  };
  walk(elements);
}
