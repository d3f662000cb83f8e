"""One module per `callcoach` command. Each has `add_parser(commands, common)`, which registers
its sub-parser and sets `run` (a function `(args, config, data_dir) -> exit code`) as a default.

A new command is a new module here plus one name in COMMANDS; cli.py never changes for it.
"""

COMMANDS = (
    "desk",
    "export",
    "line",
    "import_",
    "replay",
    "calls",
    "team",
    "demo",
    "callbacks",
    "purge",
    "erase",
    "db",
    "sync",
    "wallboard",
)
