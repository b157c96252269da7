/*
 * The presentation layer's helpers, shared by the results pages, the
 * notices, the office dashboard and the kiosk's screens: labels and
 * figures drawn from the tally's fields.  Nothing here judges; every
 * "met" and every threshold comes from tally.c.
 */

#ifndef RENOVOTE_PRESENT_H
#define RENOVOTE_PRESENT_H

#include "renovote.h"

/* present.c */
#define PRESENT_THRESHOLD_MAX	16	/* "≥2/3", "&gt;1/2", with NUL */
void	 present_threshold(const struct rv_bar *, char *, size_t);

#endif /* RENOVOTE_PRESENT_H */
