#!/bin/sh
# Receipts agree with the tally, on random cases: several random estates
# (owners of several flats, the developer, buildings and entrances,
# approve and choose-one questions voting now, closed or not yet open),
# answers from three kiosks and paper ballots with equal and different
# cast times, answers outside a window or a scope (a kiosk with a
# tampered plan), and answers after the instant of the tally.  At two
# instants, every receipt's /api/r/ verdict is checked against
# "tally --json": exactly one counted receipt per owner who takes part,
# the owner's latest; the counted receipts weighted by their owners' area
# add up to the JSON's figures; every other receipt says why, and a
# superseded one names the counted answer (tests/receipt-check.py).
# The seed is printed; RENOVOTE_SEED=N repeats a run.
. "$top_srcdir/tests/cli/lib.sh"

SEED=${RENOVOTE_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
echo "seed $SEED (RENOVOTE_SEED=$SEED repeats this run)"
mkdir "$T/work"
if OFFICE="$OFFICE" KIOSK="$KIOSK" python3 "$top_srcdir/tests/receipt-check.py" \
    "$SEED" "$T/work" >"$T/check.out" 2>&1; then
	cat "$T/check.out"
	pass
else
	fail "receipts disagree with the tally (seed $SEED):
$(head -n 60 "$T/check.out")"
fi

test_done
