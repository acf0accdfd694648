/** What `登记 <free text>` could read from a clerk's note of a call. */
export interface ParsedCall {
  callerName: string;
  phone: string;
  content: string;
}

const MOBILE = /(?<!\d)(?:\+?86[-\s]?)?(1[3-9]\d(?:[-\s]?\d{4}){2})(?!\d)/;
const LANDLINE = /(?<!\d)(0\d{2,3}[-\s]?\d{7,8})(?!\d)/;
const LABELLED_NAME = /(?:来电人|来电者|反映人|姓名|联系人)\s*[:：为是]?\s*([\u4e00-\u9fa5]{1,4}(?:先生|女士|师傅|老师|阿姨|大爷)?)/;
const LEADING_NAME = /^([\u4e00-\u9fa5]{2,4}?)(?:[，,：:\s]|来电|反映|称)/;
const LABEL_WORDS = /(?:来电人|来电者|反映人|姓名|联系人|电话|手机|联系电话|号码)\s*[:：为是]?\s*/g;

/**
 * Reads a phone number (mobile or landline), a caller's name (after 来电人/姓名…, or a leading
 * 2–4-character name) and leaves the rest as the content. Never guesses what is not there.
 */
export function parseCallText(text: string): ParsedCall {
  let rest = text.trim();
  let phone = '';
  const mobile = MOBILE.exec(rest);
  const landline = mobile ? null : LANDLINE.exec(rest);
  const found = mobile ?? landline;
  if (found) {
    phone = found[1]!.replace(/[-\s]/g, '').replace(/^(0\d{2,3})(\d{7,8})$/, mobile ? '$1$2' : '$1-$2');
    rest = rest.replace(found[0], ' ');
  }
  let callerName = '';
  const labelled = LABELLED_NAME.exec(rest);
  if (labelled) {
    callerName = labelled[1]!;
    rest = rest.replace(labelled[0], ' ');
  } else {
    const leading = LEADING_NAME.exec(rest);
    if (leading && !/^(关于|反映|咨询|投诉|举报|建议|求助|请问|我们|我家|小区|村里|今天|昨天|最近|有人|匿名|市民|群众)/.test(leading[1]!)) {
      callerName = leading[1]!;
      rest = rest.slice(leading[1]!.length).replace(/^\s*(?:来电|反映)?\s*[，,：:]?\s*(?:称|反映)?/, '');
    }
  }
  const content = rest
    .replace(LABEL_WORDS, '')
    .replace(/^\s*(?:匿名)?来电\s*[，,：:]?\s*/, '')
    .replace(/^[\s，,：:。；;、]+/, '')
    .replace(/[\s，,；;、]+$/, '')
    .replace(/\s{2,}/g, ' ')
    .replace(/[，,]\s*[，,]/g, '，')
    .trim();
  return { callerName, phone, content };
}
