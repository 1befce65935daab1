"""`briefgen server status` and `briefgen server stop`: the build server a build leaves
behind, which runs the next commands with everything loaded (client.py)."""

from __future__ import annotations

import click

from .. import client
from . import main
from .common import Group


@main.group(cls=Group)
def server() -> None:
    """The build server: after a build, the next commands run in it, loaded already.

    A build leaves a server behind that has loaded briefgen; the next `briefgen` commands
    run in it, each in a fresh copy of it, and answer about three times sooner. It ends after
    20 minutes without a command (BRIEFGEN_SERVER_IDLE, in seconds), and it is never used
    with BRIEFGEN_SERVER=off, in CI (unless BRIEFGEN_SERVER=on) or on systems but Linux.

    \b
    Examples:
      briefgen server status         is one running, and do commands use it here?
      briefgen server stop           stop it: the next build starts a new one
    """


@server.command()
def status() -> None:
    """Say whether a build server runs, and whether commands use it here."""
    found = client.running()
    for one in found:
        code = "the code installed now" if one["current"] else "code since replaced"
        click.echo(
            f"build server running: process {one['pid']}, {one['served']} commands run, "
            f"{one['running']} running now, for {code}"
        )
    if not found:
        click.echo("no build server running")
    if not client.enabled():
        click.echo(
            f"commands run in their own processes here ({client.ENVIRONMENT}=off, CI set, "
            "or a system but Linux)"
        )


@server.command()
def stop() -> None:
    """Stop the build server: the next command runs in its own process (and starts one)."""
    stopped = client.stop_all()
    for pid in stopped:
        click.echo(f"stopped the build server (process {pid})")
    if not stopped:
        click.echo("no build server was running")
