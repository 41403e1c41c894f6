"""Option values without pydantic: Typer's coercion of plain strings, numbers and choices, done directly.

Typer (0.2x) turns every option value that is not a flag into its Python type
through a pydantic `TypeAdapter`. Importing pydantic and building the adapters
took about a fifth of a second of every command's start (`triage clean FILE`
included), for values that are strings, choices and small integers. `install()`
gives those parameters a coercion that returns exactly what Typer's adapters
return for them (`tests/test_speed_equivalence.py` compares the two): a string
as given, a choice through Typer's own `coerce_cli_choice`, an integer or float
written in plain digits within its bounds, and lists of those (`triage ingest`'s
paths and `--field`: a list parameter imported pydantic into every ingest). Anything else — another type, a value
outside the bounds, a malformed number — goes through Typer's own adapter, so its
error messages are Typer's. One message is ours: a value that is not one of a
choice's values says so without the "Value error, " pydantic puts before Typer's
own words ("Invalid value for '--format': 'xml' is not one of 'table', …").
If Typer's internals move, `install` does nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Optional, Union, get_args, get_origin

_INT = re.compile(r"[0-9]{1,18}")
_FLOAT = re.compile(r"[0-9]{1,15}(?:\.[0-9]{1,15})?")


def _plain(annotation: Any) -> Any:
    """`Optional[X]` → X (a None value never reaches the coercion)."""
    if get_origin(annotation) is Union:
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _element(annotation: Any) -> Any:
    """`list[X]` (or `Optional[list[X]]`) → X; anything else → a type nothing handles."""
    args = get_args(_plain(annotation))
    return _plain(args[0]) if len(args) == 1 else _Missing


def install() -> bool:
    try:
        from typer import _coercion, core
        from typer._click.exceptions import BadParameter
        from typer._param_types import choice_coercion_annotation, coerce_cli_choice
        original = core.build_runtime_param
        base = _coercion.RuntimeParam
    except (ImportError, AttributeError):
        return False
    if getattr(original, "_triage_cheap", False):
        return True

    @dataclass(frozen=True)
    class Cheap(base):  # type: ignore[misc, valid-type]
        descriptor: Any = None

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            try:
                found = direct(self.descriptor, value, ctx)
            except _NotAChoice as exc:
                raise BadParameter(str(exc), ctx=ctx, param=param) from None
            if found is not _MISSING:
                return found
            return original(self.descriptor)._coerce_value(value, param=param, ctx=ctx)

    def direct(descriptor: Any, value: Any, ctx: Any) -> Any:
        if descriptor.is_list:  # Typer's list adapter: a lone value is a list of one, each item coerced
            element = _element(descriptor.annotation)
            items = [direct_one(element, descriptor.parameter_info, item, ctx)
                     for item in (value if isinstance(value, (list, tuple)) else [value])]
            return _MISSING if any(item is _MISSING for item in items) else items
        return direct_one(_plain(descriptor.annotation), descriptor.parameter_info, value, ctx)

    def direct_one(annotation: Any, info: Any, value: Any, ctx: Any) -> Any:
        if annotation in (str, bool):  # a flag's value is a bool already (a None never gets here)
            return value if type(value) is annotation else _MISSING
        choice = choice_coercion_annotation(annotation, info)
        if choice is not None:
            try:
                return coerce_cli_choice(value, choices=choice[0], case_sensitive=choice[1], ctx=ctx)
            except ValueError as exc:
                raise _NotAChoice(str(exc)) from None
        if annotation in (int, float) and not info.clamp:
            if type(value) is str and (_INT if annotation is int else _FLOAT).fullmatch(value):
                number = annotation(value)
            elif type(value) is annotation:
                number = value
            else:
                return _MISSING
            if (info.min is not None and number < info.min) or (info.max is not None and number > info.max):
                return _MISSING
            return number
        return _MISSING

    def build(descriptor: Any) -> Any:
        info = descriptor.parameter_info
        annotation = _element(descriptor.annotation) if descriptor.is_list else _plain(descriptor.annotation)
        handled = annotation in (str, int, float) or choice_coercion_annotation(annotation, info) is not None \
            or (annotation is bool and not descriptor.is_list)
        if handled and descriptor.file_annotation is None and info.parser is None and not descriptor.is_tuple:
            return Cheap(parameter_info=info, annotation=descriptor.annotation, descriptor=descriptor)
        return original(descriptor)

    build._triage_cheap = True  # type: ignore[attr-defined]
    core.build_runtime_param = build
    return True


class _Missing:
    pass


class _NotAChoice(ValueError):
    """A value outside a choice's values, with Typer's own words for it."""


_MISSING: Optional[Any] = _Missing()
