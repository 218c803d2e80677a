"""KL501 hardcoded-secret: credential-looking values in dialogs, components, bot settings and
publish-status payloads; one finding per value (and credential in it), at the value's pointer,
naming the component, never showing more than the first 4 characters.

Fake credentials are assembled at run time, so that this file holds none a scanner would flag.
"""
from __future__ import annotations

import json
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analyzer.credentials import prefilter
from analyzer.credentials import scan as scanner
from helpers import bot, branch, component, default, dialog, lint, node, of, publish_status, service

RULE = "hardcoded-secret"
J = "".join

FAKE = {
    "OpenAI API key": J(["sk-", "proj-", "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6"]),
    "SendGrid API key": J(["SG.", "aB3dE5gH7jK9mN1pQ3sT5v", ".",
                           "wX7yZ9aB1cD3eF5gH7jK9mN1pQ3sT5vW7xY9zA1bC3d"]),
    "Slack token": J(["xox", "b-", "1234567890-0987654321-", "AbCdEfGhIjKlMnOpQrStUvWx"]),
    "AWS access key id": J(["AK", "IA", "IOSFODNN7EXAMPL3"]),
    "Google API key": J(["AI", "za", "SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q"]),
    "GitHub token": J(["gh", "p_", "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"]),
    "JSON Web Token": J(["eyJhbGciOiJIUzI1NiJ9", ".", "eyJzdWIiOiIxMjM0NTY3ODkwIn0", ".",
                         "dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk"]),
}
FAKE["GitHub fine-grained token"] = J(["github", "_pat_", "11ABCDEFG0123456789_abcdefghijklmnopqrstuv"])
HEX32 = "bc074c1b17036f9b3805bce8c5733b7b"
TOKEN = "9o1jUWrQSspQdeRoLeUw92F9nvpmlMvwm0Fn5CM6n"
NEAR_MISSES = [
    "task-management-system-for-everyone",  # `sk-` inside a word
    J(["sk-", "x" * 30]),  # not random
    J(["SG.", "short.parts"]),
    J(["xox", "b-notatokenatall"]),  # no digits
    J(["AK", "IA", "IOSFODNN7EXAMP"]),  # 14 characters
    J(["AI", "za", "SyA1b2C3d4E5f6G7h8"]),  # too short
    J(["gh", "p_", "A1b2C3d4E5f6"]),
    "eyJhbGciOiJIUzI1NiJ9.notapayload.x",
    "Bearer {{env.API_TOKEN}}",
    "Bearer xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "Basic information about your account",
]


def script_bot(code: str, **extra) -> dict:
    """A bot whose dialog runs a script component holding `code`."""
    d = dialog(node("intent0", "intent", default("script1")),
               node("script1", "script", default("end"), componentId="dc-script"), name="Pay")
    return bot(d, components=[component("dc-script", "script", "checkout", script=code)], **extra)


def service_bot(comp: dict, **extra) -> dict:
    d = dialog(node("intent0", "intent", default("service1")),
               node("service1", "service", default("end"), componentId=comp["_id"]), name="Pay")
    return bot(d, components=[comp], **extra)


def leaks(payload) -> list:
    return of(payload, RULE)


@pytest.mark.parametrize("kind", sorted(FAKE))
def test_each_known_format_is_found_in_a_script(kind):
    value = FAKE[kind]
    (f,) = leaks(script_bot(f'var client = connect("{value}");'))
    assert f.rule == "KL501" and f.severity.value == "error"
    assert f.pointer == "/dialogComponents/0/script" and f.node == "script1" and f.dialog == "Pay"
    assert "'checkout'" in f.message and f"'{value[:4]}…'" in f.message
    assert value not in f.message and value[4:12] not in f.message


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_near_misses_are_not_credentials(text):
    assert leaks(script_bot(f'var note = "{text}";')) == []


def test_sendgrid_bearer_in_headers_stored_as_a_json_string():
    comp = service("dc-mail", "sendMail", headers={"Content-Type": "application/json",
                                                    "Authorization": "Bearer " + FAKE["SendGrid API key"]})
    (f,) = leaks(service_bot(comp))
    assert f.pointer == "/dialogComponents/0/headers/value" and f.node == "service1" and f.line is not None
    assert "SendGrid API key 'SG.a…'" in f.message and "service component 'sendMail'" in f.message
    assert "(Authorization)" in f.message


@pytest.mark.parametrize("header", ["x-app-key", "x-api-key", "apikey", "api_key", "token", "access_token",
                                    "client_secret", "secret", "X-Auth-Token"])
