"""Frozen records that cost nothing to define: a frozen dataclass's behaviour without its exec.

`@dataclass(frozen=True)` writes __init__, __repr__, __eq__, __hash__, __setattr__ and __delattr__
as source text and compiles each one when the class is defined: 0.4-1.6 ms a class on this kind of
machine, and the desk's first frame (issue 18 item 1) read eight such records before it was drawn,
about 7 ms. A FrozenRecord subclass is still a dataclass to everyone who asks (fields(),
replace(), asdict(), mypy through dataclass_transform) because dataclass() records its fields;
only the methods are shared ones, written once here, that read those fields.

    class Step(FrozenRecord):
        key: str
        rules: tuple[str, ...] = ()
        notes: dict[str, str] = field(default_factory=dict)

Positional and keyword arguments, defaults and default factories work as in a dataclass; there is
no __post_init__, ordering or slots. Instances are frozen (FrozenInstanceError), equal when their
type and fields are, hashable when their fields are, and print as a dataclass does.
"""

from __future__ import annotations

from dataclasses import MISSING, FrozenInstanceError, dataclass, field, fields
from typing import Any, ClassVar, dataclass_transform

_Field = tuple[str, Any, Any]  # name, default, default factory (MISSING when there is none)


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
class FrozenRecord:
    __slots__ = ()
    _record_fields: ClassVar[tuple[_Field, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not cls.__doc__:
            cls.__doc__ = cls.__name__  # a dataclass without one computes its signature: slow
        # fields only: no method is generated (init, repr and eq are this class's; not frozen, so no
        # __setattr__ either, and __hash__ is inherited because eq=False)
        dataclass(init=False, repr=False, eq=False)(cls)
        cls._record_fields = tuple((each.name, each.default, each.default_factory) for each in fields(cls))  # type: ignore[arg-type]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        spec = self._record_fields
        name = type(self).__name__
        if len(args) > len(spec):
            raise TypeError(f"{name}() takes {len(spec)} positional arguments but {len(args)} were given")
        for (field_name, _default, _factory), value in zip(spec, args, strict=False):
            if field_name in kwargs:
                raise TypeError(f"{name}() got multiple values for argument '{field_name}'")
            object.__setattr__(self, field_name, value)
        for field_name, default, factory in spec[len(args) :]:
            if field_name in kwargs:
                value = kwargs.pop(field_name)
            elif default is not MISSING:
                value = default
            elif factory is not MISSING:
                value = factory()
            else:
                raise TypeError(f"{name}() missing required argument: '{field_name}'")
            object.__setattr__(self, field_name, value)
        if kwargs:
            raise TypeError(f"{name}() got an unexpected keyword argument '{next(iter(kwargs))}'")

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, field_name) for field_name, _default, _factory in self._record_fields)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FrozenRecord) or type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((type(self), self._values()))

    def __repr__(self) -> str:
        shown = ", ".join(f"{field_name}={getattr(self, field_name)!r}" for field_name, _d, _f in self._record_fields)
        return f"{type(self).__qualname__}({shown})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field '{name}'")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field '{name}'")
