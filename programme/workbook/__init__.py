"""The programme's Excel workbook, how country teams send and get programme data."""