def test_random_value_under_a_credential_like_header(header):
    (f,) = leaks(service_bot(service("dc-s", "nutrients", headers={header: HEX32, "x-app-id": "11731651"})))
    assert f"'{HEX32[:4]}…'" in f.message and f"({header})" in f.message


@pytest.mark.parametrize("value",
                         ["{{env.apiKey}}", "{{context.session.token}}", "env.token", "content.apiKey",
                                   "dg-3b1e75de-b4b6-59f3-8fb2-5cc6e318b9bd", "application/json", "short1",
                                   "ThisIsJustAVeryLongWordWithoutDigits"])
def test_expressions_ids_and_words_under_credential_keys_pass(value):
    assert leaks(service_bot(service("dc-s", headers={"x-api-key": value, "Authorization": value}))) == []


def test_authorization_schemes():
    basic = "Basic " + "dXNlcjpzM2NyZXRQYXNzd29yZDEyMw=="  # user:<password>
    not_basic = "Basic " + "bm90IGEgcGFpciBhdCBhbGw="  # base64 without a colon
    found = leaks(service_bot(service("dc-s", headers={"Authorization": basic})))
    assert [f.message.split(" in ")[0] for f in found] == ["hardcoded basic-auth credentials 'dXNl…'"]
    assert leaks(script_bot(f'var h = "{not_basic}";')) == []
    found = leaks(service_bot(service("dc-s", headers={"Authorization": "Bearer " + TOKEN})))
    assert [f.message.split(" in ")[0] for f in found] == ["hardcoded bearer token '9o1j…'"]
    found = leaks(service_bot(service("dc-s", headers={"Authorization": "Token " + TOKEN})))
    assert [f.message.split(" in ")[0] for f in found] == ["hardcoded credential '9o1j…'"]


@pytest.mark.parametrize("where",
                         [{"auth": {"type": "basic", "value": "@"}}, {"value": "@"}, {"note": "use @"}])
def test_basic_credentials_are_found_under_any_key(where):
    """`Basic <base64 of user:password>` is a known format: found without a credential-like key
    next to it (a service's `auth: {value: ...}` was missed)."""
    basic = "Basic " + "dXNlcjpzM2NyZXRQYXNzd29yZDEyMw=="
    comp = service("dc-s", **json.loads(json.dumps(where).replace("@", basic)))
    found = leaks(service_bot(comp))
    assert [f.name for f in found] == [RULE]
    assert found[0].pointer.startswith("/dialogComponents/0/") and "dXNlcjpz" not in found[0].message


def test_header_list_of_key_value_pairs():
    comp = component("dc-s", "service", "legacy",
                     headers=[{"key": "Authorization", "value": "Token " + TOKEN},
                                                           {"key": "Accept", "value": "application/json"}])
    (f,) = leaks(service_bot(comp))
    assert f.pointer == "/dialogComponents/0/headers/0/value"


def test_bot_settings():
    payload = bot(dialog(node("intent0", "intent")), llmConfigsForStream=[
        {"integrations": {"openai": {"apiKey": FAKE["OpenAI API key"]}}}],
        translationEngines=[{"name": "Microsoft Translator", "apiKey": "ra1vr4514nfo0482q148t3e5288a9k7a"}],
        idpConfigurations=[{"clientId": "cs-1234", "clientSecret": "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5"}],
        encryptedHash="4c6d356cc58d3548454f356a3d7befbfbd",
        botstoreInfo=[{"type": "interactive", "isSecured": False,
                       "link": "4c6d356cc58d3548454f356a3d7befbfbd"}])
    found = leaks(payload)
    assert [(f.pointer, f.dialog, f.node) for f in found] == [  # settings: in pointer order
        ("/idpConfigurations/0/clientSecret", None, None),
        ("/llmConfigsForStream/0/integrations/openai/apiKey", None, None),
        ("/translationEngines/0/apiKey", None, None)]
    assert "in the bot settings at llmConfigsForStream[0].integrations.openai.apiKey" in found[1].message
    assert all(f.line is not None for f in found)


def test_passwords():
    payload = bot(dialog(node("intent0", "intent")), databases=[
        {"user": "bot", "password": "Winter2024!"}, {"user": "x", "password": "******"},
        {"password": "{{env.dbPassword}}"}, {"passwd": "password"}])
    assert [(f.pointer, f.message.split(" in ")[0]) for f in leaks(payload)] == [
        ("/databases/0/password", "hardcoded password 'Wint…'")]


