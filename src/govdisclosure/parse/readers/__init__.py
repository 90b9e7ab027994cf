"""The readers: one module per input format, each turning its input into a :class:`~govdisclosure.parse.Document`.

Nothing after the readers knows the input format. In the order :func:`govdisclosure.parse.parse`
reaches them:

- ``_decode``: bytes to text (BOMs, UTF-8/16, the GB family) and the format sniffed from the bytes;
- ``_text``: text (copied pages, crawler output, ``|`` or tab separated rows);
- ``_html``: web pages and Word/CMS HTML exports (the ``[html]`` extra);
- ``_docx``: Word files;
- ``_pdf``: PDFs with a text layer (the ``[pdf]`` extra), handing scanned pages to ``_ocr``;
- ``_ocr``: scanned PDF pages and page images (the ``[ocr]`` extra);
- ``_doc``: legacy Word ``.doc`` (and WPS) files, converted by LibreOffice and read as DOCX.

Internal: the public entries are in :mod:`govdisclosure.parse`.
"""
