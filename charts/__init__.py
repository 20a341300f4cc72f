"""Chart renderers, one module per page (same file name as in pages/): view state ->
ChartContent (query, pandas shaping, figure, table, texts), and their Chart declarations.

Importing this package imports every chart module below, so components.chart_card.CHARTS
holds every chart (embeds and cards look charts up by name) whichever page came first.
"""

from charts import flows, programme, programme_country, remittances, sdg, stocks

MODULES = (stocks, flows, remittances, sdg, programme, programme_country)
EXPLORERS = (stocks.EXPLORER, flows.EXPLORER, remittances.EXPLORER, sdg.EXPLORER)
