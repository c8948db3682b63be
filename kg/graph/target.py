"""Targets: where the graph a command reads (or writes) is, resolved in one place.

A *target* is what a user names for a graph: a kg output folder (``out/``, whose graph is
``out/store``), a store folder, an RDF file (a suffix of :data:`~kg.graph.store.RDF_SUFFIXES`,
loaded into memory), or a :class:`~kg.graph.store.KGStore` already open (a notebook after
``run_build``). :func:`locate` says where the graph is without opening it (a query's child
process and ``kg serve`` want a folder or a file, not an open store); :func:`open_target`
opens it. ``kg query``, ``kg export``, ``kg draw``, ``kg stats``, ``kg serve``, ``kg push``,
``kg eval`` and ``kg remove`` all find their graph here.

Who closes
----------
:func:`open_target` is a context manager that closes what it opened and nothing else. A store
the caller passed in is used as it is (read-only or writable, as the caller opened it) and
left open; a store folder opened here is closed, and its lock released, when the block ends,
however it ends. The caller that opens a store closes it: no store is left for the garbage
collector.

Errors
------
A missing path is ``E101``; a folder that is not a store, or a file whose suffix is no RDF
format, ``E202``; an RDF/XML file with external entities or an entity bomb ``E201`` before
anything parses it (:func:`kg.graph.rdfxml.check_rdf_xml`), as a file that does not parse is
when it is loaded. Opening a store can fail with ``E203`` (another process writes it) or
``E204`` (see :class:`~kg.graph.store.KGStore`).

Outputs
-------
:func:`store_folder` is the store ``kg build`` writes into (``OUT/store``), vetted before
anything is written; :func:`replacing` writes a file (an export, graph.ttl, graph.png) beside
its final name and moves it into place, so a reader never sees half a file.

Moving a file into place replaces whatever had the name, so :func:`replacing` looks first
(issue 20: ``kg export -o /dev/full`` as root replaced the device, and a link to
``/proc/self/fd/1`` became a regular file): a device, FIFO, socket or folder is refused
(``E206``, a usage error); a symbolic link is written *through*, deliberately: the file it
names is replaced (keeping its mode) and the link stays a link; a link to something missing,
or to anything but a regular file, is refused.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KGError
from kg.graph.rdfxml import check_rdf_xml
from kg.graph.store import RDF_SUFFIXES, KGStore, is_store

__all__ = ["Location", "locate", "open_target", "find_store", "store_folder", "replacing", "writable_target"]


def find_store(target: str | Path) -> Path | None:
    """The Oxigraph folder of a kg output folder (``OUT/store``) or store folder, or None.

    Examples
    --------
    >>> find_store("no/such/folder") is None
    True
    """
    path = Path(target)
    for candidate in (path / "store", path):
        if is_store(candidate):
            return candidate
    return None


@dataclass(frozen=True)
class Location:
    """Where the graph of a target is (see :func:`locate`).

    ``store`` is a store the caller passed in; ``folder`` the Oxigraph folder on disk (the
    passed store's own, None for one in memory); ``file`` an RDF file to load, in ``format``.
    """

    store: KGStore | None = None
    folder: Path | None = None
    file: Path | None = None
    format: ox.RdfFormat | None = None

    @contextlib.contextmanager
    def open(self, *, writable: bool = False) -> Iterator[KGStore]:
        """The graph as a store for the length of a ``with`` block; closed at its end if opened here.

        A store folder is opened read-only unless ``writable`` (then locked against other
        writers); a file is loaded into a store in memory; a passed store is yielded as it is.
        """
        if self.store is not None:
            yield self.store
            return
        if self.folder is not None:
            store = KGStore(self.folder, read_only=not writable)
        else:
            store = KGStore(None)
        try:
            if self.file is not None:
                store.load_file(self.file)
            yield store
        finally:
            store.close()


def locate(target, *, files: bool = True) -> Location:
    """Where the graph of ``target`` is, checked but not opened.

    Parameters
    ----------
    target : str or Path or KGStore
        A kg output folder, a store folder, an RDF file or an open store.
    files : bool
        Accept an RDF file; without it only a store will do (``E202``), e.g. to change it.

    Returns
    -------
    Location

    Raises
    ------
    KGError
        ``E101`` for a missing path, ``E202`` for a folder that is not a store or a file that
        is not RDF, ``E201`` for an unsafe RDF/XML file.

    Examples
    --------
    >>> locate(KGStore(None)).folder is None
    True
    >>> locate("no/such/folder")
    Traceback (most recent call last):
    kg.errors.InputError: [E101] no/such/folder: no such file or folder
    """
    if isinstance(target, KGStore):
        return Location(store=target, folder=target.path)
    path = Path(target)
    if not path.exists():
        raise KGError("E101", path=path)
    folder = find_store(path)
    if folder is not None:
        return Location(folder=folder)
    fmt = RDF_SUFFIXES.get(path.suffix.lower())
    if not files or path.is_dir() or fmt is None:
        raise KGError("E202", path=path)
    if fmt == ox.RdfFormat.RDF_XML:  # refused before any parser (a query's child process too) expands it
        try:
            check_rdf_xml(path)
        except ValueError as exc:
            raise KGError("E201", path=path, detail=str(exc)) from None
    return Location(file=path, format=fmt)


@contextlib.contextmanager
def open_target(target, *, writable: bool = False, files: bool = True) -> Iterator[KGStore]:
    """The graph of ``target`` as a :class:`~kg.graph.store.KGStore`, for a ``with`` block.

    ``target`` and ``files`` are as for :func:`locate`; ``writable`` opens a store folder for
    writing (else read-only, while another process may write). What is opened here is closed
    at the end of the block; a store passed in is left open.

    Examples
    --------
    >>> store = KGStore(None)
    >>> with open_target(store) as opened:
    ...     opened is store
    True
    """
    with locate(target, files=files).open(writable=writable) as store:
        yield store


def store_folder(out: str | Path) -> Path:
    """The store folder of an output folder to build into: ``OUT/store``, refused (E202) if
    ``out`` is a file or ``OUT/store`` is something other than a store.

    Checked before anything is written, so a wrong ``-o`` leaves the folder untouched.

    Examples
    --------
    >>> store_folder("no/such/out").as_posix()
    'no/such/out/store'
    """
    out = Path(out)
    folder = out / "store"
    if out.exists() and not out.is_dir():
        raise KGError("E202", path=out)
    if folder.exists() and (not folder.is_dir() or (any(folder.iterdir()) and find_store(folder) != folder)):
        raise KGError("E202", path=folder)
    return folder


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISFIFO, "a pipe (FIFO)"), (stat.S_ISSOCK, "a socket"))


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def writable_target(out: str | Path) -> tuple[Path, int | None]:
    """The file that writing to ``out`` replaces, and its mode (None if it is new).

    ``out`` itself unless it is a symbolic link, whose target is replaced instead. Anything
    but a regular file (or a name not taken) is refused with ``E206``.

    Examples
    --------
    >>> writable_target("no/such/file.ttl")
    (PosixPath('no/such/file.ttl'), None)
    >>> writable_target("/dev/null")
    Traceback (most recent call last):
    kg.errors.StoreError: [E206] /dev/null: cannot write (it is a character device; kg writes only regular files)
    """
    out = Path(out)
    try:
        own = os.lstat(out)
    except FileNotFoundError:
        return out, None
    except OSError as exc:
        raise KGError("E206", exit_code=2, path=out, detail=exc.strerror or str(exc)) from None
    try:
        info = os.stat(out)
    except OSError as exc:
        raise KGError("E206", exit_code=2, path=out, detail=f"it is a symbolic link to something kg cannot reach "
                                                             f"({exc.strerror or exc})") from None
    if not stat.S_ISREG(info.st_mode):
        link = "a symbolic link to " if stat.S_ISLNK(own.st_mode) else ""
        raise KGError("E206", exit_code=2, path=out,
                      detail=f"it is {link}{_kind(info.st_mode)}; kg writes only regular files")
    if not stat.S_ISLNK(own.st_mode):
        return out, stat.S_IMODE(info.st_mode)
    real = Path(os.path.realpath(out))
    try:
        same = os.path.samefile(real, out)
    except OSError:
        same = False
    if not same:  # e.g. a link into /proc/self/fd: its target has no name kg could replace
        raise KGError("E206", exit_code=2, path=out, detail="it is a symbolic link whose target has no path kg "
                                                            "can write to")
    return real, stat.S_IMODE(info.st_mode)


@contextlib.contextmanager
def replacing(out: Path) -> Iterator[Path]:
    """Write to ``<out>.part`` and move it onto ``out`` when done, so a reader never sees half
    a file; on failure the part file goes, and a disk error is [E206] naming ``out``.

    What ``out`` names is checked first (:func:`writable_target`): a device, FIFO, socket or
    folder is refused, a symbolic link is written through (its target replaced).
    """
    final, mode = writable_target(out)
    tmp = final.with_name(final.name + ".part")
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp.unlink(missing_ok=True)  # a leftover part file (or a link planted in its place) goes first
        yield tmp
        if mode is not None:
            os.chmod(tmp, mode)
        tmp.replace(final)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise KGError("E206", path=out, detail=exc.strerror or str(exc)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise
