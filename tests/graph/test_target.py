"""kg.graph.target: each kind of target, read-only or writable, who closes, and the errors."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from kg.errors import KGError
from kg.graph.store import KGStore
from kg.graph.target import (
    Location,
    find_store,
    locate,
    open_target,
    replacing,
    store_folder,
)

TRIPLE = "<urn:a> <urn:b> <urn:c> ."
BOMB = ('<!DOCTYPE r [<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{i} "' + f"&a{i - 1};" * 10 + '">'
                                                     for i in range(1, 10)) + "]><r>&a9;</r>")


@pytest.fixture()
def out(tmp_path):
    """An output folder whose store holds one triple."""
    with KGStore(tmp_path / "out" / "store") as store:
        store.ox.update(f"INSERT DATA {{ {TRIPLE} }}")
    return tmp_path / "out"


# ---------------------------------------------------------------- kinds of target

def test_an_output_folder_and_its_store_folder_are_the_same_target(out):
    assert locate(out) == locate(out / "store") == Location(folder=out / "store")
    assert find_store(out) == find_store(out / "store") == out / "store"
    for target in (out, out / "store", str(out)):
        with open_target(target) as store:
            assert store.path == out / "store" and len(store) == 1


def test_an_rdf_file_is_loaded_into_memory(tmp_path):
    path = tmp_path / "graph.nt"
    path.write_text(TRIPLE + "\n")
    location = locate(path)
    assert location.file == path and location.format.file_extension == "nt" and location.folder is None
    with open_target(path) as store:
        assert store.path is None and len(store) == 1


def test_an_open_store_is_used_as_it_is_and_left_open(out):
    with KGStore(out / "store") as held:  # a writer holds it: the target is this very store
        assert locate(held) == Location(store=held, folder=out / "store")
        with open_target(held) as store:
            assert store is held
        assert len(held) == 1  # still open
        with pytest.raises(RuntimeError), open_target(held):
            raise RuntimeError("the caller's own error")
        assert len(held) == 1
    memory = KGStore(None)
    assert locate(memory).folder is None
    with open_target(memory, writable=True) as store:
        assert store is memory


# ---------------------------------------------------------------- read-only or writable, who closes

def test_a_store_folder_opens_read_only_beside_a_writer(out):
    with KGStore(out / "store"):
        with open_target(out) as store:
            assert len(store) == 1
            with pytest.raises(RuntimeError):  # read-only: Oxigraph refuses to write
                store.ox.update("INSERT DATA { <urn:x> <urn:y> <urn:z> }")
        with pytest.raises(KGError) as err, open_target(out, writable=True):
            pass
        assert err.value.code == "E203"


def test_a_store_opened_here_is_closed_at_the_end_of_the_block(out):
    with open_target(out, writable=True) as store:
        store.ox.update("INSERT DATA { <urn:x> <urn:y> <urn:z> }")
    assert not hasattr(store, "ox")  # closed, and its lock released:
    with open_target(out, writable=True) as again:
        assert len(again) == 2
    with pytest.raises(ValueError), open_target(out, writable=True) as store:
        raise ValueError("an error in the block")
    assert not hasattr(store, "ox")
    with KGStore(out / "store") as writer:  # nothing left holding the lock
        assert len(writer) == 2


# ---------------------------------------------------------------- errors

def test_errors_name_the_target(tmp_path):
    (tmp_path / "folder").mkdir()
    (tmp_path / "notes.txt").write_text("not RDF")
    (tmp_path / "graph.ttl").write_text(TRIPLE + "\n")
    (tmp_path / "broken.ttl").write_text("<urn:a> <urn:b> .\n")
    (tmp_path / "bomb.rdf").write_text(BOMB)
    cases = [("missing", {}, "E101"), ("folder", {}, "E202"), ("notes.txt", {}, "E202"),
             ("graph.ttl", {"files": False}, "E202"), ("bomb.rdf", {}, "E201")]
    for name, options, code in cases:
        with pytest.raises(KGError) as err:
            locate(tmp_path / name, **options)
        assert err.value.code == code and str(tmp_path / name) in str(err.value)
    assert locate(tmp_path / "broken.ttl").file == tmp_path / "broken.ttl"  # parsed only when opened:
    with pytest.raises(KGError) as err, open_target(tmp_path / "broken.ttl"):
        pass
    assert err.value.code == "E201" and "broken.ttl" in str(err.value)


# ---------------------------------------------------------------- outputs

def test_store_folder_is_out_store_unless_something_else_is_there(tmp_path, out):
    assert store_folder(tmp_path / "new") == tmp_path / "new" / "store"
    assert store_folder(out) == out / "store"
    (tmp_path / "file").write_text("x")
    (tmp_path / "thesis" / "store").mkdir(parents=True)
    (tmp_path / "thesis" / "store" / "thesis.tex").write_text("precious")
    for target, refused in (("file", "file"), ("thesis", "thesis/store")):
        with pytest.raises(KGError) as err:
            store_folder(tmp_path / target)
        assert err.value.code == "E202" and str(tmp_path / refused) in str(err.value)


def test_replacing_moves_the_file_into_place_or_leaves_nothing(tmp_path):
    path = tmp_path / "sub" / "graph.ttl"
    with replacing(path) as tmp:
        tmp.write_text("new")
        assert not path.exists()
    assert path.read_text() == "new" and sorted(p.name for p in path.parent.iterdir()) == ["graph.ttl"]
    with pytest.raises(ValueError), replacing(path) as tmp:
        tmp.write_text("half")
        raise ValueError("stopped halfway")
    assert path.read_text() == "new" and sorted(p.name for p in path.parent.iterdir()) == ["graph.ttl"]
    (tmp_path / "blocker").write_text("a file where a folder should be")
    with pytest.raises(KGError) as err, replacing(tmp_path / "blocker" / "graph.ttl"):
        pass
    assert err.value.code == "E206" and "blocker" in str(err.value)


# ------------------------------------------------------------------ -o and special files (issue 20, finding 7)

def _special_files(tmp_path):
    import socket

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "sock"))
    made = {"fifo": fifo, "socket": tmp_path / "sock", "folder": tmp_path}
    try:
        os.mknod(tmp_path / "device", 0o666 | stat.S_IFCHR, os.makedev(1, 7))  # /dev/full's numbers
        made["device"] = tmp_path / "device"
    except PermissionError:  # not root: no device node of our own
        pass
    link = tmp_path / "link-to-fifo"
    link.symlink_to(fifo)
    made["link to a fifo"] = link
    read, write = os.pipe()
    fd_link = tmp_path / "link-to-fd"
    fd_link.symlink_to(f"/proc/self/fd/{write}")
    made["link to a pipe"] = fd_link
    dangling = tmp_path / "dangling"
    dangling.symlink_to(tmp_path / "nowhere" / "x")
    made["dangling link"] = dangling
    return made, sock, (read, write)


def test_export_refuses_devices_fifos_sockets_and_links_to_them(seed_out, tmp_path, capsys):
    from support import kg

    made, sock, fds = _special_files(tmp_path)
    try:
        before = {name: os.lstat(path) for name, path in made.items()}
        for name, path in made.items():
            assert kg("export", seed_out, "-o", path, "-f", "nt") == 2, name
            err = capsys.readouterr().err
            assert err.startswith(f"kg: [E206] {path}: cannot write (it is") and err.count("\n") == 1, err
        for name, path in made.items():  # each is what it was
            after = os.lstat(path)
            assert (after.st_mode, after.st_ino) == (before[name].st_mode, before[name].st_ino), name
    finally:
        sock.close()
        for fd in fds:
            os.close(fd)


def test_export_through_a_link_replaces_its_target_and_keeps_the_link(seed_out, tmp_path):
    from kg.use.export import export

    target = tmp_path / "real.ttl"
    target.write_text("old")
    target.chmod(0o640)
    link = tmp_path / "graph.ttl"
    link.symlink_to(target)
    export(seed_out, "turtle", link)
    assert link.is_symlink() and Path(os.readlink(link)) == target
    assert "kg:" in target.read_text() and stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl", "real.ttl"]  # no part file left
