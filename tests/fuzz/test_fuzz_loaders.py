"""Fuzzing the loaders directly: analyzer.sources.read (files and zips) and analyzer.payload.parse
(eager and streaming). They return, or raise SourceError / PayloadError with a one-line message;
nothing else. A valid payload is always read, and with no malformed part."""
from __future__ import annotations

from hypothesis import given

from analyzer.payload import PayloadError, parse
from analyzer.sources import SourceError, read
from fuzzgen import COUNTS, examples, samples


def _one_line(exc: Exception) -> None:
    message = str(exc)
    assert message and "\n" not in message and "\r" not in message, repr(message)


@examples(fuzz=2000, default=30)
@given(sample=samples())
def test_read_and_parse(workdir, sample):
    path = workdir / sample.name
    path.write_bytes(sample.data)
    COUNTS["loaders"] += 1
    try:
        source = read(str(path))
    except SourceError as exc:
        _one_line(exc)
        assert sample.quality != "valid", exc
        return
    assert (source.container == "zip") == (not source.lines)
    for stream in (False, True):
        try:
            doc = parse(source.data, str(path), lines=source.lines, container=source.container, stream=stream)
            dialogs = list(doc.each_dialog())
        except PayloadError as exc:
            _one_line(exc)
            assert sample.quality != "valid", exc
            continue
        assert doc.kind in ("publish-status", "publish-response", "bot-export", "dialog-export", "zip")
        if sample.quality == "valid":
            assert doc.malformed == [], doc.malformed
            assert doc.shown_kind == ("zip" if sample.kind == "zip" else sample.kind)
        for d in dialogs:
            assert d.pointer == "" or d.pointer.startswith("/")