def test_query_parameters_of_urls():
    weather = service("dc-w", "weather", protocol="https", host="api.openweathermap.org",
                      path="/data/2.5/weather?q={{context.entities.city}}&appid=" + HEX32)
    (f,) = leaks(service_bot(weather))
    assert f.pointer == "/dialogComponents/0/endPoint/path" and "(query parameter appid)" in f.message
    calm = service("dc-w", path="/v1?q=London&units=metric&appid={{env.owmKey}}&key=abc&page=2")
    assert leaks(service_bot(calm)) == []
    google = service("dc-g", path="/maps?key=" + J(["abcDEF123456", "ghiJKL789012mno"]))
    assert len(leaks(service_bot(google))) == 1


def test_hashes_in_paths_cdn_urls_and_recorded_responses_pass():
    image = "https://images.ctfassets.net/ce6215phyc13/6hibFrJXxz8Jpl8Ln9JOJw/e7792646c0b82ca4910edb6eb0b059c8/a.png"
    recorded = json.dumps({"statusCode": 200, "headers": {
        "via": "1.1 0f3b1c4e5a6d7e8f9a0b1c2d3e4f5a6b.cloudfront.net (CloudFront)",
        "x-amz-cf-id": "Xq3z0Z0b1Y2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9T==",
        "x-session-token": "df953d383c3322501d2d85bd89e20994a80fa86f9690131738e9fe0aea07551d"}})
    comp = service("dc-s", "login", sampleResponse=[{"name": "sampleResponse", "response": recorded}])
    payload = service_bot(comp)
    payload["dialogs"][0]["nodes"].append(node("message2", "message", default("end"), image=image))
    assert leaks(payload) == []
    leaked = json.dumps({"statusCode": 200, "body": {"token": FAKE["JSON Web Token"]}})
    comp = service("dc-s", "login", sampleResponse=[{"name": "sampleResponse", "response": leaked}])
    (f,) = leaks(service_bot(comp))  # known formats count in recorded responses too
    assert f.pointer == "/dialogComponents/0/sampleResponse/0/response"


def test_credentials_in_dialog_nodes_and_publish_status():
    d = dialog(node("intent0", "intent", default("webhook1")),
               node("webhook1", "webhook", default("end"), config={"apiKey": HEX32}), name="Hook")
    (f,) = leaks(publish_status(d))
    assert (f.pointer, f.node, f.dialog) == ("/statusSummary/0/result/nodes/1/config/apiKey", "webhook1",
                                             "Hook")
    assert "in node 'webhook1' at config.apiKey" in f.message


def test_one_finding_per_value_and_credential():
    comp = service("dc-s", headers={"x-api-key": HEX32, "Authorization": "Bearer " + TOKEN})
    payload = service_bot(comp)
    payload["dialogComponents"].append(service("dc-unused", "orphan", headers={"x-api-key": HEX32}))
    found = leaks(payload)
    assert [(f.pointer, f.node) for f in found] == [
        ("/dialogComponents/2/headers/value", None),  # not run by any node: no dialog
        ("/dialogComponents/0/headers/value", "service1"),
        ("/dialogComponents/0/headers/value", "service1")]
    assert len({f.fingerprint for f in found}) == 3


def test_messages_of_other_rules_never_show_a_credential():
    # The same condition twice (KL203 quotes it) with a key in it.
    cond = {"context": "apiKey", "op": "eq", "value": FAKE["OpenAI API key"]}
    d = dialog(node("intent0", "intent", default("script1")),
               node("script1", "script", {"if": cond, "then": "end"}, {"if": cond, "then": "end"},
                    default("end")))
    found = lint(publish_status(d))
    assert {f.name for f in found} >= {RULE, "duplicate-condition"}
    assert all(FAKE["OpenAI API key"] not in f.message for f in found)
    assert any("sk-p…" in f.message for f in found if f.name == "duplicate-condition")


# -- the documentation: the known formats as their table defines them --------------------------------
def test_the_documentation_names_every_known_format():
    from pathlib import Path

    from analyzer.credentials.formats import FORMATS
    from analyzer.rules import hardcoded_secret

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    paragraph = readme[readme.index("- **Credentials** (KL501"):].split("\n- **", 1)[0]
    for fmt in FORMATS:
        assert f"\n- {fmt.kind}: {fmt.description}\n" in hardcoded_secret.__doc__
        assert all(literal in paragraph for literal in fmt.literals), fmt.kind


