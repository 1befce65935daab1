"""briefgen: campaign data in YAML in, polished PDF briefs out, one per audience."""

__version__ = "0.2.0"
