"""File helpers shared by the stages that write files: outputs, exports, gold files and model directories."""

from __future__ import annotations

import errno
import os
from contextlib import contextmanager
from pathlib import Path


def _new_file_mode() -> int:
    """The mode a new file gets: ``0o666`` less the umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def special_file(path: str | os.PathLike, *, streams: bool = True) -> str | None:
    """What ``path`` is, in words, when it is neither a regular file nor a folder (a FIFO, a socket, a device); else ``None``.

    Reading such a file may block for ever (a FIFO with no writer) or never
    end (``/dev/zero``), so a file the user did not mean as a stream (one in
    a model directory) is refused up front.  ``streams=False`` leaves out
    what a user passes on purpose as a file to read: a named pipe (process
    substitution, ``<(cat a.jsonl)``) and a character device (``/dev/stdin``);
    a socket or a block device is still named.  A missing path is ``None``:
    reading it fails with its own message.

    >>> special_file("/dev/null"), special_file("/dev/null", streams=False), special_file(__file__)
    ('a device', None, None)
    """
    import stat

    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode) or (not streams and (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode))):
        return None
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


#: What ``os.stat`` raises for a path that is simply not there; ``Path.exists()`` and ``Path.is_dir()`` read these as False.
_NOT_THERE = frozenset({errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP})


def unusable_path(path: str | os.PathLike, fix: str) -> tuple[str, str] | None:
    """``(name, message)`` for a ``path`` the system refuses to look up at all, else ``None`` (there or not).

    A part of a name over 255 bytes (or a whole path over 4096), a NUL character,
    a folder on the way that cannot be searched: ``Path.exists()`` and
    ``Path.is_dir()`` raise for these (``OSError``, ``ValueError``) instead of
    returning False, so every reader of a user's path asks here first and raises
    its own typed error, or reports it and goes on with the other inputs.  A text
    passed where a path goes is the usual cause.  ``name`` is the path as a message
    shows it (cut, and bytes that are not UTF-8 as ``\\xNN``); ``message`` ends in ``fix``.

    >>> name, message = unusable_path("x" * 300, "check the path")
    >>> name[-21:], message
    ('xxx… (300 characters)', 'cannot be used as a path (file name too long); check the path')
    >>> unusable_path("no/such/file.txt", "check the path") is None
    True
    """
    from .errors import E_UNUSABLE_PATH

    try:
        os.stat(path)
        return None
    except ValueError:  # a NUL character (os.stat says "embedded null byte")
        reason = "it holds a NUL character"
    except OSError as e:
        if e.errno in _NOT_THERE:
            return None
        reason = (e.strerror or str(e)).lower()
    return shown_name(path), E_UNUSABLE_PATH.format(reason=reason, fix=fix)


def file_in_the_way(path: str | os.PathLike) -> str | None:
    """The nearest part of ``path`` that exists, as an absolute path, when it is not a folder (a file where a folder of
    the path must be: ``pf`` of ``pf/out.jsonl``); else ``None`` (all there, a folder, or nothing of it there).

    >>> file_in_the_way(os.path.join(__file__, "new", "out.jsonl")) == os.path.abspath(__file__)
    True
    >>> file_in_the_way(os.path.join(os.path.dirname(__file__), "new", "out.jsonl")) is None
    True
    """
    where, _ = nearest_existing(path)
    return where if os.path.exists(where) and not os.path.isdir(where) else None


def nearest_existing(path: str | os.PathLike) -> tuple[str, list[str]]:
    """The nearest part of ``path`` that exists (absolute; the root when none does) and the names below it, innermost first.

    >>> here = os.path.dirname(os.path.abspath(__file__))
    >>> nearest_existing(os.path.join(here, "new", "out.jsonl")) == (here, ["out.jsonl", "new"])
    True
    """
    where, missing = os.path.abspath(os.fspath(path)), []
    while not os.path.exists(where) and os.path.dirname(where) != where:
        where, part = os.path.split(where)
        missing.append(part)
    return where, missing


def shown_name(path: str | os.PathLike) -> str:
    r"""``path`` as a message names one the system refuses: cut after 80 characters (naming its length), a NUL
    as ``\0``, bytes that are not UTF-8 as ``\xNN`` (:func:`argmine.read.shown_path`).

    >>> shown_name("x" * 300)[-21:], shown_name("a\0b")
    ('xxx… (300 characters)', 'a\\0b')
    """
    from .errors import shortened
    from .read import shown_path

    name = os.fsdecode(os.fspath(path)).replace("\0", "\\0")  # a NUL shown, not sent to the terminal
    return shortened(shown_path(name))


def _modes(path: Path) -> dict[Path, int]:
    """The permission bits of ``path`` (a file) or of the files directly in it (a folder), by path; links left out."""
    import stat

    found = {}
    for f in [path] if not path.is_dir() else path.iterdir():
        try:
            st = f.lstat()
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode):
            found[f] = stat.S_IMODE(st.st_mode)
    return found


@contextmanager
def default_modes(*paths: str | os.PathLike):
    """Give the files the block writes at ``paths`` the mode a plain write gives them; leave every other file alone.

    ``safetensors`` writes its files readable by their owner only (``0600``),
    through a new file renamed into place; a model trained into a shared
    folder, or packaged into a wheel, must be readable by everyone a plain
    file would be.  Each of ``paths`` is a file or a folder (the files
    directly in it).  A file the block creates gets the mode a new file gets
    (``0o666`` less the umask); a file it replaces keeps the mode it had; a
    file it does not write (the user's own, beside the model) is not touched.

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> with default_modes(d / "w.bin"):
    ...     _ = (d / "w.bin").write_bytes(b"")
    ...     (d / "w.bin").chmod(0o600)
    >>> oct((d / "w.bin").stat().st_mode & 0o777) == oct(_new_file_mode())
    True
    """
    watched = [Path(p) for p in paths]
    before = {}
    for p in watched:
        before.update(_modes(p))
    yield
    new = _new_file_mode()
    for p in watched:
        for f, mode in _modes(p).items():
            wanted = before.get(f, new)
            if mode != wanted:
                f.chmod(wanted)


def names_folder(path: str | os.PathLike) -> bool:
    """Whether ``path`` is written as a folder's name, whether or not the folder exists: ending in a separator (``out/``),
    or in ``.`` or ``..`` as its last part (``out/.``, ``out/..``).

    ``Path("out/")`` and ``Path("out/.")`` drop the ending: a file written there would be named ``out``.

    >>> names_folder("out/"), names_folder("out/."), names_folder("out/.."), names_folder("out"), names_folder("out/.x")
    (True, True, True, False, False)
    >>> names_folder(Path("out/"))
    False
    """
    name = os.fspath(path)
    if not isinstance(name, str):
        return False
    return name.endswith(tuple(sep for sep in (os.sep, os.altsep) if sep)) or os.path.basename(name) in (os.curdir, os.pardir)


def open_descriptor(path: str | os.PathLike) -> int | None:
    """The file descriptor ``path`` names (``/dev/stdout`` 1, ``/dev/stderr`` 2, ``/dev/fd/N`` and ``/proc/self/fd/N`` N), else ``None``.

    Such a path stands for a file the process already has open (the shell's
    ``>`` or ``>>``), not for a file of its own.

    >>> open_descriptor("/dev/stdout"), open_descriptor("/proc/self/fd/3"), open_descriptor("/dev/null")
    (1, 3, None)
    """
    import re

    path = os.path.abspath(path)
    standard = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}
    if path in standard:
        return standard[path]
    found = re.fullmatch(r"/dev/fd/(\d+)|/proc/(?:self|thread-self)/fd/(\d+)", path)
    return int(found.group(1) or found.group(2)) if found else None


def _flush_stream(descriptor: int) -> None:
    """Flush what Python holds for ``sys.stdout`` or ``sys.stderr`` when ``descriptor`` is theirs: a ``print()`` before
    comes before what is written through ``/dev/stdout``, not after it."""
    import sys

    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None and stream.fileno() == descriptor:
                stream.flush()
        except (OSError, ValueError, AttributeError):  # no descriptor (a test's capture), or closed
            continue


#: Flags of a temporary output file: new (never someone else's), closed in child processes.
_TEMPORARY_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def _temporary_name(p: Path) -> str:
    """A fresh name for ``p``'s temporary file: ``.NAME.XXXXXXXXXXXXXXXX.part`` beside it (64 random bits)."""
    import secrets

    return os.path.join(p.parent, f".{p.name}.{secrets.token_hex(8)}.part")


@contextmanager
def replacing(path: str | os.PathLike, *, encoding: str = "utf-8", newline: str | None = "", follow_links: bool = True,
              make_folder: bool = True):
    """Open ``path`` to write text that replaces it only when the block ends without an error.

    The text goes to a hidden temporary file beside ``path`` (``.NAME.XXXX.part``)
    that is renamed over it at the end: an interrupted run, a ``--strict`` stop
    or a full disk leave the previous file as it was, and no partial file that
    looks complete.  A ``path`` that ends in a separator, ``.`` or ``..`` (``out/``, ``out/.``) names a folder
    (:func:`names_folder`): ``IsADirectoryError``, as for an existing folder.  A missing parent folder is created (as the chart and the
    report do; ``make_folder=False`` leaves it to fail, ``FileNotFoundError``); the new file keeps the old one's permissions; a symbolic link
    is followed (its target is replaced: ``-o`` names what the user chose).
    ``follow_links=False`` replaces the link itself with the new file, and
    never reads or writes what it points to: for the fixed names an export
    writes inside a folder, which may have come from someone else's archive.
    A special file (``/dev/null``, a pipe) is written directly.  An
    ``OSError`` is left to the caller to word.

    >>> import tempfile
    >>> p = os.path.join(tempfile.mkdtemp(), "new", "out.txt")
    >>> with replacing(p) as f:
    ...     _ = f.write("done")
    >>> open(p).read(), sorted(os.listdir(os.path.dirname(p)))
    ('done', ['out.txt'])
    """
    p = Path(path)
    link = not follow_links and p.is_symlink()  # renamed over: nothing is done through it
    if (p.is_dir() or names_folder(path)) and not link:  # "out/" for a missing folder: not a file named "out", as open() says
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    # /dev/stdout (and /dev/fd/N) stand for a file the process has open (the shell's > or >>): never renamed over, and
    # written through a copy of that descriptor, which shares its position: opening the path again would truncate
    # what >> keeps ("w") or write at a position of its own that later output through the descriptor overwrites ("a")
    if not link and ((p.exists() and not p.is_file()) or os.path.abspath(p).startswith(("/dev/", "/proc/"))):
        descriptor = open_descriptor(p)
        f = None
        if descriptor is not None:
            _flush_stream(descriptor)
            try:
                f = os.fdopen(os.dup(descriptor), "w", encoding=encoding, newline=newline)
            except OSError:  # not open in this process: the path names another file
                f = open(p, "a", encoding=encoding, newline=newline)
        f, tmp = f or open(p, "w", encoding=encoding, newline=newline), None
    else:
        if p.is_symlink() and not link:
            p = Path(os.path.realpath(p))
        if not link and p.exists() and not os.access(p, os.W_OK):  # renaming over a read-only file would succeed
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        if p.parent.exists() and not p.parent.is_dir():  # mkdir would say only "File exists"
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(p.parent))
        if make_folder:
            p.parent.mkdir(parents=True, exist_ok=True)
        # named before it exists, so that a stop signal at any moment after it is made finds it in the finally below,
        # which removes it (tempfile.mkstemp names it only once it is made, and a signal mask cannot hold a signal that
        # another thread of the process takes)
        f, tmp = None, _temporary_name(p)
    try:
        if f is None:
            while True:
                try:
                    fd = os.open(tmp, _TEMPORARY_FLAGS, 0o600)
                    break
                except FileExistsError:  # someone else's: practically never
                    tmp = _temporary_name(p)
            f = open(fd, "w", encoding=encoding, newline=newline)
        try:
            yield f
        except BaseException:
            try:
                f.close()  # what is still buffered fails again on a full disk: the first error is the one to report
            except OSError:
                pass
            raise
        f.close()
        if tmp is not None:
            if p.exists() and not link:
                import shutil

                shutil.copymode(p, tmp)
            else:  # the temporary file is private (0600); a new output gets the mode any new file gets
                os.chmod(tmp, _new_file_mode())
            os.replace(tmp, p)
    finally:
        if tmp is not None and os.path.exists(tmp):
            try:
                os.unlink(tmp)
            except OSError:  # the error in flight is the one to report
                pass


