import type { z } from 'zod';
import { CARD_COMPONENTS } from './card-components.js';
import { cardRootSchema } from './card-root.js';
import { PAGES, v2Page, type CardViolation } from './card-violation.js';
import { checkMarkdown } from './check-markdown.js';
import type { CardNode, ComponentRule } from './component-rule.js';

/** "一张卡片最多支持 200 个元素（如 tag 为 plain_text 的文本元素）或组件" (card-json-v2-structure.md). */
export const MAX_ELEMENTS = 200;
/** A card's JSON may be at most 30 KB (send-feishu-card.md). */
export const MAX_CARD_BYTES = 30 * 1024;
/**
 * "容器类组件最多支持嵌套五层组件" (containers/form-container.md); column-set.md's own demo nests
 * column_set › column three times, so a column_set and its columns count as one level.
 */
export const MAX_CONTAINER_DEPTH = 5;
/** "单张卡片最多支持放置五个表格组件" (content-components/table.md). */
export const MAX_TABLES = 5;

const FORM_PAGE = v2Page('containers/form-container');
const REGISTRY = new Map(CARD_COMPONENTS.map((c) => [c.tag, c]));

/** Components JSON 2.0 no longer has (card-json-v2-breaking-changes-release-notes.md, 废弃备注组件 & 交互模块). */
const REMOVED: Record<string, string> = {
  note: 'the note component is gone in JSON 2.0: use markdown or plain text with text_size notation and grey colour',
  action: 'the action module is gone in JSON 2.0: put buttons in a column_set or straight in the body',
};

interface Walk {
  out: CardViolation[];
  names: Map<string, string>;
  elementIds: Map<string, string>;
}

interface Place {
  /** The nearest container's tag, or `body` at the root. */
  parent: string;
  /** The form this node is inside, if any. */
  form: string | null;
  /** How many containers enclose this node. */
  depth: number;
}

const at = (base: string, path: PropertyKey[]) =>
  path.reduce<string>((p, k) => (typeof k === 'number' ? `${p}[${k}]` : `${p}.${String(k)}`), base);

/** zod issues as violations: properties the page does not list are `unsupported_property`. */
export function issuesToViolations(issues: z.core.$ZodIssue[], base: string, page: string, documented?: string[]): CardViolation[] {
  return issues.flatMap((issue): CardViolation[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        rule: 'unsupported_property',
        path: at(base, [...issue.path, key]),
        message: `property "${key}" is not documented here${issue.path.length === 0 && documented ? ` (documented: ${documented.join(', ')})` : ''}; JSON 2.0 refuses unsupported properties`,
        page,
      }));
    }
    return [{ rule: 'invalid_value', path: at(base, issue.path), message: issue.message, page }];
  });
}

/**
 * Checks a card against Lark's documented card JSON 2.0 contract and returns every violation
 * (none: Lark accepts it). Pure; never throws.
 */
export function checkCard(card: unknown): CardViolation[] {
  const w: Walk = { out: [], names: new Map(), elementIds: new Map() };
  if (typeof card !== 'object' || card === null || Array.isArray(card)) {
    return [{ rule: 'invalid_card', path: '(card)', message: 'a card is a JSON object', page: PAGES.structure }];
  }
  const root = cardRootSchema.safeParse(card);
  if (!root.success) w.out.push(...issuesToViolations(root.error.issues, 'card', PAGES.structure, Object.keys(cardRootSchema.shape)));

  const bytes = Buffer.byteLength(JSON.stringify(card), 'utf8');
  if (bytes > MAX_CARD_BYTES) {
    w.out.push({ rule: 'card_too_large', path: 'card', message: `the card is ${bytes} bytes; at most ${MAX_CARD_BYTES} (30 KB)`, page: PAGES.send });
  }
  const count = countElements(card);
  if (count > MAX_ELEMENTS) {
    w.out.push({ rule: 'too_many_elements', path: 'card', message: `the card has ${count} elements; at most ${MAX_ELEMENTS}`, page: PAGES.structure });
  }

  const tables = countTag(card, 'table');
  if (tables > MAX_TABLES) {
    w.out.push({ rule: 'too_many_tables', path: 'card', message: `the card has ${tables} tables; at most ${MAX_TABLES}`, page: v2Page('content-components/table') });
  }

  const c = card as { header?: unknown; body?: { elements?: unknown } };
  checkHeaderMarkdown(c.header, w);
  const elements = c.body?.elements;
  if (Array.isArray(elements)) elements.forEach((e, i) => node(e, `body.elements[${i}]`, { parent: 'body', form: null, depth: 0 }, w));
  return w.out;
}

/** Every object with a `tag` counts as an element (a text object too), as the structure page counts them. */
function countElements(value: unknown): number {
  if (Array.isArray(value)) return value.reduce<number>((n, v) => n + countElements(v), 0);
  if (typeof value !== 'object' || value === null) return 0;
  const self = typeof (value as { tag?: unknown }).tag === 'string' ? 1 : 0;
  return Object.values(value).reduce<number>((n, v) => n + countElements(v), self);
}

function countTag(value: unknown, tag: string): number {
  if (Array.isArray(value)) return value.reduce<number>((n, v) => n + countTag(v, tag), 0);
  if (typeof value !== 'object' || value === null) return 0;
  return Object.values(value).reduce<number>((n, v) => n + countTag(v, tag), (value as { tag?: unknown }).tag === tag ? 1 : 0);
}

