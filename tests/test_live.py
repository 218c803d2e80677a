"""The live Publish Status API client (`fetch`, and `check`/`report` without a PATH), against real
HTTP servers on 127.0.0.1 (tests/live_server.py): JWT signing, --wait, retries, errors, secrets."""
from __future__ import annotations

import io
import json
import logging
import os
import shutil
import subprocess
import time

import jwt
import pytest

from analyzer import live
from helpers import SAMPLES, default, dialog, korelint, node, publish_status
from live_server import (
    BOT_ID,
    CLIENT_ID,
    CLIENT_SECRET,
    KoreServer,
    Reply,
    SilentServer,
    isolate_environment,
    kore_error,
)

SAMPLE_BYTES = (SAMPLES / "publish-status.json").read_bytes()


def in_progress(pct: int, status: str = "INPROGRESS") -> dict:
    return {"_id": "ds-1", "jobType": "PUBLISH_BOT", "streamId": BOT_ID, "status": status,
            "percentageComplete": pct, "statusSummary": []}


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path_factory):
    isolate_environment(monkeypatch, tmp_path_factory)  # back-off delays of 10 ms, 20 ms, ...
    monkeypatch.setattr(live.settings, "MIN_POLL_INTERVAL", 0.001)  # fast polls (one test restores it)


