"""What is wrong with an uploaded workbook, in the user's language: the one problem type of the
upload gate (the file's bytes), the reading of the workbook (each cell) and the checks across
sheets, so that the upload page shows them all in one list.

Each reason is kept in English (`Problem.reason`, for the audit log) and as its message and
values (`Problem.template`, `Problem.params`), so that `Problem.text` shows it in the user's
language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time

SHOWN_CHARACTERS = 200  # of a value in a problem; longer values are cut


class Phrase(str):
    """Words from a fixed list that go into a problem's message ("a PDF document", "over 100"):
    marked with N_ where they are written, translated with the message when it is shown."""

    __slots__ = ()


@dataclass(frozen=True)
class Problem:
    sheet: str  # "" for the file as a whole
    row: int | None  # the Excel row number as the user sees it (1 is the header)
    column: str | None  # the field name
    value: str | None  # the offending value as text
    reason: str  # in English (the audit log keeps it)
    template: str = ""  # the reason's message with {placeholders}, marked with N_ where it is written
    params: tuple = ()  # (name, value) pairs filling the template; Phrase values are translated too

    @classmethod
    def of(
        cls, sheet: str, row: int | None, column: str | None, value: str | None, template: str, /, **params
    ) -> Problem:
        """A problem whose reason is `template` filled with `params`, kept for translation."""
        return cls(sheet, row, column, value, template.format(**params), template, tuple(params.items()))

    def text(self, translate: Callable[[str], str]) -> str:
        """The reason in the language of `translate` (a gettext function)."""
        if not self.template:
            return self.reason
        params = {name: translate(value) if isinstance(value, Phrase) else value for name, value in self.params}
        try:
            return translate(self.template).format(**params)
        except (KeyError, IndexError, ValueError):  # a translation with broken placeholders: the English
            return self.reason


def _number_text(value: float) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def as_text(value) -> str:
    """A value as the user sees it in Excel: yes/no, 45 rather than 45.0, dates as YYYY-MM-DD. Text
    columns are read this way, and problems show their values this way."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return _number_text(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).strip()


def shown(value) -> str | None:
    """A value as a problem shows it (see as_text), cut to SHOWN_CHARACTERS."""
    if value is None:
        return None
    text = as_text(value)
    return text if len(text) <= SHOWN_CHARACTERS else text[: SHOWN_CHARACTERS - 1] + "…"
