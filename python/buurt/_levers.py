"""Lever values from Python: one check of a single value (designs, `set=`, calibration) and one
reading of a lever spec (`buurt.ema` and `buurt.salib`), both from the registry (`buurt params`)."""

from __future__ import annotations

import dataclasses
import math
import numbers
from collections.abc import Iterable

import numpy as np

from ._cli import BuurtError, lever_specs


def spec_of(lever: str) -> dict:
    """The registry's declaration of a lever; a BuurtError for an unknown name."""
    spec = lever_specs().get(lever)
    if spec is None:
        raise BuurtError(f"unknown lever '{lever}' (see buurt.params())")
    return spec


def allowed(spec: dict) -> str:
    """The allowed values of a lever, in words."""
    kind = spec["kind"]
    if kind == "choice":
        return "one of " + " | ".join(spec["options"]) + " (or its index in that order)"
    if kind == "flag":
        return "true or false"
    return f"{'a whole number' if kind == 'integer' else 'a number'} from {_num(spec['min'])} to {_num(spec['max'])}"


def _num(x) -> str:
    x = float(x)
    return str(int(x)) if x.is_integer() and abs(x) < 1e15 else repr(x)


def _missing(value) -> bool:
    if value is None:
        return True
    try:
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return True
    except ImportError:  # pragma: no cover
        pass
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_)) and math.isnan(float(value))


def format_value(lever: str, value) -> str:
    """A lever value the way `--set` and design files take it: choices by option name, flags as
    true/false, numbers as Python writes them (exactly: `repr`).

    Accepted: for a choice an option name, or a whole number 0 .. options-1 (the option's index in
    the registry's order, `buurt.params()`); for a flag a bool, 'true'/'false' or 0/1; for an
    integer lever a number (rounded to the nearest whole number); for a real lever a number. A
    missing value (None, NaN, pd.NA), an unknown option, a code outside 0 .. options-1, any other
    number for a flag, or a number outside the lever's allowed range is a BuurtError naming the
    lever and the allowed values: nothing is mapped silently. (SALib's unit-per-option sample space
    is mapped to options by `buurt.salib.design`, not here.)"""
    spec = spec_of(lever)
    kind = spec["kind"]

    def bad(what: str) -> BuurtError:
        return BuurtError(f"'{lever}': {what} (allowed: {allowed(spec)})")

    if _missing(value):
        raise bad(f"missing value ({value!r})")
    if isinstance(value, np.generic):
        value = value.item()
    if kind == "choice":
        options = spec["options"]
        if isinstance(value, str):
            if value not in options:
                raise bad(f"'{value}' is not an option")
            return value
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or not float(value).is_integer():
            raise bad(f"{value!r} is neither an option nor an option's index")
        i = int(value)
        if not 0 <= i < len(options):
            raise bad(f"option index {i} is outside 0..{len(options) - 1}")
        return options[i]
    if kind == "flag":
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower()
        if isinstance(value, numbers.Real) and float(value) in (0.0, 1.0):
            return "true" if float(value) == 1.0 else "false"
        raise bad(f"{value!r} is not true or false (nor 1 or 0)")
    # real and integer levers
    if isinstance(value, bool):
        raise bad(f"{value!r} is a truth value, not a number")
    if isinstance(value, str):
        try:
            v = float(value)
        except ValueError:
            raise bad(f"'{value}' is not a number") from None
    elif isinstance(value, numbers.Real):
        v = float(value)
    else:
        raise bad(f"{value!r} is not a number")
    if not math.isfinite(v):
        raise bad(f"{value!r} is not a finite number")
    if kind == "integer":
        v = float(round(v))
    if not float(spec["min"]) <= v <= float(spec["max"]):
        raise bad(f"{value!r} is out of range")
    if kind == "integer" or v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return repr(v)


def default_range(lever: str) -> tuple[float, float, str]:
    """The range `buurt.ema`, `buurt.salib` and `buurt.calibrate` use for a number lever given
    without bounds: (low, high, where from). A lever the registry marks uncertain: its plausible
    range (`buurt params --uncertain`); any other lever: its allowed range."""
    spec = spec_of(lever)
    if spec["kind"] not in ("real", "integer"):
        raise BuurtError(f"'{lever}' is a {spec['kind']} lever, not a number")
    if "uncertain" not in spec:
        raise BuurtError("this buurt executable does not give the levers' plausible ranges (params --format json); "
                         "rebuild it (swift build -c release)")
    if spec.get("uncertain") and spec.get("plausible_min") is not None:
        return float(spec["plausible_min"]), float(spec["plausible_max"]), "plausible range"
    return float(spec["min"]), float(spec["max"]), "allowed range (not marked uncertain)"


