"""Checking an export document before anything is imported: the whole file, or nothing.

`check_document(doc)` parses the document into checked calls and comments, or raises
ImportRefused naming the first bad field by its path (`calls[3].events[2].t`). Each call is
checked by the one schema of stored calls (tui.domain.call.schema); here are the document's own
rules: its format and version, bounded lists, one content per call id, one call per invite UID.
Nothing here touches the store: collisions with local data are the import service's to find
(tui.services.imports).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol, TypeVar

from tui.domain.call.record import EXPORT_FORMAT, EXPORT_VERSION
from tui.domain.call.schema import COMMENT_FIELDS, CheckedCall, RecordError, check_call, checked_list, checked_object, refusal

T = TypeVar("T", bound="Settled")
MAX_CALLS = 100_000
MAX_REVIEWS = 200_000


class ImportRefused(ValueError):
    """The file cannot be imported; str() says which field and why. Nothing was changed."""


def check_document(document: object) -> tuple[list[CheckedCall], list[dict]]:
    """(checked calls, checked comments) or ImportRefused naming the first bad field."""
    calls, reviews = document_parts(document)
    return settle_calls(calls, (check_call_at(call, index) for index, call in enumerate(calls))), checked_reviews(reviews)


def document_parts(document: object) -> tuple[list, list]:
    """The document's own fields checked: its calls and its comments, each still to be checked."""
    try:
        document = checked_object(document, "the file", ("format", "version", "calls", "reviews"), ("format", "version", "calls"))
        if document["format"] != EXPORT_FORMAT:
            raise refusal("format", f'"{EXPORT_FORMAT}"')
        version = document["version"]
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise refusal("version", "a whole number, 1 or more")
        if version > EXPORT_VERSION:
            raise ImportRefused(f"version {version} is newer than this callcoach reads ({EXPORT_VERSION}); upgrade callcoach to import it")
        calls = checked_list(document["calls"], "calls", MAX_CALLS, "calls")
        reviews = checked_list(document.get("reviews", []), "reviews", MAX_REVIEWS, "comments")
    except RecordError as error:
        raise ImportRefused(str(error)) from None
    return calls, reviews


def check_call_at(call: object, index: int) -> CheckedCall | RecordError:
    """One call of the document checked, or what is wrong with it (returned, not raised, so calls
    may be checked apart, over several processes, and settled in order)."""
    try:
        return check_call(call, f"calls[{index}]")
    except RecordError as error:
        return error


class Settled(Protocol):
    """What the rules across calls read of a checked call (a CheckedCall, or what an import made of it)."""

    @property
    def call_id(self) -> str: ...

    @property
    def uids(self) -> frozenset[str]: ...


def settle_calls(calls: list, checked: Iterable[T | RecordError]) -> list[T]:
    """The document's rules across calls, in file order: the first problem is the one named (a bad
    call, a call id repeated with other content, an invite UID in two calls); a call repeated
    with the same content is taken once."""
    return list(settling(calls, checked))


def settling(calls: list, checked: Iterable[T | RecordError]) -> Iterator[T]:
    """settle_calls one call at a time, as the checked calls come (a load may start on the first
    while the rest are checked); ImportRefused is raised when the first problem is reached."""
    seen: dict[str, int] = {}
    owner: dict[str, str] = {}
    for index, item in enumerate(checked):
        if isinstance(item, RecordError):
            raise ImportRefused(str(item))
        where = f"calls[{index}]"
        call_id = item.call_id
        if call_id in seen:
            if calls[seen[call_id]] != calls[index]:
                raise ImportRefused(f"{where}.id {call_id} repeats calls[{seen[call_id]}] with different content")
            continue
        for uid in item.uids:
            if owner.setdefault(uid, call_id) != call_id:
                raise ImportRefused(f"{where} uses the invite UID {uid} of call {owner[uid]}; a UID belongs to one call")
        seen[call_id] = index
        yield item


def checked_reviews(reviews: list) -> list[dict]:
    try:
        for index, comment in enumerate(reviews):
            where = f"reviews[{index}]"
            checked_object(comment, where, COMMENT_FIELDS, tuple(COMMENT_FIELDS))
            for key, check in COMMENT_FIELDS.items():
                check(comment[key], f"{where}.{key}")
            if not comment["text"].strip():
                raise refusal(f"{where}.text", "some text")
    except RecordError as error:
        raise ImportRefused(str(error)) from None
    return list(reviews)
