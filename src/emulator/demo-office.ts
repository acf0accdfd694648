import type { OrgData } from '../directory/org-file.js';

/**
 * A small office to try govdesk with, loaded into an empty directory in emulator mode:
 * one person for every role, two handling units and the office's own sections.
 */
export const DEMO_OFFICE: OrgData = {
  units: [
    { code: 'mszk', name: '秘书科', kind: 'section', sectionHeads: [] },
    { code: 'dcb', name: '督查室', kind: 'section', sectionHeads: [] },
    { code: 'dz', name: '东镇', kind: 'town', sectionHeads: ['ou_demo_section_head'] },
    { code: 'xljd', name: '西林街道', kind: 'street', sectionHeads: ['ou_demo_section_head'] },
    { code: 'zjj', name: '区住建局', kind: 'department', sectionHeads: ['ou_demo_section_head'] },
  ],
  people: [
    { openId: 'ou_demo_admin', name: '周管理', title: '信息化专员', phone: '', unit: 'mszk', roles: ['admin'] },
    { openId: 'ou_demo_intake', name: '陈受理', title: '直通电话受理员', phone: '', unit: 'mszk', roles: ['intake'] },
    { openId: 'ou_demo_dispatcher', name: '林派单', title: '秘书科科员', phone: '', unit: 'mszk', roles: ['dispatcher'] },
    { openId: 'ou_demo_section_head', name: '李科长', title: '秘书科科长', phone: '', unit: 'mszk', roles: ['section_head', 'dispatcher'] },
    { openId: 'ou_demo_director', name: '王主任', title: '办公室主任', phone: '', unit: 'mszk', roles: ['director'] },
    { openId: 'ou_demo_leader', name: '赵区长', title: '副区长', phone: '', unit: '', roles: ['leader', 'duty_leader'] },
    { openId: 'ou_demo_dz_handler', name: '孙联络', title: '东镇党政办联络员', phone: '', unit: 'dz', roles: ['unit_handler'] },
    { openId: 'ou_demo_dz_head', name: '钱镇长', title: '东镇镇长', phone: '', unit: 'dz', roles: ['unit_head'] },
    { openId: 'ou_demo_xl_handler', name: '吴联络', title: '西林街道联络员', phone: '', unit: 'xljd', roles: ['unit_handler'] },
    { openId: 'ou_demo_zjj_handler', name: '郑联络', title: '住建局联络员', phone: '', unit: 'zjj', roles: ['unit_handler'] },
    { openId: 'ou_demo_duty1', name: '冯值班', title: '值班员', phone: '', unit: 'dcb', roles: ['duty_officer'] },
    { openId: 'ou_demo_duty2', name: '何值班', title: '值班员', phone: '', unit: 'dcb', roles: ['duty_officer'] },
  ],
};
