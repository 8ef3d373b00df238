"""File helpers shared by the stages that write files: outputs, exports, gold files and model directories."""

from __future__ import annotations

import errno
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable


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


def output_name(path: str | os.PathLike) -> str:
    """How a message names an output: ``standard output`` for ``-``, else the path as given, its bytes read as UTF-8
    (:func:`argmine.read.shown_path`), so that a message names it the same in every locale (C, GBK, UTF-8).

    >>> output_name("-"), output_name(Path("输出") / "x.csv")
    ('standard output', '输出/x.csv')
    """
    from .read import shown_path

    path = os.fspath(path)
    return "standard output" if path == "-" else shown_path(path)


def disk_name(name: str) -> str:
    r"""The name to give the system for a file argmine names itself (a brat export's ``STEM.txt``), so that its bytes on
    disk are ``name``'s UTF-8 bytes in every locale (C, GBK, UTF-8), as a file name is read everywhere else
    (:func:`argmine.read.shown_path` reads them back: a message names it as a UTF-8 locale shows it).

    Python gives the system a ``str`` name in the locale's encoding: GBK bytes under a GBK locale, an error under
    ``LC_ALL=C``.  This is the ``str`` whose encoding gives the UTF-8 bytes instead (lone surrogates where the locale
    cannot read them); under a UTF-8 locale ``name`` itself.  A name that has no UTF-8 bytes (a lone surrogate edited
    into a manifest) is given as it is: no file argmine wrote has it.

    >>> disk_name("评论.ann") == os.fsdecode("评论.ann".encode("utf-8"))
    True
    >>> from argmine.read import shown_path
    >>> shown_path(disk_name("评论.ann")), disk_name("a\udcff")
    ('评论.ann', 'a\udcff')
    """
    try:
        return os.fsdecode(name.encode("utf-8"))
    except UnicodeEncodeError:
        return name


#: The encodings an older argmine named a brat export's files in under a Chinese locale (before :func:`disk_name`).
LEGACY_NAME_ENCODINGS = ("gb18030", "gbk")


def legacy_named(folder: str | os.PathLike, name: str) -> str | None:
    r"""The file in ``folder`` named ``name`` by its GB18030 (or GBK) bytes, as an older argmine under a GBK locale
    named a brat export's files; as the system names it (``os.listdir`` of a ``str`` folder), ``None`` if none.

    For the message of a file that :func:`disk_name` does not find: called on that path only.  A name whose
    GB18030 bytes are its UTF-8 bytes (ASCII) has no other name.  The name's own bytes are tried first, then
    the folder's names are decoded (a GBK byte that GB18030 reads otherwise).

    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> open(os.path.join(os.fsencode(folder), "评论.ann".encode("gbk")), "w").close()
    >>> os.fsencode(legacy_named(folder, "评论.ann")) == "评论.ann".encode("gbk"), legacy_named(folder, "评论.txt")
    (True, None)
    """
    utf8 = name.encode("utf-8", "surrogatepass")
    where = os.fsencode(folder)
    for encoding in LEGACY_NAME_ENCODINGS:
        try:
            legacy = name.encode(encoding)
        except UnicodeEncodeError:
            continue
        if legacy != utf8 and os.path.isfile(os.path.join(where, legacy)):
            return os.fsdecode(legacy)
    try:
        entries = os.listdir(where)
    except OSError:
        return None
    for entry in entries:
        if entry != utf8 and name in legacy_readings(entry) and os.path.isfile(os.path.join(where, entry)):
            return os.fsdecode(entry)
    return None


def legacy_readings(raw: bytes) -> list[str]:
    """What the file name bytes ``raw`` read as in each of :data:`LEGACY_NAME_ENCODINGS` that decodes them, in that order.

    >>> legacy_readings("评论.ann".encode("gbk")), legacy_readings(b"\\xff.ann")
    (['评论.ann'], [])
    """
    out = []
    for encoding in LEGACY_NAME_ENCODINGS:
        try:
            read = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if read not in out:
            out.append(read)
    return out


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


def _special(p: Path) -> bool:
    """Whether ``p`` is written directly, never replaced: a special file (``/dev/null``, a pipe), or one under /dev or /proc."""
    return (p.exists() and not p.is_file()) or os.path.abspath(p).startswith(("/dev/", "/proc/"))


#: Called once an output is put in place, the stop signals still held: the ``argmine`` command sets it for its run
#: (:func:`argmine.cli._session.run_started`), so that a stop signal from then on, too late to leave the outputs as they
#: were, no longer stops the run.  ``None`` in the library, where nothing is held or called.
on_output_placed: Callable[[], None] | None = None
#: the new folders of the :func:`replacing_folder` blocks that run: a file put in place meanwhile is one of their entries
#: (a model's files, a brat export's), moved in with the others at the end, not an output
_filling: list[Path] = []


