"""What an upload would change: the change set against the current version, per sheet and
country (rows added, changed with old -> new values, removed), and the effect on the headline
figures. Shown before anything is published, and summarised in the new version's record."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from i18n import N_
from programme import derived_tables, scoring
from programme.schema import SHEETS, normalize


@dataclass
class RowChange:
    key: str  # the row's key values, joined with " / "
    country: str | None
    columns: dict = field(default_factory=dict)  # column -> (old, new), for changed rows


@dataclass
class SheetChanges:
    sheet: str
    added: list[RowChange] = field(default_factory=list)
    changed: list[RowChange] = field(default_factory=list)
    removed: list[RowChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.removed)

    def by_country(self) -> dict[str, dict[str, int]]:
        counts: dict[str, dict[str, int]] = {}
        for kind in ("added", "changed", "removed"):
            for row in getattr(self, kind):
                counts.setdefault(row.country or "–", {"added": 0, "changed": 0, "removed": 0})[kind] += 1
        return dict(sorted(counts.items()))


def _plain(value):
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return value.item() if hasattr(value, "item") else value


def _countries(frames: Mapping[str, pd.DataFrame]) -> dict[str, dict[str, str]]:
    """Per sheet, the country of each row's key (through results and indicators)."""
    results = dict(zip(frames["results"]["result_id"], frames["results"]["country"]))
    indicators = {
        i: results.get(r) for i, r in zip(frames["indicators"]["indicator_id"], frames["indicators"]["result_id"])
    }
    return {"results": results, "indicators": indicators, "indicator_values": indicators}


def _country(sheet: str, record: dict, lookups: dict) -> str | None:
    if "country" in record and isinstance(record["country"], str):
        return record["country"]
    if sheet == "indicators":
        return lookups["results"].get(record.get("result_id"))
    if sheet == "indicator_values":
        return lookups["indicators"].get(record.get("indicator_id"))
    return None


def change_set(old: Mapping[str, pd.DataFrame] | None, new: Mapping[str, pd.DataFrame]) -> list[SheetChanges]:
    """Row by row differences from `old` (None: nothing published yet) to `new`, per sheet."""
    lookups_new, lookups_old = _countries(new), (_countries(old) if old is not None else None)
    result = []
    for sheet in SHEETS:
        after = normalize(sheet, new[sheet.name])
        before = normalize(sheet, old[sheet.name]) if old is not None else after.iloc[0:0]
        key = sheet.key
        old_rows = {tuple(_plain(r[k]) for k in key): r for r in before.to_dict("records")}
        new_rows = {tuple(_plain(r[k]) for k in key): r for r in after.to_dict("records")}
        changes = SheetChanges(sheet.name)
        for row_key, record in new_rows.items():
            label = " / ".join(str(part) for part in row_key)
            if row_key not in old_rows:
                changes.added.append(RowChange(label, _country(sheet.name, record, lookups_new)))
                continue
            previous = old_rows[row_key]
            diff = {
                column: (_plain(previous[column]), _plain(record[column]))
                for column in sheet.columns
                if _plain(previous[column]) != _plain(record[column])
            }
            if diff:
                changes.changed.append(RowChange(label, _country(sheet.name, record, lookups_new), diff))
        for row_key, record in old_rows.items():
            if row_key not in new_rows:
                changes.removed.append(
                    RowChange(" / ".join(str(p) for p in row_key), _country(sheet.name, record, lookups_old))
                )
        result.append(changes)
    return result


def summary(changes: list[SheetChanges]) -> dict:
    """Counts per sheet (what the version record and the history keep)."""
    return {
        c.sheet: {"added": len(c.added), "changed": len(c.changed), "removed": len(c.removed)}
        for c in changes
        if not c.empty
    }


HEADLINES = (
    ("indicators", N_("Indicators")),
    ("on_track", N_("Indicators on track")),
    ("no_data", N_("Indicators without data")),
    ("mean_progress", N_("Average progress")),
    ("milestones_achieved", N_("Milestones achieved")),
    ("activities_completed", N_("Activities completed")),
    ("execution", N_("Budget spent")),
    ("participants", N_("People trained")),
)


def headline_effect(old: Mapping[str, pd.DataFrame] | None, new: Mapping[str, pd.DataFrame]) -> list[dict]:
    """The portfolio's headline figures before and after (rules: programme.scoring)."""

    def figures(frames):
        if frames is None:
            return {}
        derived = derived_tables.derive(frames)
        total = scoring.summarise(
            derived["indicators"], derived["activities"], derived["milestones"], derived["capacity_events"], by=None
        )
        return total.to_dict("records")[0] if len(total) else {}

    before, after = figures(old), figures(new)
    return [
        {"measure": measure, "label": label, "before": before.get(measure), "after": after.get(measure)}
        for measure, label in HEADLINES
    ]
