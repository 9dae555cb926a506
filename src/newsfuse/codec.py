"""Dataclass records to JSON-ready values and back, for the store boundary.

`encode` turns nested dataclasses, tuples and lists into dicts and lists; `decode(cls, value)`
rebuilds `cls` from them using its type hints (nested dataclasses, `X | None`, `list[X]`,
`tuple[X, ...]`, `dict[str, X]`). No pickle: what the store holds stays readable JSON.
"""

from __future__ import annotations

import dataclasses
import sys
import types
import typing
from collections.abc import Callable
from functools import lru_cache


_SCALARS = frozenset({str, int, float, bool, type(None)})


def encode(value: object) -> object:
    kind = type(value)
    if kind in _SCALARS:  # most values: checked first, by exact type
        return value
    names = _field_names(kind)
    if names is not None:
        return {name: encode(getattr(value, name)) for name in names}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {k: encode(v) for k, v in value.items()}
    return value


@lru_cache(maxsize=None)
def _field_names(kind: type) -> tuple[str, ...] | None:
    """The field names of a dataclass type (as `dataclasses.fields` lists them), None for other
    types: looked up once per type, not per value (the store encodes a story's records by the
    hundred thousand)."""
    if not dataclasses.is_dataclass(kind):
        return None
    return tuple(f.name for f in dataclasses.fields(kind))


def decode(hint: object, value: object) -> object:
    return _decoder(hint)(value)


def _same(value: object) -> object:
    return value


@lru_cache(maxsize=None)
def _decoder(hint: object) -> Callable[[object], object]:
    """A function that decodes values of `hint`, worked out once per type (the store reads
    thousands of nested records per page; looking at the type hints every time was most of it)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(options) != 1:
            return _same
        inner = _decoder(options[0])
        return _same if inner is _same else (lambda value: None if value is None else inner(value))
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _record_decoder(hint)
    if origin in (list, tuple):
        args = typing.get_args(hint)
        item = _decoder(args[0]) if args else _same
        if origin is tuple:
            return lambda value: None if value is None else tuple(item(v) for v in value)
        if item is _same:
            return lambda value: None if value is None else list(value)
        return lambda value: None if value is None else [item(v) for v in value]
    if origin is dict:
        _, item = typing.get_args(hint)
        item = _decoder(item)
        return lambda value: None if value is None else {k: item(v) for k, v in value.items()}
    return _same


def _record_decoder(cls: type) -> Callable[[object], object]:
    fields: dict[str, Callable[[object], object]] = {}

    def record(value: object) -> object:
        if value is None:
            return None
        if not fields:  # filled on first use, so a record may contain itself
            try:
                hints = typing.get_type_hints(cls)
            except NameError:
                # a module whose annotations name records it imports on first use (store.results)
                # has a `_record_types()` that brings them in
                load = getattr(sys.modules.get(cls.__module__), "_record_types", None)
                if load is None:
                    raise
                load()
                hints = typing.get_type_hints(cls)
            fields.update({f.name: _decoder(hints[f.name]) for f in dataclasses.fields(cls) if f.init})
        # keys the record does not know are left out; fields the value lacks take their defaults
        return cls(**{k: fields[k](v) for k, v in value.items() if k in fields})

    return record