@pytest.fixture
def creds(monkeypatch):
    monkeypatch.setenv("KORE_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("KORE_CLIENT_SECRET", CLIENT_SECRET)


def assert_no_secret(server: KoreServer | None, *texts: str) -> None:
    """Neither the client secret nor any JWT the server received (nor its signature) is in texts."""
    secrets = {CLIENT_SECRET}
    for seen in (server.seen if server else []):
        token = seen.headers.get("auth")
        if token:
            secrets.update({token, token.rsplit(".", 1)[-1]})
    for text in texts:
        for secret in secrets:
            assert secret not in text


def fetch_args(server, *extra) -> list[str]:
    return ["fetch", "--host", server.url, "--bot-id", BOT_ID, *extra]


# -- the whole story ----------------------------------------------------------------------------------


def test_fetch_wait_saves_exactly_the_final_payload(caplog, creds, tmp_path):
    caplog.set_level(logging.DEBUG)
    script = [Reply(429, kore_error("Too many requests", 429), {"Retry-After": "1"}),
              Reply(200, in_progress(20)), Reply(200, in_progress(60, "inProgress")),
              Reply(200, SAMPLE_BYTES)]
    out_file = tmp_path / "status.json"
    with KoreServer(script) as server:
        code, out, err = korelint(*fetch_args(server, "--wait", "--poll-interval", "0.05",
                                                 "-o", str(out_file)))
    assert code == 0, err
    assert out == ""
    assert out_file.read_bytes() == SAMPLE_BYTES
    assert server.auth_failures == []
    assert len(server.seen) == 4
    # every request carried a fresh JWT signed with the secret, with the documented claims
    for seen in server.seen:
        assert seen.claims["appId"] == CLIENT_ID and seen.claims["sub"]
        assert seen.claims["exp"] > seen.claims["iat"]
        assert jwt.get_unverified_header(seen.headers["auth"])["alg"] == "HS256"
        assert seen.path == f"/api/public/bot/{BOT_ID}/publish/status"
        assert seen.headers["user-agent"].startswith("korelint/")
    assert len({s.claims["jti"] for s in server.seen}) == 4
    assert server.seen[1].at - server.seen[0].at >= 0.95  # Retry-After: 1 honoured
    assert "HTTP 429" in err and "20%" in err and "60%" in err  # plain progress lines (not a TTY)
    assert f"saved the publish status of bot {BOT_ID} (successful, 100%) to {out_file}" in err
    assert not [p for p in os.listdir(tmp_path) if p != "status.json"]  # no temp file left
    assert_no_secret(server, out, err, caplog.text)


def test_fetch_to_stdout_is_the_exact_body(creds):
    with KoreServer([Reply(200, SAMPLE_BYTES)]) as server:
        ran = korelint(*fetch_args(server))
    assert ran.code == 0 and ran.out_bytes == SAMPLE_BYTES and ran.err == ""


def test_without_wait_an_in_progress_status_is_returned(creds):
    body = json.dumps(in_progress(40)).encode()
    with KoreServer([Reply(200, body)]) as server:
        ran = korelint(*fetch_args(server))
        assert ran.code == 0
    assert ran.out_bytes == body and len(server.seen) == 1


def test_check_lints_the_live_bot_end_to_end(creds, monkeypatch):
    monkeypatch.setenv("KORE_BOT_ID", BOT_ID)
    broken = publish_status(dialog(node("intent0", "intent", default("message1")),
                                   node("message1", "message", default("gone"))))
    with KoreServer([Reply(200, in_progress(50)), Reply(200, broken)]) as server:
        monkeypatch.setenv("KORE_HOST", server.url)
        code, out, err = korelint("check", "--wait", "--poll-interval", "0.02", "--format", "json")
    assert code == 1, err
    doc = json.loads(out)
    url = f"{server.url}/api/public/bot/{BOT_ID}/publish/status"
    assert doc["inputs"][0]["path"] == url and doc["inputs"][0]["kind"] == "publish-status"
    kl101 = [f for f in doc["findings"] if f["rule"] == "KL101"]
    assert kl101 and kl101[0]["path"] == url and kl101[0]["line"] is not None
    assert_no_secret(server, out, err)


def test_check_clean_sample_live(creds):
    with KoreServer([Reply(200, SAMPLE_BYTES)]) as server:
        code, out, err = korelint("check", "--host", server.url, "--bot-id", BOT_ID)
    assert code == 0 and err == "" and out.startswith("No problems found in 1 input")


def test_report_lints_the_live_bot(creds, tmp_path):
    html = tmp_path / "r.html"
    with KoreServer([Reply(200, SAMPLE_BYTES)]) as server:
        code, out, err = korelint("report", "--host", server.url, "--bot-id", BOT_ID, "-o", str(html))
    assert code == 0, err
    assert "Find Keyword" in html.read_text(encoding="utf-8")
    assert_no_secret(server, out, err, html.read_text(encoding="utf-8"))


def test_check_needs_a_path_or_a_bot_id():
    code, out, err = korelint("check")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "PATH" in err and "KORE_BOT_ID" in err
    code, _, err = korelint("check", str(SAMPLES / "publish-status.json"), "--bot-id", BOT_ID)
    assert code == 2 and "not both" in err


def test_missing_credentials(monkeypatch):
    code, _, err = korelint("fetch", "--host", "http://127.0.0.1:9", "--bot-id", BOT_ID)
    assert code == 2 and "KORE_CLIENT_SECRET" in err and err.count("\n") == 1
    monkeypatch.setenv("KORE_CLIENT_ID", CLIENT_ID)
    code, _, err = korelint("fetch", "--host", "http://127.0.0.1:9", "--bot-id", BOT_ID)
    assert code == 2 and "no client secret" in err


# -- JWT -------------------------------------------------------------------------------------------------


def test_hs512_and_a_given_jwt():
    with KoreServer([Reply(200, SAMPLE_BYTES)]) as server:
        signed = korelint(*fetch_args(server, "--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET,
                                      "--jwt-algorithm", "HS512"))
        assert signed.code == 0
        token = jwt.encode({"appId": CLIENT_ID, "sub": "ci", "iat": int(time.time()),
                            "exp": int(time.time()) + 60}, CLIENT_SECRET, algorithm="HS256")
        given = korelint(*fetch_args(server, "--jwt", token))
        assert given.code == 0
    assert jwt.get_unverified_header(server.seen[0].headers["auth"])["alg"] == "HS512"
    assert server.seen[1].headers["auth"] == token
    assert server.auth_failures == []
    assert_no_secret(server, signed.err + given.err)


def test_wrong_secret_is_explained_and_never_shown(caplog, monkeypatch, tmp_path):
    caplog.set_level(logging.DEBUG)
    wrong = "wrong-" + CLIENT_SECRET[::-1]
    monkeypatch.setenv("KORE_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("KORE_CLIENT_SECRET", wrong)
    out_file = tmp_path / "s.json"
    with KoreServer([Reply(200, SAMPLE_BYTES)]) as server:
        code, out, err = korelint(*fetch_args(server, "-o", str(out_file)))
        code2, out2, err2 = korelint("check", "--host", server.url, "--bot-id", BOT_ID)
    assert code == 2 and code2 == 2 and out == "" and out2 == ""
    assert err.count("\n") == 1 and err.startswith("korelint: error: ")
    assert "HTTP 401" in err and "client id or client secret is wrong" in err
    assert "Bot Publish > Publish Status" in err and "Failed to authenticate the token (code 401)" in err
    assert len(server.seen) == 2  # no retry on 401
    assert not out_file.exists() and os.listdir(tmp_path) == []
    for text in (out, err, out2, err2, caplog.text):
        assert wrong not in text
    assert_no_secret(server, out, err, out2, err2, caplog.text)


def test_a_token_echoed_by_the_server_is_redacted(creds):
    with KoreServer([Reply(403, kore_error("token {auth} lacks the scope", 403))]) as server:
        code, _, err = korelint(*fetch_args(server))
    assert code == 2 and "HTTP 403" in err and "[redacted]" in err
    assert_no_secret(server, err)


def test_a_given_jwt_that_is_refused():
    token = jwt.encode({"appId": CLIENT_ID, "sub": "x", "iat": 0, "exp": 1}, CLIENT_SECRET)  # expired
    with KoreServer([Reply(200, SAMPLE_BYTES)]) as server:
        code, _, err = korelint(*fetch_args(server, "--jwt", token))
    assert code == 2 and "the JWT (--jwt or KORE_JWT) is wrong or expired" in err
    assert token not in err and token.rsplit(".", 1)[1] not in err


# -- paths -----------------------------------------------------------------------------------------------


def test_unknown_bot_is_named(creds):
    other = "st-00000000-0000-0000-0000-000000000000"
    with KoreServer([Reply(200, SAMPLE_BYTES)]) as server:
        code, out, err = korelint("fetch", "--host", server.url, "--bot-id", other)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert f"bot {other} not found" in err and "HTTP 404" in err and f"Bot {other} not found" in err
    # the documented path, then the older /api/1.1/ one; no retries
    assert [s.path for s in server.seen] == [f"/api/public/bot/{other}/publish/status",
                                             f"/api/1.1/public/bot/{other}/publish/status"]


def test_older_host_falls_back_to_api_1_1(creds):
    script = [Reply(200, in_progress(10)), Reply(200, SAMPLE_BYTES)]
    with KoreServer(script, versions=("/api/1.1/public",)) as server:
        ran = korelint(*fetch_args(server, "--wait", "--poll-interval", "0.01"))
        assert ran.code == 0
    assert ran.out_bytes == SAMPLE_BYTES
    # the fallback once, then polls go straight to the path that answered
    assert [s.path.split("/bot/")[0] for s in server.seen] == ["/api/public", "/api/1.1/public",
                                                                 "/api/1.1/public"]


def test_api_path_version_option_and_host_prefix(creds):
    with KoreServer([Reply(200, SAMPLE_BYTES)], prefix="/kore/gw", versions=("/api/1.1/public",)) as server:
        assert server.url.endswith("/kore/gw")
        assert korelint(*fetch_args(server, "--api-path-version", "1.1")).code == 0
    assert [s.path for s in server.seen] == [f"/kore/gw/api/1.1/public/bot/{BOT_ID}/publish/status"]


@pytest.mark.parametrize("host, says", [("ftp://127.0.0.1/", "http:// or https://"),
                                        ("file:///etc/passwd", "http:// or https://"),
                                        ("https://user:pa55word@127.0.0.1", "user name or password"),
                                        ("http://127.0.0.1:99999", "not a valid URL"),
                                        ("http://bots.kore.ai", "must be https://"),  # the JWT in clear
                                        ("HTTP://10.0.0.7:8080/kore", "must be https://")])
def test_only_http_and_https_hosts(creds, host, says):
    code, out, err = korelint("fetch", "--host", host, "--bot-id", BOT_ID)
    assert code == 2 and says in err and "pa55word" not in err and out == ""


def test_a_bot_id_cannot_reach_another_path(creds):
    code, _, err = korelint("fetch", "--host", "http://127.0.0.1:9", "--bot-id", "../../admin")
    assert code == 2 and "is not a bot id" in err


# -- redirects --------------------------------------------------------------------------------------------


def test_a_redirect_to_another_host_does_not_get_the_auth_header(creds, tmp_path):
    with KoreServer([Reply(200, SAMPLE_BYTES)], check_auth=False) as other:
        target = f"http://localhost:{other.port}/api/public/bot/{BOT_ID}/publish/status"
        with KoreServer([Reply(302, b"", {"Location": target})]) as server:
            code, out, err = korelint(*fetch_args(server, "-o", str(tmp_path / "s.json")))
            # the same server under another host name is another host too
            same_port = f"http://localhost:{server.port}/api/public/bot/{BOT_ID}/publish/status"
            server.script = [Reply(301, b"", {"Location": same_port})]
            code2, _, err2 = korelint(*fetch_args(server))
    assert code == 2 and code2 == 2 and out == ""
    assert "redirected to another host" in err and f"localhost:{other.port}" in err
    assert not any("auth" in s.headers for s in other.seen)
    assert len(server.seen) == 2  # one request each time, none to the redirect target
    assert os.listdir(tmp_path) == []
    assert_no_secret(server, err, err2)


def test_a_same_origin_redirect_is_followed(creds):
    with KoreServer() as server:
        moved = server.status_path(version="/api/1.1/public")
        server.script = [Reply(307, b"", {"Location": moved}), Reply(200, SAMPLE_BYTES)]
        ran = korelint(*fetch_args(server))
        assert ran.code == 0
    assert ran.out_bytes == SAMPLE_BYTES
    assert [s.path for s in server.seen] == [server.status_path(), moved]
    assert all(s.claims for s in server.seen)


# -- TLS ----------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1 (openssl's command line)."""
    if not shutil.which("openssl"):
        pytest.skip("no openssl command")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = str(folder / "cert.pem"), str(folder / "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-addext", "basicConstraints=critical,CA:TRUE"],
                   check=True, capture_output=True, timeout=10)
    return cert, key


def test_tls_is_verified_and_ca_bundle_adds_a_ca(creds, certificate):
    with KoreServer([Reply(200, SAMPLE_BYTES)], tls=certificate) as server:
        assert server.url.startswith("https://")
        code, out, err = korelint(*fetch_args(server))
        assert code == 2 and out == "" and err.count("\n") == 1
        assert "TLS certificate verification failed" in err and "--ca-bundle" in err
        assert server.seen == []  # the JWT was never sent
        code, out, err = korelint(*fetch_args(server, "--ca-bundle", certificate[0]))
    assert code == 0 and out.encode() == SAMPLE_BYTES, err
    assert len(server.seen) == 1 and server.seen[0].claims["appId"] == CLIENT_ID


# -- resilience ---------------------------------------------------------------------------------------------


def test_a_server_that_never_answers_is_cut_off(creds, tmp_path):
    out_file = tmp_path / "s.json"
    with SilentServer() as silent:
        start = time.monotonic()
        code, out, err = korelint("fetch", "--host", silent.url, "--bot-id", BOT_ID,
                             "--timeout", "0.6", "-o", str(out_file))
        elapsed = time.monotonic() - start
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "timed out after 0.6 s" in err and "no answer from" in err
    assert elapsed < 3
    assert not out_file.exists()


def test_5xx_is_retried_with_backoff(creds):
    script = [Reply(502, b"<html>bad gateway</html>", {"Content-Type": "text/html"}),
              Reply(503, kore_error("maintenance", 503)), Reply(200, SAMPLE_BYTES)]
    with KoreServer(script) as server:
        ran = korelint(*fetch_args(server))
        assert ran.code == 0
    err = ran.err
    assert ran.out_bytes == SAMPLE_BYTES and len(server.seen) == 3
    assert "HTTP 502" in err and "maintenance (code 503)" in err and "retrying" in err


def test_retries_are_bounded(creds):
    with KoreServer([Reply(500, kore_error("boom", 500))]) as server:
        code, _, err = korelint(*fetch_args(server, "--retries", "2"))
    assert code == 2 and len(server.seen) == 3
    assert err.splitlines()[-1].startswith("korelint: error: the host answered HTTP 500: boom (code 500); "
                                           "gave up after 3 attempts")


def test_other_4xx_are_not_retried(creds):
    with KoreServer([Reply(400, kore_error("Invalid request", 400))]) as server:
        code, _, err = korelint(*fetch_args(server))
    assert code == 2 and len(server.seen) == 1 and "HTTP 400" in err and "Invalid request" in err


def test_connection_refused(creds):
    with SilentServer() as gone:
        url = gone.url
    code, _, err = korelint("fetch", "--host", url, "--bot-id", BOT_ID, "--retries", "1")
    assert code == 2 and "cannot reach" in err and "gave up after 2 attempts" in err


@pytest.mark.parametrize("reply, says", [
    (Reply(200, b"<html>login</html>", {"Content-Type": "text/html"}), "is not JSON (text/html"),
    (Reply(200, b"[1, 2]"), "not an object"),
    (Reply(200, {"status": "successful"}), "not a publish status (no statusSummary)"),
    (Reply(200, kore_error("Bot is not published", 1001)), "Bot is not published (code 1001)"),
])
def test_a_body_that_is_not_a_publish_status(creds, tmp_path, reply, says):
    out_file = tmp_path / "s.json"
    with KoreServer([reply]) as server:
        code, out, err = korelint(*fetch_args(server, "-o", str(out_file)))
    assert code == 2 and says in err and err.count("\n") == 1 and not out_file.exists()


def test_wait_gives_up_at_the_timeout(creds, tmp_path):
    out_file = tmp_path / "s.json"
    with KoreServer([Reply(200, in_progress(40))]) as server:
        start = time.monotonic()
        code, _, err = korelint(*fetch_args(server, "--wait", "--poll-interval", "0.1",
                                               "--timeout", "0.5", "-o", str(out_file)))
    assert code == 2 and time.monotonic() - start < 2
    assert f"the publish of bot {BOT_ID} is still in progress (40%) after the timeout of 0.5 s" in err
    assert not out_file.exists()


def test_a_poll_cut_short_by_the_timeout_says_the_publish_is_still_in_progress(creds, tmp_path):
    # the second answer is too slow to arrive before --timeout: the user hears of the last known
    # state (40%), not of the request that was cut short
    replies = [Reply(200, in_progress(40)), Reply(200, in_progress(60), trickle=0.2)]
    with KoreServer(replies) as server:
        code, _, err = korelint(*fetch_args(server, "--wait", "--poll-interval", "0.1",
                                               "--timeout", "0.5"))
    assert code == 2
    assert f"the publish of bot {BOT_ID} is still in progress (40%) after the timeout of 0.5 s" in err


# -- pieces ------------------------------------------------------------------------------------------------


def test_retry_after_forms():
    now = 1_700_000_000.0
    assert live.parse_retry_after("7") == 7.0
    assert live.parse_retry_after("Tue, 14 Nov 2023 22:13:40 GMT", now=now) == pytest.approx(20.0)
    assert live.parse_retry_after("Tue, 14 Nov 2023 22:13:00 GMT", now=now) == 0.0  # in the past
    assert live.parse_retry_after("soon") is None and live.parse_retry_after(None) is None


def test_redactor_and_settings_repr():
    redact = live.Redactor()
    token = live.sign_jwt(CLIENT_ID, CLIENT_SECRET)
    redact.add(CLIENT_SECRET)
    redact.add(token)
    text = redact(f"a {token} b {CLIENT_SECRET} c {token.rsplit('.', 1)[1]} d")
    assert CLIENT_SECRET not in text and token.rsplit(".", 1)[1] not in text
    settings = live.Settings(host="https://h", bot_id=BOT_ID, client_id=CLIENT_ID,
                             client_secret=CLIENT_SECRET)
    assert CLIENT_SECRET not in repr(settings)


def test_progress_bar_on_a_terminal():
    stream = io.StringIO()
    progress = live._Progress(BOT_ID, stream, tty=True)
    doc = in_progress(35)
    progress.update(live.Fetched(json.dumps(doc).encode(), doc, "u"))
    progress.close()
    assert f"publishing {BOT_ID}" in stream.getvalue()


def test_a_server_echoing_the_token_in_its_payload_does_not_get_it_saved(creds, tmp_path):
    """The saved payload is the server's bytes, but for korelint's own secrets: a body that
    echoes the JWT it was sent (a careless proxy, a test stub) has it redacted in the file, on
    stdout and in what check/report analyse."""
    body = json.dumps(
        publish_status(dialog(node("intent0", "intent", default("{auth}")), name="Echo"))).encode()
    saved = tmp_path / "saved.json"
    with KoreServer([Reply(200, body)] * 3, check_auth=False) as server:
        runs = [korelint(*fetch_args(server, "-o", str(saved)))]
        assert runs[-1].code == 0
        runs.append(korelint(*fetch_args(server)))
        assert runs[-1].code == 0
        runs.append(korelint("check", "--host", server.url, "--bot-id", BOT_ID, "--format", "json"))
        tokens = {s.headers.get("auth") for s in server.seen if s.headers.get("auth")}
    out, err = "".join(r.out for r in runs), "".join(r.err for r in runs)
    assert len(tokens) >= 1
    text = saved.read_text() + out + err
    assert "[redacted]" in saved.read_text() and json.loads(saved.read_text())["statusSummary"]
    assert_no_secret(server, text)


# -- hostile servers and environments: exit 2, one line, no internal error, no secret ------------------


def assert_one_line_failure(server, code: int, out: str, err: str, *says: str) -> None:
    assert code == 2, err
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("korelint: error: "), err
    assert "internal error" not in err.lower()
    assert all(c == "\n" or c.isprintable() for c in err), repr(err)
    assert len(err) < 2000
    assert_no_secret(server, err)
    for text in says:
        assert text in err, err


def _gzip(data: bytes) -> bytes:
    import gzip

    return gzip.compress(data, 9)


def test_a_body_over_the_cap_is_refused_while_streaming(creds, monkeypatch):
    monkeypatch.setattr(live.body, "MAX_BODY_BYTES", 64 * 1024)
    with KoreServer([Reply(200, b"[" + b"0," * 100_000 + b"0]")]) as server:
        code, out, err = korelint(*fetch_args(server))
    assert_one_line_failure(server, code, out, err, "larger than korelint reads")


def test_a_gzip_bomb_is_refused_by_its_ratio(creds, monkeypatch):
    monkeypatch.setattr(live.body, "COMPRESSION_GRACE", 256 * 1024)
    bomb = _gzip(b'{"a":"' + b"A" * (8 * 1024**2) + b'"}')  # 8 MB -> ~8 KB
    with KoreServer([Reply(200, bomb, {"Content-Encoding": "gzip"})]) as server:
        code, out, err = korelint(*fetch_args(server))
    assert_one_line_failure(server, code, out, err, "expands more than")


def test_a_gzip_bomb_under_the_ratio_still_meets_the_cap(creds, monkeypatch):
    monkeypatch.setattr(live.body, "MAX_BODY_BYTES", 1024**2)
    monkeypatch.setattr(live.body, "MAX_COMPRESSION_RATIO", 10**6)
    bomb = _gzip(b"[" + b"0," * (4 * 1024**2) + b"0]")
    with KoreServer([Reply(200, bomb, {"Content-Encoding": "gzip"})]) as server:
        code, out, err = korelint(*fetch_args(server))
    assert_one_line_failure(server, code, out, err, "larger than korelint reads")


def test_a_gzip_body_is_decoded(creds):
    with KoreServer([Reply(200, _gzip(SAMPLE_BYTES), {"Content-Encoding": "gzip"})]) as server:
        ran = korelint(*fetch_args(server))
        assert ran.code == 0
    assert ran.out_bytes == SAMPLE_BYTES


def test_bad_gzip_is_one_line(creds):
    with KoreServer([Reply(200, b"notgzip", {"Content-Encoding": "gzip"})]) as server:
        code, out, err = korelint(*fetch_args(server))
    assert_one_line_failure(server, code, out, err, "not valid gzip")


def test_the_timeout_covers_a_trickling_body(creds):
    with KoreServer([Reply(200, SAMPLE_BYTES, trickle=0.5)]) as server:
        start = time.monotonic()
        code, out, err = korelint(*fetch_args(server, "--timeout", "2"))
        took = time.monotonic() - start
    assert_one_line_failure(server, code, out, err, "timed out after 2 s")
    assert took < 15


@pytest.mark.parametrize("reply, says", [
    (Reply(429, {}, {"Retry-After": "\u00b2"}), "HTTP 429"),
    (Reply(429, {}, {"Retry-After": "9" * 400}), "HTTP 429"),
    (Reply(200, b"[" * 200_000), "nests too deeply"),
    (Reply(200, b'{"statusSummary":' + b"[" * 200_000), "nests too deeply"),
    (Reply(401, b'{"errors":' + b"[" * 200_000), "HTTP 401"),
    (Reply(418, b""), "HTTP 418"),
])
def test_odd_replies_are_one_line_errors(creds, reply, says):
    with KoreServer([reply]) as server:
        code, out, err = korelint(*fetch_args(server, "--retries", "0", "--timeout", "5"))
    assert_one_line_failure(server, code, out, err, says)


def test_a_retry_after_too_long_for_the_timeout(creds):
    with KoreServer([Reply(429, {}, {"Retry-After": "9" * 400})]) as server:
        code, out, err = korelint(*fetch_args(server, "--retries", "2", "--timeout", "5"))
    assert_one_line_failure(server, code, out, err, "no time left")


def test_a_huge_percentage_is_no_number(creds):
    body = b'{"statusSummary": [], "status": "SUCCESS", "percentageComplete": ' + b"9" * 5000 + b"}"
    with KoreServer([Reply(200, body)]) as server:
        ran = korelint(*fetch_args(server))
        assert ran.code == 0
    assert ran.out_bytes == body
    assert live.Fetched(body, live.responses.loads(body), "u").percent is None
    assert live.parse_retry_after("\u00b2") is None


@pytest.mark.parametrize("env, says", [
    ({"KORE_JWT": "a.b.\u20ac"}, "not a JWT"),
    ({"KORE_HOST": "https://xn--.kore.ai"}, "not a valid host name"),
    ({"KORE_HOST": "https://" + "a" * 300 + ".com"}, "not a valid host name"),
    ({"KORE_HOST": "https://host/\x1b[31mprefix"}, "control"),
    ({"KORE_HOST": "https://ex\x1bample.com"}, "control"),
    ({"HTTPS_PROXY": "socks5://127.0.0.1:1", "KORE_HOST": "https://example.invalid"}, "httpx[socks]"),
    ({"HTTPS_PROXY": "http://\x1b:bad", "KORE_HOST": "https://example.invalid"}, "proxy"),
    ({"KORE_CA_BUNDLE": "/dev/zero"}, "not a regular file"),
    ({"KORE_CA_BUNDLE": "/tmp"}, "is a directory"),
])
def test_bad_environment_values_are_one_line_errors(monkeypatch, env, says):
    with KoreServer([Reply(200, SAMPLE_BYTES)]) as server:
        monkeypatch.setenv("KORE_HOST", server.url)
        monkeypatch.setenv("KORE_BOT_ID", BOT_ID)
        if "KORE_JWT" not in env:
            monkeypatch.setenv("KORE_CLIENT_ID", CLIENT_ID)
            monkeypatch.setenv("KORE_CLIENT_SECRET", CLIENT_SECRET)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        code, out, err = korelint("fetch", "--timeout", "5", "--retries", "0")
    assert_one_line_failure(server, code, out, err, says)


@pytest.mark.parametrize("location", [
    f"/api/public/bot/{BOT_ID}/publish/status?\x9b31m\x85x",
    f"/api/public/bot/{BOT_ID}/publish/status?" + "a" * 60_000,
    f"/api/public/bot/{BOT_ID}/publish/status?t={{auth}}",  # the token echoed, then cut at 200
])
def test_a_redirect_location_is_shown_printable_and_bounded(creds, location):
    with KoreServer([Reply(302, b"", {"Location": location}), Reply(418, b"")]) as server:
        code, out, err = korelint(*fetch_args(server))
    assert_one_line_failure(server, code, out, err, "HTTP 418")
    assert "\x9b" not in err and "\x85" not in err and len(err) < 1000


def test_the_findings_path_of_a_redirected_fetch_is_printable(creds, monkeypatch):
    location = f"/api/public/bot/{BOT_ID}/publish/status?\x9bx" + "a" * 5000
    with KoreServer([Reply(302, b"", {"Location": location}), Reply(200, SAMPLE_BYTES)]) as server:
        settings = live.Settings(host=server.url, bot_id=BOT_ID, client_id=CLIENT_ID,
                                 client_secret=CLIENT_SECRET)
        fetched = live.fetch(settings)
    assert fetched.url.isprintable() and len(fetched.url) <= 200


def test_poll_interval_has_a_lower_bound(creds, monkeypatch):
    monkeypatch.setattr(live.settings, "MIN_POLL_INTERVAL", 1.0)
    with KoreServer([Reply(200, in_progress(50))]) as server:
        code, _, err = korelint(*fetch_args(server, "--wait", "--poll-interval", "0.0001"))
        assert code == 2
        assert server.seen == []
    assert "at least 1 s" in err and "internal error" not in err.lower()
