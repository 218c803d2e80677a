"""fetch_export(): the bot as Kore.ai's Bot Export API has it, `latest` (in development) or
`published`, as a zip and the botDefinition.json inside it.

    POST {host}/api/public/bot/{botId}/export          {"exportType": ..., ["subTasks": ...]}
    GET  {host}/api/public/bot/{botId}/export/status   (the bot's latest export request)
    GET  {downloadURL}                                 (the zip, once the status is success)

The documentation shows the statuses `pending` and `success` only. Others are read as: a word
of work going on (in progress, queued, ...) is still pending; a word of success is success;
anything else (failed, an unknown word) ends the fetch with exit 2 naming the status. The JWT
goes only to the host's origin, never to a download URL of another host (analyzer.live.download).
The zip is read with the limits of `check` (analyzer.sources.read_zip)."""
from __future__ import annotations

import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from ..sources import MAX_INPUT_BYTES, Source, SourceError, read_zip
from ..text import compact_line
from .client import Client
from .download import checked, hide_tokens
from .download import shown as url_shown
from .errors import FetchError, InternalFetchError
from .responses import kore_errors, loads
from .settings import EXPORT_TYPES, Settings

EXPORT_SCOPE = "Bot Builder: Bot Export (Admin Console: Bot Definition > Bot Export)"
_PENDING = {"pending", "inprogress", "in_progress", "in progress", "queued", "started", "running",
            "processing", "initiated"}
_SUCCESS = {"success", "successful", "succeeded", "completed", "complete", "done"}


@dataclass
class Exported:
    data: bytes  # the zip as downloaded
    source: Source  # its botDefinition.json, what `check` lints (path: `label`)
    export_type: str


def export_label(host: str, bot_id: str, export_type: str) -> str:
    """What outputs name an exported bot: the export endpoint and its type (no secret in it)."""
    return f"{host}/api/public/bot/{quote(bot_id, safe='')}/export?exportType={export_type}"


def fetch_export(settings: Settings, export_type: str, dialogs: list[str] | None = None, *,
                 sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic, stream=None) -> Exported:
    """Request the export, poll its status (every settings.poll_interval, within settings.timeout),
    download and check the zip. Raises FetchError (one line, redacted)."""
    if export_type not in EXPORT_TYPES:
        raise FetchError(f"--export must be one of {', '.join(EXPORT_TYPES)}")
    err = stream if stream is not None else sys.stderr

    def note(message: str) -> None:
        err.write(f"korelint: {settings.redact(message)}\n")
        err.flush()
    try:
        with Client(settings, sleep=sleep, clock=clock, note=note) as client:
            run = _Export(client, settings, export_type, note)
            run.request(dialogs)
            status = run.wait(sleep)
            return run.download(status)
    except FetchError as exc:
        raise FetchError(settings.redact(str(exc))) from None
    except Exception as exc:  # a bug of ours: reported as one, but never with a secret in it
        raise InternalFetchError(settings.redact(f"{type(exc).__name__}: {compact_line(str(exc), 200)}"),
                                 settings.redact(traceback.format_exc())) from None


