import { randomBytes } from 'node:crypto';
import { insertOnce } from '../db/insert-once.js';
import type { Directory } from '../directory/directory.js';
import type { Clock } from '../lib/clock.js';
import type { DutyCalendarFeedModel } from '../models/duty-calendar-feed.js';
import type { DutyShiftModel } from '../models/duty-shift.js';
import { rosterIcs } from './roster-export.js';
import type { ShiftPattern } from './shift-patterns.js';

/** The route's file name: a token of 32 URL-safe characters, then `.ics`. */
export const FEED_FILE = /^([A-Za-z0-9_-]{32})\.ics$/;
const DAY = 86_400_000;

/**
 * 值班日历订阅: a link each officer adds to their phone's or computer's calendar (subscribe by
 * URL), served by the bot at `<PUBLIC_BASE_URL>/duty/ical/<token>.ics`: their shifts from a month ago
 * on, as iCalendar, current on every fetch (swaps included). The token is secret and made once
 * per person (until `我的值班 重置链接` replaces it); nothing else about them is in the URL.
 */
export class DutyCalendarFeed {
  constructor(
    private readonly deps: {
      feeds: DutyCalendarFeedModel;
      shifts: DutyShiftModel;
      directory: Directory;
      patterns: ShiftPattern[];
      clock: Clock;
      tz: string;
      /** Where people reach the bot (PUBLIC_BASE_URL); none: no link is offered. */
      baseUrl: () => string | undefined;
    },
  ) {}

  /** Whether links are offered at all (the bot knows the URL people reach it at). */
  offered(): boolean {
    return Boolean(this.deps.baseUrl());
  }

  /** The person's subscription link (made the first time), or null when the bot has no public URL. */
  async linkFor(openId: string): Promise<string | null> {
    const base = this.deps.baseUrl();
    if (!base) return null;
    const { feeds, clock } = this.deps;
    let doc = await feeds.findById(openId).lean();
    if (!doc) {
      await insertOnce(feeds, { _id: openId, token: randomBytes(24).toString('base64url'), createdAt: clock.now() });
      doc = await feeds.findById(openId).lean();
    }
    return doc ? `${base}/duty/ical/${doc.token}.ics` : null;
  }

  /**
   * `我的值班 重置链接`: a new token for the person, so the old link answers 404 from now on (a
   * link forwarded or leaked is revoked this way). Returns the new link, or null without a public
   * URL. `eventId`: the message asking; the same message delivered twice resets once.
   */
  async reset(openId: string, eventId: string): Promise<string | null> {
    if (!this.deps.baseUrl()) return null;
    const { feeds, clock } = this.deps;
    const token = randomBytes(24).toString('base64url');
    if (await feeds.exists({ _id: openId })) await feeds.updateOne({ _id: openId, resetBy: { $ne: eventId } }, { $set: { token, resetBy: eventId, resetAt: clock.now() } });
    else await insertOnce(feeds, { _id: openId, token, createdAt: clock.now(), resetBy: eventId, resetAt: clock.now() });
    return this.linkFor(openId);
  }

  /** The calendar for a token, or null (unknown token, or the person is no longer active). */
  async calendar(token: string): Promise<string | null> {
    const { feeds, shifts, directory, clock, patterns, tz } = this.deps;
    const doc = await feeds.findOne({ token }).lean();
    if (!doc) return null;
    const person = await directory.person(doc._id);
    if (!person?.active) return null;
    const now = clock.now();
    const mine = (await shifts.find({ end: { $gt: new Date(now.getTime() - 31 * DAY) }, $or: [{ primary: doc._id }, { secondary: doc._id }, { leader: doc._id }] }).lean()).sort((a, b) => a.start.getTime() - b.start.getTime());
    const names = await directory.names(mine.flatMap((s) => [s.primary, s.secondary ?? '', s.leader ?? '']).filter(Boolean));
    return rosterIcs(mine, patterns, (id) => names.get(id) ?? id, now, doc._id, { name: `值班表 · ${person.name}`, tz });
  }
}
