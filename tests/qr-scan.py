#!/usr/bin/env python3
"""Read a QR code drawn with half blocks off a captured terminal screen.

    qr-scan.py FROM_COL [TO_COL] < screen.txt

Takes the part of each line from display column FROM_COL (counting wide
characters as two columns) up to TO_COL, finds the lines holding half
blocks, turns them into a bitmap (both polarities: a terminal may draw the
light or the dark modules), and prints what zbarimg reads from it.  Exits 1
when nothing can be read.
"""

import os
import subprocess
import sys
import tempfile
import unicodedata

CELLS = {" ": (0, 0), "\u2580": (1, 0), "\u2584": (0, 1), "\u2588": (1, 1)}
SCALE = 4
MARGIN = 4


def columns(line):
    """The line as a list of one-column cells (wide characters padded)."""
    out = []
    for ch in line:
        out.append(ch)
        if unicodedata.east_asian_width(ch) in "WF":
            out.append("")
    return out


def main():
    lo = int(sys.argv[1])
    hi = int(sys.argv[2]) if len(sys.argv) > 2 else None
    rows = []
    for line in sys.stdin.read().splitlines():
        cells = columns(line)[lo:hi]
        if any(c in "\u2580\u2584\u2588" for c in cells if c):
            rows.append(cells)
        elif rows:
            break
    if not rows:
        sys.exit("qr-scan: no half blocks on the screen")
    width = max(len(r) for r in rows)
    for polarity in (0, 1):
        mods = []
        for r in rows:
            top, bottom = [], []
            for x in range(width):
                c = r[x] if x < len(r) else " "
                t, b = CELLS.get(c, (0, 0))
                if polarity:
                    t, b = 1 - t, 1 - b
                top.append(t)
                bottom.append(b)
            mods += [top, bottom]
        w, h = width + 2 * MARGIN, len(mods) + 2 * MARGIN
        with tempfile.NamedTemporaryFile("w", suffix=".pbm",
                                         delete=False) as f:
            f.write("P1\n%d %d\n" % (w * SCALE, h * SCALE))
            for y in range(h):
                row = []
                for x in range(w):
                    my, mx = y - MARGIN, x - MARGIN
                    d = mods[my][mx] if 0 <= my < len(mods) and \
                        0 <= mx < width else 0
                    row += [str(d)] * SCALE
                line = " ".join(row) + "\n"
                f.write(line * SCALE)
            path = f.name
        try:
            got = subprocess.run(["zbarimg", "--raw", "-q", path],
                                 capture_output=True, text=True)
        finally:
            os.unlink(path)
        if got.returncode == 0 and got.stdout.strip():
            print(got.stdout.strip())
            return
    sys.exit("qr-scan: zbarimg read nothing")


if __name__ == "__main__":
    main()
