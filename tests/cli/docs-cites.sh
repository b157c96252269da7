#!/bin/sh
# Every document that code, tests and docs cite must be in the repository.
# A citation is a path docs/NAME.md, or a bare NAME.md, which must name a
# file beside the citing one, in docs/ or at the top; a citation with a
# section, as in (docs/interface.md, "Tally JSON") or "Plan JSON" section
# of docs/interface.md, must name a heading of that document.  The
# checker first proves on a small tree of its own that it catches each
# kind of broken citation.
. "$top_srcdir/tests/cli/lib.sh"

cat >"$T/cites.py" <<'PY'
import os, re, sys

top = sys.argv[1]
ROOTS = ["librenovote", "server-sync", "kiosk", "term", "tests", "bench",
         "fuzz", "assets", "docs", ".ci", "README.md", "demo.sh", "setup.sh",
         "Makefile.am", "configure.ac"]
SKIP = {"tmp", "artifacts", "node_modules", "corpus", ".git"}
SELF = os.path.join("tests", "cli", "docs-cites.sh")   # its examples
EXTS = (".c", ".h", ".sh", ".py", ".md", ".mjs", ".am", ".ac")
NAME = r"[A-Za-z0-9_-]+\.md"
PATH = r"(?:docs/)?" + NAME

def sources():
    for root in ROOTS:
        path = os.path.join(top, root)
        if os.path.isfile(path):
            yield path
        for d, dirs, files in os.walk(path):
            dirs[:] = sorted(x for x in dirs if x not in SKIP)
            for f in sorted(files):
                if os.path.relpath(os.path.join(d, f), top) == SELF:
                    continue
                if f.endswith(EXTS) or d.endswith(".ci"):
                    yield os.path.join(d, f)

def resolve(cited, where):
    """The file a citation names, or None when there is none."""
    if "/" in cited:
        tries = [os.path.join(top, "docs", cited.split("docs/", 1)[1])]
    else:
        tries = [os.path.join(os.path.dirname(where), cited),
                 os.path.join(top, "docs", cited), os.path.join(top, cited)]
    for t in tries:
        if os.path.isfile(t):
            return t
    return None

def headings(path):
    out = []
    for line in open(path, encoding="utf-8"):
        if line.startswith("#"):
            out.append(line.lstrip("#").strip().replace("`", "").lower())
    return out

nfiles = ncites = nsections = 0
bad = []
for f in sources():
    try:
        text = open(f, encoding="utf-8").read()
    except UnicodeDecodeError:
        continue
    nfiles += 1
    rel = os.path.relpath(f, top)
    for no, line in enumerate(text.splitlines(), 1):
        for m in re.finditer(r"docs/(" + NAME + ")", line):
            ncites += 1
            if resolve(m.group(0), f) is None:
                bad.append("%s:%d: cites %s, which the repository does "
                           "not hold" % (rel, no, m.group(0)))
        for m in re.finditer(r"(?<![A-Za-z0-9_./$-])(" + NAME + ")", line):
            ncites += 1
            if resolve(m.group(1), f) is None:
                bad.append("%s:%d: cites %s, which is neither beside it, "
                           "in docs/ nor at the top" % (rel, no, m.group(1)))
    # Sections: comment lines joined, so a citation may wrap.
    flat = re.sub(r"[ \t]*\n[ \t]*(?:\*(?!/)|#|//)?[ \t]*", " ", text)
    pairs = [(m.group(1), m.group(2)) for m in re.finditer(
        r"(" + PATH + r")`?\)?,? \"([^\"]+)\"", flat)]
    pairs += [(m.group(2), m.group(1)) for m in re.finditer(
        r"\"([^\"]+)\" section of `?(" + PATH + ")", flat)]
    for cited, section in pairs:
        nsections += 1
        doc = resolve(cited, f)
        if doc is None:
            continue        # reported above
        want = section.replace("`", "").lower()
        if not any(h.startswith(want) for h in headings(doc)):
            bad.append('%s: cites %s, "%s", which has no such heading' %
                       (rel, cited, section))
for b in bad:
    print(b)
print("scanned %d files, %d citations, %d of sections" %
      (nfiles, ncites, nsections), file=sys.stderr)
sys.exit(1 if bad else 0)
PY

# The checker on a tree of its own: every kind of broken citation caught.
F="$T/fake"
mkdir -p "$F/docs" "$F/librenovote" "$F/tests/cli"
printf '# Spec\n\n## Tally JSON (`tally --json`)\n' >"$F/docs/spec.md"
cat >"$F/librenovote/good.c" <<'EOF'
/* The tally JSON (docs/spec.md, "Tally JSON"), also as the "Tally
 * JSON" section of docs/spec.md; spec.md for short. */
EOF
check "a tree with good citations passes" python3 "$T/cites.py" "$F"
echo '/* as docs/missing.md says */' >"$F/librenovote/a.c"
echo '# see domain.md' >"$F/tests/cli/b.sh"
cat >"$F/docs/c.md" <<'EOF'
The figures are in `docs/spec.md`, "Needed figures".
EOF
expect 1 python3 "$T/cites.py" "$F"
contains "a missing docs/ path is caught" "$T/out" \
    '^librenovote/a\.c:1: cites docs/missing\.md'
contains "a missing bare name is caught" "$T/out" \
    '^tests/cli/b\.sh:1: cites domain\.md'
contains "a missing section is caught" "$T/out" \
    '^docs/c\.md: cites docs/spec\.md, "Needed figures"'

# The repository itself.
expect 0 python3 "$T/cites.py" "$top_srcdir"
if [ -s "$T/out" ]; then
	while read -r line; do fail "$line"; done <"$T/out"
fi
contains "the whole tree was read" "$T/err" \
    'scanned [1-9][0-9]{2,} files, [1-9][0-9]+ citations, [1-9][0-9]* of sections'

test_done
