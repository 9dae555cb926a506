"""Dataclass records to JSON-ready values and back, for the store boundary.

`encode` turns nested dataclasses, tuples and lists into dicts and lists; `decode(cls, value)`
rebuilds `cls` from them using its type hints (nested dataclasses, `X | None`, `list[X]`,
`tuple[X, ...]`, `dict[str, X]`). No pickle: what the store holds stays readable JSON.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from functools import lru_cache


def encode(value: object) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {k: encode(v) for k, v in value.items()}
    return value


@lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, object]:
    return typing.get_type_hints(cls)


def decode(hint: object, value: object) -> object:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        return decode(options[0], value) if len(options) == 1 else value
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        hints = _hints(hint)
        names = {f.name for f in dataclasses.fields(hint) if f.init}
        return hint(**{k: decode(hints[k], v) for k, v in value.items() if k in names})
    if origin in (list, tuple):
        args = typing.get_args(hint)
        item = args[0] if args else object
        items = [decode(item, v) for v in value]
        return tuple(items) if origin is tuple else items
    if origin is dict:
        _, item = typing.get_args(hint)
        return {k: decode(item, v) for k, v in value.items()}
    return value
