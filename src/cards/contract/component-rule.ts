import type { z } from 'zod';

/** A node of card JSON: an object with a `tag`. */
export type CardNode = Record<string, unknown> & { tag: string };

/**
 * What Lark documents for one card JSON 2.0 component: its properties (a strict zod object, so
 * any property the page does not list is refused, as Lark does), where its children are, and
 * which of its strings are markdown.
 */
export interface ComponentRule {
  tag: string;
  /** The component's page, relative to feishu/001-开发指南/feishu-cards/ (see `v2Page`). */
  page: string;
  /**
   * container: holds other components (form, column_set, column, collapsible_panel,
   * interactive_container); interactive: sends a callback or a form value; content: shows.
   */
  kind: 'container' | 'content' | 'interactive';
  /** Documented properties only, with their types, enums and ranges. */
  schema: z.ZodObject;
  /** Child element lists, by property name (containers only). */
  children?: (node: CardNode) => { key: string; nodes: unknown[] }[];
  /** Strings rendered as card markdown, by property path (checked for supported tags). */
  markdown?: (node: CardNode) => { key: string; content: string }[];
}
