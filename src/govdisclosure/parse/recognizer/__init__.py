"""The recognizer: one template-driven, format-blind pass from a Document to a filled report.

``_recognize`` drives it; the stages, in reading order, each have a module of their own:

1. ``_stream``: the Document laid out as one text stream, folded for matching, offsets mapped back;
2. ``_patterns``: the regexes built from the template's label table (row, group and section labels);
3. ``_locate``: where each table and section stands, and the edition table 二 is printed on;
4. ``_rows``: each row label's cells mapped to the template's columns (table 四 by position),
   with ``_fuzzy`` for labels misspelt by a character or two;
5. ``_values``: the printed values of a row (numbers, placeholders, blanks, digit runs),
   with ``_split`` for runs of digits crawlers ran together;
6. ``_infer``: the readings only an identity (or the neighbouring year's report) can settle,
   with ``_prose`` for the counts the report's own sentences state.

``_build`` holds the report under construction (values, provenance, diagnostics) that the
stages fill. The types they share with the readers (Document, Parsed, ParseOptions, number
reading, normalisation, meta and dates) live beside this package in :mod:`govdisclosure.parse`.

Internal: the public entries are in :mod:`govdisclosure.parse`.
"""
