"""What a chart draws of a selection larger than it can draw, and the words that say so.

A line chart stays readable up to MAX_LINES lines (one colour each). Given more ("Select
All": 235 countries), it draws the largest of them in one year, the year that most of the
chosen series have a value for, and says so: "the 12 largest of 235 in 2024". The table
keeps every series chosen.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from i18n import format_number, translator

MAX_LINES = 12


@dataclass(frozen=True)
class Drawn:
    """The series a chart draws of those chosen: `codes` in the legend's order (largest first
    when cut), `order` every code chosen with the drawn ones first (the table's order), and
    `year`, the year they were ranked by, when not all were drawn."""

    codes: tuple[str, ...]
    order: tuple[str, ...]
    year: int | None = None

    @property
    def cut(self) -> bool:
        return self.year is not None

    @property
    def chosen(self) -> int:
        return len(self.order)

    def subtitle(self, lang: str) -> str:
        """ "the 12 largest of 235 in 2024", or "" when everything chosen is drawn."""
        if not self.cut:
            return ""
        _ = translator(lang)
        return _("the {shown} largest of {chosen} in {year}").format(
            shown=format_number(len(self.codes), lang), chosen=format_number(self.chosen, lang), year=self.year
        )

    def places(self, lang: str) -> str:
        """What a title names when not every series chosen is drawn: "235 countries and regions"."""
        _ = translator(lang)
        return _("{count} countries and regions").format(count=format_number(self.chosen, lang))

    def note(self, measure: str, lang: str) -> str:
        """The rule in a sentence, for the card's notes; "" when everything chosen is drawn."""
        if not self.cut:
            return ""
        _ = translator(lang)
        return _(
            "{chosen} countries and regions are chosen and a chart stays readable with {limit} lines: it draws "
            "the {limit} largest in {year}, the latest year most of them have data for, ranked by: {measure}. "
            "The table lists all {chosen}."
        ).format(chosen=format_number(self.chosen, lang), limit=len(self.codes), measure=measure, year=self.year)


def largest_of(shown: int, total: int, lang: str) -> str:
    """What a top-N chart says it draws: "the 10 largest of 57", "" when it draws them all."""
    if shown >= total:
        return ""
    _ = translator(lang)
    return _("the {shown} largest of {total}").format(
        shown=format_number(shown, lang), total=format_number(total, lang)
    )


def with_part(subtitle: str, part: str) -> str:
    """A subtitle with one more part ("Both sexes · people" + "the 10 largest of 57")."""
    return " · ".join(text for text in (subtitle, part) if text)


def largest_series(rows: pd.DataFrame, chosen, measure: str, limit: int = MAX_LINES) -> Drawn:
    """The series of `rows` (columns code, year, `measure`) a chart can draw: all of `chosen`
    when they fit, else the `limit` largest in the latest year most of them have a value for."""
    chosen = tuple(chosen)
    with_values = rows.dropna(subset=[measure])
    have_values = set(with_values["code"])
    present = [code for code in chosen if code in have_values]
    if len(present) <= limit:
        return Drawn(tuple(present), chosen)
    counts = with_values.groupby("year")["code"].nunique()
    year = int(counts[counts == counts.max()].index.max())
    values = with_values[with_values["year"] == year].set_index("code")[measure]
    order = {code: position for position, code in enumerate(chosen)}
    ranked = sorted(present, key=lambda code: (-values.get(code, float("-inf")), order[code]))
    drawn = tuple(ranked[:limit])
    return Drawn(drawn, drawn + tuple(code for code in chosen if code not in drawn), year)
