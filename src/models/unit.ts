import { Schema, type Connection, type Model } from 'mongoose';
import { UNIT_KINDS, type UnitKind } from '../directory/roles.js';

/**
 * units (承办单位 handling units, and the office's own sections): keyed by the unit code.
 * `sectionHeads` are the open_ids of the section heads (科长) who oversee the unit and get its
 * overdue digest. Units are never deleted, only deactivated, since tickets refer to them.
 */
export interface UnitDoc {
  _id: string;
  name: string;
  kind: UnitKind;
  sectionHeads: string[];
  active: boolean;
  /** The Lark department this unit was synced from (`org sync`), if any. */
  larkDepartmentId?: string;
  updatedAt: Date;
}

const unitSchema = new Schema<UnitDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    kind: { type: String, required: true, enum: UNIT_KINDS },
    sectionHeads: { type: [String], default: [] },
    active: { type: Boolean, required: true },
    larkDepartmentId: String,
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'units' },
);
// Serves "which units does this section head oversee" (the digest, reports).
unitSchema.index({ sectionHeads: 1 });
// Serves `org sync`: find the unit a Lark department was synced into.
unitSchema.index({ larkDepartmentId: 1 });

export type UnitModel = Model<UnitDoc>;
export const unitModel = (conn: Connection): UnitModel => conn.model<UnitDoc>('Unit', unitSchema);
