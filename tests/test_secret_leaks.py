"""No secret leaves korelint: every output of every command (check in every format, to stdout and
with -o, --statistics, the baseline; report with --svg-dir and --zip, every member unzipped;
fetch -o and check/report of the live bot against the loopback Kore.ai server, with a client
secret, a given JWT, refused credentials and a server that echoes the token; the Bot Export API's
fetch --export, check/report --export and diff --live, whose download link carries a token, also
when the export fails or the download is not a zip, with --debug) is collected with
stdout and stderr, and none of the secrets appears in any of them: not whole, not 13 characters
of it past the 4 that a masked value shows, not URL-encoded, nor HTML-escaped.

The payloads hold an OpenAI-style key, a SendGrid key, a JWT, a `Bearer` token and `Basic`
credentials in service headers stored as a JSON string, passwords, a key in a URL's query and a
password in a URL's user info: where bots really keep them. KL501 reports them masked (`sk-p…`);
every other rule and reporter must not echo them either.
"""
from __future__ import annotations

import base64
import html
import io
import json
import logging
import zipfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from urllib.parse import quote

import pytest

from analyzer import cli
from analyzer.reporters import REPORTERS
from analyzer.reporters.diff import DIFF_REPORTERS
from helpers import default, node
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
)

OPENAI = "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0fGh3iJk6l"
SENDGRID = "SG.Xy7kLm9nPq2rSt4uVw6x.Ab1cD2eF3gH4iJ5kL6mN7oP8qR9sT0uV1wX2yZ3aB4c"
JWT_PAYLOAD = "eyJzdWIiOiJib3QtdXNlci05OTEiLCJpYXQiOjE3MDAwMDAwMDAsInNjb3BlIjoiYWRtaW4ifQ"
JWT_SIGNATURE = "Q2hlY2tUaGlzU2lnbmF0dXJlMTIzNDU2Nzg5MGFiY2RlZmdo"
JWT = f"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.{JWT_PAYLOAD}.{JWT_SIGNATURE}"
BEARER = "b3Ar3rT0k3n9f8e7d6c5b4a3210ZYXWVUTSRQ"
BASIC = base64.b64encode(b"svc-invoices:B4sicP4ss-Wd-1234").decode()
PASSWORD = "Pa55w0rd!Never-Leak-7731"
URL_PASSWORD = "urlP4ssW0rd9931xq"
APPID = "4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c"
SCRIPT_TOKEN = "tk_9Zq8Yx7Wv6Ut5Sr4Qp3On2Ml1Kj0Ih"
# The JWT's header is the same in every HS256 token: its payload and signature are the secrets.
PAYLOAD_SECRETS = [OPENAI, SENDGRID, JWT_PAYLOAD, JWT_SIGNATURE, BEARER, BASIC, PASSWORD, URL_PASSWORD,
                   APPID, SCRIPT_TOKEN]


# -- payloads ------------------------------------------------------------------------------------------
def service(name: str, comp_id: str) -> dict:
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {BEARER}",
               "Proxy-Authorization": f"Basic {BASIC}", "x-api-key": OPENAI, "x-access-token": JWT}
    return {"_id": comp_id, "name": name, "type": "service",
            "endPoint": {"protocol": "http", "host": f"svc:{URL_PASSWORD}@api.example.com",
                         "path": f"/v1/weather?appid={APPID}&units=metric", "method": "post"},
            "headers": {"type": "raw", "value": json.dumps(headers)},
            "payload": {"type": "raw", "value": json.dumps({"apiKey": SENDGRID, "password": PASSWORD,
                                                            "to": "{{context.entities.email}}"})},
            "auth": {"type": "basic", "value": f"Basic {BASIC}", "username": "svc-invoices",
                     "password": PASSWORD}}


def script(comp_id: str) -> dict:
    return {"_id": comp_id, "name": "setToken", "type": "script",
            "script": f'var token = "{SCRIPT_TOKEN}";\nvar password = "{PASSWORD}";\n'
                      f'context.session.jwt = "{JWT}";\nkoreUtil.log("key " + "{OPENAI}");'}


