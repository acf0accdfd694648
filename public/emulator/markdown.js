// Lark card markdown → safe HTML. Escapes everything first, then turns back on only what Lark
// supports: bold, italic, strike-through, code, links, lists, headings, line breaks,
// <font color>, <at id>, <text_tag>. Names for <at id=…> come from the directory.

const escape = (s) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

const COLORS = new Set(['grey', 'gray', 'red', 'green', 'blue', 'orange', 'yellow', 'purple', 'violet', 'carmine', 'turquoise', 'indigo', 'wathet', 'lime']);
const CSS_COLOR = { grey: '#8f959e', gray: '#8f959e', red: '#f54a45', green: '#00b42a', blue: '#3370ff', orange: '#ff7d00', yellow: '#d4b045', purple: '#7f3bf5', violet: '#8d55ed', carmine: '#d83931', turquoise: '#04b49c', indigo: '#4954e6', wathet: '#245bdb', lime: '#8fc31f' };

function inline(s, names) {
  return s
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^*])\*([^*\s][^*]*?)\*(?!\*)/g, '$1<em>$2</em>')
    .replace(/~~(.+?)~~/g, '<del>$1</del>')
    .replace(/\[([^\]]+)\]\((https?:\/\/[^\s)]+|lark:\/\/[^\s)]+)\)/g, '<a href="$2" target="_blank" rel="noopener">$1</a>')
    .replace(/&lt;font color=(?:&#39;|&quot;)?([a-z_-]+)(?:&#39;|&quot;)?&gt;([\s\S]*?)&lt;\/font&gt;/g, (m, c, t) =>
      COLORS.has(c) ? `<span style="color:${CSS_COLOR[c]}">${t}</span>` : t)
    .replace(/&lt;text_tag color=(?:&#39;|&quot;)?([a-z_-]+)(?:&#39;|&quot;)?&gt;([\s\S]*?)&lt;\/text_tag&gt;/g, (m, c, t) =>
      `<span style="color:${CSS_COLOR[c] ?? '#646a73'};border:1px solid currentColor;border-radius:4px;padding:0 4px;font-size:12px">${t}</span>`)
    .replace(/&lt;at (?:id|user_id|open_id)=(?:&#39;|&quot;)?([\w-]+)(?:&#39;|&quot;)?&gt;&lt;\/at&gt;/g, (m, id) =>
      `<span class="at">@${escape(id === 'all' ? '所有人' : names(id) ?? id)}</span>`);
}

/** Lark markdown to HTML; `names(openId)` gives a person's name for <at id=…>. */
export function markdownToHtml(md, names = () => undefined) {
  // A <font> or <text_tag> spanning lines colours each of them.
  const perLine = String(md ?? '').replace(/<(font|text_tag)( [^>]*)>([\s\S]*?)<\/\1>/g, (m, tag, attrs, inner) =>
    inner.split('\n').map((line) => (line ? `<${tag}${attrs}>${line}</${tag}>` : line)).join('\n'));
  const lines = escape(perLine).split('\n');
  const out = [];
  let list = null;
  const closeList = () => {
    if (list) out.push(`</${list}>`);
    list = null;
  };
  for (const line of lines) {
    const bullet = /^\s*[-*] (.*)$/.exec(line);
    const numbered = /^\s*\d+\. (.*)$/.exec(line);
    const heading = /^(#{1,6}) (.*)$/.exec(line);
    if (bullet || numbered) {
      const kind = bullet ? 'ul' : 'ol';
      if (list !== kind) {
        closeList();
        out.push(`<${kind}>`);
        list = kind;
      }
      out.push(`<li>${inline((bullet ?? numbered)[1], names)}</li>`);
      continue;
    }
    closeList();
    if (heading) out.push(`<h${Math.min(heading[1].length, 3)}>${inline(heading[2], names)}</h${Math.min(heading[1].length, 3)}>`);
    else if (line.trim() === '') out.push('<br>');
    else out.push(`<p>${inline(line, names)}</p>`);
  }
  closeList();
  return out.join('');
}
