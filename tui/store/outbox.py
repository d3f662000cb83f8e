"""The outbox: callback invites (.ics) and their e-mails (.eml) on disk, and optional SMTP sending.

Files are written whole or not at all (temp file, fsync, os.replace, fsync the directory), 0600
in a 0700 directory, so a crash never leaves half an invite for a mail client to pick up.
Call these from a worker thread: they touch the disk and the network.
"""

from __future__ import annotations

import os
import re
import smtplib
from collections.abc import Mapping
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path
from typing import Protocol

from tui.domain.callback.invite import NO_REPLY, Commitment, invite_email, invite_ics
from tui.store.datadir import outbox_dir
from tui.store.fsutil import atomic_write


class OutboxError(RuntimeError):
    """Writing or sending failed; the message says what to do."""


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


class SmtpServer(Protocol):
    """What sending reads from the config's [smtp] (tui.config.callback.SmtpConfig, the one model of
    it). Named by shape here because config and store sit side by side and never import each other."""

    @property
    def host(self) -> str: ...
    @property
    def port(self) -> int: ...
    @property
    def starttls(self) -> bool: ...
    @property
    def user(self) -> str | None: ...
    @property
    def password_env(self) -> str: ...
    @property
    def sender(self) -> str | None: ...


def send_email(message: EmailMessage, smtp: SmtpServer, environ: Mapping[str, str] | None = None, timeout: float = 15.0) -> None:
    """Send over SMTP; the password is read from the environment variable the config names."""
    env = os.environ if environ is None else environ
    password = env.get(smtp.password_env) if smtp.user else None
    if smtp.user and not password:
        raise OutboxError(f"set {smtp.password_env} to the SMTP password for {smtp.user}")
    if smtp.sender and "From" not in message:
        message["From"] = smtp.sender
    try:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=timeout) as client:
            if smtp.starttls:
                client.starttls()
            if smtp.user and password:
                client.login(smtp.user, password)
            client.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise OutboxError(f"could not send the invite via {smtp.host}:{smtp.port} ({error})") from None
