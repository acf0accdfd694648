/**
 * One way a card breaks Lark's documented card JSON 2.0 contract. Lark refuses such a card
 * (JSON 2.0 "传入不支持的属性将报错", card-json-v2-breaking-changes-release-notes.md); the
 * violation names the rule, where in the card, and the page the rule comes from.
 */
export interface CardViolation {
  /** A short rule id, e.g. `unsupported_property`, `form_not_at_root`, `duplicate_name`. */
  rule: string;
  /** Where in the card, e.g. `body.elements[2].elements[0].label`. */
  path: string;
  /** What is wrong, naming the limit or the documented values. */
  message: string;
  /** The Lark page the rule comes from, relative to `feishu/001-开发指南/feishu-cards/`. */
  page: string;
}

/** Pages the rules cite (relative to feishu/001-开发指南/feishu-cards/ in Lark's docs). */
export const PAGES = {
  structure: 'build-card-with-json/card-json-v2-structure.md',
  breaking: 'build-card-with-json/card-json-v2-breaking-changes-release-notes.md',
  components: 'build-card-with-json/card-json-v2-components/component-json-v2-overview.md',
  i18n: 'build-card-with-json/configure-multi-language-content.md',
  interactions: 'build-card-with-json/configuring-card-interactions.md',
  callbacks: 'handle-card-callbacks.md',
  update: 'update-feishu-card.md',
  send: 'send-feishu-card.md',
} as const;

/** The page of one JSON 2.0 component, e.g. `v2Page('containers/form-container')`. */
export const v2Page = (name: string) => `build-card-with-json/card-json-v2-components/${name}.md`;

/** One line per violation, as tests and logs show them. */
export const describeViolations = (violations: CardViolation[]) =>
  violations.map((v) => `${v.rule} at ${v.path}: ${v.message} [${v.page}]`).join('\n');
