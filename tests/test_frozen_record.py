"""A FrozenRecord behaves as the frozen dataclass it replaces (tui/support/frozen_record.py): each
check is made on both, side by side, so a difference between them fails here."""

from __future__ import annotations

import copy
import pickle
from dataclasses import FrozenInstanceError, asdict, dataclass, field, fields, is_dataclass, replace

import pytest

from tui.support.frozen_record import FrozenRecord


class Record(FrozenRecord):
    key: str
    count: int = 0
    tags: tuple[str, ...] = ()
    notes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Reference:
    key: str
    count: int = 0
    tags: tuple[str, ...] = ()
    notes: dict[str, str] = field(default_factory=dict)


BOTH = pytest.mark.parametrize("kind", [Record, Reference], ids=["FrozenRecord", "dataclass"])


@BOTH
def test_arguments_defaults_and_factories(kind: type) -> None:
    made = kind("a", 2, tags=("x",))
    assert (made.key, made.count, made.tags, made.notes) == ("a", 2, ("x",), {})
    assert kind("a").notes is not kind("a").notes  # a fresh dict each time, as default_factory says


@BOTH
@pytest.mark.parametrize(
    "args, kwargs, says",
    [
        ((), {}, "missing"),
        (("a",), {"key": "b"}, "multiple values"),
        (("a",), {"colour": "red"}, "unexpected keyword"),
        (("a", 1, (), {}, 5), {}, "positional"),
    ],
)
def test_wrong_arguments_are_refused(kind: type, args: tuple, kwargs: dict, says: str) -> None:
    with pytest.raises(TypeError, match=says):
        kind(*args, **kwargs)


@BOTH
def test_frozen(kind: type) -> None:
    made = kind("a")
    with pytest.raises(FrozenInstanceError):
        made.count = 3
    with pytest.raises(FrozenInstanceError):
        del made.key


def test_equality_hash_and_repr_match_a_dataclass() -> None:
    record, reference = Record("a", 1, ("t",)), Reference("a", 1, ("t",))
    assert record == Record("a", 1, ("t",)) and record != Record("a", 2, ("t",))
    assert record != reference  # another type, as two dataclasses with the same fields are unequal
    with pytest.raises(TypeError, match="unhashable"):
        hash(Record("a", notes={"k": "v"}))  # a dict field is unhashable, as in the dataclass
    with pytest.raises(TypeError, match="unhashable"):
        hash(Reference("a", notes={"k": "v"}))
    assert repr(record).replace("Record", "X") == repr(reference).replace("Reference", "X")


def test_a_set_tells_records_apart_by_their_fields() -> None:
    class Hashable(FrozenRecord):
        key: str
        count: int = 0

    assert len({Hashable("a"), Hashable("a"), Hashable("a", 1), Hashable("b")}) == 3


def test_dataclass_tools_read_it() -> None:
    record = Record("a", 1)
    assert is_dataclass(record)
    assert [each.name for each in fields(record)] == [each.name for each in fields(Reference)]
    assert replace(record, count=5) == Record("a", 5)
    assert asdict(record) == asdict(Reference("a", 1))


def test_copies_and_pickles_are_equal() -> None:
    record = Record("a", 1, ("t",), {"k": "v"})
    assert copy.deepcopy(record) == record
    assert pickle.loads(pickle.dumps(record)) == record
