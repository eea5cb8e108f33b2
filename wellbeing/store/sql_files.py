"""The SQL of the PostgreSQL functions the migrations install, one file per version.

`wellbeing/store/sql/<function>_v<n>.sql` holds version n of a function exactly as a
revision installs it; a later revision that changes the function adds version n + 1 and
reads that, so an old revision keeps installing what it installed when it was released and
no revision needs another one's code. Each file says `CREATE FUNCTION` once, after a comment
on which revision installs it and why; a revision that replaces an existing function asks for
`CREATE OR REPLACE` with `replace=True`.

What differs between databases or comes from the rules is written `@name@` in a file and
filled in here: `@schema@` (the schema the migrations run in), `@team_trends_k@` (the k an
owner set on the trend function before revision 0008), and the numbers of the anonymity
policy and of the law, taken from their one home in the domain. Every placeholder of a file
must be given and every value given must be used, so a misspelt name fails loudly.
`tests/store/test_database_functions.py` pins what each revision installs, byte for byte.
"""

from __future__ import annotations

import re
from importlib import resources

from wellbeing.domain.anonymity import DEFAULT_K, DEFAULT_SETTLE_DAYS, MAX_SEGMENTS, MINIMUM_K
from wellbeing.domain.daily_rest import QUICK_RETURN_MINUTES
from wellbeing.domain.team_trends import MEAN_BAND, SHARE_BAND

_PLACEHOLDER = re.compile(r"@([a-z_]+)@")
_CREATE = "CREATE FUNCTION"

# The numbers of the rules the functions hold, under the names the files use.
RULE_VALUES: dict[str, int] = {
    "minimum_k": MINIMUM_K,  # what the database owner may ask for
    "default_k": DEFAULT_K,  # the organisation's k unless an admin sets another
    "settle_days": DEFAULT_SETTLE_DAYS,  # days after a week's end before it is shown
    "max_weeks": MAX_SEGMENTS,  # weeks one call may ask for
    "quick_return_minutes": QUICK_RETURN_MINUTES,  # rest shorter than this is a quick return
    # Team figures at a scale's end are kept only as the edge of a band, in tenths (means on
    # 0-10) and percent (shares).
    "mean_low_tenths": round(MEAN_BAND * 10),
    "mean_high_tenths": round((10 - MEAN_BAND) * 10),
    "share_band": SHARE_BAND,
    "share_band_high": 100 - SHARE_BAND,
}


class SqlFileError(ValueError):
    """A versioned SQL file asked for a value nobody gave, or was given one it never uses."""


def sql_text(name: str) -> str:
    """The raw text of `sql/<name>.sql`, placeholders and all."""
    return resources.files("wellbeing.store").joinpath("sql", f"{name}.sql").read_text("utf-8")


def read_sql(name: str, *, replace: bool = False, **values: object) -> str:
    """Version `name` (e.g. "wellbeing_team_trends_v3") with its placeholders filled from
    `values` and `RULE_VALUES`; `replace` makes it `CREATE OR REPLACE FUNCTION`."""
    text = sql_text(name)
    given = {**RULE_VALUES, **values}
    wanted = set(_PLACEHOLDER.findall(text))
    missing = wanted - given.keys()
    if missing:
        raise SqlFileError(f"{name}.sql needs values for {', '.join(sorted(missing))}")
    unused = values.keys() - wanted
    if unused:
        raise SqlFileError(f"{name}.sql has no place for {', '.join(sorted(unused))}")
    filled = _PLACEHOLDER.sub(lambda match: str(given[match.group(1)]), text)
    if filled.count(_CREATE) != 1:
        raise SqlFileError(f"{name}.sql must hold one {_CREATE}")
    if replace:
        filled = filled.replace(_CREATE, "CREATE OR REPLACE FUNCTION")
    return filled
