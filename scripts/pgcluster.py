"""A throwaway PostgreSQL cluster for the team tests and the team bench.

    python scripts/pgcluster.py start       make a directory, initdb there, start it, print KEY=VALUE
    python scripts/pgcluster.py stop DIR    stop it (the directory is the caller's to remove)

The server listens on a unix socket in DIR (trust, for the superuser and test roles) and on
127.0.0.1 at a free port (scram passwords, for the tests of a refused password). initdb refuses to
run as root, so as root the cluster belongs to the `postgres` OS user. Binaries come from
`pg_config --bindir` or /usr/lib/postgresql/*/bin. Importable too: tests start one themselves when
scripts/test did not (`start_cluster`, `stop_cluster`).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

SUPERUSER = "postgres"


class NoPostgres(RuntimeError):
    """No PostgreSQL server binaries on this machine."""


def bindir() -> Path:
    """Where initdb, pg_ctl and postgres live; raises NoPostgres."""
    candidates = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            candidates.append(subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=True).stdout.strip())
        except (OSError, subprocess.CalledProcessError):
            pass
    # Newest major version first: /usr/lib/postgresql/16/bin before .../15/bin.
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name), reverse=True)
    for candidate in candidates:
        if (Path(candidate) / "initdb").exists() and (Path(candidate) / "pg_ctl").exists():
            return Path(candidate)
    raise NoPostgres("no PostgreSQL server found (initdb and pg_ctl): install Debian's `postgresql` package")


def _as_owner(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", SUPERUSER, "--", *command]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def cluster_dir() -> Path:
    """A fresh temporary directory for a cluster, that the `postgres` OS user can reach as well."""
    directory = Path(tempfile.mkdtemp(prefix="callcoach-pg-"))
    directory.chmod(0o711)
    return directory


def start_cluster(directory: Path) -> dict[str, str]:
    """initdb and start a cluster in `directory` (from cluster_dir()); returns the environment the
    tests read."""
    binaries = bindir()
    directory = Path(directory).absolute()
    data = directory / "data"
    if os.geteuid() == 0:
        shutil.chown(directory, SUPERUSER)
    port = _free_port()
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE, "check": True, "cwd": "/"}
    subprocess.run(
        _as_owner(
            [
                str(binaries / "initdb"),
                "-D",
                str(data),
                "-U",
                SUPERUSER,
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ]
        ),
        **quiet,
    )
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {directory} -c fsync=off -c max_connections=200 -c shared_buffers=128MB"
    (directory / "options").write_text(options)
    _pg_ctl_start(directory, options)
    return {
        "CALLCOACH_TEST_PGHOST": str(directory),
        "CALLCOACH_TEST_PGPORT": str(port),
        "CALLCOACH_TEST_PGUSER": SUPERUSER,
        "CALLCOACH_TEST_PGBIN": str(binaries),
    }


def stop_cluster(directory: Path, mode: str = "fast") -> None:
    data = Path(directory).absolute() / "data"
    if not (data / "postmaster.pid").exists():
        return
    subprocess.run(
        _as_owner([str(bindir() / "pg_ctl"), "-D", str(data), "-m", mode, "-w", "stop"]),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd="/",
    )


def start_again(directory: Path) -> None:
    """Start a stopped cluster again with the options it first had (the tests of a database that
    comes back)."""
    directory = Path(directory).absolute()
    _pg_ctl_start(directory, (directory / "options").read_text())


def _pg_ctl_start(directory: Path, options: str) -> None:
    command = [str(bindir() / "pg_ctl"), "-D", str(directory / "data"), "-l", str(directory / "server.log"), "-o", options, "-w", "start"]
    subprocess.run(_as_owner(command), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True, cwd="/")


def main(argv: list[str]) -> int:
    if argv[:1] == ["stop"] and len(argv) == 2:
        stop_cluster(Path(argv[1]))
        return 0
    if argv != ["start"]:
        print("usage: pgcluster.py start | stop DIR", file=sys.stderr)
        return 2
    try:
        settings = start_cluster(cluster_dir())
    except NoPostgres as error:
        print(error, file=sys.stderr)
        return 3
    except subprocess.CalledProcessError as error:
        print(f"PostgreSQL did not start: {(error.stderr or b'').decode(errors='replace').strip()}", file=sys.stderr)
        return 1
    for key, value in settings.items():
        print(f"{key}={value}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
