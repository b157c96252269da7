#!/usr/bin/env python3
"""Random estates, answers from kiosks and paper ballots, and every
receipt's verdict checked against the tally JSON at the same instant.

    receipt-check.py SEED WORKDIR

Needs OFFICE and KIOSK (the programs) in the environment.  With the
seeded generator it makes an office with several random estates: owners
holding several flats (the developer among them), buildings and
entrances, approve and choose-one questions scoped to the estate, a
building or an entrance, voting now, closed already or not yet open.
Paper ballots are entered with equal and different cast times; three
kiosks answer, "hall-1" and "kiosk-3" sorting before the office's own
device name ("office") and "tower-2" after it, so that ties to the
millisecond fall both ways; "tower-2" holds a plan whose windows and
scopes were tampered with, so that the office keeps its answers outside
a window or scope without counting them.  Later answers come after the
first instant of the tally, and ballots tie with kiosk answers to the
millisecond.

At two instants (between the answers, and after all of them) it asks
"page /api/r/RECEIPT" for every receipt and "tally --json", and checks:
every receipt names what was cast; for every question and owner exactly
one receipt is counted iff the owner took part (has an answer in scope,
inside the window and not after the instant), and it is the owner's
latest (cast time, device, sequence); every other receipt says why it is
not counted (out-of-scope, outside-window, after-tally, or superseded
naming the counted one); the counted receipts, each weighing its owner's
area in scope, add up to the JSON's participation and choices.

Prints the failures (at most a few per kind) and a summary; exits 1 on
any failure.
"""

import csv
import datetime
import json
import os
import random
import sqlite3
import subprocess
import sys
import time

OFFICE = os.environ["OFFICE"]
KIOSK = os.environ["KIOSK"]
CST = datetime.timezone(datetime.timedelta(hours=8))
MINUTE = 60000
HOUR = 60 * MINUTE
DAY = 24 * HOUR
KIOSKS = ("hall-1", "kiosk-3", "tower-2")    # "office" sorts between
TAMPERED = "tower-2"

failures = {}
checks = 0
statuses = []                # every verdict read, for the summary
ties = []                    # superseded by an answer cast at the same ms


def check(kind, ok, detail):
    """Count one check; keep the first few failures of each kind."""
    global checks
    checks += 1
    if not ok:
        failures.setdefault(kind, []).append(detail)


