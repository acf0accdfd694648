import Router from '@koa/router';
import { FEED_FILE, type DutyCalendarFeed } from '../duty/duty-calendar-feed.js';

/**
 * GET /duty/ical/<token>.ics — a person's duty shifts as an iCalendar feed their calendar app
 * subscribes to. The token is the only key: an unknown one (or a deactivated person's) is 404,
 * saying nothing about who exists.
 */
export function dutyCalendarRouter(feed: DutyCalendarFeed): Router {
  const router = new Router();
  router.get('/duty/ical/:file', async (ctx) => {
    const token = FEED_FILE.exec(ctx.params.file ?? '')?.[1];
    const body = token ? await feed.calendar(token) : null;
    ctx.set('Cache-Control', 'private, no-store');
    if (body === null) {
      ctx.status = 404;
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = '没有这个值班日历 No such duty calendar\n';
      return;
    }
    ctx.type = 'text/calendar; charset=utf-8';
    ctx.set('Content-Disposition', 'inline; filename="duty.ics"');
    ctx.body = body;
  });
  return router;
}
