/**
 * A card told as plain text: its title, then what its markdown, text and tables say. Used when
 * a card cannot be shown (Lark refused it), so that the person is still told what it said.
 */
export function cardAsText(card: unknown, maxLength = 3000): string {
  const lines: string[] = [];
  const c = (card ?? {}) as { header?: { title?: { content?: unknown }; subtitle?: { content?: unknown } }; body?: { elements?: unknown } };
  const title = c.header?.title?.content;
  if (typeof title === 'string' && title) lines.push(`【${title}】`);
  collect(c.body?.elements, lines);
  const text = lines.map(plain).filter((l) => l.trim() !== '').join('\n');
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

/** Markdown to readable text: tags dropped, emphasis marks removed, escapes undone. */
const plain = (s: string) =>
  s
    .replace(/<at id=['"]?([\w-]+)['"]?><\/at>/g, '@$1')
    .replace(/<\/?[A-Za-z][^>]*>/g, '')
    .replace(/\*\*|~~|`/g, '')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));

function collect(value: unknown, lines: string[]): void {
  if (Array.isArray(value)) return value.forEach((v) => collect(v, lines));
  if (typeof value !== 'object' || value === null) return;
  const n = value as Record<string, unknown>;
  if (n.tag === 'markdown' && typeof n.content === 'string') lines.push(n.content);
  else if (n.tag === 'div') collect([n.text], lines);
  else if ((n.tag === 'plain_text' || n.tag === 'lark_md') && typeof n.content === 'string') lines.push(n.content);
  else if (n.tag === 'table' && Array.isArray(n.rows)) {
    for (const row of n.rows) if (row && typeof row === 'object') lines.push(Object.values(row).map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(' | '));
  }
  for (const key of ['elements', 'columns']) if (key in n) collect(n[key], lines);
}