def dialog_nodes(embed: bool) -> list[dict]:
    """A dialog with a dangling target and an unreachable node (findings that quote node ids),
    and its service and script nodes (each with its component inside when `embed`)."""
    nodes = [node("intent0", "intent", default("service1"), componentId="dc-intent"),
             node("service1", "service", default("script2"), componentId="dc-service"),
             node("script2", "script", default("gone"), componentId="dc-script"),
             node("orphan3", "message", componentId="dc-message")]
    if embed:
        nodes[1]["component"] = service("getWeather", "dc-service")
        nodes[2]["component"] = script("dc-script")
    return nodes


def bot_export() -> dict:
    return {"name": "Invoices", "defaultLanguage": "en",
            "dialogs": [{"_id": "dg-1", "name": "Send Invoice", "nodes": dialog_nodes(False)}],
            "dialogComponents": [service("getWeather", "dc-service"), script("dc-script"),
                                 {"_id": "dc-intent", "name": "Send Invoice", "type": "intent",
                                  "dialogId": "dg-1"},
                                 {"_id": "dc-message", "name": "orphan3", "type": "message"}],
            "botEnvironmentVariables": [{"key": "apiKey", "value": OPENAI},
                                        {"key": "password", "value": PASSWORD}],
            "knowledgeTasks": []}


def publish_status() -> dict:
    return {"_id": "ds-1", "jobType": "PUBLISH_BOT", "streamId": BOT_ID, "status": "successful",
            "percentageComplete": 100,
            "statusSummary": [{"resourceId": "dg-1", "resourceType": "dialog", "name": "Send Invoice",
                               "status": "SUCCESS",
                               "result": {"_id": "dg-1", "name": "Send Invoice",
                                          "nodes": dialog_nodes(True)}}]}


def dialog_export() -> dict:
    return {"_id": "dg-1", "name": "Send Invoice", "nodes": dialog_nodes(True),
            "components": [service("getWeather", "dc-service"), script("dc-script")]}


# -- running and collecting ---------------------------------------------------------------------------
class Outputs:
    """Everything korelint printed or wrote, labelled."""

    def __init__(self):
        self.items: list[tuple[str, bytes]] = []

    def add(self, label: str, data: bytes | str) -> None:
        self.items.append((label, data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data))

    def add_file(self, label: str, path: Path) -> None:
        if path.is_dir():
            for p in sorted(path.iterdir()):
                self.add_file(f"{label}/{p.name}", p)
            return
        data = path.read_bytes()
        self.add(label, data)
        if data.startswith(b"PK\x03\x04"):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for member in archive.namelist():
                    self.add(f"{label}!{member}", archive.read(member))

    def run(self, label: str, argv: list, expect: tuple[int, ...] = (0, 1)) -> int:
        out, err = io.BytesIO(), io.StringIO()
        text = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
        with redirect_stdout(text), redirect_stderr(err):
            code = cli.main([str(a) for a in argv])
        text.flush()
        self.add(f"{label} stdout", out.getvalue())
        self.add(f"{label} stderr", err.getvalue())
        assert code in expect, (label, code, err.getvalue())
        assert "Traceback" not in err.getvalue() and "internal error" not in err.getvalue(), err.getvalue()
        return code


def forms(secret: str) -> set[str]:
    """The secret and what would give it away: its URL-encoded, JSON-escaped and HTML-escaped
    forms, and pieces of 10 characters every 4 past the 4 a mask shows (so any 13 characters of
    it are caught)."""
    out = {secret, quote(secret, safe=""), json.dumps(secret)[1:-1], html.escape(secret)}
    tail = secret[4:]
    out.update(tail[i:i + 10] for i in range(0, max(1, len(tail) - 9), 4))
    out.add(tail[-10:])
    return {f for f in out if len(f) >= 8}


