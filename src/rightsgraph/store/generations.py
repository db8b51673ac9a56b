"""Store generations: ``build`` fills a new folder and switches readers to it in
one atomic step, so no reader ever opens half a store or a store being deleted.

An on-disk store folder ``PATH`` holds::

    PATH/CURRENT              one line: the generation readers open. Replaced with
                              rename(2) — the only step that switches generations
    PATH/gen-<ns>-<pid>/      one complete Oxigraph store each (<ns>: creation time)
    PATH/gen-<ns>-<pid>.lock  every reader holds a shared flock(2) on it while the
                              generation is open; a generation is deleted only by
                              whoever takes the exclusive lock
    PATH/building-<pid>/      a build in progress; the next build removes it once
                              process <pid> is gone

Why this shape: the previous layout swapped whole folders with two renames, so a
reader could open a folder mid-swap (RocksDB then reports missing or mismatched
files), a kill between the renames left no store at all, and a killed build left
its folder behind. Here the switch is one rename, the previous generation stays
until nobody has it open, and leftovers of dead builds are cleared by the next.

A folder in the earlier layout (the store files directly in ``PATH``) is still
opened as it is, and becomes a generational folder at its next build.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import time
from pathlib import Path

from ..errors import InputError

# every command that opens a store reads this module: typing is not loaded for it
# (checkers read this TYPE_CHECKING as typing's), and shutil, which loads the
# compression modules, only where a folder is removed
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

POINTER = "CURRENT"  # RocksDB names a file CURRENT too: ours holds "gen-…"
PREFIX = "gen-"
BUILDING = "building-"
FINGERPRINT = "rightsgraph-fingerprint"


def current_name(root: Path) -> str | None:
    """The generation ``CURRENT`` points to, or None (no store, or the earlier layout)."""
    try:
        # bytes.decode knows ASCII itself; read_text would look the codec up (and import it)
        name = (root / POINTER).read_bytes().decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return name if name.startswith(PREFIX) and "/" not in name else None


def current_dir(root: Path) -> Path:
    """The folder that holds the store readers open now (``root`` in the earlier layout)."""
    name = current_name(root)
    return root / name if name else root


class ReaderLock:
    """A shared lock on one generation, held while a reader has it open.

    Released when this object is closed or garbage-collected, and by the kernel
    when the process dies (so a killed reader never pins a generation)."""

    def __init__(self, fd: int, name: str) -> None:
        self.fd: int | None = fd
        self.name = name

    def close(self) -> None:
        if self.fd is not None:
            with contextlib.suppress(OSError):
                os.close(self.fd)
            self.fd = None

    def __del__(self) -> None:
        self.close()


def open_current(root: Path) -> tuple[Path, ReaderLock | None]:
    """The current generation's folder, locked against deletion.

    The pointer is read again after locking: if a build switched meanwhile, the
    lock is dropped and the new generation taken instead."""
    for _ in range(200):
        name = current_name(root)
        if name is None:
            return root, None
        try:
            fd = os.open(root / f"{name}.lock", os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            return root / name, None  # a read-only folder: nobody can delete it either
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)  # being deleted right now: the pointer has moved on
            time.sleep(0.01)
            continue
        if current_name(root) == name and (root / name).is_dir():
            return root / name, ReaderLock(fd, name)
        os.close(fd)
    raise InputError(f"{root}: the store kept changing while it was opened — try again")


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _pid_of(name: str) -> int | None:
    tail = name.rsplit("-", 1)[-1]
    return int(tail) if tail.isdigit() else None


def _stamp(name: str) -> int:
    parts = name.split("-")
    return int(parts[1]) if len(parts) == 3 and parts[1].isdigit() else 0


def recover(root: Path) -> None:
    """Undo what a killed build of the earlier layout left next to ``root``: its
    half-built folder, and a previous store moved aside but never replaced."""
    import shutil

    parent = root.parent
    if not parent.is_dir():
        return
    for left in sorted(parent.glob(f".{root.name}.*-*")):
        kind = left.name[len(root.name) + 2 :].rsplit("-", 1)[0]
        pid = _pid_of(left.name)
        if kind not in ("building", "old") or pid is None or pid_alive(pid):
            continue
        if kind == "old" and not root.exists():
            left.rename(root)  # the last good store, back where readers look
        else:
            shutil.rmtree(left, ignore_errors=True)


def clean(root: Path) -> None:
    """Remove unfinished builds of dead processes and generations nobody reads.

    A generation other than the current one goes when it is older than the
    current one (or its builder is gone) and its exclusive lock can be taken."""
    import shutil

    if not root.is_dir():
        return
    for d in root.glob(BUILDING + "*"):
        pid = _pid_of(d.name)
        if pid is not None and not pid_alive(pid):
            shutil.rmtree(d, ignore_errors=True)
    current = current_name(root)
    if current is None:
        return
    for d in root.glob(PREFIX + "*"):
        if d.name == current or d.suffix == ".lock":
            continue
        pid = _pid_of(d.name)
        if _stamp(d.name) >= _stamp(current) and pid is not None and pid_alive(pid):
            continue  # a live build about to switch to it
        _delete_unread(root, d.name)
    for lock in root.glob(PREFIX + "*.lock"):
        if lock.stem != current and not (root / lock.stem).exists():
            _delete_unread(root, lock.stem)


def _delete_unread(root: Path, name: str) -> bool:
    import shutil

    lock = root / f"{name}.lock"
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        return False
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False  # a reader has it open: a later build removes it
        shutil.rmtree(root / name, ignore_errors=True)
        with contextlib.suppress(OSError):
            lock.unlink()
        return True
    finally:
        os.close(fd)


def switch(root: Path, name: str) -> None:
    """Point ``CURRENT`` at generation ``name``: write a new pointer, then rename it
    over the old one (atomic on POSIX), then make both durable."""
    import shutil

    legacy = current_name(root) is None and (root / FINGERPRINT).exists()
    tmp = root / f".{POINTER}.{os.getpid()}"
    with tmp.open("w", encoding="ascii") as fh:
        fh.write(name + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, root / POINTER)
    _fsync_dir(root)
    if legacy:  # the earlier layout's files, now that no new reader opens them
        for f in root.iterdir():
            if f.name != POINTER and not f.name.startswith((PREFIX, BUILDING, ".")):
                if f.is_dir():
                    shutil.rmtree(f, ignore_errors=True)
                else:
                    with contextlib.suppress(OSError):
                        f.unlink()


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _size(path: Path) -> int:
    total = 0
    for dirpath, _, names in os.walk(path):
        for n in names:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(dirpath, n)).st_size
    return total


def _disk_full(root: Path, exc: BaseException) -> bool:
    import shutil

    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return True
    if "No space left" in str(exc):
        return True
    try:
        return shutil.disk_usage(root).free < (1 << 20)
    except OSError:
        return False


@contextlib.contextmanager
def new_generation(root: Path) -> Iterator[Path]:
    """A fresh folder to fill; on success it becomes the current generation.

    On failure the folder is removed and the current generation stays as it was;
    a full disk is reported as one line with the path and the space needed."""
    import shutil

    recover(root)
    root.mkdir(parents=True, exist_ok=True)
    clean(root)
    tmp = root / f"{BUILDING}{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        yield tmp
        name = f"{PREFIX}{time.time_ns()}-{os.getpid()}"
        tmp.rename(root / name)
        switch(root, name)
    except BaseException as exc:
        written = _size(tmp) if tmp.exists() else 0
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, Exception) and _disk_full(root, exc):
            needed = max(written, _size(current_dir(root))) * 3 // 2 + (16 << 20)
            free = shutil.disk_usage(root).free
            raise InputError(
                f"{root}: no space left on the device while building the store — it needs "
                f"about {needed >> 20} MB free there, {free >> 20} MB are; make room and "
                "build again (the previous store is untouched)"
            ) from None
        raise
    clean(root)
