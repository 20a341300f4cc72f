"""/remittances: money migrants send home, its weight in the economy, where it comes from,
and what sending it costs (the page is declared once, as charts.remittances.EXPLORER)."""

from charts.remittances import EXPLORER

layout = EXPLORER.register_page(__name__)