def write_text(path: str | os.PathLike, text: str, *, encoding: str = "utf-8", newline: str | None = None,
               follow_links: bool = True, make_folder: bool = True) -> None:
    """Write ``text`` to ``path`` through :func:`replacing`."""
    with replacing(path, encoding=encoding, newline=newline, follow_links=follow_links, make_folder=make_folder) as f:
        f.write(text)


def _scratch_folder(target: Path, kind: str, made: list[Path]) -> Path:
    """A new private folder (``.NAME.XXXXXXXXXXXXXXXX.kind``) for ``target``'s entries: beside it, or inside it when the
    folder beside it is on another disk (``target`` is a mount point) or cannot be written (renames need the same disk).

    Its name goes into ``made`` before the folder exists, so the caller's cleanup finds it whatever stops this
    (``tempfile.mkdtemp`` names it only once it is made: see :func:`replacing`).
    """
    try:
        beside = target.parent.stat().st_dev == target.stat().st_dev
    except OSError:
        beside = False
    if beside:
        try:
            return _new_folder(target.parent, f".{target.name}", kind, made)
        except OSError:  # a read-only parent: inside it
            pass
    return _new_folder(target, f".{target.name}", kind, made)


def _new_folder(place: Path, prefix: str, kind: str, made: list[Path]) -> Path:
    """Make ``place/PREFIX.XXXXXXXXXXXXXXXX.kind`` (0700), its name put in ``made`` first; an ``OSError`` is raised."""
    import secrets

    while True:
        made.append(place / f"{prefix}.{secrets.token_hex(8)}.{kind}")
        try:
            os.mkdir(made[-1], 0o700)
            return made[-1]
        except OSError as e:
            made.pop()  # not made, or someone else's
            if not isinstance(e, FileExistsError):  # 64 random bits: a name taken is practically never
                raise


