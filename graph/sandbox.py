"""Limits a query worker puts on itself before it reads a user's query: no network, bounded memory.

:func:`deny_network` installs a seccomp filter (Linux, x86-64 and arm64) under which the process can
no longer create a network socket: ``socket()`` for any family but ``AF_UNIX`` fails with ``EACCES``,
and so does ``io_uring_setup`` (another way to open sockets). The kernel enforces it, for Python code
and native code (Oxigraph's HTTP client for ``SERVICE``) alike, and it cannot be lifted by the process
or its children. It is the second, independent layer behind the parse in :mod:`graph.query_safety`:
a network access that slipped past the parse still makes no request. Pipes and already open
descriptors keep working, so the worker still talks to its parent.

:func:`limit_memory` caps the process's data segment (``RLIMIT_DATA``: the heap and every private
writable mapping, which is where a query's intermediate results live; the store's memory-mapped
files are not counted). An allocation over the cap fails: Python raises ``MemoryError``, Oxigraph
aborts the process with "memory allocation of N bytes failed", which the parent reads as "the memory
limit was hit" (:mod:`graph.query_pool`).

Both are written with the standard library (``ctypes``, ``resource``) and the kernel's documented
interfaces (``prctl(PR_SET_NO_NEW_PRIVS)``, ``prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER)``,
seccomp(2)), so nothing is compiled or installed.
"""

from __future__ import annotations

import ctypes
import errno
import platform
import resource
import socket
import sys

__all__ = ["deny_network", "network_denied", "limit_memory", "parse_size"]

_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
# classic BPF, as seccomp(2) documents it
_LD_W_ABS, _JEQ_K, _JGE_K, _RET_K = 0x20, 0x15, 0x35, 0x06
_RET_ALLOW = 0x7FFF0000
_RET_ERRNO = 0x00050000
# offsets in struct seccomp_data
_NR, _ARCH, _ARG0 = 0, 4, 16
_X32_SYSCALL_BIT = 0x40000000

# machine -> (AUDIT_ARCH_*, __NR_socket, __NR_io_uring_setup)
_ARCHES = {
    "x86_64": (0xC000003E, 41, 425),
    "aarch64": (0xC00000B7, 198, 425),
}


class _Filter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint)]


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_Filter))]


def _program(arch: int, nr_socket: int, nr_io_uring: int) -> list[tuple[int, int, int, int]]:
    deny = _RET_ERRNO | errno.EACCES
    return [
        (_LD_W_ABS, 0, 0, _ARCH),
        (_JEQ_K, 1, 0, arch),                  # another ABI (32-bit calls): refuse everything
        (_RET_K, 0, 0, deny),
        (_LD_W_ABS, 0, 0, _NR),
        (_JGE_K, 0, 1, _X32_SYSCALL_BIT),      # x32 calls on x86-64: refuse
        (_RET_K, 0, 0, deny),
        (_JEQ_K, 0, 1, nr_io_uring),
        (_RET_K, 0, 0, deny),
        (_JEQ_K, 0, 3, nr_socket),             # not socket(): allow
        (_LD_W_ABS, 0, 0, _ARG0),              # socket(domain, ...)
        (_JEQ_K, 1, 0, socket.AF_UNIX),
        (_RET_K, 0, 0, deny),
        (_RET_K, 0, 0, _RET_ALLOW),
    ]


def deny_network() -> bool:
    """From now on this process (and any child) cannot open a network socket. ``False`` where the
    filter is not available (not Linux, another CPU, a kernel without seccomp); ``True`` once it holds.
    """
    arch = _ARCHES.get(platform.machine()) if sys.platform.startswith("linux") else None
    if arch is None:
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    instructions = _program(*arch)
    table = (_Filter * len(instructions))(*(_Filter(*i) for i in instructions))
    program = _Program(len(instructions), table)
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(program), 0, 0) != 0:
        return False
    return network_denied()


def network_denied(pid: int | str = "self") -> bool:
    """Whether process ``pid`` runs under a seccomp filter (``Seccomp: 2`` in ``/proc/PID/status``).

    A test reads it for a worker's pid; the worker reports it after :func:`deny_network`.
    """
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Seccomp:"):
                    return line.split()[1] == "2"
    except OSError:
        pass
    return False


def parse_size(text: str) -> int:
    """Bytes from ``2G``, ``512M``, ``1.5GB``, ``800MiB`` or a plain number of bytes (binary units).

    >>> parse_size("2G"), parse_size("512M"), parse_size("1.5GB"), parse_size("1000")
    (2147483648, 536870912, 1610612736, 1000)
    >>> parse_size("lots")
    Traceback (most recent call last):
    ...
    ValueError: not a size: 'lots' (use a number of bytes or a unit: 512M, 2G)
    """
    units = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}
    clean = text.strip().upper().removesuffix("IB").removesuffix("B")
    number, unit = (clean[:-1], clean[-1]) if clean and clean[-1] in units else (clean, "")
    try:
        value = float(number)
    except ValueError:
        raise ValueError(f"not a size: {text!r} (use a number of bytes or a unit: 512M, 2G)") from None
    if not 0 < value * units[unit] < 1 << 60:
        raise ValueError(f"not a size: {text!r} (it must be more than zero)")
    return int(value * units[unit])


def limit_memory(nbytes: int) -> None:
    """Cap this process's data segment at ``nbytes`` (``RLIMIT_DATA``; never raises the hard limit)."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if hard != resource.RLIM_INFINITY:
        nbytes = min(nbytes, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (nbytes, hard))
