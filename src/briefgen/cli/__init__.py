"""The `briefgen` command: parses options and calls the library API, nothing more.

It alone knows Click: briefgen's own exceptions (errors.py) are shown as Click shows its own
(`common.py`), and end the command with their exit codes. Each module here holds a family of
commands, registered on `main` when it is imported.
"""

from __future__ import annotations

import click

from .. import __version__
from .common import Group


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefgen")
def main() -> None:
    """Build polished PDF briefs, one per audience, from a campaign's data in YAML.

    \b
    Examples:
      briefgen build                 build every brief into out/
      briefgen build press           build briefs/press.yaml only
      briefgen check                 report every problem in the data, build nothing
      briefgen list                  show the briefs and where they are written
      briefgen diff                  what the next build will change
      briefgen audit out/donor.pdf   is a brief sent earlier still current?
      briefgen verify out/*.pdf      are the PDFs tagged and accessible?
      briefgen translations status   what is left to translate or review
      briefgen sent out/donor.pdf --to "Jane Doe"   record who received a copy
      briefgen outdated              who holds a copy that today's data contradicts
    """


from . import build, distribution, pdfs, project, server, translations  # noqa: E402  (their commands)

__all__ = ["build", "distribution", "main", "pdfs", "project", "server", "translations"]
