"""HTTP bodies read within bounds, for `fetch` and `download`: a server is untrusted, so
no body may be endless, unpack without end (a gzip bomb) or trickle in forever.

Three limits (``limits.Transfer``, each adjustable by an environment variable): the
bytes on the wire, the bytes once decoded (gzip, deflate, brotli) and the total time from
the request to the last byte — not only the time between two bytes, which a server sending
one byte a second never exceeds. Blocks are read as they arrive (``read1``), so the clock
is looked at at least once per read time-out.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import requests
import urllib3

from .limits import MiB, Transfer

BLOCK = 1 << 16


class BodyRefused(RuntimeError):
    """A body over one of the limits: nothing of it is kept, and it is not asked for again."""


def blocks(response: requests.Response, limits: Transfer, started: float) -> Iterator[bytes]:
    """The decoded body of a streamed ``response`` in blocks as they arrive; BodyRefused
    once it passes a limit (``started``: time.monotonic() when it was requested)."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limits.body:
        raise BodyRefused(f"the server announces {int(declared):,} bytes, over the limit of "
                          f"{limits.body / MiB:g} MB (OGIDATA_MAX_BODY_MB)")
    raw, decoded = response.raw, 0
    while True:
        if time.monotonic() - started > limits.seconds:
            raise BodyRefused(f"the body took over {limits.seconds:g} s to arrive (OGIDATA_MAX_FETCH_SECONDS)")
        try:
            block = raw.read1(BLOCK, decode_content=True)
        except urllib3.exceptions.ReadTimeoutError as error:
            raise requests.exceptions.ReadTimeout(str(error)) from error
        except Exception as error:  # urllib3 and the decoders raise many kinds on a cut or bad body
            raise requests.exceptions.ChunkedEncodingError(str(error)) from error
        if not block:
            return
        decoded += len(block)
        if raw.tell() > limits.body:
            raise BodyRefused(f"the body is over the limit of {limits.body / MiB:g} MB (OGIDATA_MAX_BODY_MB)")
        if decoded > limits.decoded:
            raise BodyRefused(f"the body decodes to over {limits.decoded / MiB:g} MB (OGIDATA_MAX_DECODED_MB)")
        yield block
