"""Output files: names and folders checked before any work, contents written atomically.

Every file convproof writes goes through :func:`write_text` or :func:`replacing`: the bytes go to a
temporary file in the target's folder, which is then renamed over the target (``os.replace``), so a
reader (another build, LaTeX including a picture) sees the old file or the new one, never half of one.

The ``check_*`` functions run before any work, so an unusable target (a file where a folder is
expected, a read-only folder, ``/proc/x``, ``/dev/full``, a name too long for the file system) ends
in one :class:`~convproof.errors.ConvProofError` naming the argument, instead of a traceback after
minutes of verification.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
from pathlib import Path
from typing import Iterator

from .errors import fail

__all__ = ["STEM_RULE", "check_stem", "check_dir", "check_file", "write_text", "replacing"]

STEM_RULE = ("must be a plain file name: 1 to 100 ASCII letters, digits, '.', '_', '+' or '-', "
             "starting with a letter or digit (no folders, no leading '-')")
_STEM = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,99}")
_NAME_MAX = 255


def check_stem(stem: object, argument: str = "stem") -> str:
    """``stem`` when it is a plain file name (see :data:`STEM_RULE`), else a ConvProofError.

    Such a name stays in its folder and can never be read as a command-line option.

    >>> check_stem("lecture-ru")
    'lecture-ru'
    >>> check_stem("../x")
    Traceback (most recent call last):
    ...
    convproof.errors.ConvProofError: stem='../x': must be a plain file name: ...
    """
    if not isinstance(stem, str) or not _STEM.fullmatch(stem) or stem.endswith("."):
        raise fail(argument, stem, STEM_RULE)
    return stem


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _probe(folder: Path, argument: str, shown: object) -> None:
    """Create and remove a temporary file in ``folder``: the only honest writability test."""
    try:
        fd, name = tempfile.mkstemp(dir=folder, prefix=".convproof-probe-")
    except OSError as exc:
        raise fail(argument, shown, f"cannot write into the folder {str(folder)!r}: {_reason(exc)}") from None
    os.close(fd)
    os.unlink(name)


def _path_text(path: object, argument: str, what: str) -> str:
    if not isinstance(path, (str, os.PathLike)) or not os.fspath(path):
        raise fail(argument, path, f"must name a {what}")
    text = os.fspath(path)
    if not isinstance(text, str) or "\x00" in text:
        raise fail(argument, text, f"must name a {what} (text without NUL characters)")
    return text


def _mode(path: Path, argument: str, shown: str) -> int | None:
    """``st_mode`` of ``path`` (links followed), None when nothing is there."""
    try:
        return os.stat(path).st_mode
    except FileNotFoundError:
        return 0 if os.path.islink(path) else None
    except NotADirectoryError:
        raise fail(argument, shown, "a part of the path is a file, not a folder") from None
    except OSError as exc:
        raise fail(argument, shown, f"cannot use this path: {_reason(exc)}") from None


def check_dir(path: str | os.PathLike, argument: str) -> Path:
    """Create the folder ``path`` if needed and make sure files can be written into it.

    Raises a ConvProofError naming ``argument`` when it is empty, is a file, cannot be created or is
    not writable.
    """
    _path_text(path, argument, "folder")
    folder = Path(path)
    mode = _mode(folder, argument, os.fspath(path))
    if mode is not None and not stat.S_ISDIR(mode):
        raise fail(argument, os.fspath(path), "exists and is not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise fail(argument, os.fspath(path), f"cannot create the folder: {_reason(exc)}") from None
    _probe(folder, argument, os.fspath(path))
    return folder


def check_file(path: str | os.PathLike, argument: str, create_parent: bool = True) -> Path:
    """Make sure the file ``path`` can be written (its folder is created with ``create_parent``).

    An existing target must be a regular file (never a folder or a device such as ``/dev/full``);
    the name must fit the file system.
    """
    text = _path_text(path, argument, "file")
    if text.endswith(("/", os.sep)):
        raise fail(argument, text, "must name a file")
    target = Path(text)
    if len(os.fsencode(target.name)) > _NAME_MAX:
        raise fail(argument, text, f"file name longer than {_NAME_MAX} bytes ({os.strerror(errno.ENAMETOOLONG)})")
    mode = _mode(target, argument, text)
    if mode is not None and not stat.S_ISREG(mode):
        raise fail(argument, text, "exists and is not a regular file")
    parent = target.parent
    if create_parent:
        check_dir(parent, argument)
    elif _mode(parent, argument, text) is None or not parent.is_dir():
        raise fail(argument, text, f"the folder {str(parent)!r} does not exist")
    else:
        _probe(parent, argument, text)
    return target


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def replacing(path: str | os.PathLike) -> Iterator[str]:
    """Yield a temporary path beside ``path``; on success it is renamed over ``path`` (atomic).

    On an exception the temporary file is removed and ``path`` is left as it was.
    """
    target = Path(path)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name[:40]}.", suffix=".tmp")
    os.close(fd)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_text(path: str | os.PathLike, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically; return the path."""
    with replacing(path) as tmp:
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    return Path(path)