def _put_in_place(tmp: str, p: Path, link: bool) -> None:
    """Rename the complete temporary file ``tmp`` over ``p``: a file it replaces keeps its mode, a new one gets a new file's.

    An output put in place is noted (:data:`on_output_placed`), with the stop
    signals held from the rename to the note: one that comes with the rename
    finds the output in place.
    """
    _give_mode(tmp, p, link)
    if on_output_placed is None or _filling:
        os.replace(tmp, p)
        return
    with stop_signals_held():
        os.replace(tmp, p)
        on_output_placed()


def _give_mode(tmp: str, p: Path, link: bool) -> None:
    """Give ``tmp`` the mode ``p`` has, or the mode any new file gets when ``p`` is not there (or is a link replaced itself)."""
    if p.exists() and not link:
        import shutil

        shutil.copymode(p, tmp)
    else:  # the temporary file is private (0600); a new output gets the mode any new file gets
        os.chmod(tmp, _new_file_mode())


class Commit:
    """Complete temporary files, renamed over their outputs all together at the end: a command that writes several files
    (``analyze -o X --plot P --report R``) replaces them all, or none (an error or a stop signal before :meth:`apply`).

    :func:`replacing` with ``commit=`` leaves its complete file here instead of renaming it; :meth:`temporary`
    names one for a writer that takes a path.  :meth:`apply` renames them all; :meth:`discard` removes those not
    renamed (call it in a ``finally``).

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> commit = Commit()
    >>> with replacing(d / "a.txt", commit=commit) as f:
    ...     _ = f.write("a")
    >>> _ = Path(commit.temporary(d / "b.txt")).write_text("b")
    >>> (d / "a.txt").exists(), (d / "b.txt").exists()
    (False, False)
    >>> commit.apply()
    >>> sorted(os.listdir(d)), [p.name for p in commit.replaced]
    (['a.txt', 'b.txt'], ['a.txt', 'b.txt'])
    """

    def __init__(self):
        self._files: list[tuple[str, Path, bool]] = []  # (temporary file, output, whether it replaces a link itself)
        #: the outputs renamed in place so far
        self.replaced: list[Path] = []

    def add(self, tmp: str, path: Path, link: bool = False) -> None:
        """Rename ``tmp`` over ``path`` at :meth:`apply` (``link``: replace a symbolic link ``path`` itself)."""
        self._files.append((tmp, path, link))

    def temporary(self, path: str | os.PathLike, *, keep_suffix: bool = False) -> str:
        """A new name beside ``path`` for a writer that takes a path (``.NAME.XXXX.part``), renamed over it by :meth:`apply`.

        ``keep_suffix`` adds ``path``'s suffix (``.NAME.XXXX.part.png``: a writer
        that reads the format off it).  As in :func:`replacing`, a symbolic link
        is followed, a read-only file is a ``PermissionError``, and a special
        file (``/dev/null``) is returned as it is, to be written directly.
        """
        p = Path(path)
        if _special(p):
            return os.fspath(path)
        if p.is_symlink():
            p = Path(os.path.realpath(p))
        if p.exists() and not os.access(p, os.W_OK):  # renaming over a read-only file would succeed
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        tmp = _temporary_name(p) + (p.suffix if keep_suffix else "")
        self.add(tmp, p)  # named before it exists: discard() finds it whatever stops the writer
        return tmp

    def apply(self) -> None:
        """Rename every temporary file over its output.  An ``OSError`` names the output it was for: the outputs
        before it (:attr:`replaced`) are in place, the others left as they were; it is left to the caller to word.

        Each output put in place is noted (:data:`on_output_placed`): call it
        with the stop signals held (:func:`stop_signals_held`), so that one
        that comes meanwhile comes after the note."""
        try:
            for tmp, p, link in self._files:  # the modes first: what fails there fails before any output is replaced
                _give_mode(tmp, p, link)
            while self._files:
                tmp, p, link = self._files[0]
                os.replace(tmp, p)
                self.replaced.append(self._files.pop(0)[1])
                if on_output_placed is not None:
                    on_output_placed()
        except OSError as e:
            raise type(e)(e.errno, e.strerror, str(p)) from None

    def discard(self) -> None:
        """Remove the temporary files not renamed (after an error or a stop signal); the outputs are left as they are."""
        while self._files:
            tmp = self._files.pop()[0]
            try:
                os.unlink(tmp)
            except OSError:  # never made (the writer failed first), or the error in flight is the one to report
                pass


