"""KL502 insecure-endpoint: a service component calling a plain-http URL (not loopback); one per
component, at its end point, on the first node that runs it."""
import pytest

from helpers import bot, component, default, dialog, findings, node, of, service

RULE = "insecure-endpoint"


def run(*comps, dialog_name="Weather"):
    nodes = [node("intent0", "intent", default("service1" if comps else "end"))]
    for k, comp in enumerate(comps, start=1):
        nxt = f"service{k + 1}" if k < len(comps) else "end"
        nodes.append(node(f"service{k}", "service", default(nxt), componentId=comp["_id"]))
    return bot(dialog(*nodes, name=dialog_name), components=list(comps))


def test_plain_http_service():
    payload = run(service("dc-w", "getWeather", protocol="http", host="api.example.com", port="8080",
                          path="/v1/forecast?city={{context.entities.city}}"))
    (f,) = of(payload, RULE)
    assert (f.rule, f.severity.value, f.node, f.dialog) == ("KL502", "warning", "service1", "Weather")
    assert f.pointer == "/dialogComponents/0/endPoint" and f.line is not None
    assert "'getWeather'" in f.message
    assert "http://api.example.com:8080/v1/forecast?city={{context.entities.city}}" in f.message


def test_https_and_unknown_schemes_pass():
    assert findings(run(service("dc-a", protocol="https")), RULE) == set()
    # the base URL comes from an environment variable: the scheme is not known
    assert findings(run(service("dc-b", protocol="", host="", path="{{env.baseUrl}}/v2/projects")),
                    RULE) == set()


@pytest.mark.parametrize("host",
                         ["localhost", "LOCALHOST", "api.localhost", "127.0.0.1", "127.8.9.10", "::1",
                          "[::1]"])
def test_loopback_passes(host):
    assert findings(run(service("dc-l", protocol="http", host=host)), RULE) == set()


def test_full_urls_and_uppercase_protocol():
    url = component("dc-u", "service", "legacy", url="http://legacy.example.com/api")
    in_path = service("dc-p", protocol="", host="", path="http://other.example.com/x")
    upper = service("dc-q", protocol="HTTP", host="third.example.com")
    assert [(f.node, f.pointer) for f in of(run(url, in_path, upper), RULE)] == [
        ("service1", "/dialogComponents/0/url"), ("service2", "/dialogComponents/1/endPoint"),
        ("service3", "/dialogComponents/2/endPoint")]


def test_one_finding_per_component_and_unused_ones_too():
    shared = service("dc-s", "shared", protocol="http", host="api.example.com")
    payload = run(shared)
    payload["dialogs"][0]["nodes"][1]["transitions"] = [default("service2")]
    payload["dialogs"][0]["nodes"].append(node("service2", "service", default("end"), componentId="dc-s"))
    payload["dialogComponents"].append(service("dc-orphan", "orphan", protocol="http", host="b.example.com"))
    assert [(f.node, f.dialog) for f in of(payload, RULE)] == [(None, None), ("service1", "Weather")]


def test_only_service_components():
    webhook = component("dc-h", "webhook",
                        endPoint={"protocol": "http", "host": "hooks.example.com", "path": "/"})
    assert findings(run(webhook), RULE) == set()


def test_credentials_in_the_url_are_masked_in_the_message():
    key = "1334f9cc3b781acf00dc366135a986d6"
    comp = service("dc-w", "weather", protocol="http", host="api.openweathermap.org",
                   path=f"/data/2.5/weather?q=Paris&appid={key}")
    (f,) = of(run(comp), RULE)
    assert key not in f.message and "appid=1334…" in f.message
