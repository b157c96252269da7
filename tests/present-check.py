#!/usr/bin/env python3
"""Compare what one presentation shows with the tally JSON.

    present-check.py KIND TALLY.json ESTATE SHOWN [PLAN.json...]

KIND is what SHOWN holds:

  page     an estate's results page (served, "page" or published): per
           question its status, the four bars (count, base, percentage,
           "at least"/"more than" n/d, met or not met), the leading option,
           the choices and the needs; per pledge its bar
  notice   the printed notice (zh_CN): per question the participation and
           judged-choice figures, the rule and the result; per pledge its line
  text     "renovote-office tally" in English: per question the rows, the
           marks on the participation row and on the judged choice, the
           result and the needs; per pledge its line
  dash     a capture of the office dashboard showing ESTATE: per question
           its status, the threshold labels, the shares and met or not met;
           per pledge its line
  kiosk    a capture of the kiosk's committee tally: per question its
           owners taking part and each choice's owners

Only the visible text is read (tags give structure, never meaning), and
every question and pledge of ESTATE in the JSON must be found.  The plans
give the English option titles.  Prints one line per disagreement and
exits 1 if there was any; otherwise prints how many figures agreed.
"""

import gettext
import html.parser
import json
import os
import re
import sys

EARLY_EN = {
    "passes": "thresholds already reached",
    "fails": "can no longer pass",
}


def need_lines(q, which, indent=""):
    """The still-needed line the tally JSON asks for: only while open, not
    decided early, for a bar not met, for approval once someone took part;
    naming only the measures that fall short."""
    n = q["needed"][which]
    if q["status"] != "open" or q["decided_early"] is not None or \
            q["%s_met" % which] or \
            (which == "approval" and q["participating"]["owners"] == 0):
        return []
    o, a = n["owners"], hundredths(n["area_m2"])
    if o > 0 and a > 0:
        tail = "%d more owners, %s m2 more area" % (o, area(a))
    elif o > 0:
        tail = "%d more owners" % o
    else:
        tail = "%s m2 more area" % area(a)
    return ["%sstill needed for %s: %s" % (indent, which, tail)]


def early_suffix(q, fmt):
    return fmt % EARLY_EN[q["decided_early"]] if q["decided_early"] else ""


STATUS_EN = {
    "open": "open (voting continues)",
    "not-quorate": "not quorate (too few took part)",
    "approved": "approved",
    "rejected": "rejected",
    "adopted": "adopted",
    "no-option": "no option adopted",
}

problems = []
agreed = 0


def same(what, shown, want):
    """Record whether one shown figure is the JSON's."""
    global agreed
    if shown == want:
        agreed += 1
    else:
        problems.append("%s: shown %r, tally JSON says %r" % (what, shown, want))


def hundredths(x):
    """A JSON area (two decimals) in hundredths of a m2."""
    return int(round(x * 100))