@dataclasses.dataclass(frozen=True)
class Domain:
    """What a lever spec means: a range (`low`..`high`, for real and integer levers) or a set of
    values (`values`: choice options, flag values, or listed numbers). `origin` says where it came from."""
    lever: str
    kind: str
    low: float | None = None
    high: float | None = None
    values: tuple | None = None
    origin: str = "given"

    @property
    def is_range(self) -> bool:
        return self.values is None


SPEC_RULES = """A lever spec, the same in buurt.ema and buurt.salib:
  None          a number lever: its plausible range if the registry marks it uncertain, else its
                allowed range; a choice: all its options; a flag: true and false.
  (low, high)   a tuple: a range of a real or integer lever (inside the allowed range; whole
                numbers for an integer lever).
  [v1, v2, ...] a list (or array, set, or for a choice or flag also a tuple): a set of at least
                two values, each checked against the lever (options of a choice, true/false of a
                flag, numbers inside the allowed range); one value is a constant (use set=)."""


def domain(lever: str, spec=None) -> Domain:
    """Reads a lever spec (see `SPEC_RULES`); a BuurtError for anything it cannot mean."""
    reg = spec_of(lever)
    kind = reg["kind"]
    if isinstance(spec, (str, bytes)) or (spec is not None and not isinstance(spec, Iterable)):
        raise BuurtError(f"spec {spec!r} of '{lever}': give None, a (low, high) tuple or a list of values. " + SPEC_RULES)
    if kind in ("choice", "flag"):
        if spec is None:
            values = tuple(reg["options"]) if kind == "choice" else (False, True)
            return Domain(lever, kind, values=values, origin="all options" if kind == "choice" else "true and false")
        items = list(spec)
        if kind == "choice":
            for o in items:
                if not isinstance(o, str) or o not in reg["options"]:
                    raise BuurtError(f"{o!r} is not an option of {lever} ({' | '.join(reg['options'])})")
        else:
            items = [format_value(lever, o) == "true" for o in items]
        values = tuple(dict.fromkeys(items))
        return _values(lever, kind, values)
    if spec is None:
        lo, hi, origin = default_range(lever)
        return Domain(lever, kind, low=lo, high=hi, origin=origin)
    if isinstance(spec, tuple):
        if len(spec) != 2:
            raise BuurtError(f"range {spec!r} of '{lever}': a range is a (low, high) tuple; a list is a set of values")
        try:
            lo, hi = float(spec[0]), float(spec[1])
        except (TypeError, ValueError):
            raise BuurtError(f"range {spec!r} of '{lever}' is not two numbers") from None
        if not (math.isfinite(lo) and math.isfinite(hi)):
            raise BuurtError(f"range {spec!r} of '{lever}' is not two finite numbers")
        if kind == "integer" and not (lo.is_integer() and hi.is_integer()):
            raise BuurtError(f"range {spec!r} of '{lever}', a whole-number lever, needs whole-number ends")
        if not (float(reg["min"]) <= lo < hi <= float(reg["max"])):
            raise BuurtError(f"range {_num(lo)}..{_num(hi)} of {lever} is outside its range "
                             f"{_num(reg['min'])}..{_num(reg['max'])} (or empty)")
        return Domain(lever, kind, low=lo, high=hi)
    items = list(np.asarray(list(spec), dtype=object).ravel()) if not isinstance(spec, set) else sorted(spec)
    values = []
    for v in items:
        if kind == "integer" and isinstance(v, numbers.Real) and not _missing(v) and not float(v).is_integer():
            raise BuurtError(f"'{lever}' is a whole-number lever: {v!r} in its list of values is not a whole number")
        text = format_value(lever, v)
        values.append(int(text) if kind == "integer" else float(text))
    return _values(lever, kind, tuple(dict.fromkeys(values)))


def _values(lever: str, kind: str, values: tuple) -> Domain:
    if not values:
        raise BuurtError(f"spec of '{lever}': an empty list of values")
    if len(values) == 1:
        raise BuurtError(f"spec of '{lever}': one value ({values[0]!r}) is a constant, not something to vary: "
                         "give it in set= instead")
    return Domain(lever, kind, values=values)
