// Renders Lark card JSON 2.0 (and the older 1.0 shape) into DOM elements, the way the Lark
// client shows them closely enough to judge a card. Interactive parts call ctx.onAction with
// what Lark would put into card.action.trigger: {tag, value, name, formValue, option, checked,
// inputValue}, with values in Lark's formats (see larkValue); ctx.onError hears what the client
// refuses to send (a required field left empty).
// Any element this renderer does not know is shown as a visible placeholder naming its tag.
import { markdownToHtml } from './markdown.js';

const h = (tag, attrs = {}, ...children) => {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'html') el.innerHTML = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== undefined && c !== null) el.append(c);
  return el;
};

const textOf = (t) => (t == null ? '' : typeof t === 'string' ? t : t.content ?? t.text ?? '');
const i18nText = (t) => (t && typeof t === 'object' && t.i18n_content ? t.i18n_content.zh_cn ?? textOf(t) : textOf(t));

let chartScript = null;
function loadVChart() {
  chartScript ??= new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = '/emulator/assets/vchart.js';
    s.onload = () => resolve(window.VChart);
    s.onerror = () => reject(new Error('vchart.js could not be loaded'));
    document.head.append(s);
  });
  return chartScript;
}

function unsupported(tag) {
  return h('div', { class: 'unsupported', 'data-unsupported': tag }, `不支持的元素 Unsupported element: ${tag}`);
}

/** A form control for `el` named `el.name`; its value is read when the form is submitted. */
function control(el, ctx) {
  const label = i18nText(el.label);
  const placeholder = i18nText(el.placeholder);
  const name = el.name ?? '';
  let input;
  switch (el.tag) {
    case 'input':
      input = el.input_type === 'multiline_text'
        ? h('textarea', { name, rows: el.rows ?? 3, placeholder, maxlength: el.max_length })
        : h('input', { name, type: el.input_type === 'password' ? 'password' : 'text', placeholder, maxlength: el.max_length });
      input.value = el.default_value ?? '';
      break;
    case 'select_static':
    case 'multi_select_static': {
      const multi = el.tag === 'multi_select_static';
      input = h('select', { name, multiple: multi }, multi ? null : h('option', { value: '' }, placeholder || '请选择 Select'),
        (el.options ?? []).map((o) => h('option', { value: o.value }, textOf(o.text))));
      const selected = multi ? el.selected_values ?? [] : [el.initial_option ?? ''];
      for (const o of input.options) o.selected = selected.includes(o.value);
      break;
    }
    case 'select_person':
    case 'multi_select_person': {
      const multi = el.tag === 'multi_select_person';
      const allowed = (el.options ?? []).map((o) => o.value);
      const people = allowed.length ? ctx.people.filter((p) => allowed.includes(p.openId)) : ctx.people;
      input = h('select', { name, multiple: multi }, multi ? null : h('option', { value: '' }, placeholder || '选择人员 Select a person'),
        people.map((p) => h('option', { value: p.openId }, `${p.name}${p.unitName ? `（${p.unitName}）` : ''}`)));
      const initial = el.initial_option ?? el.selected_values ?? [];
      for (const o of input.options) o.selected = [].concat(initial).includes(o.value);
      break;
    }
    case 'date_picker':
      input = h('input', { name, type: 'date', placeholder });
      input.value = el.initial_date ?? '';
      break;
    case 'picker_time':
      input = h('input', { name, type: 'time', placeholder });
      input.value = el.initial_time ?? '';
      break;
    case 'picker_datetime':
      input = h('input', { name, type: 'datetime-local', placeholder });
      input.value = (el.initial_datetime ?? '').replace(' ', 'T').slice(0, 16);
      break;
    case 'checker':
      input = h('input', { name, type: 'checkbox' });
      input.checked = Boolean(el.checked);
      input.dataset.tag = el.tag;
      return h('label', { class: 'control', 'data-control': el.tag, style: 'flex-direction:row;align-items:center' }, input, textOf(el.text));
    default:
      return null;
  }
  input.dataset.tag = el.tag;
  if (el.required) input.dataset.required = '';
  if (el.disabled) input.disabled = true;
  return h('label', { class: 'control', 'data-control': el.tag },
    label ? h('span', { class: 'label' }, label, el.required ? h('span', { class: 'required' }, ' *') : null) : null, input);
}

/**
 * The UTC offset Lark appends to picked dates and times, "+0800": the browser's offset at that
 * moment (date-picker.md, time-selector.md, date-time-picker.md: "2024-04-01 +0800").
 */
export function utcOffset(at = new Date()) {
  const minutes = -at.getTimezoneOffset();
  const abs = Math.abs(minutes);
  const pad = (n) => String(n).padStart(2, '0');
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
}