# -- the scan: a regex pass, then only the subtrees holding a match ----------------------------------
TEXT = st.lists(st.sampled_from(["sk-", "SG.", "xoxb-", "AKIA", "AIza", "ghp_", "eyJ", "Bearer ", "apiKey",
                                 "API_KEY", "Token", "secret", "passwd", "pwd", "Authorization", "auth",
                                 "?key=",
                                 "&appid=", '"', '\\"', ":", "=", " ", "a", "Z", "0", "9", "-", "_", ".",
                                 "key"]),
                max_size=60).map("".join)


@given(TEXT)
def test_literal_search_finds_every_place_the_pattern_does(text):
    data = text.encode()
    found = prefilter.places(data)
    assert {m.start() for m in prefilter.PREFILTER.finditer(data)} <= set(found)
    assert all(prefilter.PREFILTER.match(data, p) for p in found)


def test_only_subtrees_holding_a_match_are_decoded():
    dialogs = [dialog(*[node(f"m{i}", "message", default("end"), text="hello " * 20) for i in range(50)],
                      name=f"D{k}") for k in range(40)]
    dialogs[17]["nodes"][3]["config"] = {"apiKey": HEX32}
    data = json.dumps(publish_status(*dialogs)).encode()
    with mock.patch.object(scanner, "as_object", wraps=scanner.as_object) as objects, \
            mock.patch.object(scanner, "as_array", wraps=scanner.as_array) as arrays:
        (leak,) = scanner.scan(data)
    assert leak.pointer == "/statusSummary/17/result/nodes/3/config/apiKey"
    assert objects.call_count + arrays.call_count <= 8  # the path down to it, not 2,000 nodes


def test_masking_helpers():
    from analyzer.credentials.mask import mask_known, scrub

    key = FAKE["OpenAI API key"]
    assert mask_known(f"context apiKey eq {key} and more") == "context apiKey eq sk-p… and more"
    assert mask_known("no credential here: task-management") == "no credential here: task-management"
    # a message that shortened a value shows the credential's first characters, then `…`
    assert scrub(f"value {key[:20]}…: it never fires", {key}) == "value sk-p……: it never fires"
    assert scrub(f"{key} and {key}", {key}) == "sk-p… and sk-p…"
    assert scrub("sk-proj and other text", {key}) == "sk-proj and other text"  # 7 characters: no fragment


# -- JSON escapes do not hide a credential ---------------------------------------------------------
def escaped_json(value) -> bytes:
    """The JSON of a value with every character of every string (keys included) written as a
    `\\uXXXX` escape: what the raw bytes may look like, and the worst case for a byte search."""
    def enc(v) -> str:
        if isinstance(v, str):
            return '"' + "".join(f"\\u{ord(c):04x}" if ord(c) < 0x10000 else json.dumps(c)[1:-1]
                                 for c in v) + '"'
        if isinstance(v, dict):
            return "{" + ",".join(f"{enc(k)}:{enc(x)}" for k, x in v.items()) + "}"
        if isinstance(v, list):
            return "[" + ",".join(map(enc, v)) + "]"
        return json.dumps(v)
    return enc(value).encode()


def found(data: bytes) -> list[tuple]:
    return [(leak.pointer, leak.kind, leak.secret, leak.where) for leak in scanner.scan(data)]


def test_escapes_inside_a_credential_do_not_hide_it():
    bearer = "b3A/r3rT0k3n9f8e7d6c5b4a3210ZYXWVUTSRQ"
    key = FAKE["OpenAI API key"]
    d = dialog(node("intent0", "intent", default("message1")),
               node("message1", "message", default("P1")), node("message2", "message", default("P2")),
               name="Pay")
    text = json.dumps(bot(d), indent=2)
    text = text.replace('"P1"', '"Bearer ' + bearer.replace("/", "\\/") + '"')  # `\/`
    text = text.replace('"P2"',
                        '"' + key[:8] + "\\u0041" + key[9:] + '"' if key[8] == "A" else "")  # `\u0041`
    assert "\\/" in text and "\\u0041" in text and bearer not in text and key not in text
    found_ = lint(text.encode())
    kl501 = [f for f in found_ if f.rule == "KL501"]
    assert [(f.pointer, f.message.split(" in ")[0]) for f in kl501] == [
        ("/dialogs/0/nodes/1/transitions/0/default", "hardcoded bearer token 'b3A/…'"),
        ("/dialogs/0/nodes/2/transitions/0/default", "hardcoded OpenAI API key 'sk-p…'")]
    dangling = [f for f in found_ if f.rule == "KL101"]  # the targets are quoted, masked
    assert len(dangling) == 2 and all(bearer[4:] not in f.message and key[4:] not in f.message
                                      for f in dangling)


