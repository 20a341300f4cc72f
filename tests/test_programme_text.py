"""Programme text in the reader's language, falling back visibly to the English when a
translation is missing (components.programme: localized, local_text, local_plain)."""

from __future__ import annotations

import pandas as pd

from components.programme import local_column, local_text, results_tree
from programme import demo, derived_tables

ROW = pd.Series({"name": "Meetings held", "name_fr": "Réunions tenues", "name_es": None})


def test_translated_text_is_shown_as_it_is():
    assert local_text(ROW, "name", "fr") == "Réunions tenues"
    assert local_text(ROW, "name", "en") == "Meetings held"


def test_a_missing_translation_shows_the_english_marked_as_english():
    shown = local_text(ROW, "name", "es")
    assert shown.lang == "en"
    assert shown.children[0] == "Meetings held"
    tag = shown.children[-1]
    assert tag.children == "EN" and "lang-fallback" in tag.className and tag.title.startswith("En inglés")
    frame = pd.DataFrame([ROW.to_dict(), {**ROW.to_dict(), "name_es": "  "}])
    assert list(local_column(frame, "name", "es")) == ["Meetings held (EN)"] * 2


def test_the_results_tree_marks_an_untranslated_statement(app):
    frames = demo.generate()
    frames["results"].loc[frames["results"]["result_id"] == "MDA-OC1", "statement_es"] = None
    derived = derived_tables.derive(frames)
    with app.server.test_request_context("/"):  # its links need the app's URL prefix
        tree = results_tree(derived["results"], derived["indicators"], "MDA", "es", "2026-Q3")
    english = [node for node in tree._traverse() if getattr(node, "lang", None) == "en"]
    statement = frames["results"].set_index("result_id").loc["MDA-OC1", "statement"]
    assert [node.children[0] for node in english] == [statement]
