"""A key kept outside the cache, so that the cache and the build's records are read only
when this user's ogidata wrote them.

Both hold pickles, for speed, and unpickling crafted bytes runs code: each entry and record
therefore carries an HMAC-SHA256 made with a random key in the user's configuration folder
(``OGIDATA_KEY_FILE`` overrides it), and what does not carry a valid one is never unpickled —
it is treated as missing, and made again. Someone who can write the cache cannot forge an
entry; deleting the key only costs extracting everything again.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from functools import cache
from pathlib import Path

from platformdirs import user_config_dir

KEY_FILE = "OGIDATA_KEY_FILE"
KEY_BYTES = 32


def key_path() -> Path:
    """Where the key is kept: ``OGIDATA_KEY_FILE``, else the user's configuration folder —
    outside the cache, so that whoever can write the cache does not find the key there."""
    return Path(os.environ.get(KEY_FILE) or Path(user_config_dir("ogidata")) / "signing.key")


@cache
def key() -> bytes:
    """The key, made on first use (readable by this user alone; two processes making it at
    once agree on one, since it is put in place by a link that fails if one exists)."""
    path = key_path()
    try:
        found = path.read_bytes()
        if len(found) == KEY_BYTES:
            return found
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(secrets.token_bytes(KEY_BYTES))
    try:
        os.replace(temporary, path) if path.exists() else os.link(temporary, path)  # a damaged key is replaced
    except FileExistsError:
        pass  # another process made it first: its key is the one
    finally:
        temporary.unlink(missing_ok=True)
    return path.read_bytes()


def tag(data: bytes) -> str:
    """The HMAC-SHA256 of ``data`` under the key, as hex."""
    return hmac.new(key(), data, hashlib.sha256).hexdigest()


def authentic(data: bytes, expected: str) -> bool:
    """Whether ``data`` carries the tag ``expected`` (compared in constant time)."""
    return hmac.compare_digest(tag(data), expected)