def assert_no_leak(outputs: Outputs, secrets: list[str], exempt: tuple[str, ...] = ()) -> None:
    leaks = []
    for label, data in outputs.items:
        if label.startswith(exempt):
            continue
        text = data.decode("utf-8", "replace")
        for secret in secrets:
            for form in forms(secret):
                if form in text:
                    at = text.index(form)
                    leaks.append((label, secret, form, text[max(0, at - 80):at + 80]))
                    break
    assert not leaks, "\n".join(map(repr, leaks[:20]))


@pytest.fixture
def clean_env(monkeypatch, tmp_path_factory):
    isolate_environment(monkeypatch, tmp_path_factory)


# -- the test --------------------------------------------------------------------------------------------
def test_no_secret_in_any_output_of_any_command(tmp_path, clean_env, monkeypatch, caplog):
    caplog.set_level(logging.DEBUG)  # what a program that shows logs would see (httpx logs URLs)
    outputs = Outputs()
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    files = {}
    for kind, value in [("bot-export", bot_export()), ("publish-status", publish_status()),
                        ("dialog-export", dialog_export())]:
        files[kind] = inputs / f"{kind}.json"
        files[kind].write_text(json.dumps(value, indent=2))
    files["zip"] = inputs / "export.zip"
    with zipfile.ZipFile(files["zip"], "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Invoices/botDefinition.json", json.dumps(bot_export()))
    out = tmp_path / "out"
    out.mkdir()

    # Every input kind, every format, on stdout and with -o; statistics; baselines.
    for kind, path in files.items():
        for fmt in sorted(REPORTERS):
            outputs.run(f"check {kind} {fmt}", ["check", path, "--format", fmt])
            outputs.run(f"check {kind} {fmt} -o",
                        ["check", path, "--format", fmt, "-o", out / f"{kind}.{fmt}"])
        outputs.run(f"check {kind} statistics", ["check", path, "--statistics", "--select", "ALL"])
        outputs.run(f"check {kind} write-baseline",
                    ["check", path, "--write-baseline", out / f"{kind}.baseline"])
        outputs.run(f"check {kind} baseline", ["check", path, "--baseline", out / f"{kind}.baseline"])
        outputs.run(f"report {kind}",
                    ["report", path, "-o", out / f"{kind}.html", "--svg-dir", out / f"{kind}-svg",
                                       "--zip", out / f"{kind}.zip", "--fail-on", "never"])
        # With the secret rule turned off, what it would find is still never shown.
        for fmt in sorted(REPORTERS):
            outputs.run(f"check {kind} {fmt} no KL501", ["check", path, "--format", fmt, "--ignore", "KL501"])
        outputs.run(f"report {kind} no KL501", ["report", path, "-o", out / f"{kind}-no501.html", "--svg-dir",
                                                out / f"{kind}-no501-svg", "--ignore", "hardcoded-secret"])
    found = json.loads(next(d for label, d in outputs.items if label == "check bot-export json stdout"))
    assert any(f["rule"] == "KL101" for f in found["findings"])  # the payloads do give findings

    # The live bot: its payload holds the same secrets, and korelint holds a client secret and JWTs.
    body = json.dumps(publish_status()).encode()
    given_jwt = ("eyJhbGciOiJIUzI1NiJ9.eyJhcHBJZCI6ImNzLWdpdmVuIiwic3ViIjoiMSJ9"
                 ".R2l2ZW5KV1RTaWduYXR1cmU5ODc2NTQzMjE")
    live = ["--host", None, "--bot-id", BOT_ID]
    with KoreServer([Reply(200, body)]) as server:
        live[1] = server.url
        monkeypatch.setenv("KORE_CLIENT_ID", CLIENT_ID)
        monkeypatch.setenv("KORE_CLIENT_SECRET", CLIENT_SECRET)
        outputs.run("fetch env", ["fetch", *live, "-o", out / "fetched-env.json"], expect=(0,))
        monkeypatch.delenv("KORE_CLIENT_SECRET")
        with_secret = [*live, "--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET]
        outputs.run("fetch", ["fetch", *with_secret, "-o", out / "fetched.json"], expect=(0,))
        outputs.run("fetch stdout", ["fetch", *with_secret], expect=(0,))
        outputs.run("fetch --debug", ["--debug", "fetch", *with_secret, "-o", out / "fetched-debug.json"],
                    expect=(0,))
        for fmt in sorted(REPORTERS):
            outputs.run(f"live check {fmt}", ["check", *with_secret, "--format", fmt])
        outputs.run("live check -o", ["check", *with_secret, "--format", "sarif", "-o", out / "live.sarif"])
        outputs.run("live baseline", ["check", *with_secret, "--write-baseline", out / "live.baseline"])
        outputs.run("live report",
                    ["report", *with_secret, "-o", out / "live.html", "--svg-dir", out / "live-svg",
                                    "--zip", out / "live.zip"])
        # Refused credentials and a bad given JWT: one line each, no secret.
        outputs.run("wrong secret", ["fetch", *live, "--client-id", CLIENT_ID, "--client-secret",
                                     CLIENT_SECRET[::-1], "-o", out / "never.json"], expect=(2,))
        outputs.run("given jwt", ["check", *live, "--jwt", given_jwt], expect=(2,))
        outputs.run("given jwt --debug", ["--debug", "check", *live, "--jwt", given_jwt], expect=(2,))
        tokens = {s.headers.get("auth") for s in server.seen if s.headers.get("auth")}
    # A careless server that echoes the token it was sent.
    with KoreServer([Reply(401, {"errors": [{"msg": "bad token {auth}", "code": 401}]})],
                    check_auth=False) as echo:
        outputs.run("echoed token",
                    ["fetch", "--host", echo.url, "--bot-id", BOT_ID, "--client-id", CLIENT_ID,
                                     "--client-secret", CLIENT_SECRET], expect=(2,))
        tokens |= {s.headers.get("auth") for s in echo.seen if s.headers.get("auth")}
    tokens |= run_exports(outputs, out)
    assert not (out / "never.json").exists()
    assert not (out / "never.zip").exists()
    assert (out / "fetched.json").read_bytes() == body  # the payload, byte for byte
    assert tokens and given_jwt in tokens

    for path in sorted(out.iterdir()):
        outputs.add_file(path.name, path)
    outputs.add("logs", caplog.text)
    assert len(outputs.items) > 150
    # The fetched payload is the bot's own export, secrets included: only korelint's secrets are
    # looked for there.
    fetched = ("fetched.json", "fetched-env.json", "fetched-debug.json", "fetch stdout stdout",
               "export.zip", "export-debug.zip", "fetch --export stdout stdout")
    credentials = [CLIENT_SECRET, given_jwt.rsplit(".", 1)[1], LINK_TOKEN]
    for token in tokens:
        credentials += [token.split(".")[1], token.rsplit(".", 1)[1]]  # the claims and the signature
    assert_no_leak(outputs, PAYLOAD_SECRETS + credentials, exempt=fetched)
    assert_no_leak(outputs, credentials)


LINK_TOKEN = "Lnk7Tok3n-Sig9Qx8Wv7Ut6Sr5Qp4On3Ml2"  # the export download link's signature


def run_exports(outputs: Outputs, out: Path) -> set[str]:
    """The Bot Export API's paths: fetch --export, check/report --export, diff --live, a failed
    export and a download that is not a zip (with --debug). The link is on another host name
    (localhost): it never gets the JWT. Returns the JWTs the servers received."""
    link = "{base}/files/bot.zip?n=7&s=" + LINK_TOKEN
    files = {"/files/bot.zip": Reply(200, export_zip(bot_export()), {"Content-Type": "application/zip"})}
    script = Export([Reply(200, export_status("pending")), Reply(200, export_status("success", link))],
                    files, download_host="localhost")
    creds = ["--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET, "--poll-interval", "1"]
    tokens = set()
    with KoreServer(export=script) as server:
        live = ["--host", server.url, "--bot-id", BOT_ID, *creds]
        outputs.run("fetch --export", ["fetch", "--export", "latest", *live, "-o", out / "export.zip"],
                    expect=(0,))
        outputs.run("fetch --export stdout", ["fetch", "--export", "latest", *live], expect=(0,))
        outputs.run("fetch --export --debug", ["--debug", "fetch", "--export", "published", *live,
                                               "-o", out / "export-debug.zip"], expect=(0,))
        for fmt in sorted(REPORTERS):
            outputs.run(f"check --export {fmt}", ["check", "--export", "latest", *live, "--format", fmt])
        outputs.run("report --export", ["report", "--export", "latest", *live, "-o", out / "export.html",
                                        "--svg-dir", out / "export-svg", "--zip", out / "export-report.zip"])
        for fmt in sorted(DIFF_REPORTERS):
            outputs.run(f"diff --live {fmt}", ["diff", "--live", *live, "--format", fmt])
        assert all("auth" not in s.headers for s in server.seen if s.path.startswith("/files/"))
        tokens |= {s.headers["auth"] for s in server.seen if s.headers.get("auth")}
    failing = [Export([Reply(200, export_status("failed", link))], files, download_host="localhost"),
               Export([Reply(200, export_status("success", link))],
                      {"/files/bot.zip": Reply(200, f"<html>expired link {LINK_TOKEN}</html>")},
                      download_host="localhost")]
    for i, script in enumerate(failing):
        with KoreServer(export=script) as server:
            live = ["--host", server.url, "--bot-id", BOT_ID, *creds]
            outputs.run(f"failed export {i}", ["--debug", "fetch", "--export", "latest", *live,
                                               "-o", out / "never.zip"], expect=(2,))
            outputs.run(f"failed diff --live {i}", ["--debug", "diff", "--live", *live], expect=(2,))
            tokens |= {s.headers["auth"] for s in server.seen if s.headers.get("auth")}
    return tokens


def test_no_secret_from_a_condition_value(tmp_path, clean_env):
    test = {"context": "session.apiKey", "op": "eq", "value": OPENAI}
    payload = {"dialogs": [{"name": "D", "nodes": [
        {"nodeId": "intent0", "type": "intent", "transitions": [
            {"if": test, "then": "end"}, {"if": dict(test), "then": "end"}, {"default": "end"}]}]}]}
    path = tmp_path / "condition.json"
    path.write_text(json.dumps(payload))
    outputs = Outputs()
    for fmt in sorted(REPORTERS):
        outputs.run(f"check {fmt}", ["check", path, "--format", fmt])
    outputs.run("report", ["report", path, "-o", tmp_path / "r.html", "--svg-dir", tmp_path / "svg"])
    outputs.add_file("r.html", tmp_path / "r.html")
    outputs.add_file("svg", tmp_path / "svg")
    assert_no_leak(outputs, [OPENAI])


@pytest.mark.parametrize("ignore", [[], ["--ignore", "KL501"], ["--select", "KL1"]])
def test_a_key_found_by_kl501_is_masked_everywhere_even_with_kl501_off(tmp_path, clean_env, ignore):
    """A random key (no known format: only KL501's scan knows it is one) written under an
    api-key header and reused in a condition and as a node id: no output shows it, whether
    KL501 runs or not (turning a rule off hides its findings, never the masking)."""
    key = "q8ZtW3xLp0VnR7sKd2YhJ5fGb9MaE4cU"
    from helpers import bot, branch, dialog, service
    d = dialog(node("intent0", "intent",
                    branch({"context": "session.k", "op": "eq", "value": key}, "service1"),
                    default("service1")),
               node("service1", "service", default("end"), componentId="dc-s"), node(key, "message"),
               name="Pay")
    path = tmp_path / "key.json"
    path.write_text(json.dumps(bot(d, components=[service("dc-s", headers={"x-api-key": key})])))
    outputs = Outputs()
    for fmt in sorted(REPORTERS):
        outputs.run(f"check {fmt}", ["check", path, "--format", fmt, *ignore])
    outputs.run("report", ["report", path, "-o", tmp_path / "r.html", "--svg-dir", tmp_path / "svg", *ignore])
    outputs.add_file("r.html", tmp_path / "r.html")
    outputs.add_file("svg", tmp_path / "svg")
    found = json.loads(next(d for label, d in outputs.items if label == "check json stdout"))
    assert "KL102" in {f["rule"] for f in found["findings"]}  # the node named by the key is reported
    assert_no_leak(outputs, [key])


def test_no_secret_hidden_by_an_escape_used_as_a_key_or_in_a_urls_user_info(tmp_path, clean_env):
    """Credentials the scan once missed: JSON-escaped inside (`\\/`, `\\u0041`), a known key used
    as a JSON object key (its finding's pointer and everything under it named it), and passwords
    in a URL's user info (a transition target, a node id, a condition, a script, an endpoint)."""
    from helpers import bot, branch, component, dialog

    bearer = "k9Zx/Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0LmN"
    escaped_key = "sk-proj-Qr5tYu8iOp2aSd4fGh6jKl8zXc0vBn3mM1nB"
    key_as_key = "sk-proj-Lm2nOp5qRs8tUv1wXy4zAb7cDe0fGh3iJk6lAb3d"
    passwords = ["S3cr3tPassw0rdXq9", "An0therPassw0rd77", "Th1rdPassw0rdZz8", "F0urthPassw0rdYy5"]
    urls = [f"https://admin:{pw}@api{i}.example.com/v1" for i, pw in enumerate(passwords)]
    d = dialog(node("intent0", "intent",
                    branch({"context": "session.url", "op": "eq", "value": urls[0]}, "service1"),
                    default("service1")),
               node("service1", "service", default("script2"), componentId="dc-s"),
               node("script2", "script", default("BEARER"), componentId="dc-js"),
               node(urls[1], "message", default("KEY")), name="Pay")
    payload = bot(d, components=[
        component("dc-s", "service", "call", endPoint={"url": urls[2], "method": "get"}),
        component("dc-js", "script", "run", script=f'var r = http.get("{urls[3]}");')],
        integrations={"openai": {key_as_key: {"model": "gpt-4o", "org": "acme"}}})
    text = json.dumps(payload, indent=2)
    text = text.replace('"BEARER"', json.dumps("Bearer " + bearer).replace("/", "\\/"))
    text = text.replace('"KEY"', '"' + escaped_key.replace("Q", "\\u0051") + '"')
    assert bearer not in text and escaped_key not in text
    path = tmp_path / "escaped.json"
    path.write_text(text)
    outputs = Outputs()
    for fmt in sorted(REPORTERS):
        outputs.run(f"check {fmt}", ["check", path, "--format", fmt])
    outputs.run("check no KL501", ["check", path, "--format", "json", "--ignore", "KL501"])
    outputs.run("report", ["report", path, "-o", tmp_path / "r.html", "--svg-dir", tmp_path / "svg",
                           "--zip", tmp_path / "r.zip", "--fail-on", "never"])
    for name in ("r.html", "svg", "r.zip"):
        outputs.add_file(name, tmp_path / name)
    found = json.loads(next(d for label, d in outputs.items if label == "check json stdout"))
    kinds = sorted(f["message"].split(" in ")[0] for f in found["findings"] if f["rule"] == "KL501")
    assert kinds == sorted(["hardcoded bearer token 'k9Zx…'", "hardcoded OpenAI API key 'sk-p…'",
                            "hardcoded OpenAI API key 'sk-p…'"] + [f"hardcoded URL password '{pw[:4]}…'"
                                                                    for pw in passwords]), kinds
    assert_no_leak(outputs, [bearer, escaped_key, key_as_key, *passwords])
