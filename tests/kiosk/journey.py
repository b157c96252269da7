"""A whole guided vote as a resident makes it, driven through tmux by
tests/kiosk/journey.sh: Welcome to the printed receipt, recognising each
screen by its title (from the built catalogues) and pressing what a
resident would, counting the key presses.

    python3 journey.py SOCKET COLS ROWS LANG CODE_MODE CODE ROOM OUT.json

CODE_MODE is "digits" (the 18 digits typed one key at a time) or "scan"
(the letter code and Enter sent as one burst, as a scanner types it,
counted as one press).  Every screen seen is checked as it comes: the
step line advances by one per screen once the flat is known and the
total never changes, the last screen is N of N; no wrapped line is cut
inside a number; the flat's total is on screen before the first
question.  OUT.json gets the key count, the screens, the receipt codes
on screen and the problems found.
"""

import gettext
import json
import os
import re
import subprocess
import sys
import time
import unicodedata

sock, cols, rows, lang, mode, code, room, out = sys.argv[1:9]
cols, rows = int(cols), int(rows)
cat = gettext.translation("renovote", os.environ["RENOVOTE_LOCALEDIR"],
                          [lang], fallback=False)
_ = cat.gettext
WAIT_S = float(os.environ.get("TMUX_WAIT_S", "15"))

problems = []
presses = 0
screens = []
steps = []
receipt_codes = set()
total_before_question = False
seen_question = False


def tm(*args):
    return subprocess.run(["tmux", "-L", sock] + list(args),
                          capture_output=True, text=True).stdout


def capture():
    return tm("capture-pane", "-p")


def send(*keys, count=None):
    """Send keys; count them as presses (count overrides)."""
    global presses
    tm("send-keys", *keys)
    presses += len(keys) if count is None else count


def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in s)


def wait_change(before):
    """The screen once it differs from before (and is still for 0.15 s)."""
    deadline = time.time() + WAIT_S
    while time.time() < deadline:
        s = capture()
        if s != before:
            time.sleep(0.15)
            s2 = capture()
            if s2 == s:
                return s
        time.sleep(0.05)
    problems.append("the screen did not change after a key:\n" + before)
    return None


def title_is(s, msgid):
    first = s.split("\n", 1)[0]
    return _(msgid) in first


CUT = re.compile(r"[0-9][0-9,.]*$")


def check_screen(s):
    """The checks every screen gets."""
    global total_before_question, seen_question
    lines = s.rstrip("\n").split("\n")
    for a, b in zip(lines, lines[1:]):
        # A wrapped line (it reached the right edge) that ends inside a
        # number continued on the next line.
        if width(a.rstrip()) >= cols - 2 and CUT.search(a.rstrip()) and \
                re.match(r"^\s*[0-9]", b):
            problems.append("a number cut across lines:\n%s\n%s" % (a, b))
    m = re.search(_("Step %d of %d").replace("%d", r"(\d+)"), s)
    if m:
        steps.append((int(m.group(1)), int(m.group(2))))
    if title_is(s, "What your flat pays") and not seen_question:
        if re.search(r"[0-9],?[0-9]*\.[0-9]{2}", s):
            total_before_question = True
    if title_is(s, "Questions"):
        seen_question = True
    if title_is(s, "Your receipt"):
        receipt_codes.update(re.findall(r"\b[0-9A-Z]{5}-[0-9A-Z]{5}\b", s))
    screens.append(s)


def choice_key(s, text):
    """The number key of the choice whose line holds text."""
    for line in s.split("\n"):
        m = re.match(r"^\s*\[(\d)\]\s+(.*)$", line)
        if m and text in m.group(2):
            return m.group(1)
    return None


def main():
    s = capture()
    printed = False
    for _i in range(400):
        check_screen(s)
        before = s
        if title_is(s, "Welcome"):
            if printed:
                break           # the session is over
            send("1")
        elif title_is(s, "Your flat"):
            # building 1, entrance 1, room 101: the choices name them.
            k = choice_key(s, room) or "1"
            send(k)
        elif title_is(s, "Your voting code"):
            if mode == "scan":
                send(code, "Enter", count=1)
            else:
                for d in code:
                    send(d)
                send("Enter")
        elif title_is(s, "What your flat pays") or title_is(s, "The plan"):
            send("1")
        elif title_is(s, "Questions"):
            send("1")
        elif title_is(s, "Review your answers"):
            send("1")
        elif title_is(s, "Willingness pledge"):
            send("1")
        elif title_is(s, "Your suggestion"):
            send("2")
        elif title_is(s, "Your receipt"):
            if not printed:
                send("1")
                printed = True
            else:
                # The whole list: scroll with 8 to its end, then finish.
                send("0")
        else:
            problems.append("a screen the resident cannot place:\n" + s)
            break
        s = wait_change(before)
        if s is None:
            break
    else:
        problems.append("the journey did not end")
    # Steps: after the flat is known, one more per screen, same total,
    # ending N of N.  Screens that repeat (a message changed on the same
    # screen) show the same step and are skipped.
    known = [(n, m) for n, m in steps if m > 0]
    uniq = [known[0]] if known else []
    for st in known[1:]:
        if st != uniq[-1]:
            uniq.append(st)
    for a, b in zip(uniq, uniq[1:]):
        if b[0] != a[0] + 1 or b[1] != a[1]:
            problems.append("step %d of %d followed by %d of %d" %
                            (a[0], a[1], b[0], b[1]))
    if not uniq or uniq[-1][0] != uniq[-1][1]:
        problems.append("the last step is not N of N: %r" % (uniq[-1:],))
    if not total_before_question:
        problems.append("the flat's total was not on screen before the "
                        "first question")
    json.dump({"presses": presses, "problems": problems,
               "steps": uniq, "receipt_codes": sorted(receipt_codes),
               "screens": screens}, open(out, "w"), ensure_ascii=False,
              indent=1)


main()
