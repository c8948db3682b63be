"""The near-duplicate index's fixed LSH bands are datasketch's own optimum for its threshold."""

from __future__ import annotations

from datasketch import MinHashLSH

from kg.stages.duplicates import LSH_BANDS, LSH_ROWS, PERMUTATIONS, THRESHOLD


def test_the_fixed_bands_are_what_datasketch_would_choose():
    lsh = MinHashLSH(threshold=0.8 * THRESHOLD, num_perm=PERMUTATIONS)
    assert (lsh.b, lsh.r) == (LSH_BANDS, LSH_ROWS)


def test_importing_kg_does_not_import_scipy_integrate_and_leaves_it_importable():
    import subprocess
    import sys

    code = ("import sys, kg.stages.duplicates, datasketch.lsh\n"
            "print('scipy.integrate' in sys.modules)\n"
            "import scipy.integrate\n"
            "print(hasattr(scipy.integrate, 'solve_ivp'), round(datasketch.lsh.integrate(lambda x: x, 0, 2)[0], 6))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "True", "2.0"]  # SciPy's own module afterwards, and datasketch's integration works
