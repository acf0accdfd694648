import type { ComponentRule } from './component-rule.js';
import { CONTAINER_COMPONENTS } from './container-components.js';
import { CONTENT_COMPONENTS } from './content-components.js';
import { INPUT_COMPONENTS } from './input-components.js';
import { INTERACTIVE_COMPONENTS } from './interactive-components.js';

/** Every component govdesk's card contract knows, each with the page its rules come from. */
export const CARD_COMPONENTS: ComponentRule[] = [...CONTAINER_COMPONENTS, ...CONTENT_COMPONENTS, ...INTERACTIVE_COMPONENTS, ...INPUT_COMPONENTS];
