"""The Dash callbacks themselves, thin (parse, call, return): the shell's, the chart card's,
each explorer's view callback (callbacks.views) and the programme's headline tiles.

`register_all(app)` registers them on one app, so every app built by `create_app` gets its
own (tests build many apps in one process; `dash.callback` would bind them to the first
only). The charts they render are declared in charts/: importing it registers every chart
(components.chart_card.CHARTS), which the cards and embeds look up by name.
"""

from callbacks import programme, shell
from callbacks.views import register_view
from charts import flows, remittances, stocks
from charts import programme as programme_charts
from components import chart_card
from components.params import FLOWS, PROGRAMME, REMITTANCES, STOCKS


def register_all(app) -> None:
    shell.register(app)
    chart_card.register(app)
    register_view(app, "stocks", STOCKS, stocks.CARDS)
    register_view(app, "flows", FLOWS, flows.CARDS)
    register_view(app, "remittances", REMITTANCES, remittances.CARDS)
    register_view(app, "programme", PROGRAMME, programme_charts.CARDS)
    programme.register(app)
