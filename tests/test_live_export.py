"""The Bot Export API client (`fetch --export`, `check --export`, `report --export`, `diff --live`)
against the loopback Kore.ai server (tests/live_server.py): the export requested, its status
polled, the zip downloaded (from another host name of loopback: no `auth` there), checked with the
limits of `check`, and nothing written when anything fails."""
from __future__ import annotations

import json
import logging
import os
import sys

import pytest

from analyzer import live, sources
from helpers import answering, bot_export, default, dialog, korelint, node
from live_server import (
    BOT_ID,
    CLIENT_ID,
    CLIENT_SECRET,
    Export,
    KoreServer,
    Reply,
    export_status,
    export_zip,
    isolate_environment,
    kore_error,
)

SIGNATURE = "sig-Zq8Xw7Vu6Ts5Rq4Po3Nm2Lk1"  # the download link's token
LINK = "{base}/files/bot.zip?n=42&s=" + SIGNATURE
CLEAN = bot_export(answering("Pay Bill"))
BROKEN = bot_export(answering("Pay Bill"),
                    dialog(node("intent0", "intent", default("message1")),
                           node("message1", "message", default("gone")), name="Check Balance"))


def zip_reply(definition: dict | bytes, **kw) -> Reply:
    return Reply(200, export_zip(definition, **kw), {"Content-Type": "application/zip"})


