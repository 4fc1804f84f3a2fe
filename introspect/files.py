"""Writing one output file so that a reader never sees it half-written."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from introspect.errors import SchemadocError


def write_atomically(path: Path, data: str | bytes) -> None:
    """Replace ``path`` with ``data`` (text is UTF-8) in a single rename."""
    path = path.resolve()
    if not path.parent.is_dir():
        raise SchemadocError(f"cannot write {path}: directory {path.parent} does not exist")
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(temp_name, 0o644)  # mkstemp creates 0600; an output file is as readable as any other
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
