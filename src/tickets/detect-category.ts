import type { Category } from './ticket-types.js';

/**
 * The kind of call a clerk's note says it is, by the words offices use (举报, 投诉, 求助, 建议,
 * 批评, 咨询/请问/怎么办理…); undefined when the note does not say. The strongest word wins: a
 * note that reports and asks is a 举报.
 */
const RULES: [Category, RegExp][] = [
  ['report', /举报|检举/],
  ['complaint', /投诉/],
  ['criticism', /批评/],
  ['help', /求助|求救|救助|帮帮忙|请求帮助/],
  ['suggestion', /建议|意见/],
  ['consultation', /咨询|询问|请问|问一下|想了解|想知道|了解一下|怎么办理|如何办理|怎么申请|如何申请|需要什么材料|需要哪些材料|去哪里办|在哪里办|在哪办|能否|能不能|可不可以|是否可以/],
];

export function detectCategory(text: string): Category | undefined {
  return RULES.find(([, re]) => re.test(text))?.[0];
}
