import { Schema, type Connection, type Model } from 'mongoose';

/** report_listings: items overdue long enough to be named in the monthly bulletin (通报), once each. */
export interface ReportListingDoc {
  _id: string; // <kind>:<item id>
  kind: 'ticket' | 'supervision';
  item: string;
  unit: string;
  workingDaysOverdue: number;
  listedAt: Date;
}

const schema = new Schema<ReportListingDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    item: { type: String, required: true },
    unit: { type: String, required: true },
    workingDaysOverdue: { type: Number, required: true },
    listedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'report_listings' },
);
schema.index({ listedAt: 1 });

export type ReportListingModel = Model<ReportListingDoc>;
export const reportListingModel = (conn: Connection): ReportListingModel => conn.model<ReportListingDoc>('ReportListing', schema);
