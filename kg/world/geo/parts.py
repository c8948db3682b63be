"""Words that name a part of a place, or the kind of a region, rather than a place.

"South Lebanon" and "northern Iraq" are parts of the place their other words name;
"Montenegro province" is where "Montenegro" is. A name made only of such words ("the
North", "Central") names a part of somewhere the text knows, not a place of its own.
"""

from __future__ import annotations

__all__ = ["PART_WORDS", "REGION_WORDS", "is_relative"]

# Words naming a part of what follows them ("South Lebanon", "northern Iraq").
PART_WORDS = frozenset(
    "south southern north northern east eastern west western central upper lower far deep "
    "northeast northeastern northwest northwestern southeast southeastern southwest "
    "southwestern north-east north-eastern north-west north-western south-east "
    "south-eastern south-west south-western".split()
)
# Words naming the kind of a region after its name ("Montenegro province").
REGION_WORDS = frozenset(
    "province region state district governorate oblast county prefecture territory "
    "territories republic area".split()
)


def is_relative(key: str) -> bool:
    """A name made only of direction and kind words ("the North", "Central", "East"): it
    names a part of somewhere the text knows, not a place of its own.

    Examples
    --------
    >>> is_relative("far north"), is_relative("north carolina")
    (True, False)
    """
    return all(w in PART_WORDS or w in REGION_WORDS or w == "centre" for w in key.split())
