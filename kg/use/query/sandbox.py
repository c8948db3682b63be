"""The query engine cannot reach the network: a seccomp filter, and death with its parent.

kg used to decide whether a query may reach the network by parsing it with rdflib before
Oxigraph ran it. Two parsers disagree: rdflib turns ``\\u`` escapes into characters before
parsing and Oxigraph does not, so ``BIND("\\u0022" AS ?a) SERVICE <http://...> {...}`` is a
string to rdflib and a ``SERVICE`` call to Oxigraph (issue 20). No check on another parse can
be trusted to agree with the engine, and pyoxigraph and the ``oxigraph`` server offer no switch
that turns ``SERVICE`` (or ``LOAD``) off. So the engine processes run under a Linux seccomp
filter that refuses the system calls that reach out:

``"none"`` (a query child, :mod:`kg.use.query.child`)
    ``socket()`` fails (``EACCES``) for every address family, ``connect()`` too: no TCP, no
    UDP (no DNS lookup either), no Unix socket to a local resolver.
``"listen"`` (the ``oxigraph serve`` child of ``kg serve``)
    a TCP socket may be made, bound and listened on (the server must answer kg's proxy), but
    ``connect()`` fails, and so do the ways a socket could reach out without it: any family
    other than IPv4/IPv6 TCP (UDP, raw, netlink, SCTP: ``socket()`` fails), ``sendto()`` to an
    address, ``sendmsg()`` with ``MSG_FASTOPEN`` (TCP Fast Open sends a SYN without
    ``connect()``) and ``sendmmsg()``.

In both, ``io_uring_setup`` fails (io_uring's own socket and connect operations are not
system calls, so a filter would not see them), system calls of another ABI (x32, or i386
through ``int 0x80``) kill the process, and ``PR_SET_NO_NEW_PRIVS`` is set (the kernel
requires it of an unprivileged filter, and it lasts across ``execve``). A ``SERVICE`` call
then fails inside the engine with "Permission denied", whatever either parser made of the
query: what decides is the engine's own attempt to open a connection.

The filter is a classic BPF program installed with ``prctl(PR_SET_SECCOMP)`` through ctypes
(no dependency: libseccomp's Python binding is not on PyPI). It is written for x86-64 and
AArch64, the machines kg runs on; elsewhere, or where the kernel refuses it (seccomp disabled),
:func:`works` says so and kg falls back on refusing queries by their text, more strictly than
before (see :mod:`kg.use.query.offline`).

Dying with the parent
---------------------
:func:`die_with` asks the kernel to kill the process when the thread that started it ends
(``PR_SET_PDEATHSIG`` with SIGKILL), and exits at once if that parent is already gone (the
signal is tied to the starting *thread*, so kg starts engines from threads that live as long
as the engine should).
So a ``kill -9`` of ``kg query`` or ``kg serve`` takes its engine with it, and an Oxigraph
server never outlives its proxy, holding the store's lock and listening unfiltered.

Standard library only: a query child loads this file by its path (without the ``kg`` package),
and ``python -I -S sandbox.py MODE PARENT_PID PROGRAM ARGS...`` (:func:`launcher`) confines
itself and then ``execv`` s PROGRAM (the ``oxigraph`` binary), which inherits the filter.
"""

from __future__ import annotations

import ctypes
import functools
import os
import platform
import signal
import socket
import struct
import subprocess
import sys

__all__ = ["confine", "die_with", "supported", "works", "launcher", "MODES"]

MODES = ("none", "listen")

_PR_SET_PDEATHSIG = 1
_PR_SET_SECCOMP = 22
_PR_SET_NO_NEW_PRIVS = 38
_SECCOMP_MODE_FILTER = 2
_ALLOW = 0x7FFF0000
_KILL = 0x80000000
_EACCES = 0x00050000 | 13  # SECCOMP_RET_ERRNO | EACCES
_MSG_FASTOPEN = 0x20000000
_X32_BIT = 0x40000000
# (audit arch, syscall numbers) of the machines kg runs on
_ARCHES = {
    "x86_64": (0xC000003E, {"socket": 41, "connect": 42, "sendto": 44, "sendmsg": 46, "sendmmsg": 307,
                            "io_uring_setup": 425}),
    "aarch64": (0xC00000B7, {"socket": 198, "connect": 203, "sendto": 206, "sendmsg": 211, "sendmmsg": 269,
                             "io_uring_setup": 425}),
}
_ARCHES["amd64"] = _ARCHES["x86_64"]
_ARCHES["arm64"] = _ARCHES["aarch64"]

