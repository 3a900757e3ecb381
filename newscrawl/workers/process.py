"""An extraction worker process: pages in on stdin, `Extraction`s out on stdout.

Started by `newscrawl.workers.pool.ExtractionPool` as ``python -m newscrawl.workers.process``. Each
message is an 8-byte big-endian length and a pickle: the crawl's `ExtractOptions` first, then
``(task_id, html, url, downloaded)`` in, ``(task_id, ok, Extraction | error)`` out, and once, when it
has warmed up, ``(READY, True, None)``. For each page the worker calls exactly the library function,
`newscrawl.extract_page`. It exits at the end of its input.
"""

from __future__ import annotations

import pickle
import signal
import sys
import traceback
from typing import BinaryIO

from newscrawl.article import extract_page
from newscrawl.extract import ExtractionError
from newscrawl.options import ExtractOptions
from newscrawl.workers.pool import HEADER_BYTES, READY, frame

# A page that takes every step of an extraction (the language model included) before the first
# real page, so the pool's time limit measures pages, not the worker's start.
_WARM_UP = (
    "<html><head><title>Warm up</title></head><body><article><h1>Warm up</h1><p>"
    + "The council met on Monday evening and approved the plan after a long debate about costs. " * 4
    + "</p></article></body></html>"
)


def _read_exactly(stream: BinaryIO, size: int) -> bytes | None:
    chunks: list[bytes] = []
    while size:
        chunk = stream.read(size)
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _answer(task_id: int, html: str, url: str, downloaded: str | None, options: ExtractOptions) -> bytes:
    try:
        return frame((task_id, True, extract_page(html, url, options=options, downloaded=downloaded)))
    except ExtractionError as exc:
        return frame((task_id, False, ExtractionError(str(exc))))
    except Exception:  # a bug in extraction: reported with its traceback, the worker lives on
        return frame((task_id, False, traceback.format_exc()))


def serve(stdin: BinaryIO, stdout: BinaryIO) -> None:
    """Answer every request read from `stdin` on `stdout`, until `stdin` ends (an `ExtractOptions`
    message first sets what every extraction is asked for)."""
    options = ExtractOptions()
    while (header := _read_exactly(stdin, HEADER_BYTES)) is not None:
        payload = _read_exactly(stdin, int.from_bytes(header, "big"))
        if payload is None:
            return
        message = pickle.loads(payload)
        if isinstance(message, ExtractOptions):
            options = message
            continue
        stdout.write(_answer(*message, options))
        stdout.flush()


def main() -> None:
    # Ctrl-C reaches the whole process group: the crawl decides when to stop, by closing our input.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print() must never corrupt the protocol
    extract_page(_WARM_UP, "http://127.0.0.1/")
    stdout.write(frame((READY, True, None)))  # started: the pool may time pages from now on
    stdout.flush()
    serve(stdin, stdout)


if __name__ == "__main__":
    main()
