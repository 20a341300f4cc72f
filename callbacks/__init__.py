"""Callbacks, one module per page (same file name as in pages/) plus the shell's.

Each module has `register(app)`, so every app built by `create_app` gets its own callbacks
(tests build many apps in one process; `dash.callback` would bind them to the first only).
Importing the page modules also registers their charts (components.chart_card.CHARTS), which
embeds look up by name.
"""

from callbacks import shell
from charts import flows, programme, programme_country, remittances, stocks
from components import chart_card

MODULES = (shell, chart_card, stocks, flows, remittances, programme, programme_country)


def register_all(app) -> None:
    for module in MODULES:
        module.register(app)