def export(*statuses: dict, files: dict | None = None, host: str = "localhost") -> Export:
    return Export([Reply(200, s) for s in statuses], files if files is not None else
                  {"/files/bot.zip": zip_reply(CLEAN)}, download_host=host)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path_factory):
    isolate_environment(monkeypatch, tmp_path_factory)
    monkeypatch.setenv("KORE_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("KORE_CLIENT_SECRET", CLIENT_SECRET)
    monkeypatch.setenv("KORE_BOT_ID", BOT_ID)
    monkeypatch.setattr(live.settings, "MIN_POLL_INTERVAL", 0.001)


def run(server: KoreServer, *argv, **kw):
    return korelint(*argv, "--host", server.url, "--poll-interval", "0.01", **kw)


def api_calls(server: KoreServer) -> list:
    return [s for s in server.seen if not s.path.startswith("/files/")]


def downloads(server: KoreServer) -> list:
    return [s for s in server.seen if s.path.startswith("/files/")]


def assert_no_secret(server: KoreServer, *texts: str) -> None:
    secrets = {CLIENT_SECRET, SIGNATURE}
    for seen in server.seen:
        if token := seen.headers.get("auth"):
            secrets.update({token, token.rsplit(".", 1)[-1]})
    for text in texts:
        for secret in secrets:
            assert secret not in text


def assert_failed(server: KoreServer, ran, target=None) -> None:
    """Exit 2, one error line on stderr (the last, after the progress lines), nothing on stdout,
    no file written, no secret shown."""
    assert ran.code == 2, ran.err
    assert ran.out == ""
    lines = ran.err.splitlines()
    assert [line for line in lines if "error" in line] == lines[-1:], ran.err
    assert lines[-1].startswith("korelint: error: ")
    if target is not None:
        assert not target.exists()
        assert not list(target.parent.iterdir())  # no temporary file left either
    assert_no_secret(server, ran.out, ran.err)


# -- the whole story -----------------------------------------------------------------------------


def test_fetch_export_pending_then_success_downloads_from_another_host_without_auth(tmp_path, caplog):
    caplog.set_level(logging.DEBUG)  # httpx logs the URLs it requests: never the link's token
    out = tmp_path / "bot.zip"
    script = export(export_status("pending"), export_status("pending"), export_status("success", LINK))
    with KoreServer(export=script) as server:
        ran = run(server, "fetch", "--export", "latest", "-o", out)
    assert ran.code == 0, ran.err
    assert out.read_bytes() == script.files["/files/bot.zip"].payload()
    calls = api_calls(server)
    assert [c.method for c in calls] == ["POST", "GET", "GET", "GET"]
    assert json.loads(calls[0].body) == {"exportType": "latest"}
    assert all(c.claims and c.claims["appId"] == CLIENT_ID for c in calls)  # a valid JWT each
    assert all(c.host == "127.0.0.1" for c in calls)
    [download] = downloads(server)
    assert download.host == "localhost"  # another host name: it must not get the JWT
    assert "auth" not in download.headers
    assert download.path.endswith("s=" + SIGNATURE)
    assert server.auth_failures == []
    assert_no_secret(server, ran.out, ran.err, caplog.text)


def test_fetch_export_to_stdout_is_the_zip():
    script = export(export_status("success", LINK))
    with KoreServer(export=script) as server:
        ran = run(server, "fetch", "--export", "published", "-o", "-")
    assert ran.code == 0, ran.err
    assert ran.out_bytes == script.files["/files/bot.zip"].payload()
    assert json.loads(api_calls(server)[0].body) == {"exportType": "published"}


def test_a_download_on_the_hosts_own_origin_gets_the_jwt(tmp_path):
    with KoreServer(export=export(export_status("success", LINK), host="127.0.0.1")) as server:
        ran = run(server, "fetch", "--export", "latest", "-o", tmp_path / "bot.zip")
    assert ran.code == 0, ran.err
    [download] = downloads(server)
    assert download.claims is not None


def test_a_redirect_of_the_download_to_another_host_drops_the_jwt(tmp_path):
    script = export(export_status("success", "{base}/files/first.zip?s=" + SIGNATURE), host="127.0.0.1")
    with KoreServer(export=script) as server:
        script.files["/files/first.zip"] = Reply(302, b"", {
            "Location": f"http://localhost:{server.port}/files/bot.zip?sig=other-Tok3n-99887766"})
        script.files["/files/bot.zip"] = zip_reply(CLEAN)
        ran = run(server, "fetch", "--export", "latest", "-o", tmp_path / "bot.zip")
    assert ran.code == 0, ran.err
    first, second = downloads(server)
    assert first.host == "127.0.0.1" and first.claims is not None
    assert second.host == "localhost" and "auth" not in second.headers
    assert "other-Tok3n-99887766" not in ran.err


def test_dialogs_ask_for_a_partial_export(tmp_path):
    with KoreServer(export=export(export_status("success", LINK))) as server:
        ran = run(server, "fetch", "--export", "latest", "--dialogs", "Pay Bill,Check Balance",
                  "--dialogs", "Transfer", "-o", tmp_path / "bot.zip")
    assert ran.code == 0, ran.err
    body = json.loads(api_calls(server)[0].body)
    assert body["exportType"] == "latest"
    assert body["subTasks"] == {"dialogs": ["Pay Bill", "Check Balance", "Transfer"]}


@pytest.mark.parametrize("other", [{"request_id": "ber-0"}, {"export_type": "published"}],
                         ids=["another request", "the other type"])
def test_the_status_of_another_export_is_waited_past(tmp_path, other):
    script = export(export_status("success", "{base}/files/other.zip", **other),
                    export_status("success", LINK))
    with KoreServer(export=script) as server:
        ran = run(server, "fetch", "--export", "latest", "-o", tmp_path / "bot.zip")
    assert ran.code == 0, ran.err
    assert [d.path.split("?")[0] for d in downloads(server)] == ["/files/bot.zip"]


def test_another_request_to_the_end_is_a_timeout(tmp_path):
    target = tmp_path / "out" / "bot.zip"
    target.parent.mkdir()
    script = export(export_status("success", LINK, request_id="ber-someone-else"))
    with KoreServer(export=script) as server:
        ran = run(server, "fetch", "--export", "latest", "--timeout", "0.3", "-o", target)
    assert_failed(server, ran, target)
    assert downloads(server) == []


def test_a_5xx_status_is_retried(tmp_path):
    script = export(export_status("pending"), export_status("success", LINK))
    script.statuses.insert(0, Reply(503, kore_error("busy", 503)))
    with KoreServer(export=script) as server:
        ran = run(server, "fetch", "--export", "latest", "-o", tmp_path / "bot.zip")
    assert ran.code == 0, ran.err
    assert (tmp_path / "bot.zip").exists()


# -- failures: exit 2, one line, nothing written ----------------------------------------------------


@pytest.mark.parametrize("status", ["failed", "FAILURE", "cancelled", "", "who-knows"])
def test_an_export_that_does_not_succeed(tmp_path, status):
    target = tmp_path / "out" / "bot.zip"
    target.parent.mkdir()
    with KoreServer(export=export(export_status("pending"), export_status(status))) as server:
        ran = run(server, "fetch", "--export", "latest", "-o", target)
    assert_failed(server, ran, target)
    assert downloads(server) == []


def test_a_status_that_is_not_json(tmp_path):
    target = tmp_path / "out" / "bot.zip"
    target.parent.mkdir()
    script = Export([Reply(200, b"<html>maintenance</html>", {"Content-Type": "text/html"})])
    with KoreServer(export=script) as server:
        ran = run(server, "fetch", "--export", "latest", "-o", target)
    assert_failed(server, ran, target)


@pytest.mark.parametrize("reply", [
    Reply(200, b"<html>Sign in</html>", {"Content-Type": "text/html"}),  # not a zip
    zip_reply(CLEAN, name="somethingElse.json"),  # a zip without botDefinition.json
    Reply(200, b"PK\x03\x04 truncated archive"),  # a broken zip
    Reply(404, kore_error("expired", 404)),
    Reply(403, b""),
], ids=["html", "no-definition", "broken", "404", "403"])
def test_a_download_that_is_not_a_bot_export(tmp_path, reply):
    target = tmp_path / "out" / "bot.zip"
    target.parent.mkdir()
    files = {"/files/bot.zip": reply}
    with KoreServer(export=export(export_status("success", LINK), files=files)) as server:
        fetched = run(server, "fetch", "--export", "latest", "-o", target)
        checked = run(server, "check", "--export", "latest")
    assert_failed(server, fetched, target)
    assert_failed(server, checked)


def test_a_definition_that_is_not_json_is_saved_but_not_linted(tmp_path):
    """The zip is an export (fetch saves it as it came); its botDefinition.json is for check to judge."""
    target = tmp_path / "bot.zip"
    files = {"/files/bot.zip": zip_reply(b"{not json")}
    with KoreServer(export=export(export_status("success", LINK), files=files)) as server:
        fetched = run(server, "fetch", "--export", "latest", "-o", target)
        checked = run(server, "check", "--export", "latest")
    assert fetched.code == 0 and target.read_bytes() == files["/files/bot.zip"].payload()
    assert checked.code == 2 and checked.out == ""
    assert_no_secret(server, fetched.err, checked.err)


@pytest.mark.parametrize("limit", ["members", "bomb"])
def test_a_download_over_the_limits_of_check(tmp_path, monkeypatch, limit):
    if limit == "members":
        monkeypatch.setattr(sources, "MAX_ZIP_MEMBERS", 2)  # an export has 3
        definition: dict | bytes = CLEAN
    else:
        monkeypatch.setattr(sources, "ZIP_RATIO_FROM", 1024)
        definition = b" " * 1_000_000  # packs about 1000 times
    target = tmp_path / "out" / "bot.zip"
    target.parent.mkdir()
    files = {"/files/bot.zip": zip_reply(definition)}
    with KoreServer(export=export(export_status("success", LINK), files=files)) as server:
        ran = run(server, "fetch", "--export", "latest", "-o", target)
    assert_failed(server, ran, target)


@pytest.mark.parametrize("url", ["http://example.com/files/bot.zip?s=" + SIGNATURE,
                                 "ftp://127.0.0.1/files/bot.zip", "https://user:pw@127.0.0.1/x.zip", None])
def test_a_download_url_korelint_does_not_fetch(tmp_path, url):
    target = tmp_path / "out" / "bot.zip"
    target.parent.mkdir()
    status = export_status("success", url) if url else export_status("success")
    with KoreServer(export=export(status)) as server:
        ran = run(server, "fetch", "--export", "latest", "-o", target)
    assert_failed(server, ran, target)
    assert downloads(server) == []


def test_the_export_refused_for_the_scope(tmp_path):
    script = export(export_status("success", LINK))
    script.started = Reply(403, kore_error("Access denied", 403))
    with KoreServer(export=script) as server:
        ran = run(server, "fetch", "--export", "latest", "-o", tmp_path / "bot.zip")
    assert_failed(server, ran)
    assert "Bot Export" in ran.err  # names the API scope to grant
    assert not (tmp_path / "bot.zip").exists()


def test_an_export_still_pending_at_the_timeout(tmp_path):
    target = tmp_path / "out" / "bot.zip"
    target.parent.mkdir()
    with KoreServer(export=export(export_status("pending"))) as server:
        ran = run(server, "fetch", "--export", "latest", "--timeout", "0.3", "-o", target)
    assert_failed(server, ran, target)


def test_a_poll_cut_short_by_the_timeout_says_how_the_export_stood(tmp_path):
    # the second status is too slow to arrive before --timeout: the user hears the export was
    # still pending, not which request was cut short
    script = export(export_status("pending"))
    script.statuses.append(Reply(200, export_status("pending"), trickle=0.2))
    with KoreServer(export=script) as server:
        ran = run(server, "fetch", "--export", "latest", "--timeout", "0.5", "--poll-interval", "0.1")
    assert ran.code == 2 and "is still pending after the timeout of 0.5 s" in ran.err


def test_a_zip_echoing_the_jwt_is_not_kept(tmp_path):
    target = tmp_path / "out" / "bot.zip"
    target.parent.mkdir()
    # A stored (uncompressed) member holding the link's token, as a careless server might.
    files = {"/files/bot.zip": zip_reply(json.dumps({**CLEAN, "note": SIGNATURE}).encode())}
    with KoreServer(export=export(export_status("success", LINK), files=files)) as server:
        ran = run(server, "fetch", "--export", "latest", "-o", target)
    assert_failed(server, ran, target)


# -- check, report and diff of the exported bot --------------------------------------------------------


def test_check_export_latest_lints_the_bot_in_development():
    files = {"/files/bot.zip": zip_reply(BROKEN)}
    with KoreServer(export=export(export_status("success", LINK), files=files)) as server:
        ran = run(server, "check", "--export", "latest", "--format", "json")
    assert ran.code == 1, ran.err
    doc = json.loads(ran.out)
    [source] = doc["inputs"]
    assert source["kind"] == "zip" and source["path"] == live.export_label(server.url, BOT_ID, "latest")
    assert any(f["rule"] == "KL101" for f in doc["findings"])
    assert_no_secret(server, ran.out, ran.err)


def test_report_export_latest(tmp_path):
    html = tmp_path / "r.html"
    files = {"/files/bot.zip": zip_reply(CLEAN)}
    with KoreServer(export=export(export_status("success", LINK), files=files)) as server:
        ran = run(server, "report", "--export", "latest", "-o", html)
    assert ran.code == 0, ran.err
    page = html.read_text(encoding="utf-8")
    assert "Pay Bill" in page
    assert_no_secret(server, ran.out, ran.err, page)


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_diff_live_compares_published_with_latest(fmt):
    script = Export([Reply(200, export_status("success", "{base}/files/published.zip?s=" + SIGNATURE,
                                              export_type="published")),
                     Reply(200, export_status("success", LINK))],
                    {"/files/published.zip": zip_reply(CLEAN), "/files/bot.zip": zip_reply(BROKEN)},
                    download_host="localhost")
    with KoreServer(export=script) as server:
        ran = run(server, "diff", "--live", "--format", fmt)
    assert ran.code == 1, ran.err  # latest brings an error: a dangling transition
    posts = [json.loads(c.body)["exportType"] for c in api_calls(server) if c.method == "POST"]
    assert posts == ["published", "latest"]
    assert "Check Balance" in ran.out  # the dialog the publish would add
    if fmt == "json":
        doc = json.loads(ran.out)
        assert doc["summary"]["dialogs_added"] == 1
        assert [f["rule"] for f in doc["findings"]["new"]] == ["KL101"]
        assert doc["old"]["path"].endswith("exportType=published")
        assert doc["new"]["path"].endswith("exportType=latest")
    else:
        assert "KL101" in ran.out
    assert all("auth" not in d.headers for d in downloads(server))
    assert_no_secret(server, ran.out, ran.err)


def test_diff_live_when_an_export_fails():
    script = export(export_status("failed"))
    with KoreServer(export=script) as server:
        ran = run(server, "diff", "--live")
    assert_failed(server, ran)


# -- usage -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("argv", [
    ["check", "samples/publish-status.json", "--export", "latest"],
    ["check", "samples/publish-status.json", "--dialogs", "A"],
    ["fetch", "--dialogs", "A"],
    ["fetch", "--export", "tomorrow"],
    ["diff", "--live", "a.json"],
    ["diff", "a.json"],
    ["diff"],
    ["diff", "a.json", "b.json", "--dialogs", "A"],
])
def test_usage_errors(argv, monkeypatch):
    monkeypatch.chdir(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ran = korelint(*argv)
    assert ran.code == 2 and ran.out == ""


def test_a_zip_is_not_written_to_a_terminal(monkeypatch):
    """`fetch --export` without -o on a terminal: exit 2 before any request (`-o -` writes it)."""
    from analyzer.commands import fetch

    with KoreServer(export=export(export_status("success"))) as server:
        monkeypatch.setattr(fetch, "_terminal", lambda stream: stream is sys.stdout)
        ran = run(server, "fetch", "--export", "latest")
        assert ran.code == 2 and ran.out == ""
        assert not [s for s in server.seen if s.method == "POST"]  # no export requested
