"""The near-duplicate index's fixed LSH bands are datasketch's own optimum for its threshold."""

from __future__ import annotations

from datasketch import MinHashLSH

from kg.stages.duplicates import LSH_BANDS, LSH_ROWS, PERMUTATIONS, THRESHOLD


def test_the_fixed_bands_are_what_datasketch_would_choose():
    lsh = MinHashLSH(threshold=0.8 * THRESHOLD, num_perm=PERMUTATIONS)
    assert (lsh.b, lsh.r) == (LSH_BANDS, LSH_ROWS)


def test_stored_signatures_scanned_by_bands_give_the_lsh_indexs_candidates():
    # a store's signatures are searched as a matrix, the running build's in datasketch's index:
    # both must name the same candidates for any signature
    import random

    from kg.stages.duplicates import _StoredBands, signature

    rng = random.Random(5)
    vocab = [f"w{i}" for i in range(300)]
    base = [rng.choice(vocab) for _ in range(200)]
    texts = [" ".join(base[:200 - 20 * k] + [rng.choice(vocab) for _ in range(20 * k)]) for k in range(8)]
    texts += [" ".join(rng.choice(vocab) for _ in range(200)) for _ in range(8)]
    sigs = {f"d{i:02}": signature(t) for i, t in enumerate(texts)}
    lsh = MinHashLSH(threshold=0.8 * THRESHOLD, num_perm=PERMUTATIONS, params=(LSH_BANDS, LSH_ROWS))
    for doc, sig in sigs.items():
        lsh.insert(doc, sig)
    bands = _StoredBands(list(sigs), [s.hashvalues for s in sigs.values()])
    found = {doc: sorted(bands.candidates(sig)) for doc, sig in sigs.items()}
    assert found == {doc: sorted(lsh.query(sig)) for doc, sig in sigs.items()}
    assert len(found["d00"]) > 1  # the near copies are candidates, not just the document itself


def test_importing_kg_does_not_import_scipy_integrate_and_leaves_it_importable():
    import subprocess
    import sys

    code = ("import sys, kg.stages.duplicates, datasketch.lsh\n"
            "print('scipy.integrate' in sys.modules)\n"
            "import scipy.integrate\n"
            "print(hasattr(scipy.integrate, 'solve_ivp'), round(datasketch.lsh.integrate(lambda x: x, 0, 2)[0], 6))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "True", "2.0"]  # SciPy's own module afterwards, and datasketch's integration works
