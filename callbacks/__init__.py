"""The Dash callbacks themselves, thin (parse, call, return): the shell's, the chart card's,
each explorer's view callback (callbacks.views) and the programme's headline tiles.

`register_all(app)` registers them on one app, so every app built by `create_app` gets its
own (tests build many apps in one process; `dash.callback` would bind them to the first
only). The charts they render are declared in charts/: importing it registers every chart
(components.chart_card.CHARTS), which the cards and embeds look up by name.
"""

import charts
from callbacks import home, programme_headlines, savings, shell
from callbacks.views import register_view
from charts import programme as programme_charts
from components import chart_card
from components.params import PROGRAMME


def register_all(app) -> None:
    shell.register(app)
    home.register(app)
    chart_card.register(app)
    for explorer in charts.EXPLORERS:
        register_view(app, explorer.page, explorer.params, explorer.cards)
    register_view(app, "programme", PROGRAMME, programme_charts.CARDS)
    programme_headlines.register(app)
    savings.register(app)
