"""Models rebuilt from JSON that this package wrote, without validating them a second time.

The caches hold documents that already passed validation (the cache key covers the code, so
the models have not changed since). Validating them again on every run would build pydantic's
validators, the largest part of a cold `check`; this rebuilds each model from its fields'
annotations instead. JSON can only ever become data here, never run code; an entry of the
wrong shape raises `RevivalError`, and the cache then reads the files again.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Callable
from enum import Enum
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel, Discriminator, Tag
from pydantic_core import PydanticUndefined

ModelT = TypeVar("ModelT", bound=BaseModel)
Convert = Callable[[Any], Any]


class RevivalError(Exception):
    """The JSON is not the shape of the model: the entry is not one this code wrote."""


def dump(model: BaseModel) -> Any:
    """The model as JSON data, in the form `revive` reads (keys as in the YAML)."""
    return model.model_dump(mode="json", by_alias=True)


def revive(model: type[ModelT], data: Any) -> ModelT:
    """`model` rebuilt from `dump`'s output; RevivalError when `data` is not of its shape."""
    try:
        return _converter(model)(data)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise RevivalError(f"not a {model.__name__}: {error!r}") from None


@cache
def _converter(annotation: Any) -> Convert:
    """A function turning JSON data into a value of `annotation` (identity for JSON's own types)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _annotated(annotation)
    if origin is typing.Literal or annotation in (str, int, bool, typing.Any):
        return _identity
    if origin in (typing.Union, types.UnionType):
        return _union(typing.get_args(annotation))
    if origin is list:
        item = _converter(typing.get_args(annotation)[0])
        return _identity if item is _identity else lambda value: [item(v) for v in expect(value, list)]
    if origin is dict:
        key, item = (_converter(arg) for arg in typing.get_args(annotation))
        return lambda value: {key(k): item(v) for k, v in expect(value, dict).items()}
    if annotation is dt.date:
        return dt.date.fromisoformat
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return annotation
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _model(annotation)
    raise TypeError(f"no revival for {annotation!r}")


def _identity(value: Any) -> Any:
    return value


def expect(value: Any, kind: type) -> Any:
    """`value`, when it is of JSON type `kind`; RevivalError otherwise."""
    if not isinstance(value, kind):
        raise RevivalError(f"expected {kind.__name__}, got {type(value).__name__}")
    return value


def _annotated(annotation: Any) -> Convert:
    """An `Annotated` type: its inner type, or a tagged union picked by its discriminator."""
    inner, *metadata = typing.get_args(annotation)
    picker = next((m.discriminator for m in metadata if isinstance(m, Discriminator)), None)
    if picker is None:
        return _converter(inner)
    if not callable(picker):
        raise TypeError(f"no revival for the field discriminator {picker!r}")
    by_tag = {_tag(member): _converter(member) for member in typing.get_args(inner)}
    return lambda value: by_tag[picker(value)](value)


def _tag(member: Any) -> str:
    return next(m.tag for m in typing.get_args(member)[1:] if isinstance(m, Tag))


def _union(members: tuple[Any, ...]) -> Convert:
    """An optional value, or a union of JSON's own types (the catalogue's fact values)."""
    present = [_converter(member) for member in members if member is not type(None)]
    if all(convert is _identity for convert in present):
        return _identity
    if len(present) != 1:
        raise TypeError(f"no revival for a union of {members!r} without a discriminator")
    (convert,) = present
    return lambda value: None if value is None else convert(value)


def _model(model: type[BaseModel]) -> Convert:
    """Build the model's instances field by field, as pydantic's `model_construct` does. The
    fields are looked up on first use, as a condition's fields name conditions again."""
    fields: list[tuple[str, str, Convert, Any, Any]] = []
    new = model.__new__
    setattr_ = object.__setattr__

    def build(value: Any) -> BaseModel:
        if not fields:
            fields.extend(_fields(model))
        values = {}
        for name, key, convert, default, factory in fields:
            if key in value:
                item = value[key]
                values[name] = item if item is None else convert(item)
            elif factory is not None:
                values[name] = factory()
            elif default is PydanticUndefined:
                raise KeyError(key)
            else:
                values[name] = default
        instance = new(model)
        setattr_(instance, "__dict__", values)
        setattr_(instance, "__pydantic_fields_set__", set(values))
        setattr_(instance, "__pydantic_extra__", None)
        setattr_(instance, "__pydantic_private__", None)
        return instance

    return lambda value: build(expect(value, dict))


def _fields(model: type[BaseModel]) -> list[tuple[str, str, Convert, Any, Any]]:
    """Each field's name, JSON key, converter and default."""
    hints: dict[str, Any] | None = None
    found = []
    for name, field in model.model_fields.items():
        annotation = _annotation(field)
        if isinstance(field.annotation, typing.ForwardRef):  # a model defined before the type it names
            hints = hints or typing.get_type_hints(model, include_extras=True)
            annotation = hints[name]
        found.append((name, field.alias or name, _converter(annotation), field.default, field.default_factory))
    return found


def _annotation(field: Any) -> Any:
    """The field's type with the `Annotated` metadata pydantic keeps apart (a discriminator)."""
    if field.discriminator is not None and not isinstance(field.discriminator, str):
        return typing.Annotated[field.annotation, field.discriminator]
    discriminators = [m for m in field.metadata if isinstance(m, Discriminator)]
    return typing.Annotated[field.annotation, *discriminators] if discriminators else field.annotation
