"""Files sent as they are produced (open data, IATI), without ever ending as a cut file behind a 200.

The producer runs before the response starts until it has made HEAD_BYTES (or finished): an error
in that part, which holds the whole file at the commune's scale, is an ordinary error page (500)
and no byte of a broken file leaves. A file that finished there is sent with its Content-Length,
so any client can tell a complete file from a cut one. Beyond HEAD_BYTES the rest is streamed in
bounded memory; an error there can no longer change the status, so the connection is closed
without the end of the chunked body, which every HTTP client reports as an incomplete transfer,
and the error is logged.
"""

import logging

from django.http import StreamingHttpResponse

HEAD_BYTES = 8 * 1024 * 1024

log = logging.getLogger(__name__)


def _bytes(chunk) -> bytes:
    return chunk.encode("utf-8") if isinstance(chunk, str) else bytes(chunk)


def _rest(iterator, name):
    try:
        for chunk in iterator:
            yield _bytes(chunk)
    except Exception:
        log.exception("%s stopped while streaming: the connection is cut, not ended", name)
        raise


def guarded_stream(chunks, *, content_type: str, name: str = "file", head_bytes: int | None = None):
    """A StreamingHttpResponse over `chunks` whose first part (or whole) is produced beforehand."""
    limit = HEAD_BYTES if head_bytes is None else head_bytes
    iterator = iter(chunks)
    head, size = [], 0
    for chunk in iterator:  # an error here propagates: the view fails before the first byte
        data = _bytes(chunk)
        head.append(data)
        size += len(data)
        if size >= limit:
            break
    else:
        response = StreamingHttpResponse(head, content_type=content_type)
        response.headers["Content-Length"] = str(size)
        return response

    def body():
        yield from head
        yield from _rest(iterator, name)

    return StreamingHttpResponse(body(), content_type=content_type)
