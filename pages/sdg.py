"""/sdg: the migration SDG tracker, every country's SDG indicators in one table (the page is
declared once, as charts.sdg.EXPLORER)."""

from charts.sdg import EXPLORER

layout = EXPLORER.register_page(__name__)