@contextmanager
def replacing(path: str | os.PathLike, *, encoding: str = "utf-8", newline: str | None = "", follow_links: bool = True,
              make_folder: bool = True, commit: Commit | None = None):
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
    A special file (``/dev/null``, a pipe) is written directly.  With
    ``commit`` (a :class:`Commit`) the complete file is left to it, to be
    renamed with the command's other outputs.  An
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
    if not link and _special(p):
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
        if tmp is not None and commit is not None:
            commit.add(tmp, p, link)
            tmp = None  # the commit's now: renamed by its apply(), or removed by its discard()
        elif tmp is not None:
            _put_in_place(tmp, p, link)
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


def being_replaced(path: str | os.PathLike) -> bool:
    """Whether :func:`replacing_folder` is moving new entries into the folder ``path`` now: its scratch folders are there.

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp()) / "model"
    >>> with replacing_folder(d) as new:
    ...     being_replaced(d)
    True
    >>> being_replaced(d), being_replaced("a\\0b")
    (False, False)
    """
    import glob

    try:
        target = Path(os.path.realpath(path))
    except (OSError, ValueError):  # a name no file can have (a NUL in it): nothing is being moved into it
        return False
    pattern = f"{glob.escape('.' + target.name)}.{'[0-9a-f]' * 16}.part"
    return bool(glob.glob(str(target.parent / pattern), include_hidden=True) or glob.glob(str(target / pattern), include_hidden=True))


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
    is renamed into ``path``, right after the entry of that name there before
    is moved aside (name by name: :func:`_swap_entries`); then every entry
    named in ``replaces`` that the block did not write is moved aside.  What
    was moved aside is put back if a rename fails, and removed once all are in.  The
    renames are made with the stop signals held: one that comes meanwhile is
    raised once they are all done (or all undone), never between two; once all
    are done, ``path`` is noted as an output put in place (:data:`on_output_placed`)
    before it is raised, and the files the block put in place are not.  Other
    entries of ``path`` stay; a file written again keeps the old one's
    permissions.  A link to a folder is followed.  An entry to be moved
    aside that went away meanwhile (another process writing ``path``) is a
    :class:`FolderChanged`; it and any other ``OSError`` are left to the
    caller to word.

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
        _filling.append(new)
        try:
            yield new
        finally:
            _filling.remove(new)
        names = sorted(os.listdir(new))
        old = [n for n in dict.fromkeys([*names, *replaces]) if os.path.lexists(target / n)]
        aside = _scratch_folder(target, "previous", made) if old else None
        with stop_signals_held():  # a stop between two renames would leave half of each; it comes once all are done
            _swap_entries(target, new, aside, old, names)
            if on_output_placed is not None:
                on_output_placed()
            for n in old:  # a file written again keeps the old one's permissions, as -o outputs do
                _keep_modes(aside / n, target / n)
        done = True
    finally:
        for scratch in made:
            shutil.rmtree(scratch, ignore_errors=True)
        if created and not done:
            try:
                target.rmdir()  # only when empty
            except OSError:
                pass


@contextmanager
def stop_signals_held():
    """Hold the stop signals (SIGINT, SIGTERM, SIGHUP) for the block: one that came is delivered again when it ends.

    SIGALRM is held too: the ``argmine`` command raises a stop that came
    during an import from its timer (:mod:`argmine.cli._session`).  Each
    signal that came is delivered once, in the order they came.

    Their Python handlers are set aside for the block (in the main thread, the
    only one that may set them, and where Python runs them whichever thread
    the signal came to: a signal mask of this thread would not hold one that
    another thread, a BLAS one, takes) and set back exactly as they were.  A
    signal that is ignored, or has no handler set from Python, is left alone.
    """
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    came: list[int] = []
    aside: dict[int, Any] = {}
    try:
        for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGALRM"):
            number = getattr(signal, name, None)  # no SIGHUP or SIGALRM on Windows
            if number is not None and signal.getsignal(number) not in (signal.SIG_IGN, None):
                aside[number] = signal.signal(number, lambda signum, frame: came.append(signum))
        yield
    finally:
        for number, handler in aside.items():
            signal.signal(number, handler)
        for number in dict.fromkeys(came):  # to its own handler now (the default one of SIGTERM ends the process, as it would have)
            signal.raise_signal(number)


class FolderChanged(FileNotFoundError):
    """An entry of the folder :func:`replacing_folder` replaces went away while the block wrote: another process
    (another export into the same folder) changed it.  The folder is left as that process left it."""