def test_an_escaped_key_name_and_header_name_still_name_a_credential():
    payload = bot(dialog(node("intent0", "intent")), translationEngines=[{"name": "MS", "apiKey": HEX32}])
    text = json.dumps(payload).replace('"apiKey"', '"api\\u004bey"')
    assert '"api\\u004bey"' in text and "apiKey" not in text
    assert [(leak[0], leak[1]) for leak in found(text.encode())] == [
        ("/translationEngines/0/apiKey", "API key")]
    pair = '{"k\\u0065y": "Authori\\u007aation", "value": "' + TOKEN + '"}'
    assert found(pair.encode()) == [("/value", "credential", TOKEN, "Authorization")]
    # a header list held in a string, every character escaped: {"key": "Authorization", "value": ...}
    comp = component("dc-s", "service", "legacy",
                     headers=[{"key": "Authorization", "value": "Token " + TOKEN}])
    (leak,) = found(escaped_json(service_bot(comp)))
    assert leak[:3] == ("/dialogComponents/0/headers/0/value", "credential", TOKEN)


def test_fully_escaped_payloads_give_the_same_findings():
    weather = service("dc-w", "weather", path="/data?appid=" + HEX32,
                      headers={"Authorization": "Bearer " + TOKEN, "x-api-key": FAKE["Google API key"]})
    payloads = [script_bot(f'var k = "{FAKE["GitHub token"]}";\nvar password = "Winter2024!";'),
                service_bot(weather),
                bot(dialog(node("intent0", "intent")), llmConfigsForStream=[
                    {"integrations": {"openai": {"apiKey": FAKE["OpenAI API key"]}}}])]
    for payload in payloads:
        plain = found(json.dumps(payload).encode())
        assert plain and found(escaped_json(payload)) == plain
        assert found(json.dumps(payload).replace("/", "\\/").encode()) == plain  # as PHP writes JSON


@given(st.lists(st.one_of(TEXT, st.sampled_from(sorted(FAKE.values()) + [
    "https://u:S3cr3tPassw0rd@h.io/x", "Bearer " + TOKEN, "\n", "\t", "é", "😀"])), min_size=1, max_size=4),
    st.sampled_from(["apiKey", "note", "Authorization", "value"]))
def test_escapes_never_change_what_the_scan_finds(texts, key):
    payload = {"a": {key: texts[0], "b": texts[1:]},
               "h": {"type": "raw", "value": json.dumps({key: texts[-1]})}}
    assert found(escaped_json(payload)) == found(json.dumps(payload).encode())


# -- the password of a URL's user info ------------------------------------------------------------
URL_PASSWORD = "S3cr3tPassw0rdXq9"
URL = f"https://admin:{URL_PASSWORD}@api.x.com/v1"


@pytest.mark.parametrize("where", ["target", "dialog name", "node id", "condition", "endpoint", "script"])
def test_a_password_in_a_urls_user_info_is_found_and_never_shown(where):
    nodes = [node("intent0", "intent", default("service1")),
             node("service1", "service", default("script2"), componentId="dc-s"),
             node("script2", "script", default("end"), componentId="dc-js")]
    script = 'var r = http.get("x");'
    endpoint = {}
    if where == "target":
        nodes[2]["transitions"] = [default(URL)]
    elif where == "node id":
        nodes.append(node(URL, "message"))
    elif where == "condition":
        nodes[0]["transitions"].insert(0,
                                       branch({"context": "session.url", "op": "eq", "value": URL},
                                              "script2"))
    elif where == "endpoint":
        endpoint = {"endPoint": {"url": URL, "method": "get"}}
    elif where == "script":
        script = f'var r = http.get("{URL}");'
    d = dialog(*nodes, name=f"Pay {URL}" if where == "dialog name" else "Pay")
    payload = bot(d, components=[component("dc-s", "service", "call", **endpoint),
                                 component("dc-js", "script", "run", script=script)])
    found_ = lint(payload)
    kl501 = [f for f in found_ if f.rule == "KL501"]
    # (the dialog's name is its entry component's name too: found twice)
    assert {f.message.split(" in ")[0] for f in kl501} == {"hardcoded URL password 'S3cr…'"}
    assert len(kl501) == (2 if where == "dialog name" else 1)
    for f in found_:
        shown = json.dumps(f.to_dict())
        assert URL_PASSWORD not in shown and URL_PASSWORD[4:] not in shown, shown


