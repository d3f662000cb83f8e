"""`callcoach db init` and `callcoach db add-user ROLE (--agent NAME | --supervisor) [--password]`:
the team database's schema and its login roles (DESIGN.md "Team database")."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from tui.commands.common import CommandError, CommandParsers, say
from tui.config.settings import Config
from tui.store.team.connection import TeamDatabaseError, connect, guarded
from tui.store.team.migrations import migrate
from tui.store.team.roles import add_user
from tui.store.team.search_index import index_months

NOT_CONFIGURED = 'no team database is configured; set [team] database = "postgresql://..." in config.toml or CALLCOACH_DATABASE_URL.'


def add_parser(commands: CommandParsers, common: argparse.ArgumentParser) -> None:
    sub = commands.add_parser("db", parents=[common], help="the team database: create its schema, add agents and supervisors")
    actions = sub.add_subparsers(dest="db_action", metavar="ACTION", required=True)
    init = actions.add_parser("init", parents=[common], help="create or upgrade the schema (a second run says it is up to date)")
    init.set_defaults(run=run_init)
    user = actions.add_parser("add-user", parents=[common], help="create or update a login role for an agent or a supervisor")
    user.add_argument("role", help="the PostgreSQL role name to log in with")
    kind = user.add_mutually_exclusive_group(required=True)
    kind.add_argument("--agent", metavar="NAME", help="an agent: may read and write only the calls of agent NAME (the config's agent)")
    kind.add_argument("--supervisor", action="store_true", help="a supervisor: reads every call, writes comments and callback actions")
    user.add_argument("--password", action="store_true", help="ask for a password (or read one line of stdin when it is not a terminal)")
    user.set_defaults(run=run_add_user)


def team_address(config: Config) -> str:
    if config.team_database is None:
        raise CommandError(NOT_CONFIGURED, 2)
    return config.team_database


def run_init(args: argparse.Namespace, config: Config, data_dir: Path) -> int:
    url = team_address(config)
    from tui.commands.import_ import ProgressBar  # lazy: import_ reads team_address from here

    bar = ProgressBar("Indexing the notes for search", unit="months")
    try:
        with connect(url, check_schema=False) as conn, guarded(url):
            before, after = migrate(conn)
            indexed = index_months(conn, bar.show)  # months loaded without it, or every month after the upgrade to 6
            bar.done()
    except TeamDatabaseError as error:
        raise CommandError(str(error), 1) from None
    if before == after:
        say(f"The team database is up to date (schema version {after}).")
    elif before is None:
        say(f"Created the team database's schema (version {after}).")
    else:
        say(f"Upgraded the team database's schema from version {before} to {after}.")
    if indexed:
        say(f"Indexed the notes of {indexed} month(s) for search.")
    return 0


def read_password() -> str:
    if sys.stdin.isatty():
        password = getpass.getpass("Password for the new role: ")
        if password != getpass.getpass("Again: "):
            raise CommandError("the two passwords differ; nothing was changed, try again.", 1)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise CommandError("an empty password was given; nothing was changed.", 2)
    return password


def run_add_user(args: argparse.Namespace, config: Config, data_dir: Path) -> int:
    url = team_address(config)
    if args.agent is not None and not args.agent.strip():
        raise CommandError("--agent needs the agent's name, as the `agent` in that agent's config.toml.", 2)
    password = read_password() if args.password else None
    try:
        with connect(url) as conn, guarded(url):
            created = add_user(conn, args.role, agent=args.agent.strip() if args.agent else None, password=password)
    except TeamDatabaseError as error:
        raise CommandError(str(error), 1) from None
    what = f"agent {args.agent.strip()!r}" if args.agent else "a supervisor"
    say(f"{'Created' if created else 'Updated'} role {args.role!r} for {what}{' with a password' if password else ''}.")
    return 0
