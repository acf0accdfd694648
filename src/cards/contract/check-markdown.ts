import { v2Page, type CardViolation } from './card-violation.js';

/**
 * The HTML tags card JSON 2.0 markdown renders: the list on rich-text.md and the breaking-changes
 * page (br, hr, person, local_datetime, at, a, text_tag, raw, link, font), plus the syntaxes the
 * rich-text page documents in its table (number_tag, audio). Anything else (e.g. `<number>`,
 * `<b>`) is not rendered: the content between is swallowed or shown raw.
 */
export const MARKDOWN_TAGS = new Set(['br', 'hr', 'person', 'local_datetime', 'at', 'a', 'text_tag', 'raw', 'link', 'font', 'number_tag', 'audio']);

/** Code (fenced blocks and inline spans) is shown as written, so tags inside it do not count. */
const withoutCode = (content: string) => content.replace(/```[\s\S]*?```/g, ' ').replace(/`[^`\n]*`/g, ' ');

/**
 * Checks one markdown string for tags 2.0 does not support. A literal `<` meant as text must be
 * escaped as `&#60;` (rich-text.md, 特殊字符转义说明).
 */
export function checkMarkdown(content: string, path: string): CardViolation[] {
  const out: CardViolation[] = [];
  const seen = new Set<string>();
  for (const m of withoutCode(content).matchAll(/<\/?([A-Za-z][A-Za-z0-9_-]*)/g)) {
    const tag = m[1]!.toLowerCase();
    if (MARKDOWN_TAGS.has(tag) || seen.has(tag)) continue;
    seen.add(tag);
    out.push({
      rule: 'unsupported_markdown_tag',
      path,
      message: `<${tag}> is not a tag card JSON 2.0 markdown supports (supported: ${[...MARKDOWN_TAGS].join(', ')}); escape a literal < as &#60;`,
      page: v2Page('content-components/rich-text'),
    });
  }
  return out;
}

