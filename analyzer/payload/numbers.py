"""Numbers of the payload as floats, or None: JSON allows integers of any length, which Python
keeps exactly and float() refuses (`1` and 400 zeros: OverflowError)."""
from __future__ import annotations

import math
from typing import Any


def finite(value: Any) -> float | None:
    """`value` as a float if it is a JSON number a float can hold (not a bool, NaN or infinity)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None
