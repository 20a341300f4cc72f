"""The programme's Excel workbook, how country teams send and get programme data: writing
(the template, the export of a version), reading (an upload into frames, with every problem
of its cells) and checks (across rows and sheets)."""
