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