# classic BPF opcodes
_LD_ABS = 0x20  # BPF_LD | BPF_W | BPF_ABS
_JEQ = 0x15  # BPF_JMP | BPF_JEQ | BPF_K
_JGE = 0x35  # BPF_JMP | BPF_JGE | BPF_K
_JSET = 0x45  # BPF_JMP | BPF_JSET | BPF_K
_AND = 0x54  # BPF_ALU | BPF_AND | BPF_K
_RET = 0x06  # BPF_RET | BPF_K
# offsets in struct seccomp_data: nr, arch, then the low and high halves of each argument
_NR, _ARCH = 0, 4


def _arg(i: int, high: bool = False) -> int:
    return 16 + 8 * i + (4 if high else 0)  # little-endian: the low 32 bits first


class _Program:
    """A BPF program under construction; jumps name labels, resolved by :meth:`code`."""

    def __init__(self) -> None:
        self.ops: list[tuple] = []

    def load(self, offset: int) -> None:
        self.ops.append((_LD_ABS, 0, 0, offset))

    def op(self, code: int, k: int) -> None:
        self.ops.append((code, 0, 0, k))

    def jump(self, code: int, k: int, true: str | None, false: str | None) -> None:
        self.ops.append((code, true, false, k))  # None: the next instruction

    def label(self, name: str) -> None:
        self.ops.append(("label", name))

    def ret(self, value: int) -> None:
        self.ops.append((_RET, 0, 0, value))

    def code(self) -> bytes:
        at: dict[str, int] = {}
        ops: list[tuple] = []
        for op in self.ops:
            if op[0] == "label":
                at[op[1]] = len(ops)
            else:
                ops.append(op)
        out = b""
        for i, (code, jt, jf, k) in enumerate(ops):
            jt = 0 if jt is None else at[jt] - i - 1 if isinstance(jt, str) else jt
            jf = 0 if jf is None else at[jf] - i - 1 if isinstance(jf, str) else jf
            if not (0 <= jt < 256 and 0 <= jf < 256):
                raise ValueError("jump out of range")
            out += struct.pack("=HBBI", code, jt, jf, k)
        return out


def _filter(mode: str, arch: str) -> bytes:
    """The BPF program of a mode (see the module docstring)."""
    audit, nr = _ARCHES[arch]
    p = _Program()
    p.load(_ARCH)
    p.jump(_JEQ, audit, None, "kill")
    p.load(_NR)
    if arch in ("x86_64", "amd64"):
        p.jump(_JGE, _X32_BIT, "kill", None)
    p.jump(_JEQ, nr["io_uring_setup"], "deny", None)
    p.jump(_JEQ, nr["connect"], "deny", None)
    if mode == "none":
        p.jump(_JEQ, nr["socket"], "deny", "allow")
    else:
        p.jump(_JEQ, nr["sendmmsg"], "deny", None)
        p.jump(_JEQ, nr["socket"], "socket", None)
        p.jump(_JEQ, nr["sendto"], "sendto", None)
        p.jump(_JEQ, nr["sendmsg"], "sendmsg", "allow")
        p.label("socket")  # socket(AF_INET or AF_INET6, SOCK_STREAM (| flags), 0 or IPPROTO_TCP)
        p.load(_arg(0))
        p.jump(_JEQ, 2, "stream", None)
        p.jump(_JEQ, 10, "stream", "deny")
        p.label("stream")
        p.load(_arg(1))
        p.op(_AND, 0xF)
        p.jump(_JEQ, 1, None, "deny")
        p.load(_arg(2))
        p.jump(_JEQ, 0, "allow", None)
        p.jump(_JEQ, 6, "allow", "deny")
        p.label("sendto")  # sendto(fd, buf, len, flags, dest_addr, addrlen): no address, no Fast Open
        p.load(_arg(3))
        p.jump(_JSET, _MSG_FASTOPEN, "deny", None)
        p.load(_arg(4))
        p.jump(_JEQ, 0, None, "deny")
        p.load(_arg(4, high=True))
        p.jump(_JEQ, 0, "allow", "deny")
        p.label("sendmsg")  # sendmsg(fd, msg, flags): no Fast Open (a TCP socket ignores msg_name otherwise)
        p.load(_arg(2))
        p.jump(_JSET, _MSG_FASTOPEN, "deny", "allow")
    p.label("allow")
    p.ret(_ALLOW)
    p.label("deny")
    p.ret(_EACCES)
    p.label("kill")
    p.ret(_KILL)
    return p.code()


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def supported() -> bool:
    """Can :func:`confine` work here (Linux on x86-64 or AArch64)?

    Examples
    --------
    >>> supported() == (sys.platform == "linux" and platform.machine().lower() in _ARCHES)
    True
    """
    return sys.platform == "linux" and platform.machine().lower() in _ARCHES


