"""KL212 placeholder-text: a reachable message, entity or confirmation node still holding the
builder's sample text (per node, at its component's message)."""
import pytest

from helpers import bot, component, default, dialog, findings, node, of

RULE = "placeholder-text"


def say(*texts: tuple[str, str], kind: str = "basic") -> list[dict]:
    return [{"channel": "default", "localeData": {lang: {"text": t, "type": kind} for lang, t in texts}}]


def _bot(message: list[dict], kind: str = "message", reachable: bool = True) -> dict:
    first = default("node1") if reachable else default("end")
    return bot(dialog(node("intent0", "intent", first), node("node1", kind, componentId="dc-say")),
               components=[component("dc-say", kind, "Greeting", message=message)])


@pytest.mark.parametrize("text", [
    "Sample message for Message0010", "Sample%20message%20for%20Message0001", "Sample Message",
    "sample prompt message for Entity0002", "  Sample User Response ",
])
def test_the_builders_sample_text_is_reported(text):
    payload = _bot(say(("en", text)))
    assert findings(payload) == {(RULE, "node1")}
    (f,) = of(payload, RULE)
    assert f.rule == "KL212" and f.severity.value == "warning"
    assert f.pointer == "/dialogComponents/0/message" and f.line is not None
    assert f.dialog == "Test dialog" and f.node_name == "Greeting"


@pytest.mark.parametrize("kind", ["entity", "dialogAct"])
def test_a_prompt_is_read_too(kind):
    payload = _bot(say(("en", "Sample prompt message for Entity0001")), kind)
    assert findings(payload, RULE) == {(RULE, "node1")}


def test_languages_other_than_english_are_named():
    payload = _bot(say(("en", "Hello!"), ("es", "Sample message for Message0001")))
    payload["supportedLanguages"] = ["en", "es"]
    (f,) = of(payload, RULE)
    assert "es" in f.message


@pytest.mark.parametrize("text", ["Sample message for the new users: welcome!", "Here is a sample message",
                                  "Hello", ""])
def test_real_texts_pass(text):
    assert findings(_bot(say(("en", text))), RULE) == set()


def test_javascript_messages_are_code_not_text():
    assert findings(_bot(say(("en", "Sample message"), kind="javascript")), RULE) == set()


def test_an_unreachable_node_is_not_reported():
    assert findings(_bot(say(("en", "Sample message")), reachable=False), RULE) == set()


def test_the_sample_user_response_of_a_connection_is_not_read():
    utterance = {"default": "node1", "userUtterance": "Sample User Response"}
    payload = bot(dialog(node("intent0", "intent", utterance), node("node1", componentId="dc-say")),
                  components=[component("dc-say", "message", "Greeting", message=say(("en", "Hi")))])
    assert findings(payload, RULE) == set()


def test_languages_the_bot_does_not_have_are_not_read():
    payload = _bot(say(("en", "Hello!"), ("es", "Sample message for Message0001")))
    payload["supportedLanguages"] = ["en", "de"]
    assert findings(payload, RULE) == set()
    payload["supportedLanguages"] = ["en", "es"]
    assert findings(payload, RULE) == {(RULE, "node1")}


def test_a_sample_text_another_channel_replaces_is_not_reported():
    web = {"channel": "rtm", "localeData": {"en": {"text": "var%20x%20%3D%201%3B", "type": "uxmap"}}}
    assert findings(_bot(say(("en", "Sample Message")) + [web]), RULE) == set()
    web_sample = {"channel": "rtm", "localeData": {"en": {"text": "Sample message", "type": "basic"}}}
    assert findings(_bot(say(("en", "Sample Message")) + [web_sample]), RULE) == {(RULE, "node1")}


def test_each_node_is_read_in_every_language_of_the_bot():
    """A node's sample text in one of the bot's languages is reported whatever the language of the
    previous node's (a regression: the bot's languages were replaced by the last node's)."""
    payload = bot(dialog(node("intent0", "intent", default("node1")),
                         node("node1", "message", default("node2"), componentId="dc-1"),
                         node("node2", "message", componentId="dc-2")),
                  components=[component("dc-1", "message", "First", message=say(("en", "Sample message"))),
                              component("dc-2", "message", "Second",
                                        message=say(("en", "Hello"), ("de", "Sample message")))])
    payload["supportedLanguages"] = ["en", "de"]
    assert findings(payload, RULE) == {(RULE, "node1"), (RULE, "node2")}
