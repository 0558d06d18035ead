from pathlib import Path

import polib

import koordynator

LOCALE = Path(koordynator.__file__).parent / "locale" / "pl" / "LC_MESSAGES"


def test_every_message_is_translated_into_polish():
    catalogue = polib.pofile(str(LOCALE / "django.po"))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    assert "nplurals=3" in catalogue.metadata["Plural-Forms"]


def test_compiled_catalogue_matches_the_source():
    source = {
        (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural)
        for e in polib.pofile(str(LOCALE / "django.po"))
        if not e.obsolete
    }
    compiled = {
        (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural)
        for e in polib.mofile(str(LOCALE / "django.mo"))
    }
    assert compiled == source, "Run `make messages` to compile the translations."
