"""Chart renderers, one module per page (same file name as in pages/): view state ->
ChartContent (query, pandas shaping, figure, table, texts), and their Chart declarations."""
