"""The near-duplicate index's fixed LSH bands are datasketch's own optimum for its threshold."""

from __future__ import annotations

from datasketch import MinHashLSH

from kg.stages.duplicates import LSH_BANDS, LSH_ROWS, PERMUTATIONS, THRESHOLD


def test_the_fixed_bands_are_what_datasketch_would_choose():
    lsh = MinHashLSH(threshold=0.8 * THRESHOLD, num_perm=PERMUTATIONS)
    assert (lsh.b, lsh.r) == (LSH_BANDS, LSH_ROWS)
