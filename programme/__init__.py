"""Programme progress: the results framework (schema), its versioned store, scoring, the demo
dataset, the Excel workbook, and the derived tables the views and the API read."""
