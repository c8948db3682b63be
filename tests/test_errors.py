"""kg.errors: one class per family of codes, each code searchable, notes never raised."""

from __future__ import annotations

import pickle

import pytest

from kg import errors
from kg.errors import (
    DistributedError,
    DrawError,
    Errors,
    EvalError,
    InputError,
    KGError,
    KGWarning,
    QueryError,
    ServeError,
    SetupError,
    StoreError,
)

FAMILIES = {"E0": SetupError, "E1": InputError, "E2": StoreError, "E3": QueryError, "E4": DrawError,
            "E5": ServeError, "E6": EvalError, "E7": DistributedError}
CODES = sorted(c for c in vars(Errors) if c[:1] == "E" and c[1:].isdigit())


@pytest.mark.parametrize("code", CODES)
def test_every_code_belongs_to_one_family(code):
    cls = FAMILIES[code[:2]]
    assert cls.family == code[:2]
    assert issubclass(cls, KGError)


def test_a_code_builds_its_familys_class_and_catches_as_kgerror():
    err = KGError("E101", path="missing.txt")
    assert type(err) is InputError and err.code == "E101" and err.exit_code == 1
    assert str(err) == "[E101] missing.txt: no such file or folder"
    with pytest.raises(InputError):
        raise KGError("E103", path="empty.txt")
    with pytest.raises(KGError):
        raise QueryError("E304", timeout=5)
    assert KGError("E309", exit_code=2, text="x").exit_code == 2


@pytest.mark.parametrize("err", [KGError("E702", address="tcp://h:8786", detail="timed out"),
                                 StoreError("E203", path="out/store", detail="pid 7"),
                                 KGError("E309", exit_code=2, text="x")])
def test_errors_pickle_back_as_themselves(err):
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is type(err) and str(back) == str(err)
    assert (back.code, back.exit_code, back.fields) == (err.code, err.exit_code, err.fields)


def test_a_note_is_a_warning_not_an_error():
    note = KGWarning("E109", path="page.txt", what="the file")
    assert not isinstance(note, KGError) and isinstance(note, UserWarning)
    assert note.code == "E109" and str(note).startswith("[E109] page.txt: looks like HTML")
    back = pickle.loads(pickle.dumps(note))
    assert type(back) is KGWarning and str(back) == str(note)


def test_the_families_are_listed_in_the_module():
    assert set(FAMILIES.values()) <= {getattr(errors, name) for name in errors.__all__}
