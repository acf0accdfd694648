import { Schema, type Connection, type Model } from 'mongoose';

/** role_changes: every grant and revoke, who did it and how (the audit trail for roles). */
export interface RoleChangeDoc {
  _id: string;
  person: string;
  role: string;
  change: 'grant' | 'revoke';
  /** open_id of who made the change, or `cli:<user>` for the command line. */
  by: string;
  via: 'chat' | 'cli' | 'import';
  at: Date;
}

const roleChangeSchema = new Schema<RoleChangeDoc>(
  {
    _id: { type: String, required: true },
    person: { type: String, required: true },
    role: { type: String, required: true },
    change: { type: String, required: true },
    by: { type: String, required: true },
    via: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'role_changes' },
);
roleChangeSchema.index({ person: 1, at: 1 });

export type RoleChangeModel = Model<RoleChangeDoc>;
export const roleChangeModel = (conn: Connection): RoleChangeModel => conn.model<RoleChangeDoc>('RoleChange', roleChangeSchema);