class _Export:
    """One export: its request, its status polls, its download."""

    def __init__(self, client: Client, settings: Settings, export_type: str, note: Callable[[str], None]):
        self.client, self.s, self.type, self.note = client, settings, export_type, note
        self.api = "/api/1.1/public" if settings.api_path_version == "1.1" else "/api/public"
        self.request_id: str | None = None
        self.what = f"the {export_type} export of bot {settings.bot_id}"

    def _url(self, tail: str) -> str:
        return f"{self.s.host}{self.api}/bot/{quote(self.s.bot_id, safe='')}/export{tail}"

    def _json(self, body: bytes, url: str) -> dict:
        try:
            doc = loads(body)
        except (ValueError, UnicodeDecodeError, RecursionError):
            doc = None
        if not isinstance(doc, dict):
            raise FetchError(f"the answer of {self.client.shown(url)} is not a JSON object: not an "
                             f"export status")
        return doc

    def request(self, dialogs: list[str] | None) -> None:
        payload: dict = {"exportType": self.type}
        if dialogs:  # a partial export; the dialogs they call come along
            payload["subTasks"] = {"dialogs": list(dialogs)}
            payload["IncludeDependentTasks"] = True
        while True:
            url = self._url("")
            status, body, _, final = self.client.request(url, method="POST", payload=payload)
            if status == 404 and self.s.api_path_version is None and self.api == "/api/public":
                self.api = "/api/1.1/public"  # an older host
                continue
            break
        if status not in (200, 201, 202):
            raise FetchError(self.client.status_message(status, body, final, EXPORT_SCOPE))
        doc = self._json(body, final)
        self.request_id = doc.get("_id") if isinstance(doc.get("_id"), str) else None
        self.note(f"requested {self.what}; waiting for it")

    def wait(self, sleep: Callable[[float], None]) -> dict:
        """The status document once it says success. Raises FetchError on another end or the timeout."""
        last = None
        while True:
            url = self._url("/status")
            try:
                status, body, _, final = self.client.request(url)
            except FetchError:
                # --timeout ran out during a poll: say how the export stood, as below
                if last is not None and self.client.remaining() <= 0.05:
                    raise self._still(last) from None
                raise
            if status != 200:
                raise FetchError(self.client.status_message(status, body, final, EXPORT_SCOPE))
            doc = self._json(body, final)
            word = doc.get("status")
            word = word.strip().lower() if isinstance(word, str) else ""
            other = self._another_request(doc)
            if other:
                word = other  # the status of an export korelint did not ask for: wait for ours
            elif word in _SUCCESS:
                return doc
            elif word not in _PENDING:
                kore = compact_line(self.s.redact(kore_errors(body)), 200)
                said = compact_line(word, 40) if word else "no status"
                raise FetchError(f"{self.what} ended with the status {said!r}"
                                 + (f": the host said: {kore}" if kore else "") + "; nothing written")
            if word != last:
                last = word
                self.note(f"{self.what}: {compact_line(word, 120)}")
            if self.s.poll_interval >= self.client.remaining():
                raise self._still(word)
            sleep(self.s.poll_interval)

    def _still(self, word: str) -> FetchError:
        return FetchError(f"{self.what} is still {compact_line(word, 80)} after the timeout "
                          f"of {self.s.timeout:g} s (--timeout)")

    def _another_request(self, doc: dict) -> str:
        """Why the status is not of this export ("" when it is): the API tells the bot's latest
        export request, which is another one when someone exported meanwhile (or before this
        request shows). Its id differs from the one the POST answered, or its exportType."""
        theirs, kind = doc.get("_id"), doc.get("exportType")
        if self.request_id and isinstance(theirs, str) and theirs != self.request_id:
            return f"waiting: the bot's latest export request is another one ({compact_line(theirs, 60)})"
        if isinstance(kind, str) and kind.strip().lower() != self.type:
            return f"waiting: the bot's latest export request is a {compact_line(kind, 20)} one"
        return ""

    def download(self, doc: dict) -> Exported:
        url = doc.get("downloadURL")
        if isinstance(url, str):
            hide_tokens(self.s.redact, url)
        store = doc.get("store")
        params = store.get("urlParams") if isinstance(store, dict) else None
        if isinstance(params, str):
            self.s.redact.add(params)
            hide_tokens(self.s.redact, "?" + params.lstrip("?"))
        url = checked(url, self.s.host)
        shown = url_shown(url)
        status, data, headers, _ = self.client.request(url, download=True, limit=MAX_INPUT_BYTES,
                                                       what="a bot export")
        if status != 200:
            raise FetchError(f"the download of {self.what} ({shown}) answered HTTP {status}")
        if not data.startswith(b"PK\x03\x04"):
            kind = compact_line(headers.get("content-type", "no Content-Type"), 60)
            raise FetchError(f"the download of {self.what} ({shown}) is not a zip ({kind}, "
                             f"{len(data)} bytes): not a bot export")
        try:
            source = read_zip(export_label(self.s.host, self.s.bot_id, self.type), data)
        except SourceError as exc:
            raise FetchError(f"the download of {self.what} ({shown}): {exc}") from None
        redact = self.s.redact.in_bytes  # a server that echoed the JWT or the link into the file
        if redact(data) is not data or redact(source.data) is not source.data:
            raise FetchError(f"the download of {self.what} holds korelint's own credentials: not kept")
        self.note(f"downloaded {self.what} ({len(data)} bytes)")
        return Exported(data, source, self.type)