def _swap_entries(target: Path, new: Path, aside: Path | None, old: list[str], names: list[str]) -> None:
    """Move the entries ``old`` of ``target`` into ``aside``, and the entries ``names`` of ``new`` into ``target``; put
    everything back if a rename fails or the block is stopped (:class:`FolderChanged` when an entry of ``old`` went away).

    An entry written again is moved aside right before its new one is moved in, name after name, so that a reader
    of the folder (a model loading while ``argmine train -o`` replaces it) finds each name missing only between
    those two renames, not the whole folder empty while every old entry goes aside first.
    Each name is noted before its rename: what stops the loop between the two (an exception raised by a signal handler
    once the rename returns) finds it noted, and the undoing looks where it is.
    """
    moved_aside: list[str] = []
    moved_in: list[str] = []

    def put_aside(n: str) -> None:
        moved_aside.append(n)
        try:
            os.rename(target / n, aside / n)
        except FileNotFoundError as e:
            if not os.path.lexists(target / n):  # there a moment ago
                raise FolderChanged(e.errno, e.strerror, str(target / n)) from None
            raise

    try:
        replaced, written = set(old), set(names)
        for n in names:
            if n in replaced:
                put_aside(n)
            moved_in.append(n)
            os.rename(new / n, target / n)
        for n in old:
            if n not in written:  # named in replaces, not written again
                put_aside(n)
    except BaseException:  # what was moved goes back: the folder is as it was
        for n in reversed(moved_in):
            if not os.path.lexists(new / n):  # renamed in
                _rename_back(target / n, new / n)
        for n in reversed(moved_aside):
            if os.path.lexists(aside / n):  # renamed aside
                _rename_back(aside / n, target / n)
        raise


def _rename_back(src: Path, dst: Path) -> None:
    try:
        os.rename(src, dst)
    except OSError:  # the error in flight is the one to report
        pass


def _keep_modes(was_top: Path, now_top: Path) -> None:
    """Give each file under ``now_top`` the permissions of the file of the same name under ``was_top`` (what it replaced)."""
    import shutil

    for was in [was_top, *(was_top.rglob("*") if was_top.is_dir() and not was_top.is_symlink() else [])]:
        now = now_top / was.relative_to(was_top)
        if was.is_file() and not was.is_symlink() and now.is_file() and not now.is_symlink():
            try:
                shutil.copymode(was, now)
            except OSError:  # not the owner: the new file keeps the mode it was written with
                pass


def check_file_size(path: str | Path, limit: int, what: str, fix: str, error: type[Exception] | None = None) -> None:
    """Refuse ``path`` when it is over ``limit`` bytes, before anything reads it (``os.stat`` only: nothing is allocated).

    ``what`` names the kind of file in the message (``"model config.json"``),
    ``fix`` says what to do; ``error`` is the exception raised (default
    :class:`~argmine.errors.ModelError`).  A missing file passes: reading it reports that.

    >>> import os, tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "config.json"
    >>> _ = p.write_bytes(b"")
    >>> os.truncate(p, 2**30)  # sparse: takes no disk
    >>> check_file_size(p, 64 * 2**20, "model config.json", "retrain")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    argmine.errors.ModelError: .../config.json: 1,073,741,824 bytes, more than any model config.json holds (argmine reads at most 64 MB of one); retrain
    """
    from .errors import E_FILE_TOO_BIG, ModelError

    try:
        size = os.stat(path).st_size
    except (OSError, ValueError):
        return
    if size > limit:
        raise (error or ModelError)(E_FILE_TOO_BIG.format(file=path, size=size, what=what, limit=limit // 2**20, fix=fix))


#: How many characters :func:`write_in_pieces` writes at a time.
STREAM_PIECE = 1 << 16


def write_in_pieces(stream: Any, text: str) -> None:
    """Write ``text`` to the text stream ``stream`` (standard output) :data:`STREAM_PIECE` characters at a time, flushing each.

    A reader that stopped early (``| head``) is then a :class:`BrokenPipeError` at the next piece.  One
    big write is not always: on a stream that writes through (``PYTHONUNBUFFERED=1``) Python takes the
    part the pipe took before its reader left for the whole, and the caller would go on as if all was written.

    >>> import io
    >>> out = io.StringIO()
    >>> write_in_pieces(out, "好" * (STREAM_PIECE + 1)); len(out.getvalue())
    65537
    """
    for start in range(0, len(text), STREAM_PIECE):
        stream.write(text[start:start + STREAM_PIECE])
        stream.flush()
