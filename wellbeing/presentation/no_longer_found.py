"""What a check-in took away from another recorded shift, in the words both interfaces use.

A backfilled or corrected shift can change what the rules find about the shifts after it:
a finding can appear, change or disappear. The findings kept now are listed under the
shift; those that disappeared would otherwise go unsaid, and the list would look unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence

from wellbeing.i18n import ngettext


def no_longer_found(rules: Sequence[str]) -> str:
    """E.g. "No longer found: stress.high, rest.daily"."""
    return ngettext(
        "No longer found: {rules}", "No longer found: {rules}", len(rules)
    ).format(rules=", ".join(rules))
