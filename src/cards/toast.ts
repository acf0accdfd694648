import type { Toast } from '../inbox/handler-types.js';

export const toast = (type: Toast['type'], zh: string, en: string): Toast => ({
  type,
  content: `${zh} ${en}`,
  i18n: { zh_cn: zh, en_us: en },
});