/**
 * A control's value as Lark sends it: date_picker "YYYY-MM-DD +HHMM", picker_time "HH:mm +HHMM",
 * picker_datetime "YYYY-MM-DD HH:mm +HHMM", multi-selects string arrays, checker a boolean,
 * everything else (inputs, select_static, select_person's open_id) a string; an empty field "".
 */
function larkValue(input) {
  const tag = input.dataset.tag;
  const v = input.value;
  if (tag === 'checker') return input.checked;
  if (input.multiple) return [...input.selectedOptions].map((o) => o.value);
  if (!v) return '';
  if (tag === 'date_picker') return `${v} ${utcOffset(new Date(`${v}T00:00`))}`;
  if (tag === 'picker_time') {
    const today = new Date();
    today.setHours(Number(v.slice(0, 2)), Number(v.slice(3, 5)), 0, 0);
    return `${v.slice(0, 5)} ${utcOffset(today)}`;
  }
  if (tag === 'picker_datetime') return `${v.replace('T', ' ').slice(0, 16)} ${utcOffset(new Date(v))}`;
  return v;
}

/** What Lark sends for a form: {name: value} for every named control, in Lark's formats. */
function formValue(form) {
  const out = {};
  for (const input of form.querySelectorAll('[name][data-tag]')) {
    if (input.tagName === 'BUTTON' || !input.name) continue;
    out[input.name] = larkValue(input);
  }
  return out;
}

/** Lark's client sends nothing while a required field is empty ("有必填项未填写"); it marks them. */
function missingRequired(form) {
  const missing = [...form.querySelectorAll('[data-required]')].filter((i) => {
    const v = larkValue(i);
    return v === '' || (Array.isArray(v) && v.length === 0);
  });
  for (const i of form.querySelectorAll('.control.missing')) i.classList.remove('missing');
  for (const i of missing) i.closest('.control')?.classList.add('missing');
  return missing.map((i) => i.name);
}

/** The value a component hands its callback: `behaviors[].value` of type callback, or the legacy `value`. */
const callbackValue = (el) => el.behaviors?.find((b) => b.type === 'callback')?.value ?? el.value ?? {};

function button(el, ctx, form) {
  const label = i18nText(el.text);
  const callback = (el.behaviors ?? []).find((b) => b.type === 'callback');
  const link = (el.behaviors ?? []).find((b) => b.type === 'open_url') ?? (el.url ? { default_url: el.url } : null);
  const value = callbackValue(el);
  const b = h('button', { type: 'button', class: `btn ${el.type ?? 'default'}`, 'data-tag': 'button', disabled: el.disabled, name: el.name });
  b.textContent = label;
  b.addEventListener('click', () => {
    if (link && !callback) return void window.open(link.default_url, '_blank', 'noopener');
    if (el.confirm && !window.confirm(`${textOf(el.confirm.title)}\n${textOf(el.confirm.text)}`)) return;
    if (form && el.form_action_type === 'reset') return void form.reset();
    if (form && el.form_action_type === 'submit') {
      const missing = missingRequired(form);
      if (missing.length) return void ctx.onError(`有必填项未填写 Required fields are empty: ${missing.join(', ')}`);
      ctx.onAction({ tag: 'button', value, name: el.name, formValue: formValue(form) });
      return;
    }
    ctx.onAction({ tag: 'button', value, name: el.name });
  });
  return b;
}

/**
 * A component outside a form calls back on its own (callback-comm): selects and pickers with
 * `option` in Lark's formats, an input with `input_value`, a checker with `checked` (only when it
 * has a callback behaviour; otherwise the tick stays on the card). Multi-selects live in forms only.
 */
function standalone(el, control, ctx) {
  const input = control.querySelector('[data-tag]');
  if (!input || input.multiple) return;
  const base = { tag: el.tag, value: callbackValue(el), name: el.name };
  if (el.tag === 'checker') {
    if (el.behaviors?.some((b) => b.type === 'callback')) input.addEventListener('change', () => ctx.onAction({ ...base, checked: input.checked }));
    return;
  }
  if (el.tag === 'input') return void input.addEventListener('change', () => ctx.onAction({ ...base, inputValue: input.value }));
  input.addEventListener('change', () => ctx.onAction({ ...base, option: larkValue(input) }));
}

function chart(el) {
  const box = h('div', { class: 'chart', 'data-tag': 'chart' });
  if (el.height && el.height !== 'auto') box.style.height = typeof el.height === 'number' ? `${el.height}px` : el.height;
  loadVChart()
    .then((V) => {
      const VChart = V?.VChart ?? V?.default ?? V;
      const c = new VChart(el.chart_spec ?? {}, { dom: box, animation: false });
      c.renderSync?.() ?? c.renderAsync?.();
      box.dataset.rendered = 'true';
    })
    .catch((err) => box.replaceChildren(unsupported(`chart (${err.message})`)));
  return box;
}

