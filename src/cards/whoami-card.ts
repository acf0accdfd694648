import type { Person, Unit } from '../directory/directory.js';
import { ROLE_LABELS, UNIT_KIND_LABELS } from '../directory/roles.js';
import { card, markdown, note } from './card-parts.js';
import type { Card } from './card-types.js';

/** `我是谁`: the person's name, unit and roles as the directory has them. */
export function whoamiCard(person: Person, unit: Unit | null): Card {
  const roles = person.roles.length > 0 ? person.roles.map((r) => `${ROLE_LABELS[r].zh} ${ROLE_LABELS[r].en}`).join('、') : '无 none';
  const unitLine = unit ? `${unit.name}（${UNIT_KIND_LABELS[unit.kind].zh} ${UNIT_KIND_LABELS[unit.kind].en} · ${unit.code}）` : person.unit || '未设置 not set';
  return card({
    title: { zh: `我是 ${person.name}`, en: 'Who am I' },
    template: 'turquoise',
    elements: [
      markdown(
        [
          `**姓名 Name**：${person.name}`,
          ...(person.title ? [`**职务 Title**：${person.title}`] : []),
          `**单位 Unit**：${unitLine}`,
          `**角色 Roles**：${roles}`,
          `**open_id**：${person.openId}`,
        ].join('\n'),
      ),
      note({ zh: '信息有误请联系管理员。', en: 'If anything is wrong, ask an administrator.' }),
    ],
  });
}
