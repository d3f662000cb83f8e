"""One module per `callcoach` command. Each has `add_parser(commands, common)`, which registers
its sub-parser and sets `run` (a function `(args, config, data_dir) -> exit code`) as a default.

A new command is a new module here plus one name in COMMANDS; cli.py never changes for it.

cli.py imports every command module to build the parser, so what a module imports at its top is
paid by every command, `--help` included. A command therefore imports Textual, prompt-toolkit,
textual-serve and TinyDB (through the services and the store) inside the function that runs it,
each such import marked "lazy".
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
    "event",
)
