"""How many findings an overall level stands above that still ask to be kept an eye on: the
same count in the app's banner and on the command line's "Overall:" line.

Green stays green while nothing above watch is open, yet above such findings it cannot say
that nothing needs attention; both interfaces then say that nothing is urgent and how many.
"""

from __future__ import annotations

from collections.abc import Iterable


def count_to_watch(levels: Iterable[str]) -> int:
    """How many of these findings' levels are more than information."""
    return sum(1 for level in levels if str(level) != "info")