def test_mask_known_masks_url_passwords():
    from analyzer.credentials.mask import mask_known

    assert mask_known(f"session.url eq {URL}") == "session.url eq https://admin:S3cr…@api.x.com/v1"
    assert mask_known("https://u:{{env.pw}}@x.io") == "https://u:{{env.pw}}@x.io"


@pytest.mark.parametrize("url",
                         ["https://admin:{{env.dbPassword}}@api.x.com", "https://admin:env.dbPassword@x.io",
                                 "https://{{env.user}}:{{env.password}}@x.io", "https://user:PASSWORD@x.io",
                                 "https://user:your-password@x.io", "https://api.x.com:8443/v1?u=a@b.io",
                                 "https://user@x.io/a:b@c", "mailto:someone@x.io",
                                 "https://x.io/@name:abc123x@y"])
def test_expressions_placeholders_and_other_urls_are_not_url_passwords(url):
    assert leaks(script_bot(f'var u = "{url}";')) == []


# -- a credential used as a JSON key ----------------------------------------------------------------
def test_a_credential_used_as_a_key_is_found_and_masked_in_every_pointer():
    key = FAKE["OpenAI API key"]
    payload = bot(dialog(node("intent0", "intent")),
                  integrations={"openai": {key: {"token": "Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0L",
                                                 "model": "gpt"}}})
    found_ = leaks(payload)
    assert [(f.pointer, f.message.split(" in ")[0]) for f in found_] == [
        ("/integrations/openai/sk-p…", "hardcoded OpenAI API key 'sk-p…'"),
        ("/integrations/openai/sk-p…/token", "hardcoded token 'Zx9Q…'")]
    assert "at integrations.openai.sk-p… (key name)" in found_[0].message
    assert all(key[4:12] not in json.dumps(f.to_dict()) for f in found_)
    assert all(f.line is not None for f in found_)  # located before the pointer was masked


# -- masking: one prepared pass, whatever the number of credentials --------------------------------
def test_credentials_sharing_their_first_characters_are_each_masked_whole():
    from analyzer.credentials.mask import scrub

    keys = [J(["sk-", "proj-", f"{i:02d}", "Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z"]) for i in range(30)]
    text = " ".join(keys[::-1]) + " and " + keys[7][:15] + "…"
    shown = scrub(text, set(keys))
    assert shown == " ".join(["sk-p…"] * 30) + " and sk-p……"
    # overlapping credentials: masked as one
    assert scrub("xx Zx9Qw8Er7Ty6Ui5Op4 yy", {"Zx9Qw8Er7Ty6", "Er7Ty6Ui5Op4"}) == "xx Zx9Q… yy"


def test_masking_is_prepared_once_per_document():
    from analyzer import engine

    keys = [f"k{i:03d}Zq8Xw7Ec6Rv5Tb4Yn3Um2" for i in range(60)]
    nodes = [node("intent0", "intent", default("n0"))]
    nodes += [node(f"n{i}", "script", default(keys[i] if i % 2 else f"n{i + 1}"), config={"apiKey": keys[i]})
              for i in range(60)]
    with mock.patch.object(engine, "scrubber", wraps=engine.scrubber) as prepared:
        found_ = lint(bot(dialog(*nodes)))
    assert prepared.call_count == 1
    assert sum(f.rule == "KL501" for f in found_) == 60 and sum(f.rule == "KL101" for f in found_) == 30
    assert not any(k[4:] in f.message for f in found_ for k in keys)


ALPHABET = st.sampled_from(list("ab01-_.…:/ ") + ["sk-", "xy"])


@given(st.lists(ALPHABET.map(str), min_size=1, max_size=40).map("".join),
       st.sets(st.lists(ALPHABET, min_size=6, max_size=14).map("".join), min_size=1, max_size=5))
def test_no_credential_fragment_survives_scrub(text, creds):
    from analyzer.credentials.mask import scrub

    creds = {c for c in creds if "…" not in c}
    for c in creds:  # every credential, and the text with each inside
        for t in (text, text + c + text, c[:9] + text):
            shown = scrub(t, creds)
            assert not any(h[:8] in shown for h in creds), (t, creds, shown)
            if not any(h[:8] in t for h in creds):
                assert shown == t
