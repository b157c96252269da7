/*
 * ISO 8601 times with an explicit offset, as plans and ballots carry them,
 * to and from milliseconds since the epoch.  The civil-date arithmetic is
 * done here rather than with timegm() so that results never depend on the
 * machine's time zone.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "renovote.h"

/* 9998-12-31T23:59:59.999Z: shown at any offset, still a 4-digit year. */
#define RV_TIME_LAST	253370764799999LL

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t	 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The inverse of days_from_civil. */
static void
civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t	 era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* Read exactly n digits at *p into *v, advancing *p. */
static int
digits(const char **p, int n, int *v)
{
	int	 i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if ((*p)[i] < '0' || (*p)[i] > '9')
			return -1;
		*v = *v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	return 0;
}

/*
 * Parse "YYYY-MM-DDTHH:MM:SS[.fff](Z|+HH:MM|-HH:MM)".  The offset is
 * required: a time without one means different instants in different
 * offices.  *offset (if not NULL) receives the offset in minutes east.
 */
enum rv_status
time_parse(const char *s, rv_ms *out, int *offset, char **cause)
{
	const char	*p = s;
	int		 y, mo, d, h, mi, sec, ms = 0, oh, om, off = 0, i;
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (digits(&p, 4, &y) || *p++ != '-' || digits(&p, 2, &mo) ||
	    *p++ != '-' || digits(&p, 2, &d) || *p++ != 'T' ||
	    digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &mi) ||
	    *p++ != ':' || digits(&p, 2, &sec))
		goto bad;
	if (*p == '.') {
		p++;
		for (i = 0; i < 3; i++) {
			if (*p < '0' || *p > '9')
				break;
			ms = ms * 10 + (*p++ - '0');
		}
		if (i == 0 || (*p >= '0' && *p <= '9'))
			goto bad;
		for (; i < 3; i++)
			ms *= 10;
	}
	if (*p == 'Z')
		p++;
	else if (*p == '+' || *p == '-') {
		int sign = *p++ == '-' ? -1 : 1;
		if (digits(&p, 2, &oh) || *p++ != ':' || digits(&p, 2, &om) ||
		    oh > 14 || om > 59)
			goto bad;
		off = sign * (oh * 60 + om);
	} else if (*p == '\0')
		return rv_fail(cause, RV_EINPUT,
		    "'%s' has no UTC offset (write e.g. %s+08:00)", s, s);
	else
		goto bad;
	if (*p != '\0')
		goto bad;
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] ||
	    (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 ||
	    y % 400 == 0))) || h > 23 || mi > 59 || sec > 59)
		return rv_fail(cause, RV_EINPUT, "'%s' is not a valid date "
		    "and time", s);
	*out = ((days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 +
	    sec - (int64_t)off * 60) * 1000) + ms;
	/* The instant itself, not only its local date, must be in range. */
	if (*out < 0 || *out > RV_TIME_LAST)
		return rv_fail(cause, RV_EINPUT, "'%s' is outside the years "
		    "1970 to 9998", s);
	if (offset != NULL)
		*offset = off;
	return RV_OK;
bad:
	return rv_fail(cause, RV_EINPUT, "'%s' is not an ISO 8601 time like "
	    "2026-12-01T08:00:00+08:00", s);
}

/* A civil date and time of day, as a clock at some offset shows it. */
struct civil {
	int	 y, m, d;
	int	 h, mi, s, ms;
};

/* Split t into the date and time a clock offset minutes east shows. */
static void
civil_at(rv_ms t, int offset, struct civil *c)
{
	int64_t	 local = t + (int64_t)offset * 60000, days, rem;

	days = local >= 0 ? local / 86400000 : -((-local + 86399999) / 86400000);
	rem = local - days * 86400000;
	civil_from_days(days, &c->y, &c->m, &c->d);
	c->h = (int)(rem / 3600000);
	c->mi = (int)(rem / 60000 % 60);
	c->s = (int)(rem / 1000 % 60);
	c->ms = (int)(rem % 1000);
}

/*
 * Parse a time a resident wrote on a paper form, as time_parse does, and
 * refuse one after now: a form is entered after it was signed.
 */
enum rv_status
time_parse_past(const char *s, rv_ms now, rv_ms *out, char **cause)
{
	enum rv_status	 st;

	if ((st = time_parse(s, out, NULL, cause)) != RV_OK)
		return st;
	if (*out > now)
		return rv_fail(cause, RV_EINPUT, "'%s' is in the future", s);
	return RV_OK;
}

/*
 * Format t at the given offset (minutes east of UTC), with milliseconds
 * only when they are not zero.  buf should hold RV_TIME_MAX bytes.
 */
void
time_format(rv_ms t, int offset, char *buf, size_t len)
{
	struct civil	 c;
	int		 aoff = offset < 0 ? -offset : offset;
	char		 frac[8] = "";

	civil_at(t, offset, &c);
	if (c.ms != 0)
		snprintf(frac, sizeof frac, ".%03d", c.ms);
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d%s%c%02d:%02d", c.y,
	    c.m, c.d, c.h, c.mi, c.s, frac, offset < 0 ? '-' : '+', aoff / 60,
	    aoff % 60);
}

/*
 * Format t as people read it on pages, screens and notices: China
 * Standard Time to the minute, "2026-12-01 08:00", no offset shown (every
 * reader is in China).  buf should hold RV_TIME_MAX bytes.
 */
void
time_format_short(rv_ms t, char *buf, size_t len)
{
	struct civil	 c;

	civil_at(t, RV_CST_OFFSET, &c);
	snprintf(buf, len, "%04d-%02d-%02d %02d:%02d", c.y, c.m, c.d, c.h,
	    c.mi);
}

/* The current time in milliseconds. */
rv_ms
time_now(void)
{
	struct timespec	 ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
		fatal("clock_gettime failed");
	return (rv_ms)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
