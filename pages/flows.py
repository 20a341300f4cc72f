"""/flows: estimated migration flows to and from a country, and net migration (the page is
declared once, as charts.flows.EXPLORER)."""

from charts.flows import EXPLORER

layout = EXPLORER.register_page(__name__)