@contextmanager
def replacing_folder(path: str | os.PathLike, *, replaces: tuple[str, ...] = ()):
    """Give the block a new hidden folder to write into; move what it wrote into ``path`` only when it ends without an error.

    The folder (``.NAME.XXXXXXXXXXXXXXXX.part``) is beside ``path``, on its disk: an
    error in the block, a full disk or a stop signal (Ctrl-C) included,
    removes it and leaves ``path`` as it was (a ``path`` made here is removed
    again when it is still empty).  At the end each entry the block wrote
    is renamed into ``path``; the entry of that name there before, and every
    entry named in ``replaces`` that the block did not write, are moved aside
    first, put back if a rename fails, and removed once all are in.  Other
    entries of ``path`` stay; a file written again keeps the old one's
    permissions.  A link to a folder is followed.  An ``OSError`` is left to
    the caller to word.

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp()) / "model"
    >>> with replacing_folder(d) as new:
    ...     _ = (new / "config.json").write_text("{}")
    >>> sorted(os.listdir(d)), sorted(os.listdir(d.parent))
    (['config.json'], ['model'])
    """
    import shutil

    target = Path(os.path.realpath(path))
    created = not target.exists()
    target.mkdir(parents=True, exist_ok=True)
    new = aside = None
    made: list[Path] = []  # the scratch folders, named before they exist
    done = False
    try:
        new = _scratch_folder(target, "part", made)
        yield new
        names = sorted(os.listdir(new))
        old = [n for n in dict.fromkeys([*names, *replaces]) if os.path.lexists(target / n)]
        aside = _scratch_folder(target, "previous", made) if old else None
        moved_aside, moved_in = [], []
        try:
            for n in old:
                os.rename(target / n, aside / n)
                moved_aside.append(n)
            for n in names:
                os.rename(new / n, target / n)
                moved_in.append(n)
        except BaseException:  # what was moved aside goes back: the folder is as it was
            for n in moved_in:
                try:
                    os.rename(target / n, new / n)
                except OSError:  # the error in flight is the one to report
                    pass
            for n in moved_aside:
                try:
                    os.rename(aside / n, target / n)
                except OSError:
                    pass
            raise
        for n in moved_aside:  # a file written again keeps the old one's permissions, as -o outputs do
            was_top = aside / n
            for was in [was_top, *(was_top.rglob("*") if was_top.is_dir() and not was_top.is_symlink() else [])]:
                now = target / was.relative_to(aside)
                if was.is_file() and not was.is_symlink() and now.is_file() and not now.is_symlink():
                    try:
                        shutil.copymode(was, now)
                    except OSError:  # not the owner: the new file keeps the mode it was written with
                        pass
        done = True
    finally:
        for scratch in made:
            shutil.rmtree(scratch, ignore_errors=True)
        if created and not done:
            try:
                target.rmdir()  # only when empty
            except OSError:
                pass
