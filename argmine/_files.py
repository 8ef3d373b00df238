"""File helpers shared by the stages that write model directories."""

from __future__ import annotations

import os
from pathlib import Path


def default_modes(directory: str | Path) -> None:
    """Give every file under ``directory`` the mode a new file gets (``0o666`` less the umask).

    ``safetensors`` writes its files readable by their owner only (``0600``);
    a model trained into a shared folder, or packaged into a wheel, must be
    readable by everyone a plain file would be.
    """
    umask = os.umask(0)
    os.umask(umask)
    for f in Path(directory).rglob("*"):
        if f.is_file() and not f.is_symlink():
            f.chmod(0o666 & ~umask)
