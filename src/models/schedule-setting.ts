import { Schema, type Connection, type Model } from 'mongoose';

/** schedule_settings: an admin's change to a job (switched off, another time). */
export interface ScheduleSettingDoc {
  _id: string; // job name
  enabled?: boolean;
  cron?: string;
  by: string;
  at: Date;
}

const settingSchema = new Schema<ScheduleSettingDoc>(
  { _id: { type: String, required: true }, enabled: Boolean, cron: String, by: { type: String, required: true }, at: { type: Date, required: true } },
  { versionKey: false, collection: 'schedule_settings' },
);
export type ScheduleSettingModel = Model<ScheduleSettingDoc>;
export const scheduleSettingModel = (conn: Connection): ScheduleSettingModel => conn.model<ScheduleSettingDoc>('ScheduleSetting', settingSchema);

/** job_runs: one per slot a job ran for: when, where, how long, how many messages. */
export interface JobRunDoc {
  _id: string; // <job>:<slot ISO>
  job: string;
  slot: Date;
  startedAt: Date;
  owner: string;
  durationMs: number;
  messages: number;
  catchUp: boolean;
  error?: string;
}

const runSchema = new Schema<JobRunDoc>(
  {
    _id: { type: String, required: true },
    job: { type: String, required: true },
    slot: { type: Date, required: true },
    startedAt: { type: Date, required: true },
    owner: { type: String, required: true },
    durationMs: { type: Number, required: true },
    messages: { type: Number, required: true },
    catchUp: { type: Boolean, default: false },
    error: String,
  },
  { versionKey: false, collection: 'job_runs' },
);
runSchema.index({ job: 1, slot: -1 });
export type JobRunModel = Model<JobRunDoc>;
export const jobRunModel = (conn: Connection): JobRunModel => conn.model<JobRunDoc>('JobRun', runSchema);
