"""An extraction worker process: pages in on stdin, raw articles out on stdout.

Started by `newscrawl.extraction_pool.ExtractionPool` as ``python -m newscrawl.extraction_worker``.
Each message is an 8-byte big-endian length and a pickle: a `WorkerConfig` first, then
``(task_id, html, url, saved)`` in, ``(task_id, ok, RawArticle | error)`` out. The worker exits at the
end of its input.
"""

from __future__ import annotations

import pickle
import signal
import sys
import traceback
from typing import BinaryIO

from newscrawl.clean import run_stages
from newscrawl.extract import ExtractionError, extract_raw
from newscrawl.extraction_pool import HEADER_BYTES, WorkerConfig, frame
from newscrawl.items import RawArticle
from newscrawl.options import ExtractOptions


def _read_exactly(stream: BinaryIO, size: int) -> bytes | None:
    chunks: list[bytes] = []
    while size:
        chunk = stream.read(size)
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def extract_and_clean(html: str, url: str, saved: str | None, config: WorkerConfig) -> RawArticle:
    """`extract_raw`, then the cleaning stages the crawl's pipelines run (they skip them later)."""
    raw = extract_raw(html, url, saved=saved)
    if config.stages:
        raw.dateDownloaded = saved
        run_stages(raw, config.clean_options, config.stages)
    return raw


def _answer(task_id: int, html: str, url: str, saved: str | None, config: WorkerConfig) -> bytes:
    try:
        return frame((task_id, True, extract_and_clean(html, url, saved, config)))
    except ExtractionError as exc:
        return frame((task_id, False, ExtractionError(str(exc))))
    except Exception:  # a bug in extraction: reported with its traceback, the worker lives on
        return frame((task_id, False, traceback.format_exc()))


def serve(stdin: BinaryIO, stdout: BinaryIO) -> None:
    """Answer every request read from `stdin` on `stdout`, until `stdin` ends (a `WorkerConfig`
    message first sets what runs after extraction)."""
    config: WorkerConfig | None = None
    while (header := _read_exactly(stdin, HEADER_BYTES)) is not None:
        payload = _read_exactly(stdin, int.from_bytes(header, "big"))
        if payload is None:
            return
        message = pickle.loads(payload)
        if isinstance(message, WorkerConfig):
            config = message
            continue
        stdout.write(_answer(*message, config or WorkerConfig(ExtractOptions())))
        stdout.flush()


def main() -> None:
    # Ctrl-C reaches the whole process group: the crawl decides when to stop, by closing our input.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print() must never corrupt the protocol
    extract_raw("<html><head><title>t</title></head><body><p>warm up</p></body></html>", "http://127.0.0.1/")
    serve(stdin, stdout)


if __name__ == "__main__":
    main()
