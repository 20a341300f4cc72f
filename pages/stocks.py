"""/stocks: international migrant stocks, by country, region, year and sex (the page is
declared once, as charts.stocks.EXPLORER)."""

from charts.stocks import EXPLORER

layout = EXPLORER.register_page(__name__)
