"""fetch(): the publish status, polled with --wait until it is no longer INPROGRESS."""
from __future__ import annotations

import sys
import time
import traceback
from collections.abc import Callable

from ..text import compact_line
from .client import Client
from .errors import FetchError, InternalFetchError
from .progress import _Progress
from .responses import Fetched
from .settings import Settings


def fetch(settings: Settings, *, sleep: Callable[[float], None] = time.sleep,
          clock: Callable[[], float] = time.monotonic, stream=None, tty: bool | None = None) -> Fetched:
    """The publish status; with settings.wait, the first one that is not INPROGRESS.
    Raises FetchError with a one-line, redacted message."""
    err = stream if stream is not None else sys.stderr

    progress = _Progress(settings.bot_id, err, tty) if settings.wait else None

    def note(message: str) -> None:
        line = f"korelint: {settings.redact(message)}"
        if progress is not None:
            progress.note(line)
        else:
            err.write(line + "\n")
            err.flush()
    try:
        with Client(settings, sleep=sleep, clock=clock, note=note) as client:
            last = None  # the last answer, when it said the publish is in progress
            while True:
                try:
                    fetched = client.get_status()
                except FetchError:
                    # --timeout ran out during a poll: what the user needs to hear is that
                    # the publish had not finished, not which request was cut short
                    if last is not None and client.remaining() <= 0.05:
                        raise _still_in_progress(settings, last) from None
                    raise
                if not settings.wait or not fetched.in_progress:
                    if "statusSummary" not in fetched.document:
                        raise FetchError(f"the answer of {fetched.url} is not a publish status "
                                         "(no statusSummary)")
                    return fetched
                progress.update(fetched)
                last = fetched
                if settings.poll_interval >= client.remaining():
                    raise _still_in_progress(settings, fetched)
                sleep(settings.poll_interval)
    except FetchError:
        raise
    except Exception as exc:  # a bug of ours: reported as one, but never with a secret in it
        raise InternalFetchError(settings.redact(f"{type(exc).__name__}: {compact_line(str(exc), 200)}"),
                                 settings.redact(traceback.format_exc())) from None
    finally:
        if progress is not None:
            progress.close()


def _still_in_progress(settings: Settings, fetched: Fetched) -> FetchError:
    pct = fetched.percent
    return FetchError(f"the publish of bot {settings.bot_id} is still in progress"
                      + (f" ({pct:.0f}%)" if pct is not None else "")
                      + f" after the timeout of {settings.timeout:g} s (--timeout)")
