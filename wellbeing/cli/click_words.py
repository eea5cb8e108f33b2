"""Click's own words that people meet on the command line: the headings and the help option
of every `--help`, and its complaints about a command line it cannot read.

Click looks them up through Python's standard gettext domain, which the command line points
at this project's catalogs while it runs (`wellbeing.i18n.standard_domain`). They are
declared here, to the letter as Click writes them, so that the catalogs carry them.
"""

from __future__ import annotations

from wellbeing.i18n import N_, Nn_

CLICK_WORDS = (
    N_("Usage:"),
    N_("Options"),
    N_("Commands"),
    N_("Positional arguments"),
    N_("Show this message and exit."),
    N_("Show the version and exit."),
    N_("required"),
    N_("default: {default}"),
    N_("No such command {name!r}."),
    N_("Option {name!r} does not take a value."),
    N_("Missing command."),
    N_("Aborted!"),
)

# Singular and plural, as Click asks for them (`translate_count` finds the plural).
CLICK_PLURALS = (
    Nn_("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"),
    Nn_("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."),
)
