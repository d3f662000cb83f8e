"""The outbox: callback invites (.ics) and their e-mails (.eml) on disk, and optional SMTP sending.

Files are written whole or not at all (temp file, fsync, os.replace, fsync the directory), 0600
in a 0700 directory, so a crash never leaves half an invite for a mail client to pick up.
Call these from a worker thread: they touch the disk and the network.
"""

from __future__ import annotations

import os
import re
import smtplib
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

from tui.domain.callback.invite import NO_REPLY, Commitment, invite_email, invite_ics
from tui.store.fsutil import atomic_write

DEFAULT_PASSWORD_ENV = "CALLCOACH_SMTP_PASSWORD"


class OutboxError(RuntimeError):
    """Writing or sending failed; the message says what to do."""


def outbox_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "outbox"


def _safe_uid(uid: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", uid)


def invite_stem(uid: str, sequence: int, method: str) -> str:
    """File names from the UID: one file per issue, so a reschedule never overwrites the first invite."""
    return f"{_safe_uid(uid)}.seq{sequence}.{method.lower()}"


def invite_files(data_dir: Path, uid: str) -> list[Path]:
    """Every file issued for a commitment (.ics and .eml of each sequence), for retention."""
    prefix = f"{_safe_uid(uid)}.seq"
    try:
        return sorted(path for path in outbox_dir(data_dir).iterdir() if path.name.startswith(prefix))
    except FileNotFoundError:
        return []


def write_outbox_files(data_dir: Path, stem: str, ics: bytes, email: EmailMessage | None = None) -> tuple[Path, Path | None]:
    """Write <stem>.ics (and <stem>.eml) into <data_dir>/outbox/; returns the paths."""
    folder = outbox_dir(data_dir)
    ics_path = folder / f"{stem}.ics"
    atomic_write(ics_path, ics)
    eml_path = None
    if email is not None:
        eml_path = folder / f"{stem}.eml"
        atomic_write(eml_path, email.as_bytes(policy=SMTP))
    return ics_path, eml_path


def issue_invite(data_dir: Path, commitment: Commitment, now: datetime, sender: str | None = None) -> tuple[Path, Path | None]:
    """Build and write the invite for a commitment (new, rescheduled or cancelled) and, when the
    caller gave an e-mail address, the .eml beside it. Returns (ics path, eml path or None)."""
    ics = invite_ics(commitment, now)
    email = invite_email(commitment, ics, now, sender or commitment.organizer or NO_REPLY) if commitment.email else None
    return write_outbox_files(data_dir, invite_stem(commitment.uid, commitment.sequence, commitment.method), ics, email)


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 587
    starttls: bool = True
    user: str | None = None
    password_env: str = DEFAULT_PASSWORD_ENV
    sender: str | None = None
    timeout: float = 15.0


def smtp_settings(table: dict, source: str = "config.toml") -> SmtpSettings:
    """Config's [smtp] table: host, port, starttls, user, password_env, from. Unknown keys are refused."""
    kinds = {"host": str, "port": int, "starttls": bool, "user": str, "password_env": str, "from": str, "timeout": (int, float)}
    for key, value in table.items():
        if key not in kinds:
            raise OutboxError(f"{source}: key 'smtp.{key}' is not a setting (one of {', '.join(kinds)})")
        if not isinstance(value, kinds[key]) or (isinstance(value, bool) and kinds[key] is not bool):
            raise OutboxError(f"{source}: key 'smtp.{key}' has the wrong type")
    if not table.get("host"):
        raise OutboxError(f"{source}: key 'smtp.host' is needed to send invites")
    values = {key: value for key, value in table.items() if key != "from"}
    return SmtpSettings(**values, sender=table.get("from"))


def send_email(message: EmailMessage, settings: SmtpSettings, environ: dict | None = None) -> None:
    """Send over SMTP; the password is read from the environment variable the config names."""
    env = os.environ if environ is None else environ
    password = env.get(settings.password_env) if settings.user else None
    if settings.user and not password:
        raise OutboxError(f"set {settings.password_env} to the SMTP password for {settings.user}")
    if settings.sender and "From" not in message:
        message["From"] = settings.sender
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout) as client:
            if settings.starttls:
                client.starttls()
            if settings.user:
                client.login(settings.user, password)
            client.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise OutboxError(f"could not send the invite via {settings.host}:{settings.port} ({error})") from None
