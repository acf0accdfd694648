import { insertOnce } from '../db/insert-once.js';
import { randomUUID } from 'node:crypto';
import type { Clock } from '../lib/clock.js';
import type { PersonDoc, PersonModel } from '../models/person.js';
import type { RoleChangeModel } from '../models/role-change.js';
import type { UnitDoc, UnitModel } from '../models/unit.js';
import { DirectoryError } from './directory-error.js';
import type { Role } from './roles.js';

export interface Person {
  openId: string;
  name: string;
  title: string;
  phone: string;
  unit: string;
  roles: Role[];
  active: boolean;
}

export interface Unit {
  code: string;
  name: string;
  kind: UnitDoc['kind'];
  sectionHeads: string[];
  active: boolean;
  larkDepartmentId?: string;
}

export const toPerson = (d: PersonDoc): Person => ({
  openId: d._id,
  name: d.name,
  title: d.title ?? '',
  phone: d.phone ?? '',
  unit: d.unit ?? '',
  roles: [...(d.roles ?? [])],
  active: d.active,
});

export const toUnit = (d: UnitDoc): Unit => ({
  code: d._id,
  name: d.name,
  kind: d.kind,
  sectionHeads: [...(d.sectionHeads ?? [])],
  active: d.active,
  ...(d.larkDepartmentId ? { larkDepartmentId: d.larkDepartmentId } : {}),
});

export interface RoleChangeBy {
  /** open_id of the admin, or `cli:<os user>`. */
  by: string;
  via: 'chat' | 'cli';
  /** Makes the audit entry exactly-once (e.g. the chat event id). */
  key?: string;
}

/**
 * A read of a whole collection (everyone, or every unit), shared by everyone who asks while it is
 * under way — a burst of clicks asks for the same lists at the same moment, and on FerretDB each is
 * a read of the whole collection — and reused for `reuseMs` after it finished: one click plans
 * several cards (audiences, names, unit names), each asking again (a 签收 read the people five
 * times). A change made through the Directory drops it, so nobody here sees the directory as it
 * was before a change they waited for; a change made by another process (`org import`) is seen
 * `reuseMs` later at most.
 */
export class SharedRead<T> {
  private inFlight: Promise<T[]> | undefined;
  private last: { at: number; docs: Promise<T[]> } | undefined;

  constructor(
    private readonly read: () => Promise<T[]>,
    private readonly reuseMs = 0,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get(): Promise<T[]> {
    if (this.last && this.now() - this.last.at < this.reuseMs) return this.last.docs;
    if (!this.inFlight) {
      const docs = this.read();
      this.inFlight = docs;
      const done = () => {
        if (this.inFlight !== docs) return;
        this.inFlight = undefined;
        this.last = { at: this.now(), docs };
      };
      docs.then(done, () => {
        if (this.inFlight === docs) this.inFlight = undefined;
      });
    }
    return this.inFlight;
  }

  drop(): void {
    this.inFlight = undefined;
    this.last = undefined;
  }
}

/** Who is who: people, units and roles. Knows nothing of Lark or Koa. */
export class Directory {
  private readonly everyone: SharedRead<PersonDoc>;
  private readonly allUnits: SharedRead<UnitDoc>;

  constructor(
    private readonly models: { people: PersonModel; units: UnitModel; roleChanges: RoleChangeModel },
    private readonly clock: Clock,
    /** How long a whole-list read is reused (SharedRead); 0 reads afresh every time it is asked after one finished. */
    listReuseMs = 0,
  ) {
    this.everyone = new SharedRead(() => this.models.people.find({}).lean().exec(), listReuseMs);
    this.allUnits = new SharedRead(() => this.models.units.find({}).lean().exec(), listReuseMs);
  }

  async person(openId: string): Promise<Person | null> {
    const doc = await this.models.people.findById(openId).lean();
    return doc ? toPerson(doc) : null;
  }

  /** Names of these people (the open_id itself for anyone unknown). */
  async names(openIds: Iterable<string>): Promise<Map<string, string>> {
    const ids = [...new Set(openIds)];
    if (ids.length === 0) return new Map();
    const found = new Map((await this.everyone.get()).map((d) => [d._id, d.name]));
    return new Map(ids.map((id) => [id, found.get(id) ?? id]));
  }

  async unit(code: string): Promise<Unit | null> {
    const doc = await this.models.units.findById(code).lean();
    return doc ? toUnit(doc) : null;
  }

  /** Active people, optionally only those holding `role` and/or in `unit`, by name. */
  async people(filter: { role?: Role; unit?: string; includeInactive?: boolean } = {}): Promise<Person[]> {
    const docs = (await this.everyone.get()).filter(
      (d) => (filter.includeInactive || d.active) && (!filter.role || (d.roles ?? []).includes(filter.role)) && (!filter.unit || d.unit === filter.unit),
    );
    return docs.map(toPerson).sort(byName);
  }

  async units(filter: { includeInactive?: boolean } = {}): Promise<Unit[]> {
    const docs = (await this.allUnits.get()).filter((d) => filter.includeInactive || d.active);
    return docs.map(toUnit).sort((a, b) => a.code.localeCompare(b.code));
  }

  /** Units a section head oversees (their overdue digest and reports). */
  async unitsOverseenBy(openId: string): Promise<Unit[]> {
    const docs = (await this.allUnits.get()).filter((d) => d.active && (d.sectionHeads ?? []).includes(openId));
    return docs.map(toUnit).sort((a, b) => a.code.localeCompare(b.code));
  }

  /** Adds `role`; 'unchanged' when the person already holds it. Logged in role_changes. */
  async grant(openId: string, role: Role, by: RoleChangeBy): Promise<'granted' | 'unchanged'> {
    const person = await this.requireActive(openId);
    if (person.roles.includes(role)) return 'unchanged';
    // Audit first (keyed), then change: a re-run after a crash in between finishes the change.
    await this.audit(openId, role, 'grant', by);
    await this.models.people.updateOne({ _id: openId }, { $addToSet: { roles: role }, $set: { updatedAt: this.clock.now() } });
    this.everyone.drop();
    return 'granted';
  }

  /** Removes `role`; 'unchanged' when the person did not hold it. Logged in role_changes. */
  async revoke(openId: string, role: Role, by: RoleChangeBy): Promise<'revoked' | 'unchanged'> {
    const person = await this.requireActive(openId);
    if (!person.roles.includes(role)) return 'unchanged';
    await this.audit(openId, role, 'revoke', by);
    await this.models.people.updateOne({ _id: openId }, { $pull: { roles: role }, $set: { updatedAt: this.clock.now() } });
    this.everyone.drop();
    return 'revoked';
  }

  private async requireActive(openId: string): Promise<Person> {
    const person = await this.person(openId);
    if (!person || !person.active) {
      throw new DirectoryError('unknown_person', {
        zh: `通讯录中没有 ${openId}（或已停用）`,
        en: `${openId} is not in the directory (or is deactivated)`,
      });
    }
    return person;
  }

  private async audit(person: string, role: Role, change: 'grant' | 'revoke', by: RoleChangeBy) {
    const _id = by.key ? `${by.key}:${change}:${person}:${role}` : randomUUID();
    await insertOnce(this.models.roleChanges, { _id, person, role, change, by: by.by, via: by.via, at: this.clock.now() });
  }
}

const byName = (a: Person, b: Person) => a.name.localeCompare(b.name, 'zh-CN') || a.openId.localeCompare(b.openId);
