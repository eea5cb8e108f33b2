"""Pilot pacing for the app's tests.

Textual's Pilot waits for the app to go idle after every key: it sleeps in steps of 20 ms
until a step passes in which the process used (almost) no processor time. The app under test
does its work in the same process, so a shorter step finds the same idle moment sooner;
the test for idleness itself is unchanged (a step counts as idle when the process used less
than a twentieth of it).
"""

from __future__ import annotations

from textual import _wait

_wait.SLEEP_GRANULARITY = 1 / 250
_wait.SLEEP_IDLE = _wait.SLEEP_GRANULARITY / 20.0