def run(*args, stdin=None):
    """Run a program; its stdout, or exit naming the failure."""
    p = subprocess.run(args, input=stdin, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit("%s: exit %d: %s" % (" ".join(args[:3]), p.returncode,
                                       p.stderr.strip()))
    return p.stdout


def now_ms():
    return int(time.time() * 1000)


def iso(ms):
    """ms since the epoch as ISO 8601 in China Standard Time."""
    t = datetime.datetime.fromtimestamp(ms / 1000, CST)
    s = t.strftime("%Y-%m-%dT%H:%M:%S")
    if ms % 1000:
        s += ".%03d" % (ms % 1000)
    return s + "+08:00"


def ms_of(s):
    """ISO 8601 with offset (as the programs write it) to ms."""
    return int(round(datetime.datetime.fromisoformat(s).timestamp() * 1000))


class Estate:
    """One random estate: flats, owners, plan."""

    def __init__(self, rnd, k, now):
        self.id = "RA-%02d" % k
        self.flats = {}          # flat id: (building, entrance, owner, area)
        places = [(b, e) for b in "12" for e in "12"[:rnd.randint(1, 2)]]
        nflats = rnd.randint(7, 12)
        owners = ["O%d" % i for i in range(1, rnd.randint(3, nflats))]
        owners.append("developer")
        tidy = rnd.random() < 0.5
        for i in range(nflats):
            b, e = rnd.choice(places)
            fid = "%s-%s-%d" % (b, e, 101 + i)
            area = rnd.choice((5000, 7550, 9000)) if tidy else \
                rnd.randint(3000, 12000)
            self.flats[fid] = (b, e, rnd.choice(owners), area)
        self.questions = []
        for i in range(rnd.randint(3, 4)):
            kind = rnd.choice(("approve", "choose-one"))
            q = {"id": "Q-%d" % (i + 1), "kind": kind,
                 "matter": rnd.choice(("major", "ordinary")),
                 "title": {"zh_CN": "问题%d" % (i + 1)}}
            if kind == "choose-one":
                q["options"] = [{"id": o, "title": {"zh_CN": o}} for o in
                                ("market", "community", "self")
                                [:rnd.randint(2, 3)]]
            b, e = self.flats[rnd.choice(sorted(self.flats))][:2]
            scope = rnd.choice((None, "building", "entrance"))
            if i == 2:
                scope = "entrance"
            if scope == "building":
                q["scope"] = {"building": b}
            elif scope == "entrance":
                q["scope"] = {"building": b, "entrance": e}
            # The first votes now, the second has closed or has not yet
            # opened, the third votes now in part of the estate.
            when = ("now", rnd.choice(("past", "future")), "now",
                    rnd.choice(("now", "past", "future")))[i]
            opens, closes = {"now": (now - 2 * DAY, now + 2 * DAY),
                             "past": (now - 3 * DAY, now - DAY),
                             "future": (now + DAY, now + 3 * DAY)}[when]
            q["opens"] = iso(opens)
            q["closes"] = iso(closes)
            self.questions.append(q)
        self.q = {q["id"]: q for q in self.questions}

    def plan(self):
        return {"estate_id": self.id, "title": {"zh_CN": self.id},
                "items": [], "questions": self.questions, "pledges": []}

    def in_scope(self, fid, q):
        b, e = self.flats[fid][:2]
        s = q.get("scope", {})
        return s.get("building", b) == b and s.get("entrance", e) == e

    def owner(self, fid):
        return self.flats[fid][2]

    def choices(self, q):
        if q["kind"] == "approve":
            return ["agree", "disagree", "abstain"]
        return [o["id"] for o in q["options"]] + ["abstain"]

    def window(self, q):
        return ms_of(q["opens"]), ms_of(q["closes"])


def tamper(kdb):
    """Widen every window and drop every scope in a kiosk's plans."""
    db = sqlite3.connect(kdb)
    for eid, src in db.execute("SELECT estate_id, source FROM plan").fetchall():
        p = json.loads(src)
        for q in p["questions"]:
            q["opens"] = iso(now_ms() - 10 * DAY)
            q["closes"] = iso(now_ms() + 10 * DAY)
            q.pop("scope", None)
        db.execute("UPDATE plan SET source = ? WHERE estate_id = ?",
                   (json.dumps(p, ensure_ascii=False), eid))
    db.commit()
    db.close()


class World:
    """The office, its kiosks and what was cast."""

    def __init__(self, rnd, work):
        self.rnd = rnd
        self.work = work
        self.db = os.path.join(work, "office.db")
        # Whole seconds, so that a seed draws the same numbers each run.
        self.now = now_ms() // 1000 * 1000
        self.estates = [Estate(rnd, k, self.now)
                        for k in range(1, rnd.randint(3, 4) + 1)]
        self.e = {e.id: e for e in self.estates}
        self.codes = {}
        self.cast = {}           # receipt: (estate, flat, question, choice,
                                 # device); ballots get theirs when read
        self.ballots = []        # (estate, flat, question, choice, cast_at)
        self.nbundles = 0

    def setup(self):
        w = self.work
        run(OFFICE, "init", "--db", self.db)
        with open(os.path.join(w, "roster.csv"), "w", newline="") as f:
            out = csv.writer(f)
            out.writerow(("estate_id", "estate_name", "building", "entrance",
                          "room", "flat_id", "owner_id", "area_m2"))
            for e in self.estates:
                for fid, (b, en, o, a) in e.flats.items():
                    out.writerow((e.id, "小区" + e.id, b, en, fid[-3:], fid,
                                  o, "%d.%02d" % (a // 100, a % 100)))
        run(OFFICE, "roster", "import", "--db", self.db,
            os.path.join(w, "roster.csv"))
        for e in self.estates:
            path = os.path.join(w, "plan-%s.json" % e.id)
            with open(path, "w") as f:
                json.dump(e.plan(), f, ensure_ascii=False)
            run(OFFICE, "plan", "import", "--db", self.db, path)
            codes = os.path.join(w, "codes-%s.csv" % e.id)
            run(OFFICE, "codes", "issue", "--db", self.db, "--estate", e.id,
                "--out", codes)
            with open(codes) as f:
                for r in csv.DictReader(f):
                    self.codes[(e.id, r["flat_id"])] = r["code"]
            run(OFFICE, "package", "--db", self.db, "--estate", e.id,
                "--out", os.path.join(w, "%s.pkg" % e.id))
        for k in KIOSKS:
            kdb = os.path.join(w, k + ".db")
            run(KIOSK, "init", "--db", kdb, "--name", k, "--pubkey-out",
                kdb + ".pem")
            run(OFFICE, "kiosk", "enroll", "--db", self.db, "--name", k,
                "--pubkey", kdb + ".pem")
            pin = os.path.join(w, "pin")
            with open(pin, "w") as f:
                f.write("246810\n")
            for e in self.estates:
                run(KIOSK, "load", "--db", kdb, "--pin-file", pin,
                    os.path.join(w, "%s.pkg" % e.id))
            if k == TAMPERED:
                tamper(kdb)

    def kiosk_answers(self, n):
        """n answers at random kiosks; the tampered one answers anything."""
        rnd = self.rnd
        for _ in range(n):
            k = rnd.choice(KIOSKS)
            e = rnd.choice(self.estates)
            if k == TAMPERED:
                q = rnd.choice(e.questions)
                fid = rnd.choice(sorted(e.flats))
            else:
                qs = [q for q in e.questions if e.window(q)[0] <= now_ms() <=
                      e.window(q)[1] and any(e.in_scope(f, q)
                                             for f in e.flats)]
                if not qs:
                    continue
                q = rnd.choice(qs)
                fid = rnd.choice(sorted(f for f in e.flats
                                        if e.in_scope(f, q)))
            c = rnd.choice(e.choices(q))
            r = run(KIOSK, "cast", "--db", os.path.join(self.work, k + ".db"),
                    "--estate", e.id, "--flat", fid, "--code", "-",
                    "--question", q["id"], "--choice", c,
                    stdin=self.codes[(e.id, fid)] + "\n").split()[0]
            self.cast[r] = (e.id, fid, q["id"], c, k)

    def stray_answers(self):
        """From the tampered kiosk, per estate, an answer outside a
        window and one from a flat outside a question's scope."""
        rnd = self.rnd
        kdb = os.path.join(self.work, TAMPERED + ".db")
        for e in self.estates:
            q = e.questions[1]
            stray = [(q, rnd.choice(sorted(e.flats)))]
            q = e.questions[2]
            out = [f for f in sorted(e.flats) if not e.in_scope(f, q)]
            if out:
                stray.append((q, rnd.choice(out)))
            for q, fid in stray:
                c = rnd.choice(e.choices(q))
                r = run(KIOSK, "cast", "--db", kdb, "--estate", e.id,
                        "--flat", fid, "--code", "-", "--question",
                        q["id"], "--choice", c,
                        stdin=self.codes[(e.id, fid)] + "\n").split()[0]
                self.cast[r] = (e.id, fid, q["id"], c, TAMPERED)

    def ingest(self):
        self.nbundles += 1
        bundles = []
        for k in KIOSKS:
            b = os.path.join(self.work, "%s-%d.bundle" % (k, self.nbundles))
            run(KIOSK, "export", "--db", os.path.join(self.work, k + ".db"),
                "--out", b)
            bundles.append(b)
        run(OFFICE, "ingest", "--db", self.db, *bundles)

    def ballot_rows(self, rows):
        """Enter paper ballots (estate, flat, question, choice, cast_at)."""
        if not rows:
            return
        self.nbundles += 1
        path = os.path.join(self.work, "ballots-%d.csv" % self.nbundles)
        with open(path, "w", newline="") as f:
            out = csv.writer(f)
            out.writerow(("estate_id", "flat_id", "question_id", "choice",
                          "cast_at", "form_ref"))
            for i, (eid, fid, qid, c, t) in enumerate(rows):
                out.writerow((eid, fid, qid, c, iso(t),
                              "F-%d-%d" % (self.nbundles, i)))
        run(OFFICE, "ballots", "import", "--db", self.db, "--clerk", "文书",
            path)
        self.ballots += rows

    def early_ballots(self):
        """Ballots before now, several per owner, many at equal times."""
        rnd = self.rnd
        rows = []
        for e in self.estates:
            for q in e.questions:
                lo, hi = e.window(q)
                hi = min(hi, self.now - HOUR)
                if hi < lo:
                    continue
                times = [rnd.randint(lo, hi) // MINUTE * MINUTE
                         for _ in range(3)]
                times = [t for t in times if lo <= t <= hi] or [lo]
                flats = [f for f in sorted(e.flats) if e.in_scope(f, q)]
                for _ in range(rnd.randint(0, len(flats) + 2)):
                    rows.append((e.id, rnd.choice(flats), q["id"],
                                 rnd.choice(e.choices(q)), rnd.choice(times)))
        self.ballot_rows(rows)

    def late_ballots(self, mid):
        """Ballots tied to the millisecond with kiosk answers of the same
        owner, and ballots cast after the instant mid."""
        rnd = self.rnd
        rows = []
        db = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True)
        kiosk_rows = db.execute("SELECT estate_id, question_id, flat_id, "
                                "cast_at FROM answer WHERE device != 'office' "
                                "ORDER BY device, seq").fetchall()
        db.close()
        for eid, qid, fid, t in kiosk_rows:
            e = self.e[eid]
            q = e.q[qid]
            lo, hi = e.window(q)
            mine = [f for f in sorted(e.flats) if e.owner(f) == e.owner(fid)
                    and e.in_scope(f, q)]
            if not (lo <= t <= hi) or not mine or rnd.random() < 0.4:
                continue
            rows.append((eid, rnd.choice(mine), qid,
                         rnd.choice(e.choices(q)), t))
        top = now_ms() - 1
        for e in self.estates:
            for q in e.questions:
                lo, hi = e.window(q)
                if not (lo <= mid < top <= hi):
                    continue
                flats = [f for f in sorted(e.flats) if e.in_scope(f, q)]
                for _ in range(rnd.randint(0, 3)):
                    rows.append((e.id, rnd.choice(flats), q["id"],
                                 rnd.choice(e.choices(q)),
                                 mid + 1 + int(rnd.random() * (top - mid))))
        self.ballot_rows(rows)


def verify(world, at):
    """Check every receipt against the tally JSON at instant at (ms)."""
    w = world
    a = iso(at)
    tally = json.loads(run(OFFICE, "tally", "--db", w.db, "--at", a,
                           "--json"))
    db = sqlite3.connect("file:%s?mode=ro" % w.db, uri=True)
    ledger = db.execute("SELECT receipt, device, seq, type FROM ledger "
                        "WHERE type IN (2, 5)").fetchall()
    db.close()
    seq = {r: (d, s) for r, d, s, _ in ledger}
    kiosk_receipts = {r for r, _, _, t in ledger if t == 2}
    check("every kiosk receipt reached the office",
          kiosk_receipts == set(w.cast),
          "office %d, kiosks printed %d" % (len(kiosk_receipts), len(w.cast)))
    check("every ballot has a receipt",
          len([1 for _, _, _, t in ledger if t == 5]) == len(w.ballots),
          "%d ballot records, %d ballots" % (
              len([1 for _, _, _, t in ledger if t == 5]), len(w.ballots)))

    got = {}                     # receipt: its JSON
    for r, _, _, _ in ledger:
        j = json.loads(run(OFFICE, "page", "--db", w.db, "--at", a,
                           "/api/r/" + r))
        got[r] = j
        statuses.append(j["status"])
        if j["status"] == "superseded" and \
                j["standing"]["cast_at"] == j["cast_at"]:
            ties.append(r)
        if r in w.cast:
            eid, fid, qid, c, k = w.cast[r]
            check("receipt names what was cast",
                  (j["estate_id"], j["flat_id"], j["question_id"],
                   j["choice"], j["device"], j["type"]) ==
                  (eid, fid, qid, c, k, "answer"), "%s: %r" % (r, j))
        else:
            check("ballot receipt names a ballot",
                  j["type"] == "ballot" and (j["estate_id"], j["flat_id"],
                                             j["question_id"], j["choice"],
                                             ms_of(j["cast_at"])) in
                  w.ballots, "%s: %r" % (r, j))
        check("counted iff status counted",
              j["counted"] == (j["status"] == "counted"), "%s: %r" % (r, j))

    byq = {}
    for r, j in got.items():
        e = w.e[j["estate_id"]]
        byq.setdefault((e.id, j["question_id"]), {}).setdefault(
            e.owner(j["flat_id"]), []).append(r)
    for q in tally["questions"]:
        e = w.e[q["estate_id"]]
        qd = e.q[q["question_id"]]
        lo, hi = e.window(qd)
        owners = byq.get((e.id, qd["id"]), {})
        area = {}
        for fid in e.flats:
            if e.in_scope(fid, qd):
                area[e.owner(fid)] = area.get(e.owner(fid), 0) + \
                    e.flats[fid][3]
        part = [0, 0]
        choices = {c: [0, 0] for c in q["choices"]}
        where = "%s %s at %s" % (e.id, qd["id"], a)
        for o, rs in sorted(owners.items()):
            def key(r):
                return (ms_of(got[r]["cast_at"]), seq[r][0], seq[r][1])
            valid = [r for r in rs if e.in_scope(got[r]["flat_id"], qd) and
                     lo <= ms_of(got[r]["cast_at"]) <= hi and
                     ms_of(got[r]["cast_at"]) <= at]
            counted = [r for r in rs if got[r]["counted"]]
            check("exactly one receipt counted iff the owner takes part",
                  len(counted) == (1 if valid else 0),
                  "%s owner %s: counted %s, answers in scope, window and "
                  "time %s" % (where, o, counted, valid))
            c = counted[0] if len(counted) == 1 and valid else None
            if c is not None:
                check("the counted receipt is the owner's latest answer",
                      c == max(valid, key=key),
                      "%s owner %s: counted %s, latest %s" % (
                          where, o, c, max(valid, key=key)))
                check("the counted owner is eligible", o in area,
                      "%s owner %s" % (where, o))
                part[0] += 1
                part[1] += area.get(o, 0)
                ch = choices.setdefault(got[c]["choice"], [0, 0])
                ch[0] += 1
                ch[1] += area.get(o, 0)
            for r in rs:
                if r in counted:
                    continue
                j = got[r]
                t = ms_of(j["cast_at"])
                if not e.in_scope(j["flat_id"], qd):
                    want = "out-of-scope"
                elif not lo <= t <= hi:
                    want = "outside-window"
                elif t > at:
                    want = "after-tally"
                else:
                    want = "superseded"
                check("a receipt not counted says why", j["status"] == want,
                      "%s %s: status %s, expected %s: %r" % (
                          where, r, j["status"], want, j))
                if want == "superseded" and c is not None:
                    check("superseded names the counted answer",
                          j.get("standing") == {
                              "cast_at": got[c]["cast_at"],
                              "device": got[c]["device"]},
                          "%s %s: standing %r, counted %s %r" % (
                              where, r, j.get("standing"), c, got[c]))
        for r in (r for rs in owners.values() for r in rs):
            check("a superseded receipt's standing answer is counted",
                  got[r]["status"] != "superseded" or any(
                      got[x]["counted"] and
                      got[r]["standing"] == {"cast_at": got[x]["cast_at"],
                                             "device": got[x]["device"]}
                      for x in owners[e.owner(got[r]["flat_id"])]),
                  "%s %s: %r" % (where, r, got[r]))
        check("counted receipts add up to the participation",
              [q["participating"]["owners"],
               int(round(q["participating"]["area_m2"] * 100))] == part,
              "%s: JSON %r, receipts %r" % (where, q["participating"], part))
        check("counted receipts add up to each choice",
              {c: [v["owners"], int(round(v["area_m2"] * 100))]
               for c, v in q["choices"].items()} == choices,
              "%s: JSON %r, receipts %r" % (where, q["choices"], choices))
    return len(got)


def main():
    seed, work = int(sys.argv[1]), sys.argv[2]
    rnd = random.Random(seed)
    w = World(rnd, work)
    w.setup()
    w.early_ballots()
    w.kiosk_answers(rnd.randint(12, 20))
    w.stray_answers()
    w.ingest()
    time.sleep(0.05)
    mid = now_ms()
    time.sleep(0.05)
    w.kiosk_answers(rnd.randint(12, 20))
    w.ingest()
    w.late_ballots(mid)
    end = now_ms() + MINUTE
    n = [verify(w, mid), verify(w, end)]
    seen = {}
    for k in statuses:
        seen[k] = seen.get(k, 0) + 1
    for k in ("counted", "superseded", "outside-window", "out-of-scope",
              "after-tally"):
        check("the cases reach every verdict", k in seen,
              "no receipt was %s: %r" % (k, seen))
    check("the cases reach answers tied to the millisecond", ties,
          "no receipt was superseded by one cast at the same millisecond")
    print("%d estates, %d kiosk answers, %d paper ballots; %d receipts "
          "checked at %s and %s; verdicts %s (superseded at the same "
          "millisecond %d); %d checks" % (
              len(w.estates), len(w.cast), len(w.ballots), n[0], iso(mid),
              iso(end), ", ".join("%s %d" % kv for kv in sorted(seen.items())),
              len(ties), checks))
    bad = 0
    for kind, details in failures.items():
        bad += len(details)
        print("FAIL: %s (%d times)" % (kind, len(details)))
        for d in details[:3]:
            print("  " + d)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