def die_with(parent: int) -> None:
    """Be killed (SIGKILL) when the thread that started this process ends; exit now (status 70)
    if ``parent``, the PID that started it, is already gone. Linux only (elsewhere: nothing)."""
    if sys.platform != "linux":
        return
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the line above: nobody would stop us
        os._exit(70)


def confine(mode: str) -> bool:
    """Confine this process (and what it ``execve`` s) to ``mode``; True if the filter is on.

    Threads started before this call are not confined: call it first thing.
    """
    if mode not in MODES:
        raise ValueError(f"unknown sandbox mode {mode!r}")
    if not supported():
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    prctl = libc.prctl
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    code = _filter(mode, platform.machine().lower())
    buffer = ctypes.create_string_buffer(code, len(code))
    prog = _SockFprog(len(code) // 8, ctypes.cast(buffer, ctypes.c_void_p).value)
    if prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    return prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.addressof(prog), 0, 0) == 0


@functools.lru_cache(maxsize=1)
def works() -> bool:
    """Does the filter work on this machine? Asked once per process, of a child (about 20 ms):
    the kernel may lack seccomp, or a container may refuse it.

    Examples
    --------
    >>> works() in (True, False)
    True
    """
    if not supported():
        return False
    try:
        return subprocess.run([sys.executable, "-I", "-S", os.path.abspath(__file__), "--probe"],
                              stdin=subprocess.DEVNULL, capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def launcher(mode: str | None, program: list[str]) -> list[str]:
    """The command that runs ``program`` confined to ``mode`` (None: not confined) and killed when
    the calling thread ends.

    A fresh interpreter (``-I -S``: no site packages, about 20 ms) runs this file, confines
    itself and ``execv`` s the program: nothing runs between ``fork`` and ``exec`` in the
    caller, which may have threads.

    Examples
    --------
    >>> command = launcher("listen", ["oxigraph", "serve"])
    >>> command[-4:-2] == ["listen", str(os.getpid())], command[-2:]
    (True, ['oxigraph', 'serve'])
    """
    return [sys.executable, "-I", "-S", os.path.abspath(__file__), mode or "-", str(os.getpid()), *program]


def _probe() -> int:
    if not confine("none"):
        return 1
    try:
        socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()
    except PermissionError:
        return 0
    return 1


def _main(argv: list[str]) -> None:
    if argv[:1] == ["--probe"]:
        os._exit(_probe())
    mode, parent, program = argv[0], int(argv[1]), argv[2:]
    die_with(parent)
    if mode != "-" and not confine(mode):
        sys.stderr.write("Error: kg could not confine the query engine (no seccomp filter on this system)\n")
        os._exit(71)
    os.execv(program[0], program)


if __name__ == "__main__":  # pragma: no cover - runs as the launcher of the oxigraph server
    _main(sys.argv[1:])
