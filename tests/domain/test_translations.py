"""The nl and fr catalogs are complete, keep every placeholder and match their compiled files.

The message ids are extracted from the source at test time, with the same keywords and
babel.cfg mapping as `make i18n`, so a string added without a translation fails here, not in
front of a person who reads Dutch or French.
"""

from __future__ import annotations

import gettext
import re
import string
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.pofile import read_po

from tests.support.rules_builders import context, found, make_checkin
from wellbeing.domain import suggestions as tips
from wellbeing.domain.findings import Finding
from wellbeing.i18n import DOMAIN, LOCALE_DIR, translate

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("nl", "fr")
# The keywords `make i18n` passes to pybabel extract, on top of Babel's defaults.
KEYWORDS = ("_", "N_", "ngettext:1,2", "Nn_:1,2")
# Counts that reach every plural form of Dutch (one, other) and French (one, many, other).
PLURAL_COUNTS = (0, 1, 2, 3, 21, 1_000_000)

MessageId = str | tuple[str, ...]


@cache
def source_message_ids() -> frozenset[MessageId]:
    """Every msgid marked in the source, as pybabel extract would find it."""
    keywords = {**DEFAULT_KEYWORDS, **parse_keywords(list(KEYWORDS))}
    with (ROOT / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    found_ids: set[MessageId] = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        ROOT, method_map, options_map, keywords=keywords
    ):
        if isinstance(message, tuple):
            if all(isinstance(part, str) and part for part in message):
                found_ids.add(message)
        elif message:
            found_ids.add(message)
    return frozenset(found_ids)


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def catalog(language: str) -> Catalog:
    with po_path(language).open("rb") as po:
        return read_po(po, locale=language)


def translated(language: str) -> Iterator[Message]:
    """The catalog's live entries (not the header, not obsolete ones)."""
    return (message for message in catalog(language) if message.id)


def forms(message: Message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def placeholders(text: str) -> set[str]:
    """The `{name!conversion:spec}` fields str.format fills in `text`."""
    fields = set()
    for _literal, name, spec, conversion in string.Formatter().parse(text):
        if name is not None:
            converted = f"!{conversion}" if conversion else ""
            formatted = f":{spec}" if spec else ""
            fields.add(f"{{{name}{converted}{formatted}}}")
    return fields


def lacks_translation(language: str, message_id: MessageId) -> bool:
    key = message_id[0] if isinstance(message_id, tuple) else message_id
    entry = catalog(language).get(key)
    if entry is None or entry.fuzzy or isinstance(entry.id, tuple) != isinstance(message_id, tuple):
        return True
    return not all(form.strip() for form in forms(entry))


def test_the_source_has_message_ids_to_translate() -> None:
    ids = source_message_ids()
    assert "Settings" in ids
    assert ("{days} day", "{days} days") in ids


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_id_in_the_source_has_a_translation(language: str) -> None:
    missing = sorted(
        (str(m) for m in source_message_ids() if lacks_translation(language, m)), key=str.lower
    )
    assert not missing, (
        f"{len(missing)} message ids lack a {language} translation (run `make i18n`, then "
        f"translate them in {po_path(language).relative_to(ROOT)}):\n" + "\n".join(missing)
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_translation_keeps_the_placeholders_of_its_message_id(language: str) -> None:
    broken = []
    for message in translated(language):
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for index, text in enumerate(forms(message)):
            if not text:
                continue
            original = ids[min(index, len(ids) - 1)]
            try:
                kept = placeholders(text) == placeholders(original)
            except ValueError:
                kept = False
            if not kept:
                broken.append(f"{original!r} -> {text!r}")
    assert not broken, "\n".join(broken)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_translation_is_marked_fuzzy(language: str) -> None:
    fuzzy = [str(message.id) for message in translated(language) if message.fuzzy]
    assert not fuzzy, "fuzzy entries are not compiled:\n" + "\n".join(fuzzy)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalog_passes_the_checks_pybabel_compile_runs(language: str) -> None:
    """pybabel compile fails `make i18n` on these errors (a '% o' in prose is a %-format)."""
    errors = [
        f"{message.id!r}: {error}"
        for message, message_errors in catalog(language).check()
        for error in message_errors
    ]
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalog_matches_the_po_file(language: str) -> None:
    with po_path(language).with_suffix(".mo").open("rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)
    po = catalog(language)
    assert compiled.info().get("plural-forms") == po.plural_forms
    assert {compiled.plural(n) for n in PLURAL_COUNTS} == set(range(po.num_plurals))
    stale = []
    for message in translated(language):
        if message.fuzzy or not all(forms(message)):
            continue
        if isinstance(message.id, tuple):
            singular, plural = message.id[:2]
            for n in PLURAL_COUNTS:
                expected = message.string[compiled.plural(n)]
                if compiled.ngettext(singular, plural, n) != expected:
                    stale.append(f"{singular!r} (n={n})")
        elif compiled.gettext(message.id) != message.string:
            stale.append(repr(message.id))
    assert not stale, "the .mo is older than the .po; run `make i18n`:\n" + "\n".join(stale)


# The command line's role keeps its name `teamleader` in every language.
ROLE_ARGUMENT = re.compile(r"'teamleader --team NAME'|utilisez teamleader ou admin")


def test_french_prose_calls_the_teamleader_chef_d_equipe() -> None:
    in_prose = [
        message.id
        for message in translated("fr")
        if any("teamleader" in ROLE_ARGUMENT.sub("", form).lower() for form in forms(message))
    ]
    assert in_prose == []


# The break finding's date and durations as a reader of each language writes them.
SENTENCE_VALUES = {
    "nl": ("27 november 2026", "7 u 00", "6 u 00"),
    "fr": ("27 novembre 2026", "7 h 00", "6 h 00"),
    "en": ("27 November 2026", "7 h 00", "6 h 00"),
}


def _break_legal_finding() -> Finding:
    """Seven hours from 08:00 to 15:00 on 27 November 2026 without any break."""
    checkin = make_checkin("2026-11-27T08:00", "2026-11-27T15:00")
    [finding] = found("break.legal", context([checkin]))
    return finding


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_rule_explanation_is_translated_and_keeps_its_numbers(language: str) -> None:
    finding = _break_legal_finding()
    text = finding.explain(language)
    assert text != finding.explain("en")
    assert translate(finding.message, language) != finding.message
    assert translate(finding.source, language) != finding.source
    day, worked, limit = SENTENCE_VALUES[language]
    for number in (day, worked, "15", limit, "38quater", "1971"):
        assert number in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_suggestion_is_translated_and_keeps_its_legal_reference(language: str) -> None:
    legal_break = tips.suggestion(tips.BREAK_LEGAL)
    text = legal_break.text_in(language)
    assert text != legal_break.text_in("en")
    assert legal_break.title_in(language) != legal_break.title_in("en")
    for number in ("6", "15", "1971", "38quater"):
        assert number in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_support_line_number_survives_translation(language: str) -> None:
    lines = tips.suggestion(tips.SUPPORT_LINES_CODE)
    text = lines.text_in(language)
    assert text != lines.text_in("en")
    for line in tips.SUPPORT_LINES:
        assert f"{line.name} {line.number}" in text
    assert tips.EMERGENCY_NUMBER in text
