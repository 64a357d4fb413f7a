"""What crosses the pipe between the grader and the runner: plain data, never code.

The grader (trusted) and the runner (where the learner's code lives) exchange messages as
JSON, each framed by a 4-byte big-endian length. Python values that JSON cannot hold are
tagged objects with exactly one ``$``-key:

=================  =====================================================
``{"$tuple": []}``  a tuple (also as a dict key)
``{"$dict": []}``   a dict, as a list of ``[key, value]`` pairs (any hashable key)
``{"$bytes": ""}``  bytes, in base64
``{"$set": []}``    a set (``$frozenset`` likewise)
``{"$float": ""}``  ``nan``, ``inf`` or ``-inf``
``{"$date": ""}``   a ``datetime.date`` (``$datetime`` likewise), ISO format
``{"$dataclass"}``  a dataclass of the course library, by name and fields
``{"$opaque": {}}`` anything else: its type name and a short repr, never the object
=================  =====================================================

Nothing is ever unpickled or evaluated: decoding only builds the values above, and a
``$dataclass`` only names a dataclass defined in the course library itself. What the runner
sends is treated as untrusted data: sizes, depth and shapes are checked, and a message that
breaks the rules raises :class:`ProtocolError`.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as _dt
import importlib
import json
import math
import os
import struct
import sys
from typing import Any

#: The largest message either side accepts, in bytes (a learner's return value must fit).
MAX_MESSAGE_BYTES = 32 * 1024 * 1024
#: How deeply containers may nest in a message.
MAX_DEPTH = 64
#: How many items an iterator returned by learner code may yield before it is cut off.
MAX_ITEMS = 1_000_000

_HEADER = struct.Struct(">I")
_LIBRARY_PREFIX = "token_economics."


class ProtocolError(ValueError):
    """A message that does not follow the rules above (too big, too deep, or malformed)."""


class Opaque:
    """A value the runner could not send as data (an object of the learner's own class, say).

    It equals nothing but itself, is not a number, and shows what it was.
    """

    __slots__ = ("type_name", "text")

    def __init__(self, type_name: str, text: str):
        self.type_name = type_name
        self.text = text

    def __repr__(self) -> str:
        return f"<{self.type_name} {self.text}>"

    def __eq__(self, other: object) -> bool:
        return self is other

    __hash__ = object.__hash__


# --- encoding ---------------------------------------------------------------------------------


def encode(value: Any, *, depth: int = 0) -> Any:
    """A JSON-ready form of ``value`` (see the module docstring for the tags)."""
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return value
    if kind is int:
        return value
    if kind is float:
        if math.isfinite(value):
            return value
        return {"$float": "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")}
    if depth > MAX_DEPTH:
        raise ProtocolError(f"a value nests more than {MAX_DEPTH} levels deep")
    if kind is list:
        return [encode(v, depth=depth + 1) for v in value]
    if kind is tuple:
        return {"$tuple": [encode(v, depth=depth + 1) for v in value]}
    if kind is dict:
        return {"$dict": [[encode(k, depth=depth + 1), encode(v, depth=depth + 1)] for k, v in value.items()]}
    return _encode_other(value, depth)


def _encode_other(value: Any, depth: int) -> Any:
    if isinstance(value, (bool, str)):
        return bool(value) if isinstance(value, bool) else str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return encode(float(value), depth=depth)
    if isinstance(value, list):
        return [encode(v, depth=depth + 1) for v in value]
    if isinstance(value, tuple):  # a namedtuple travels as a plain tuple
        return {"$tuple": [encode(v, depth=depth + 1) for v in tuple(value)]}
    if isinstance(value, dict):
        return {"$dict": [[encode(k, depth=depth + 1), encode(v, depth=depth + 1)] for k, v in value.items()]}
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"$bytes": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, (set, frozenset)):
        tag = "$frozenset" if isinstance(value, frozenset) else "$set"
        return {tag: [encode(v, depth=depth + 1) for v in value]}
    if isinstance(value, _dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, _dt.date):
        return {"$date": value.isoformat()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        cls = type(value)
        name = f"{cls.__module__}.{cls.__qualname__}"
        if name.startswith(_LIBRARY_PREFIX):
            fields = {f: getattr(value, f) for f in _init_fields(cls)}
            return {"$dataclass": name, "fields": encode(fields, depth=depth + 1)}
    numpy_value = _from_numpy(value)
    if numpy_value is not _NOTHING:
        return encode(numpy_value, depth=depth)
    if _is_iterator(value):
        items = []
        for item in value:
            if len(items) >= MAX_ITEMS:
                raise ProtocolError(f"an iterator yielded more than {MAX_ITEMS:,} items")
            items.append(encode(item, depth=depth + 1))
        return items
    return {"$opaque": {"type": _type_name(value), "repr": _short_repr(value)}}


_FIELDS: dict[type, tuple[str, ...]] = {}


def _init_fields(cls: type) -> tuple[str, ...]:
    if cls not in _FIELDS:
        _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls) if f.init)
    return _FIELDS[cls]


_NOTHING = object()


def _from_numpy(value: Any) -> Any:
    """A NumPy scalar or array as the plain Python value it holds (without importing NumPy)."""
    module = type(value).__module__
    if not module.startswith("numpy"):
        return _NOTHING
    for method in ("item", "tolist"):
        if type(value).__name__ == "ndarray" and method == "item":
            continue
        convert = getattr(value, method, None)
        if callable(convert):
            return convert()
    return _NOTHING


def _is_iterator(value: Any) -> bool:
    return hasattr(type(value), "__next__") or type(value).__name__ in (
        "range",
        "dict_keys",
        "dict_values",
        "dict_items",
        "map",
        "filter",
        "zip",
        "reversed",
    )


def _type_name(value: Any) -> str:
    cls = type(value)
    return f"{cls.__module__}.{cls.__qualname__}"


def _short_repr(value: Any, limit: int = 200) -> str:
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - a learner's __repr__ may fail: say so, do not fail
        text = "(repr failed)"
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- decoding ---------------------------------------------------------------------------------


def decode(data: Any, *, depth: int = 0, trusted: bool = True) -> Any:
    """The Python value for a JSON-ready form made by :func:`encode`.

    With ``trusted=False`` (what the grader uses for the runner's answers) a ``$dataclass`` may
    only name a class of a library module that is already imported: decoding never imports.

    Raises:
        ProtocolError: for an unknown tag, an unhashable key, bad base64 or ISO text, a
            dataclass outside the course library, or nesting deeper than :data:`MAX_DEPTH`.
    """
    if depth > MAX_DEPTH:
        raise ProtocolError(f"a value nests more than {MAX_DEPTH} levels deep")
    if data is None or isinstance(data, (bool, int, float, str)):
        return data
    if isinstance(data, list):
        return [decode(v, depth=depth + 1, trusted=trusted) for v in data]
    if not isinstance(data, dict) or not (len(data) == 1 or set(data) == {"$dataclass", "fields"}):
        raise ProtocolError("a tagged value must be an object with one tag")
    tag = "$dataclass" if "$dataclass" in data else next(iter(data))
    body = data[tag]
    try:
        if tag == "$tuple":
            return tuple(decode(v, depth=depth + 1, trusted=trusted) for v in _list(body))
        if tag == "$dict":
            out = {}
            for pair in _list(body):
                if not isinstance(pair, list) or len(pair) != 2:
                    raise ProtocolError("a $dict entry must be a [key, value] pair")
                key = decode(pair[0], depth=depth + 1, trusted=trusted)
                out[key] = decode(pair[1], depth=depth + 1, trusted=trusted)
            return out
        if tag == "$bytes":
            return base64.b64decode(_str(body), validate=True)
        if tag in ("$set", "$frozenset"):
            items = [decode(v, depth=depth + 1, trusted=trusted) for v in _list(body)]
            return set(items) if tag == "$set" else frozenset(items)
        if tag == "$float":
            if body not in ("nan", "inf", "-inf"):
                raise ProtocolError(f"unknown special float {body!r}")
            return float(body)
        if tag == "$date":
            return _dt.date.fromisoformat(_str(body))
        if tag == "$datetime":
            return _dt.datetime.fromisoformat(_str(body))
        if tag == "$dataclass":
            return _decode_dataclass(_str(body), data.get("fields"), depth, trusted)
        if tag == "$opaque":
            if not isinstance(body, dict):
                raise ProtocolError("$opaque needs an object")
            return Opaque(str(body.get("type", "?"))[:200], str(body.get("repr", ""))[:200])
    except TypeError as exc:  # an unhashable key or set member
        raise ProtocolError(f"bad {tag}: {exc}") from None
    except ValueError as exc:
        if isinstance(exc, ProtocolError):
            raise
        raise ProtocolError(f"bad {tag}: {exc}") from None
    raise ProtocolError(f"unknown tag {tag!r}")


def _list(body: Any) -> list:
    if not isinstance(body, list):
        raise ProtocolError("expected a list")
    return body


def _str(body: Any) -> str:
    if not isinstance(body, str):
        raise ProtocolError("expected a string")
    return body


_CLASSES: dict[str, type] = {}


def _library_dataclass(name: str, trusted: bool) -> type:
    if name in _CLASSES:
        return _CLASSES[name]
    module_name, _, qualname = name.rpartition(".")
    if (
        not name.startswith(_LIBRARY_PREFIX)
        or not module_name
        or "." in qualname
        or module_name.startswith("token_economics.grader")
    ):
        raise ProtocolError(f"{name!r} is not a dataclass of the course library")
    if not trusted and module_name not in sys.modules:
        raise ProtocolError(f"{name!r} is not a dataclass of a library module in use")
    try:
        cls = getattr(importlib.import_module(module_name), qualname)
    except (ImportError, AttributeError):
        raise ProtocolError(f"{name!r} is not a dataclass of the course library") from None
    if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
        raise ProtocolError(f"{name!r} is not a dataclass of the course library")
    _CLASSES[name] = cls
    return cls


def _decode_dataclass(name: str, fields: Any, depth: int, trusted: bool) -> Any:
    cls = _library_dataclass(name, trusted)
    values = decode(fields, depth=depth + 1, trusted=trusted)
    if not isinstance(values, dict) or not all(isinstance(k, str) for k in values):
        raise ProtocolError(f"{name}: fields must be a dict of names")
    try:
        return cls(**values)
    except Exception as exc:  # noqa: BLE001 - a dataclass that rejects the values: a bad message
        raise ProtocolError(f"{name}: {type(exc).__name__}: {exc}") from None


# --- framing ----------------------------------------------------------------------------------


def dumps(message: dict) -> bytes:
    """One framed message: a 4-byte length, then the JSON text."""
    body = json.dumps(message, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")
    if len(body) > MAX_MESSAGE_BYTES:
        raise ProtocolError(f"a message of {len(body):,} bytes is over the limit of {MAX_MESSAGE_BYTES:,}")
    return _HEADER.pack(len(body)) + body


def loads(body: bytes) -> dict:
    """The message in a frame's body (without its length prefix).

    Raises:
        ProtocolError: if the body is not a JSON object (NaN and Infinity literals are refused).
    """
    try:
        message = json.loads(body.decode("utf-8"), parse_constant=_refuse_constant)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError, ValueError) as exc:
        if isinstance(exc, ProtocolError):
            raise
        raise ProtocolError(f"not a JSON message: {type(exc).__name__}") from None
    if not isinstance(message, dict):
        raise ProtocolError("a message must be a JSON object")
    return message


def _refuse_constant(name: str) -> Any:
    raise ProtocolError(f"{name} is not allowed in a message")


def frame_length(header: bytes) -> int:
    """The body length announced by a 4-byte header.

    Raises:
        ProtocolError: if it is over :data:`MAX_MESSAGE_BYTES`.
    """
    (length,) = _HEADER.unpack(header)
    if length > MAX_MESSAGE_BYTES:
        raise ProtocolError(f"a message of {length:,} bytes is over the limit of {MAX_MESSAGE_BYTES:,}")
    return length


def write_message(fd: int, message: dict) -> None:
    """Write one framed message to a file descriptor, all of it."""
    data = memoryview(dumps(message))
    while data:
        written = os.write(fd, data)
        data = data[written:]


def read_exactly(fd: int, size: int) -> bytes:
    """Read ``size`` bytes from a blocking file descriptor (b"" if it closes first)."""
    chunks, missing = [], size
    while missing:
        chunk = os.read(fd, min(missing, 1 << 20))
        if not chunk:
            return b""
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


def read_message(fd: int) -> dict | None:
    """Read one framed message from a blocking file descriptor (None when it closes)."""
    header = read_exactly(fd, _HEADER.size)
    if not header:
        return None
    body = read_exactly(fd, frame_length(header))
    if len(body) == 0 and frame_length(header):
        return None
    return loads(body)
