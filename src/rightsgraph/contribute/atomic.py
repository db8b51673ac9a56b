"""Creating a new file in a folder all at once, or not at all.

A merge must never leave the data folder half-written, even if the process is
killed. The content goes to a temporary file in the target folder (same file
system, so the final step is atomic), is fsynced, checked by the caller, and
then given its name. On Linux the temporary file is anonymous (``O_TMPFILE``)
and named with ``linkat``: a process killed before that leaves nothing at all
in the folder. Elsewhere it is a hidden ``.~name.tmp`` file renamed into place;
a leftover from a killed run is not an RDF file, so the graph never reads it,
and the next merge removes it.

Merges are serialised: ``locked`` holds an exclusive ``flock`` on the data
folder itself while a merge re-checks the contribution against the folder as it
is then and creates its file, so two merges can never both pass checks that
each would fail with the other's file in place. Locking the folder rather than
a lock file leaves nothing behind in ``data/``.

Tests stop the process at each step: ``RIGHTSGRAPH_TEST_PAUSE_AT=<step>`` makes
it announce the step on stderr and sleep there, so a test can kill it.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import InputError

PAUSE_ENV = "RIGHTSGRAPH_TEST_PAUSE_AT"
STEPS = ("checked", "locked", "written", "fsynced", "verified", "linked")


def pause_point(step: str) -> None:
    """Test hook: stop here when RIGHTSGRAPH_TEST_PAUSE_AT names this step."""
    if os.environ.get(PAUSE_ENV) == step:
        sys.stderr.write(f"paused at {step}\n")
        sys.stderr.flush()
        time.sleep(300)


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (waits for a merge already under way)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError as exc:
        raise InputError(f"{folder}: cannot open the data folder ({exc.strerror})") from None
    try:
        try:
            import fcntl
        except ImportError:  # no flock on this system: merges are not serialised
            yield
            return
        fcntl.flock(fd, fcntl.LOCK_EX)
        pause_point("locked")
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot fsync a directory; the rename is still atomic
    finally:
        os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def stale_temporaries(folder: Path) -> list[Path]:
    """Leftovers of killed merges on systems without O_TMPFILE."""
    return sorted(folder.glob(".~*.tmp"))


def create_atomically(target: Path, data: bytes, verify: Callable[[bytes], None]) -> None:
    """Create ``target`` with ``data``; ``verify`` sees the bytes read back from disk.

    Raises InputError if ``target`` already exists (nothing is overwritten);
    whatever ``verify`` raises aborts the merge and leaves the folder as it was.
    """
    folder = target.parent
    if target.exists():
        raise InputError(
            f"{target}: already exists — pick another name for the contribution (--name)"
        )
    for old in stale_temporaries(folder):
        old.unlink(missing_ok=True)
    fd, temp = _open_temporary(folder, target.name)
    try:
        _write_all(fd, data)
        pause_point("written")
        os.fsync(fd)
        pause_point("fsynced")
        written = os.pread(fd, len(data) + 1, 0)
        if written != data:
            raise InputError(f"{target}: the temporary copy reads back differently — disk error?")
        verify(written)
        pause_point("verified")
        if temp is None:
            # linkat(AT_SYMLINK_FOLLOW) names the anonymous file; os.link only uses
            # linkat (not link, which would not follow /proc's link) given a dir fd
            dir_fd = os.open(folder, os.O_RDONLY)
            try:
                os.link(f"/proc/self/fd/{fd}", target.name, dst_dir_fd=dir_fd, follow_symlinks=True)
            finally:
                os.close(dir_fd)
        else:
            os.link(temp, target)  # fails instead of overwriting a file created meanwhile
        pause_point("linked")
        _fsync_dir(folder)
    except FileExistsError:
        raise InputError(
            f"{target}: was created by someone else meanwhile — pick another name (--name)"
        ) from None
    finally:
        os.close(fd)
        if temp is not None:
            temp.unlink(missing_ok=True)
            _fsync_dir(folder)


def _open_temporary(folder: Path, name: str) -> tuple[int, Path | None]:
    """An anonymous file in ``folder`` if the system allows, else a hidden named one."""
    flag = getattr(os, "O_TMPFILE", 0)
    if flag and Path("/proc/self/fd").is_dir():
        try:
            return os.open(folder, flag | os.O_RDWR, 0o644), None
        except OSError:
            pass  # file system without O_TMPFILE support
    temp = folder / f".~{name}.{os.getpid()}.tmp"
    return os.open(temp, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644), temp