/** A table cell: text, a number, or Lark's option list [{text, color}]. */
const cell = (v) => (Array.isArray(v) ? v.map((o) => o?.text ?? String(o)).join('、') : v == null ? '' : typeof v === 'object' ? textOf(v) : String(v));

function element(el, ctx, form) {
  if (!el || typeof el !== 'object') return unsupported(String(el));
  switch (el.tag) {
    case 'markdown':
    case 'lark_md': {
      const div = h('div', { class: `el-markdown${el.text_size === 'notation' ? ' notation' : ''}`, 'data-tag': 'markdown', html: markdownToHtml(el.content, ctx.names) });
      if (el.text_align) div.style.textAlign = el.text_align;
      return div;
    }
    case 'plain_text':
      return h('div', { 'data-tag': 'plain_text' }, textOf(el));
    case 'div': {
      const text = el.text ? (el.text.tag === 'lark_md' ? h('div', { class: 'el-markdown', html: markdownToHtml(el.text.content, ctx.names) }) : h('div', {}, textOf(el.text))) : null;
      const fields = el.fields?.length
        ? h('div', { class: 'fields' }, el.fields.map((f) => h('div', { class: f.is_short ? '' : 'long', html: markdownToHtml(textOf(f.text), ctx.names) })))
        : null;
      return h('div', { 'data-tag': 'div' }, text, fields);
    }
    case 'hr':
      return h('hr', { class: 'el-hr', 'data-tag': 'hr' });
    case 'note':
      return h('div', { class: 'el-note', 'data-tag': 'note' }, (el.elements ?? []).map((e) => (e.tag === 'img' ? null : h('span', { html: markdownToHtml(textOf(e), ctx.names) }))));
    case 'column_set':
      return h('div', { class: 'columns', 'data-tag': 'column_set' }, (el.columns ?? []).map((c) => {
        const col = h('div', { class: 'column', 'data-tag': 'column' }, (c.elements ?? []).map((e) => element(e, ctx, form)));
        if (c.weight) col.style.flexGrow = String(c.weight);
        if (c.width === 'auto') col.style.flex = '0 0 auto';
        return col;
      }));
    case 'action':
      return h('div', { class: 'actions', 'data-tag': 'action' }, (el.actions ?? []).map((e) => element(e, ctx, form)));
    case 'button':
      return button(el, ctx, form);
    case 'form': {
      const f = h('form', { class: 'el-form', 'data-tag': 'form', name: el.name, onsubmit: (e) => e.preventDefault() });
      f.append(...(el.elements ?? []).map((e) => element(e, ctx, f)));
      return f;
    }
    case 'input':
    case 'select_static':
    case 'multi_select_static':
    case 'select_person':
    case 'multi_select_person':
    case 'date_picker':
    case 'picker_time':
    case 'picker_datetime':
    case 'checker': {
      const c = control(el, ctx);
      if (c && !form) standalone(el, c, ctx);
      return c;
    }
    case 'chart':
      return chart(el);
    case 'table': {
      const cols = el.columns ?? [];
      return h('table', { class: 'table', 'data-tag': 'table' },
        h('thead', {}, h('tr', {}, cols.map((c) => h('th', {}, c.display_name ?? c.name)))),
        h('tbody', {}, (el.rows ?? []).map((r) => h('tr', {}, cols.map((c) => h('td', {}, cell(r[c.name])))))));
    }
    case 'img':
      return h('div', { class: 'img', 'data-tag': 'img' }, `图片 Image · ${textOf(el.alt) || el.img_key || ''}`);
    case 'person':
      return h('span', { class: 'at', 'data-tag': 'person' }, `@${ctx.names(el.user_id) ?? el.user_id}`);
    case 'collapsible_panel':
      return h('details', { class: 'panel', 'data-tag': 'collapsible_panel', open: el.expanded },
        h('summary', {}, textOf(el.header?.title)), ...(el.elements ?? []).map((e) => element(e, ctx, form)));
    default:
      return unsupported(el.tag ?? '(no tag)');
  }
}

/** The card as one DOM element. */
export function renderCard(card, ctx) {
  const c = { names: () => undefined, people: [], onAction: () => {}, onError: () => {}, ...ctx };
  const root = h('div', { class: 'card', 'data-card': '' });
  const header = card.header;
  if (header && (header.title || header.subtitle)) {
    root.append(h('div', { class: `card-header tpl-${header.template ?? 'default'}`, 'data-tag': 'header' },
      h('div', { class: 'title' }, i18nText(header.title)),
      header.subtitle ? h('div', { class: 'subtitle' }, i18nText(header.subtitle)) : null));
  }
  const elements = card.schema === '2.0' ? card.body?.elements ?? [] : card.elements ?? card.i18n_elements?.zh_cn ?? [];
  root.append(h('div', { class: 'card-body' }, elements.map((e) => element(e, c, null))));
  return root;
}
