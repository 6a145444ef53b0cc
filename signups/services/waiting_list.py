"""Who on the waiting list gets the free places: the "skip ahead once" rule for parties.

A party gets all its places or none. When the party at the head of the waiting list does not fit
in the free places, smaller parties behind it may go first, but only once: that party is then
marked `passed_over`, and from then on the free places are held for it, so nobody behind it moves
up until it fits. Why: strict order would leave places empty behind a big party (a party of 4
blocking three singles while 3 places stand free), and unlimited skipping could keep a big party
(often a family, or someone coming with a carer) waiting for ever. Passing a party over once fills
the room today and still bounds how long any party waits.

This module only decides; `signups.services.signups` calls it inside the session's lock, with
the places counted by `signups.availability`, and saves what it decided.
"""

from dataclasses import dataclass, field


@dataclass
class Admissions:
    """What to do with the waiting list now: who moves up, and who is passed over for it."""

    promote: list = field(default_factory=list)
    pass_over: list = field(default_factory=list)


def plan_admissions(free: int | None, waiting) -> Admissions:
    """`free`: free places (None: unlimited); `waiting`: the waiting parties in order, each with
    `counted_places` and `passed_over`. A newcomer may be given last, as if it were waiting.

    A party that does not fit is passed over only when someone behind it is let in, and one
    filling counts as one pass, however many go ahead of it then.
    """
    plan = Admissions()
    not_fitting = []
    for party in waiting:
        if free is not None and free <= 0:
            break
        if free is None or party.counted_places <= free:
            plan.promote.append(party)
            plan.pass_over.extend(not_fitting)
            not_fitting = []
            if free is not None:
                free -= party.counted_places
            continue
        if party.passed_over:
            break  # the places are held for it
        not_fitting.append(party)
    return plan
