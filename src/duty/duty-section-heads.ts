import type { Directory } from '../directory/directory.js';

/** The duty section head: the section heads overseeing the primary's unit (else every section head). */
export async function dutySectionHeads(directory: Directory, primary: string): Promise<string[]> {
  const p = await directory.person(primary);
  const unit = p?.unit ? await directory.unit(p.unit) : null;
  if (unit?.sectionHeads.length) return unit.sectionHeads;
  return (await directory.people({ role: 'section_head' })).map((x) => x.openId);
}
