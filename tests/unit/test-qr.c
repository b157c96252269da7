/*
 * QR codes: the half-block drawing holds exactly the encoder's modules with
 * its quiet zone, in both polarities, and zbarimg reads the drawing back
 * to the URL it encodes (SKIP when zbarimg is not installed).
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "renovote.h"
#include "test.h"
#include "store.h"

#define QUIET	4

static const char *upper = "\xe2\x96\x80", *lower = "\xe2\x96\x84",
    *full = "\xe2\x96\x88";

/*
 * Read the half-block lines back into modules: *dark[y][x] of the drawn
 * side.  Returns 0 when a line holds anything but the four cells.
 */
static int
unblock(char **lines, size_t n, int side, int light_glyphs,
    unsigned char *mod)
{
	size_t	 i;
	int	 x, top, bottom;
	const char *p;

	for (i = 0; i < n; i++) {
		p = lines[i];
		for (x = 0; x < side; x++) {
			if (*p == ' ') {
				top = bottom = 0;
				p++;
			} else if (strncmp(p, upper, 3) == 0) {
				top = 1, bottom = 0;
				p += 3;
			} else if (strncmp(p, lower, 3) == 0) {
				top = 0, bottom = 1;
				p += 3;
			} else if (strncmp(p, full, 3) == 0) {
				top = bottom = 1;
				p += 3;
			} else
				return 0;
			if (light_glyphs) {
				top = !top;
				bottom = !bottom;
			}
			mod[(2 * i) * side + x] = top;
			if ((int)(2 * i + 1) < side)
				mod[(2 * i + 1) * side + x] = bottom;
		}
		if (*p != '\0')
			return 0;
	}
	return 1;
}

/* The drawing is the symbol, quiet zone included, in both polarities. */
static void
test_blocks(void)
{
	struct rv_qr	*qr = NULL;
	char		**lines, *cause = NULL;
	size_t		 n;
	int		 side, x, y, ok, glyphs;
	unsigned char	*mod;

	TEST_BEGIN("blocks");
	CHECK(qr_make("https://office.example/e/LC-XNY-02", &qr,
	    &cause) == RV_OK);
	if (qr == NULL)
		return;
	CHECK(qr->width >= 21 && (qr->width - 17) % 4 == 0);
	side = qr->width + 2 * QUIET;
	mod = malloc((size_t)side * side);
	for (glyphs = 0; glyphs < 2; glyphs++) {
		lines = qr_half_blocks(qr, QUIET, glyphs, &n);
		CHECK_INT_EQ(n, (side + 1) / 2);
		memset(mod, 2, (size_t)side * side);
		CHECK(unblock(lines, n, side, glyphs, mod));
		ok = 1;
		for (y = 0; y < side; y++)
			for (x = 0; x < side; x++)
				if (mod[y * side + x] != qr_dark(qr, x - QUIET,
				    y - QUIET))
					ok = 0;
		CHECK(ok);
		strv_free(lines, n);
	}
	/* The finder pattern's corner is dark, the quiet zone light. */
	CHECK(qr_dark(qr, 0, 0) == 1);
	CHECK(qr_dark(qr, -1, 0) == 0);
	CHECK(qr_dark(qr, qr->width, qr->width) == 0);
	free(mod);
	qr_free(qr);
}

/* Empty and oversized texts are refused with a cause. */
static void
test_limits(void)
{
	struct rv_qr	*qr = NULL;
	char		*cause = NULL, *big;

	TEST_BEGIN("limits");
	CHECK(qr_make("", &qr, &cause) == RV_EINPUT && qr == NULL);
	CHECK(cause != NULL);
	free(cause);
	cause = NULL;
	big = malloc(RV_QR_TEXT_MAX + 2);
	memset(big, 'a', RV_QR_TEXT_MAX + 1);
	big[RV_QR_TEXT_MAX + 1] = '\0';
	CHECK(qr_make(big, &qr, &cause) == RV_EINPUT && qr == NULL);
	free(cause);
	cause = NULL;
	big[RV_QR_TEXT_MAX] = '\0';
	CHECK(qr_make(big, &qr, &cause) == RV_OK && qr != NULL);
	qr_free(qr);
	free(big);
	qr_free(NULL);
}

/*
 * The kiosk's session receipt: a 28-byte address and seven receipts (104
 * bytes) make version 5 (37 modules) at level L, the most 20 lines of a
 * terminal hold; level M would need version 6 (41).
 */
static void
test_screen(void)
{
	const char	*url = "https://office.example.cn/r/HR7MKATH58+"
	    "T8S5JK86H2+1B46V6FKKP+5MCSTCVMAH+R8F0K08N6F+6PC57DF8ZZ+"
	    "HR7MKATH59";
	struct rv_qr	*qr = NULL;

	TEST_BEGIN("screen");
	CHECK(strlen(url) == 104);
	CHECK(qr_make_screen(url, &qr, NULL) == RV_OK && qr->width == 37);
	qr_free(qr);
	CHECK(qr_make(url, &qr, NULL) == RV_OK && qr->width == 41);
	qr_free(qr);
}

/*
 * zbarimg reads the half-block drawing, scaled up as a bitmap, back to the
 * URL.  Without zbarimg this part cannot run: the program then reports
 * SKIP, with the reason, once the other checks have passed.
 */
static void
test_scan(void)
{
	const char	*url = "https://office.example/r/7K3M9QXR2T?lang=zh_CN";
	struct rv_qr	*qr = NULL;
	char		 path[] = "/tmp/test-qr-XXXXXX", cmd[256], got[512];
	char		**lines;
	unsigned char	*mod;
	size_t		 n;
	int		 fd, side, x, y, i, scale = 4;
	FILE		*f, *p;

	TEST_BEGIN("scan");
	if (system("command -v zbarimg >/dev/null 2>&1") != 0) {
		test_skip("zbarimg not found (Debian package zbar-tools): "
		    "the drawing is not scanned back to its URL");
		return;
	}
	CHECK(qr_make(url, &qr, NULL) == RV_OK);
	side = qr->width + 2 * QUIET;
	lines = qr_half_blocks(qr, QUIET, 0, &n);
	mod = calloc((size_t)side * side, 1);
	CHECK(unblock(lines, n, side, 0, mod));
	CHECK((fd = mkstemp(path)) != -1);
	f = fdopen(fd, "w");
	fprintf(f, "P1\n%d %d\n", side * scale, side * scale);
	for (y = 0; y < side * scale; y++) {
		for (x = 0; x < side * scale; x++)
			fputs(mod[(y / scale) * side + x / scale] ? "1 " : "0 ",
			    f);
		fputc('\n', f);
	}
	fclose(f);
	snprintf(cmd, sizeof cmd, "zbarimg --raw -q pbm:%s 2>/dev/null", path);
	CHECK((p = popen(cmd, "r")) != NULL);
	got[0] = '\0';
	if (fgets(got, sizeof got, p) == NULL)
		got[0] = '\0';
	pclose(p);
	i = (int)strcspn(got, "\n");
	got[i] = '\0';
	CHECK_STR_EQ(got, url);
	unlink(path);
	strv_free(lines, n);
	free(mod);
	qr_free(qr);
}

int
main(void)
{
	test_blocks();
	test_limits();
	test_screen();
	test_scan();
	return test_done("test-qr");
}