function checkHeaderMarkdown(header: unknown, w: Walk) {
  if (typeof header !== 'object' || header === null) return;
  for (const key of ['title', 'subtitle'] as const) {
    const t = (header as Record<string, { tag?: unknown; content?: unknown }>)[key];
    if (t?.tag === 'lark_md' && typeof t.content === 'string') w.out.push(...checkMarkdown(t.content, `header.${key}.content`));
  }
}

function node(value: unknown, path: string, place: Place, w: Walk): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || typeof (value as { tag?: unknown }).tag !== 'string') {
    w.out.push({ rule: 'invalid_element', path, message: 'each element is an object with a "tag"', page: PAGES.structure });
    return;
  }
  const n = value as CardNode;
  const removed = REMOVED[n.tag];
  if (removed) {
    w.out.push({ rule: 'removed_component', path: `${path}.tag`, message: removed, page: PAGES.breaking });
    return;
  }
  const rule = REGISTRY.get(n.tag);
  if (!rule) {
    w.out.push({
      rule: 'unknown_component',
      path: `${path}.tag`,
      message: `"${n.tag}" is not a card JSON 2.0 component in govdesk's contract (known: ${[...REGISTRY.keys()].join(', ')})`,
      page: PAGES.components,
    });
    return;
  }
  const parsed = rule.schema.safeParse(n);
  if (!parsed.success) w.out.push(...issuesToViolations(parsed.error.issues, path, rule.page, Object.keys(rule.schema.shape)));

  placement(n, rule, path, place, w);
  identity(n, rule, path, place, w);
  for (const m of rule.markdown?.(n) ?? []) w.out.push(...checkMarkdown(m.content, `${path}.${m.key}`));

  if (rule.kind !== 'container') return;
  const inner: Place = { parent: n.tag, form: n.tag === 'form' ? path : place.form, depth: n.tag === 'column' ? place.depth : place.depth + 1 };
  for (const { key, nodes } of rule.children?.(n) ?? []) nodes.forEach((child, i) => node(child, `${path}.${key}[${i}]`, inner, w));
  if (n.tag === 'form' && !hasSubmit(n)) {
    w.out.push({ rule: 'form_without_submit', path, message: 'a form needs a button with form_action_type "submit" ("表单容器内必须包含一个用于提交表单的按钮")', page: FORM_PAGE });
  }
}

/** Where a component may stand: forms at the root only; no form or table inside a container; columns in column sets. */
function placement(n: CardNode, rule: ComponentRule, path: string, place: Place, w: Walk) {
  const v = (ruleId: string, message: string, page: string) => w.out.push({ rule: ruleId, path, message, page });
  if (n.tag === 'form' && place.parent !== 'body') v('form_not_at_root', 'a form may stand only at the root of body.elements ("只可放在卡片根节点下")', FORM_PAGE);
  else if ((n.tag === 'form' || n.tag === 'table') && place.parent !== 'body') {
    v('not_allowed_in_container', `${n.tag} may not be inside a container ("可内嵌除表单容器（form）和表格组件（table）外的其它所有组件")`, PAGES.breaking);
  }
  if (n.tag === 'chart' && place.form) v('not_allowed_in_form', 'a chart may not be inside a form ("不支持内嵌表格、图表、和表单容器组件")', FORM_PAGE);
  if (n.tag === 'column' && place.parent !== 'column_set') v('column_outside_column_set', 'a column stands only in a column_set\'s columns', v2Page('containers/column-set'));
  if (place.parent === 'column_set' && n.tag !== 'column') v('column_set_child', 'a column_set\'s columns are column elements', v2Page('containers/column-set'));
  if (rule.kind === 'container' && n.tag !== 'column' && place.depth + 1 > MAX_CONTAINER_DEPTH) v('too_deep', `containers nest at most ${MAX_CONTAINER_DEPTH} levels`, FORM_PAGE);
  if ((n.tag === 'multi_select_static' || n.tag === 'multi_select_person') && !place.form) {
    v('form_only_component', `${n.tag} works only inside a form ("仅支持内嵌在表单容器中")`, v2Page(`interactive-components/${n.tag === 'multi_select_static' ? 'multi-select-dropdown-menu' : 'multi-select-user-picker'}`));
  }
  if (n.tag === 'button' && n.form_action_type !== undefined && !place.form) {
    v('form_action_outside_form', 'form_action_type applies only to a button inside a form', FORM_PAGE);
  }
}

/** Names and element ids are unique in the card; interactive components in a form need a name. */
function identity(n: CardNode, rule: ComponentRule, path: string, place: Place, w: Walk) {
  const name = n.name;
  if (typeof name === 'string' && name !== '') {
    const first = w.names.get(name);
    if (first) {
      w.out.push({ rule: 'duplicate_name', path: `${path}.name`, message: `name "${name}" is already used at ${first}; names are unique in the whole card ("需在卡片全局内唯一，否则数据会发送失败")`, page: FORM_PAGE });
    } else w.names.set(name, path);
  } else if (place.form && rule.kind === 'interactive') {
    w.out.push({ rule: 'form_field_without_name', path, message: `a ${n.tag} inside a form needs a name ("在表单容器中所有的交互组件中，该字段必填")`, page: FORM_PAGE });
  }
  const id = n.element_id;
  if (typeof id === 'string') {
    const first = w.elementIds.get(id);
    if (first) w.out.push({ rule: 'duplicate_element_id', path: `${path}.element_id`, message: `element_id "${id}" is already used at ${first}`, page: PAGES.structure });
    else w.elementIds.set(id, path);
  }
}

function hasSubmit(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasSubmit);
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if (v.tag === 'button' && v.form_action_type === 'submit') return true;
  return Object.entries(v).some(([k, x]) => (k === 'elements' || k === 'columns') && hasSubmit(x));
}
