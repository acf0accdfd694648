import { Schema, type Connection, type Model } from 'mongoose';
import { ROLES, type Role } from '../directory/roles.js';

/**
 * people: everyone govdesk knows, keyed by their Lark open_id. One unit (code), any number of
 * roles. People are deactivated, never deleted (tickets and logs name them).
 */
export interface PersonDoc {
  _id: string;
  name: string;
  title: string;
  phone: string;
  unit: string;
  roles: Role[];
  active: boolean;
  /** Where the row last came from: a file import, `org sync`, or a grant. */
  source: 'import' | 'sync' | 'grant';
  updatedAt: Date;
}

const personSchema = new Schema<PersonDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    title: { type: String, default: '' },
    phone: { type: String, default: '' },
    unit: { type: String, default: '' },
    roles: { type: [String], enum: ROLES, default: [] },
    active: { type: Boolean, required: true },
    source: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'people' },
);
// Serves "who holds role R" (dispatchers to notify, deciders of an approval step).
personSchema.index({ roles: 1, active: 1 });
// Serves "who is in unit U" (a unit's handlers and head).
personSchema.index({ unit: 1, active: 1 });

export type PersonModel = Model<PersonDoc>;
export const personModel = (conn: Connection): PersonModel => conn.model<PersonDoc>('Person', personSchema);
