"""Every text an instrument shows exists in nl, fr and en, with its provenance and status."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from wellbeing.domain.errors import InputError
from wellbeing.domain.instruments import (
    LANGUAGES,
    Instrument,
    Localized,
    instrument,
    load_instrument,
)

IDS = ("who5", "cbi")


def _texts(inst: Instrument) -> list[Localized]:
    texts = [
        inst.title,
        inst.instructions,
        inst.credit,
        inst.source,
        inst.interpretation,
        *inst.subscales.values(),
        *(item.text for item in inst.items),
        *(option.label for options in inst.scales.values() for option in options),
    ]
    if inst.stem is not None:
        texts.append(inst.stem)
    return texts


@pytest.mark.parametrize("instrument_id", IDS)
def test_every_text_has_a_wording_in_each_language(instrument_id: str) -> None:
    for text in _texts(load_instrument(instrument_id)):
        for language in LANGUAGES:
            assert text.get(language).strip(), (text, language)


@pytest.mark.parametrize("instrument_id", IDS)
def test_items_are_translated_rather_than_copied_from_english(instrument_id: str) -> None:
    for item in load_instrument(instrument_id).items:
        assert item.text.nl != item.text.en
        assert item.text.fr != item.text.en


@pytest.mark.parametrize("instrument_id", IDS)
def test_the_metadata_says_for_each_language_whether_it_is_validated(instrument_id: str) -> None:
    assert set(load_instrument(instrument_id).validated) == set(LANGUAGES)


def test_who5_english_and_french_are_validated_and_dutch_is_not() -> None:
    who5 = load_instrument("who5")
    assert [who5.is_validated(lang) for lang in ("en", "fr", "nl")] == [True, True, False]


def test_cbi_english_is_validated_and_the_translations_are_not() -> None:
    cbi = load_instrument("cbi")
    assert [cbi.is_validated(lang) for lang in ("en", "fr", "nl")] == [True, False, False]


def test_a_language_the_app_does_not_know_is_not_validated() -> None:
    assert not load_instrument("who5").is_validated("de")


def test_who5_credit_line_names_the_psychiatric_research_unit_in_every_language() -> None:
    credit = load_instrument("who5").credit
    for language in LANGUAGES:
        assert "Psychiatric Research Unit" in credit.get(language)


def test_cbi_source_cites_kristensen_et_al_2005_in_every_language() -> None:
    source = load_instrument("cbi").source
    for language in LANGUAGES:
        assert "Work & Stress 2005" in source.get(language)


def test_who5_keeps_the_published_english_wording() -> None:
    assert [item.text.en for item in load_instrument("who5").items] == [
        "I have felt cheerful and in good spirits",
        "I have felt calm and relaxed",
        "I have felt active and vigorous",
        "I woke up feeling fresh and rested",
        "My daily life has been filled with things that interest me",
    ]


def test_who5_keeps_the_published_french_wording() -> None:
    assert [item.text.fr for item in load_instrument("who5").items] == [
        "Je me suis senti(e) bien et de bonne humeur",
        "Je me suis senti(e) calme et tranquille",
        "Je me suis senti(e) plein(e) d'énergie et vigoureux(se)",
        "Je me suis réveillé(e) en me sentant frais(che) et dispos(e)",
        "Ma vie quotidienne a été remplie de choses intéressantes",
    ]


def test_who5_offers_six_answers_from_all_of_the_time_to_at_no_time() -> None:
    who5 = load_instrument("who5")
    options = who5.options(who5.items[0])
    assert [(o.code, o.points) for o in options] == [(n, n) for n in range(5, -1, -1)]
    assert (options[0].label.en, options[-1].label.en) == ("All of the time", "At no time")


def test_the_cbi_subscales_have_titles() -> None:
    assert load_instrument("cbi").subscales["client"].en == "Client-related burnout"


def test_an_instrument_is_found_by_its_id() -> None:
    assert instrument("cbi").id == "cbi"


def test_an_unknown_instrument_is_refused_naming_the_instrument_field() -> None:
    with pytest.raises(InputError) as caught:
        instrument("bat")
    assert caught.value.field == "instrument"
    assert "who5, cbi" in caught.value.message


def test_a_text_falls_back_to_english_for_a_language_the_app_does_not_speak() -> None:
    assert load_instrument("who5").title.get("de") == "WHO-5 Well-Being Index"


def test_instrument_data_missing_a_translation_is_refused() -> None:
    data = load_instrument("who5").model_dump()
    del data["items"][2]["text"]["fr"]
    with pytest.raises(ValidationError, match="fr"):
        Instrument.model_validate(data)


def test_instrument_data_naming_an_unknown_answer_scale_is_refused() -> None:
    data = load_instrument("who5").model_dump()
    data["items"][0]["scale"] = "agreement"
    with pytest.raises(ValidationError, match="unknown answer scale"):
        Instrument.model_validate(data)


def test_instrument_data_without_a_validation_status_for_a_language_is_refused() -> None:
    data = load_instrument("cbi").model_dump()
    del data["validated"]["nl"]
    with pytest.raises(ValidationError, match="validated: no entry for nl"):
        Instrument.model_validate(data)