def area(h):
    """Hundredths of a m2 as the programs print them."""
    return "%d.%02d" % (h // 100, h % 100)


def pct(count, base):
    """The share as percent_format prints it: truncated, "-" for no base."""
    if base <= 0:
        return "-"
    bp = count * 10000 // base
    return "%d.%02d%%" % (bp // 100, bp % 100)


def measure(bar, key):
    """(count, base) of one bar measure, areas in hundredths."""
    if key == "owners":
        return bar["count"], bar["base"]
    return hundredths(bar["count"]), hundredths(bar["base"])


def catalogue(lang):
    """The gettext function of the programs' catalogue for lang."""
    d = os.environ.get("RENOVOTE_LOCALEDIR", "")
    return gettext.translation("renovote", d, languages=[lang],
                               fallback=True).gettext


def format_re(fmt):
    """A regular expression matching what printf makes of fmt."""
    out = ""
    for tok in re.split(r"(%%|%l*[duz]+|%s|%u)", fmt):
        if tok == "%%":
            out += "%"
        elif tok == "%s":
            out += "(.*?)"
        elif tok.startswith("%") and tok:
            out += r"(\d+)"
        else:
            out += re.escape(tok)
    return "^" + out + "$"


class Text(html.parser.HTMLParser):
    """HTML as lines of visible text; a table row is one line of cells
    joined by tabs, the parts of a cell (broken by <br> or a block)
    joined by " / "."""

    BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "section",
              "li", "ul", "table", "header", "main", "footer", "dl", "dt",
              "dd", "form", "br", "thead", "tbody"}
    SKIP = {"style", "script", "svg", "title", "head"}

    def __init__(self):
        super().__init__()
        self.lines = []
        self.cur = ""
        self.row = None
        self.skip = 0

    def flush(self):
        s = " ".join(self.cur.split())
        if s:
            self.lines.append(s)
        self.cur = ""

    def cell_break(self):
        if self.row is not None and self.row:
            self.row[-1].append("")

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip += 1
        elif tag == "tr":
            self.flush()
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.row.append([""])
        elif tag in self.BLOCKS:
            if self.row is not None:
                self.cell_break()
            else:
                self.flush()

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skip -= 1
        elif tag == "tr" and self.row is not None:
            cells = []
            for c in self.row:
                parts = [" ".join(p.split()) for p in c]
                cells.append(" / ".join(p for p in parts if p))
            self.lines.append("\t".join(cells))
            self.row = None
        elif tag in self.BLOCKS:
            if self.row is not None:
                self.cell_break()
            else:
                self.flush()

    def handle_data(self, data):
        if self.skip:
            return
        if self.row is not None and self.row:
            self.row[-1][-1] += data
        elif self.row is None:
            self.cur += data


def html_lines(path):
    """The visible text of an HTML file, line by line."""
    p = Text()
    p.feed(open(path, encoding="utf-8").read())
    p.close()
    p.flush()
    return p.lines


def option_titles(plans, estate, lang):
    """{question id: {option id: title in lang}} from the plan files."""
    out = {}
    for path in plans:
        plan = json.load(open(path, encoding="utf-8"))
        if plan["estate_id"] != estate:
            continue
        for q in plan["questions"]:
            out[q["id"]] = {o["id"]: o["title"].get(lang, o["title"]["zh_CN"])
                            for o in q.get("options", [])}
            out[q["id"]][None] = q["title"].get(lang, q["title"]["zh_CN"])
    return out


def find(lines, pred, what, start=0, stop=None):
    """Index of the first line from start satisfying pred, or None."""
    for i in range(start, len(lines) if stop is None else stop):
        if pred(lines[i]):
            return i
    problems.append("%s: not shown" % what)
    return None


def blocks(lines, ids):
    """{id: (first, end)} of the blocks headed by a line ending in the id."""
    heads = []
    for i, l in enumerate(lines):
        for x in ids:
            if l == x or l.endswith(" " + x):
                heads.append((i, x))
    out = {}
    for k, (i, x) in enumerate(heads):
        end = heads[k + 1][0] if k + 1 < len(heads) else len(lines)
        if x in out:
            problems.append("%s: shown twice" % x)
        out[x] = (i, end)
    return out


BAR_RE = {
    "owners": re.compile(r"^(\d+) of (\d+) owners \((\S+)\) · needs "
                         r"(at least|more than) (\d+)/(\d+) · (met|not met)$"),
    "area_m2": re.compile(r"^(\d+\.\d\d) of (\d+\.\d\d) m² \((\S+)\) · needs "
                          r"(at least|more than) (\d+)/(\d+) · (met|not met)$"),
    "flats": re.compile(r"^(\d+) of (\d+) flats \((\S+)\) · needs "
                        r"(at least|more than) (\d+)/(\d+) · (met|not met)$"),
}


def page_bar(lines, start, end, label, bar, key, what):
    """Check the bar under the line label against one JSON bar."""
    i = find(lines, lambda l: l == label, what, start, end)
    if i is None or i + 1 >= end:
        return
    m = BAR_RE[key].match(lines[i + 1])
    if m is None:
        problems.append("%s: figures not readable: %r" % (what, lines[i + 1]))
        return
    count, base = measure(bar, "owners" if key == "flats" else key)
    if key == "area_m2":
        same(what + " count", m.group(1), area(count))
        same(what + " base", m.group(2), area(base))
    else:
        same(what + " count", int(m.group(1)), count)
        same(what + " base", int(m.group(2)), base)
    same(what + " share", m.group(3), pct(count, base))
    same(what + " threshold",
         "%s %s/%s" % (m.group(4), m.group(5), m.group(6)),
         "%s %s" % ("more than" if bar["strict"] else "at least",
                    bar["threshold"]))
    same(what + " met", m.group(7) == "met", bar["met"])


def check_page(j, estate, lines, plans):
    """An estate's results page in English."""
    titles = option_titles(plans, estate, "en")
    qs = [q for q in j["questions"] if q["estate_id"] == estate]
    ps = [p for p in j["pledges"] if p["estate_id"] == estate]
    where = blocks(lines, [q["question_id"] for q in qs] +
                   [p["pledge_id"] for p in ps])
    for q in qs:
        qid = q["question_id"]
        if qid not in where:
            problems.append("%s: question not on the page" % qid)
            continue
        s, e = where[qid]
        i = find(lines, lambda l: l.startswith("result: "), qid + " status",
                 s, e)
        if i is not None:
            want = STATUS_EN[q["status"]]
            if q["status"] == "adopted":
                want += ": " + titles[qid][q["adopted"]]
            want += early_suffix(q, " (%s)")
            same(qid + " status", lines[i][len("result: "):], want)
        for which, word in (("participation", "Participation"),
                            ("approval", "Support for that option"
                             if q["kind"] == "choose-one" else "Approval")):
            for key, by in (("owners", "owners"), ("area_m2", "area")):
                page_bar(lines, s, e, "%s by %s" % (word, by),
                         q["bars"][which][key], key,
                         "%s %s bar by %s" % (qid, which, by))
        lead = [l for l in lines[s:e] if l.startswith("Leading option: ")]
        if q["kind"] == "choose-one":
            same(qid + " leading option",
                 [l[len("Leading option: "):] for l in lead],
                 [titles[qid][q["judged"]]] if q["judged"] else [])
        else:
            same(qid + " no leading option", lead, [])
        for c, n in q["choices"].items():
            label = titles[qid].get(c, c) if q["kind"] == "choose-one" and \
                c != "abstain" else c
            i = find(lines, lambda l: l.startswith(label + "\t"),
                     "%s choice %s" % (qid, c), s, e)
            if i is None:
                continue
            po, pa = q["participating"]["owners"], \
                hundredths(q["participating"]["area_m2"])
            a = hundredths(n["area_m2"])
            same("%s choice %s" % (qid, c), lines[i],
                 "%s\t%d %s\t%s %s" % (label, n["owners"],
                                       pct(n["owners"], po), area(a),
                                       pct(a, pa)))
        for which in ("participation", "approval"):
            need = [l for l in lines[s:e]
                    if l.startswith("still needed for %s:" % which)]
            same("%s %s need" % (qid, which), need, need_lines(q, which))
    for p in ps:
        pid = p["pledge_id"]
        if pid not in where:
            problems.append("%s: pledge not on the page" % pid)
            continue
        s, e = where[pid]
        bar = {"count": p["signed"]["flats"], "base": p["flats"],
               "threshold": p["threshold"], "strict": False, "met": p["met"]}
        page_bar(lines, s, e, "Flats that signed the pledge", bar, "flats",
                 pid + " pledge bar")
        same(pid + " pledge area",
             [l for l in lines[s:e] if l.startswith("their area: ")],
             ["their area: %s of %s m²" % (
                 area(hundredths(p["signed"]["area_m2"])),
                 area(hundredths(p["area_m2"])))])


def mark(measure_bar):
    """The notice's mark of one threshold: met or not."""
    return "✔" if measure_bar["met"] else "✖"


def check_notice(j, estate, lines, plans):
    """The printed notice, in zh_CN."""
    _ = catalogue("zh_CN")
    titles = option_titles(plans, estate, "zh_CN")
    status = {k: _(v) for k, v in STATUS_EN.items()}
    for q in (q for q in j["questions"] if q["estate_id"] == estate):
        qid = q["question_id"]
        title = titles[qid][None]
        rows = [l.split("\t") for l in lines
                if l.split("\t")[0].split(" / ")[0] == title]
        if len(rows) != 1:
            problems.append("%s: %d notice rows titled %r" %
                            (qid, len(rows), title))
            continue
        row = rows[0]
        if len(row) != 4:
            problems.append("%s: notice row %r" % (qid, row))
            continue
        same(qid + " notice rule", row[0], "%s / %s" % (
            title, _("major matter" if q["matter"] == "major"
                          else "ordinary matter")))
        b = q["bars"]["participation"]
        o, ob = measure(b["owners"], "owners")
        a, ab = measure(b["area_m2"], "area_m2")
        same(qid + " notice participation", row[1],
             "%d/%d (%s) %s / %s/%s m² (%s) %s" % (
                 o, ob, pct(o, ob), mark(b["owners"]), area(a), area(ab),
                 pct(a, ab), mark(b["area_m2"])))
        b = q["bars"]["approval"]
        o, ob = measure(b["owners"], "owners")
        a, ab = measure(b["area_m2"], "area_m2")
        if q["judged"] is None:
            label = None
        elif q["kind"] == "choose-one" and q["judged"] != "abstain":
            label = titles[qid][q["judged"]]
        else:
            label = _(q["judged"].capitalize())
        same(qid + " notice judged choice", row[2],
             "-" if label is None else "%s%s%d (%s) %s / %s m² (%s) %s" % (
                 label, _(": "),
                 o, pct(o, ob), mark(b["owners"]), area(a), pct(a, ab),
                 mark(b["area_m2"])))
        want = status[q["status"]]
        if q["status"] == "adopted":
            want += ": " + titles[qid][q["adopted"]]
        same(qid + " notice result", row[3], want)
    fmt = re.compile(format_re(
        _("signed by %lld of %lld flats (%s); threshold %u/%u: %s")))
    texts = {}
    for path in plans:
        plan = json.load(open(path, encoding="utf-8"))
        if plan["estate_id"] == estate:
            texts = {p["id"]: p["text"]["zh_CN"] for p in plan["pledges"]}
    for p in (p for p in j["pledges"] if p["estate_id"] == estate):
        pid = p["pledge_id"]
        found = [lines[i + 1] for i, l in enumerate(lines[:-1])
                 if l == texts[pid]]
        if len(found) != 1:
            problems.append("%s: %d notice lines" % (pid, len(found)))
            continue
        m = fmt.match(found[0])
        if m is None:
            problems.append("%s: notice line not readable: %r" %
                            (pid, found[0]))
            continue
        s, f = p["signed"]["flats"], p["flats"]
        same(pid + " notice pledge", m.groups(),
             (str(s), str(f), pct(s, f)) + tuple(p["threshold"].split("/")) +
             (_("met") if p["met"] else _("not met"),))


ROW_RE = re.compile(r"^    (.{16})([ \d]{6}) (.{8}) ([ \d.]{12})"
                    r"(?: (\S+))?(?:\s+(\[met\]|\[not met\]))?$")


def text_row(line):
    """(label, owners, share, area, share, mark) of one table row."""
    m = ROW_RE.match(line)
    if m is None:
        return None
    return (m.group(1).strip(), int(m.group(2)), m.group(3).strip(),
            m.group(4).strip(), m.group(5) or "", m.group(6))


def check_text(j, estate, lines):
    """The readable tally in English."""
    qs = [q for q in j["questions"] if q["estate_id"] == estate]
    ps = [p for p in j["pledges"] if p["estate_id"] == estate]
    heads = {}
    top = [i for i, l in enumerate(lines) if l and not l.startswith(" ")]
    start = [i for i in top if lines[i].endswith("  " + estate)]
    if len(start) != 1:
        problems.append("%s: not once in the tally text" % estate)
        return
    end = ([i for i in top if i > start[0]] + [len(lines)])[0]
    for i in range(start[0] + 1, end):
        m = re.match(r"^  (\S+)  ", lines[i])
        if m:
            heads[m.group(1)] = i
    for q in qs:
        qid = q["question_id"]
        if qid not in heads:
            problems.append("%s: not in the tally text" % qid)
            continue
        s = heads[qid]
        e = s + 1
        while e < len(lines) and lines[e].startswith("    "):
            e += 1
        rows = {}
        for l in lines[s:e]:
            r = text_row(l)
            if r is not None:
                rows[r[0]] = r
        po, pa = q["participating"]["owners"], \
            hundredths(q["participating"]["area_m2"])
        eo, ea = q["eligible"]["owners"], hundredths(q["eligible"]["area_m2"])
        same(qid + " text eligible", rows.get("eligible"),
             ("eligible", eo, "", area(ea), "", None))
        same(qid + " text taking part", rows.get("taking part"),
             ("taking part", po, pct(po, eo), area(pa), pct(pa, ea),
              "[met]" if q["participation_met"] else "[not met]"))
        for c, n in q["choices"].items():
            a = hundredths(n["area_m2"])
            mark = None
            if c == q["judged"]:
                mark = "[met]" if q["approval_met"] else "[not met]"
            same("%s text choice %s" % (qid, c), rows.get(c),
                 (c, n["owners"], pct(n["owners"], po), area(a), pct(a, pa),
                  mark))
        want = "    result: " + STATUS_EN[q["status"]]
        if q["status"] == "adopted":
            want += " (%s)" % q["adopted"]
        want += early_suffix(q, " (%s)")
        same(qid + " text result",
             [l for l in lines[s:e] if l.startswith("    result: ")], [want])
        for which in ("participation", "approval"):
            same("%s text %s need" % (qid, which),
                 [l for l in lines[s:e]
                  if l.startswith("    still needed for %s:" % which)],
                 need_lines(q, which, "    "))
    for p in ps:
        pid = p["pledge_id"]
        if pid not in heads:
            problems.append("%s: not in the tally text" % pid)
            continue
        s, f = p["signed"]["flats"], p["flats"]
        sa, fa = hundredths(p["signed"]["area_m2"]), hundredths(p["area_m2"])
        same(pid + " text pledge", lines[heads[pid] + 1],
             "    signed by %d of %d flats (%s), %s of %s m2 (%s); "
             "threshold %s of flats: %s" % (
                 s, f, pct(s, f), area(sa), area(fa), pct(sa, fa),
                 p["threshold"], "[met]" if p["met"] else "[not met]"))


DASH_RE = re.compile(r"^ (turnout|agreeing)\s+([≥>])(\d+)/(\d+)\s+[█░]+ "
                     r"area (\S+) owners (\S+) (met|not met)\s*$")


def check_dash(j, estate, lines):
    """The dashboard screen of one estate, in English."""
    qs = [q for q in j["questions"] if q["estate_id"] == estate]
    ps = [p for p in j["pledges"] if p["estate_id"] == estate]
    if not any(re.search(r" %s  \(" % re.escape(estate), l) for l in lines):
        problems.append("%s: not the estate on the dashboard" % estate)
        return
    for q in qs:
        qid = q["question_id"]
        i = find(lines, lambda l: l.startswith(qid + " "), qid + " on the "
                 "dashboard")
        if i is None or i + 2 >= len(lines):
            continue
        same(qid + " dashboard status", lines[i].rstrip().endswith(
            " " + STATUS_EN[q["status"]]), True)
        for k, (which, word) in enumerate((("participation", "turnout"),
                                           ("approval", "agreeing"))):
            m = DASH_RE.match(lines[i + 1 + k])
            if m is None or m.group(1) != word:
                problems.append("%s dashboard %s: not readable: %r" %
                                (qid, word, lines[i + 1 + k]))
                continue
            b = q["bars"][which]
            o, ob = measure(b["owners"], "owners")
            a, ab = measure(b["area_m2"], "area_m2")
            same("%s dashboard %s threshold" % (qid, word),
                 "%s%s/%s" % m.group(2, 3, 4),
                 ("%s%s" % (">" if b["owners"]["strict"] else "≥",
                            b["owners"]["threshold"])))
            same("%s dashboard %s area share" % (qid, word), m.group(5),
                 pct(a, ab))
            same("%s dashboard %s owner share" % (qid, word), m.group(6),
                 pct(o, ob))
            same("%s dashboard %s met" % (qid, word), m.group(7) == "met",
                 q["%s_met" % which])
    for p in ps:
        pid = p["pledge_id"]
        i = find(lines, lambda l: l.startswith(pid + ": "), pid + " on the "
                 "dashboard")
        if i is None:
            continue
        same(pid + " dashboard pledge", lines[i].rstrip(),
             "%s: %s of flats signed (needs %s) %s" % (
                 pid, pct(p["signed"]["flats"], p["flats"]), p["threshold"],
                 "met" if p["met"] else "not yet"))


def check_kiosk(j, estate, lines, plans):
    """The kiosk's committee tally, in English."""
    titles = option_titles(plans, estate, "en")
    for q in (q for q in j["questions"] if q["estate_id"] == estate):
        qid = q["question_id"]
        i = find(lines, lambda l: l.strip() == titles[qid][None],
                 qid + " on the kiosk")
        if i is None or i + 2 >= len(lines):
            continue
        m = re.search(r"(\d+) of (\d+) owners\s*$", lines[i + 1])
        b = q["bars"]["participation"]["owners"]
        same(qid + " kiosk owners taking part",
             m.groups() if m else lines[i + 1],
             (str(b["count"]), str(b["base"])))
        parts = []
        for c, n in q["choices"].items():
            if q["kind"] == "approve" or c == "abstain":
                label = c.capitalize()
            else:
                label = titles[qid][c]
            parts.append("%s %d" % (label, n["owners"]))
        same(qid + " kiosk choices", lines[i + 2].strip(), ", ".join(parts))


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    kind, jpath, estate, shown = sys.argv[1:5]
    plans = sys.argv[5:]
    j = json.load(open(jpath, encoding="utf-8"))
    if kind in ("page", "notice"):
        lines = html_lines(shown)
    else:
        lines = open(shown, encoding="utf-8").read().split("\n")
    if kind == "page":
        check_page(j, estate, lines, plans)
    elif kind == "notice":
        check_notice(j, estate, lines, plans)
    elif kind == "text":
        check_text(j, estate, lines)
    elif kind == "dash":
        check_dash(j, estate, lines)
    elif kind == "kiosk":
        check_kiosk(j, estate, lines, plans)
    else:
        sys.exit("unknown kind " + kind)
    for p in problems:
        print("%s %s: %s" % (kind, estate, p))
    if not problems and agreed == 0:
        print("%s %s: nothing compared" % (kind, estate))
        sys.exit(1)
    if problems:
        sys.exit(1)
    print("%d figures agree" % agreed)


if __name__ == "__main__":
    main()
