"""Translations as translators work: gettext PO catalogs per language (translations/LANG.po).

catalogs.py reads them at load time and gives each text its catalog translation, as if it
were written inline; review.py says which printed translations need review (fuzzy in the
catalog, or inline with a source text that changed since); export.py writes and updates a
catalog and moves inline translations into it (inline.py edits the YAML); status.py counts
each language's texts by state.
"""
