/*
 * Presentation helpers shared by pages and terminals.  They format what
 * the tally decided; they never compare a count with a threshold.
 */

#include "config.h"

#include <stdio.h>

#include "present.h"

/*
 * The threshold of bar b in short: "≥2/3" for "at least", ">1/2" for
 * "more than", as the dashboard and the kiosk's tally show it.
 */
void
present_threshold(const struct rv_bar *b, char *buf, size_t len)
{
	snprintf(buf, len, "%s%u/%u", b->strict ? ">" : "≥", b->num, b->den);
}
