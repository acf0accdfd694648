import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';

// dayjs with time zones, set up once; import it from here, never from 'dayjs' directly.
dayjs.extend(utc);
dayjs.extend(timezone);

export default dayjs;
