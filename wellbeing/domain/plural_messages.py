"""Finding messages that depend on a count, declared with their plural.

A finding stores only its English singular template (the gettext msgid); the plural is looked
up here when the message is shown, so that "1 of your answers was" and "2 of your answers
were" are both right in every language. The count is the finding's `count` parameter.
"""

from __future__ import annotations

from wellbeing.i18n import Nn_

WHO5_ITEM_LOW = Nn_(
    "{count} of your WHO-5 answers on {date} was {limit} or lower (at no time or some of "
    "the time): question {items}.",
    "{count} of your WHO-5 answers on {date} were {limit} or lower (at no time or some of "
    "the time): questions {items}.",
)

# "{count} of your last {total} …": the verb follows the count. The plural is the wording
# findings were stored under before it had a singular, so those still find both forms.
STRESS_COUNT = Nn_(
    "{count} check-in of your last {total} had stress {threshold} or more: {values}.",
    "{count} of your last {total} check-ins had stress {threshold} or more: {values}.",
)

OCCUPANCY_COUNT = Nn_(
    "{count} shift of your last {total} had an occupancy above {limit} %: {values}.",
    "{count} of your last {total} shifts had an occupancy above {limit} %: {values}.",
)

ENERGY_IN_A_ROW = Nn_(
    "Your energy was {threshold} or lower in your last check-in: {values}.",
    "Your energy was {threshold} or lower in your last {count} check-ins in a row: {values}.",
)
