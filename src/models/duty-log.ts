import { Schema, type Connection, type Model } from 'mongoose';

/** How a report reached the duty room (来电 / 传真 / 电报 / 口述 / 来文). */
export const DUTY_CHANNELS = ['phone', 'fax', 'telegram', 'verbal', 'document'] as const;
export type DutyChannel = (typeof DUTY_CHANNELS)[number];

/**
 * duty_log (值班记录): what was received on duty, with the fields the duty-room rules require.
 * Confidential: only duty officers, leaders on duty, the director and leaders read it.
 */
export interface DutyLogDoc {
  _id: string;
  occurredAt: string;
  place: string;
  what: string;
  cause: string;
  contactName: string;
  contactTitle: string;
  contactPhone: string;
  /** 领导批示及处理意见 */
  instruction: string;
  result: string;
  channel: DutyChannel;
  /** 重大: starts a major incident. */
  major: boolean;
  status: 'open' | 'closed';
  loggedBy: string;
  loggedAt: Date;
  /** The shift it was logged on (`<date>:<shift>`), if rostered. */
  shift?: string;
}

const schema = new Schema<DutyLogDoc>(
  {
    _id: { type: String, required: true },
    occurredAt: { type: String, default: '' },
    place: { type: String, default: '' },
    what: { type: String, required: true },
    cause: { type: String, default: '' },
    contactName: { type: String, default: '' },
    contactTitle: { type: String, default: '' },
    contactPhone: { type: String, default: '' },
    instruction: { type: String, default: '' },
    result: { type: String, default: '' },
    channel: { type: String, required: true },
    major: { type: Boolean, default: false },
    status: { type: String, required: true },
    loggedBy: { type: String, required: true },
    loggedAt: { type: Date, required: true },
    shift: String,
  },
  { versionKey: false, collection: 'duty_log' },
);
schema.index({ status: 1, loggedAt: 1 });

export type DutyLogModel = Model<DutyLogDoc>;
export const dutyLogModel = (conn: Connection): DutyLogModel => conn.model<DutyLogDoc>('DutyLog', schema);

/**
 * incidents (重特大事件): a major incident and its 30-minute clock. Who was told, and when,
 * is in incident_events (insert-only: notified, acknowledged, reported, follow-up, alerts).
 */
export interface IncidentDoc {
  _id: string;
  entry: string;
  title: string;
  loggedAt: Date;
  loggedBy: string;
  /** The escalation chain, in order: the first group is told at once (groups as objects: FerretDB stores no nested arrays). */
  chain: { to: string[] }[];
  status: 'open' | 'acknowledged' | 'reported';
  /** When someone first pressed 已知悉: the re-alerts stop only then (status may say reported first). */
  acknowledgedAt?: Date;
  /** 终报 sent: the reporting upward is closed (the alerts to leaders follow 已知悉, not this). */
  reportingClosedAt?: Date;
  updatedAt: Date;
}

const incidentSchema = new Schema<IncidentDoc>(
  {
    _id: { type: String, required: true },
    entry: { type: String, required: true },
    title: { type: String, required: true },
    loggedAt: { type: Date, required: true },
    loggedBy: { type: String, required: true },
    chain: { type: [{ _id: false, to: [String] }], default: [] },
    status: { type: String, required: true },
    acknowledgedAt: Date,
    reportingClosedAt: Date,
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'incidents' },
);
incidentSchema.index({ status: 1, loggedAt: 1 });
export type IncidentModel = Model<IncidentDoc>;
export const incidentModel = (conn: Connection): IncidentModel => conn.model<IncidentDoc>('Incident', incidentSchema);

export interface IncidentEventDoc {
  _id: string;
  incident: string;
  /** reported = 首报, followup = 续报, final_report = 终报 (the reports upward). */
  type: 'notified' | 'acknowledged' | 'reported' | 'followup' | 'final_report' | 'report_late';
  by: string;
  at: Date;
  note: string;
  to: string[];
  /** A report upward: who at the higher level received it (name / unit, as typed). */
  receiver?: string;
}

const incidentEventSchema = new Schema<IncidentEventDoc>(
  {
    _id: { type: String, required: true },
    incident: { type: String, required: true },
    type: { type: String, required: true },
    by: { type: String, required: true },
    at: { type: Date, required: true },
    note: { type: String, default: '' },
    to: { type: [String], default: [] },
    receiver: String,
  },
  { versionKey: false, collection: 'incident_events' },
);
incidentEventSchema.index({ incident: 1, at: 1 });
export type IncidentEventModel = Model<IncidentEventDoc>;
export const incidentEventModel = (conn: Connection): IncidentEventModel => conn.model<IncidentEventDoc>('IncidentEvent', incidentEventSchema);

/** duty_log_events: what happened to an entry after it was logged (转办, 已收到, results, closing). */
export interface DutyLogEventDoc {
  _id: string;
  entry: string;
  type: 'forwarded' | 'acknowledged' | 'updated' | 'closed';
  by: string;
  at: Date;
  unit: string;
  note: string;
}

const dutyLogEventSchema = new Schema<DutyLogEventDoc>(
  {
    _id: { type: String, required: true },
    entry: { type: String, required: true },
    type: { type: String, required: true },
    by: { type: String, required: true },
    at: { type: Date, required: true },
    unit: { type: String, default: '' },
    note: { type: String, default: '' },
  },
  { versionKey: false, collection: 'duty_log_events' },
);
dutyLogEventSchema.index({ entry: 1, at: 1 });
export type DutyLogEventModel = Model<DutyLogEventDoc>;
export const dutyLogEventModel = (conn: Connection): DutyLogEventModel => conn.model<DutyLogEventDoc>('DutyLogEvent', dutyLogEventSchema);
