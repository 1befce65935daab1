"""Every use of ReportLab's internals, in one place.

ReportLab is pinned to one minor version (pyproject.toml) because briefgen relies on some of
its private names and module globals: to correct its text shaping, to mark content for a
tagged PDF, to write the structure tree, attachments and metadata into its document, and to
draw charts' text and lists' labels through our own code. Outside this subpackage, briefgen
uses ReportLab's public API only. Each reliance here has a behavioural guard test
(tests/test_rl_*.py) that fails with a clear message on a ReportLab version where the
assumption no longer holds. A module global swapped here is swapped for the length of one
call (a context manager restores it), never left changed.
"""
