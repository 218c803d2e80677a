"""payload.options: the buttons and quick replies a prompt offers, read without running it."""
import time
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzer.payload.options import Option, decode, options

# Shapes found in real exports (shortened): the new builder's URL-encoded JavaScript, a quick
# replies template with bare keys and single quotes, a carousel's elements with buttons.
BUTTONS = '''var message={
  "type": "template",
  "payload":
    {
     "template_type": "button",
     "text": "Here is what I can help you with:",
     "buttons":
       [{
         "type": "postback",
         "title": "Curriculum and Syllabi",
         "payload": "Curriculum"
        },
        {
         "type": "postback",
         "title": "Main Menu",
         "payload": "Mainmenu"
        }
       ]
    }
  }
print(JSON.stringify(message));'''
QUICK = """var message = {
    type: 'template',
    payload: {
        template_type: 'quick_replies',
        text: 'How would you describe your skin type?', // asked once
        quick_replies: [
            {content_type: 'text', title: 'Dry', payload: 'DRY',},
            {content_type: 'text', title: 'Oily', payload: 'OILY',},
        ],
    }
};
print(JSON.stringify(message));"""
CAROUSEL = """var message = {"type": "template", "payload": {"template_type": "carousel", "elements": [
  {"title": "Cleanser", "image_url": "https://example.com/c.png", "buttons": [
     {"type": "web_url", "title": "More", "url": "https://example.com"},
     {"type": "postback", "title": "Add To Cart", "payload": "Cleanser"}]},
  {"title": "Wash", "buttons": [{"type": "postback", "title": "Add To Cart", "payload": "Body Wash"}]}]}};
print(JSON.stringify(message));"""
LOOP = """var info = ['Why?', 'Where?'];
var message = {"type": "template", "payload": {"template_type": "button", "buttons": []}};
for (i = 0; i < info.length; i++) {
    message.payload.buttons.push({"type": "postback", "title": info[i], "payload": info[i]});
}
print(JSON.stringify(message));"""
TABLE = """var message = {"type": "template", "payload": {"template_type": "table", "elements": [
  {"Values": ["1", context.rows[0].name]}]}};
print(JSON.stringify(message));"""


def test_a_url_encoded_button_template():
    assert options(quote(BUTTONS), "uxmap") == (Option("Curriculum and Syllabi", "Curriculum"),
                                                Option("Main Menu", "Mainmenu"))


def test_quick_replies_with_bare_keys_single_quotes_comments_and_trailing_commas():
    assert options(QUICK, "js") == (Option("Dry", "DRY"), Option("Oily", "OILY"))


def test_the_buttons_of_elements_links_send_nothing():
    assert options(CAROUSEL, "uxmap") == (Option("Add To Cart", "Cleanser"),
                                          Option("Add To Cart", "Body Wash"))


def test_a_json_template_and_escaped_quotes():
    text = ('{"type": "template", "payload": {"buttons": '
            '[{"type": "postback", "title": "A", "payload": "a"}]}}')
    assert options(text, "json") == (Option("A", "a"),)
    assert options(text.replace('"', '\\"'), "json") == (Option("A", "a"),)
    assert options('"' + text.replace('"', '\\"') + '"', "json") == (Option("A", "a"),)


def test_escapes_in_strings():
    text = """{buttons: [{title: 'It\\'s \\u00e9t\\u00e9', payload: "x\\"y"}]}"""
    assert options(text, "js") == (Option("It's été", 'x"y'),)


@pytest.mark.parametrize("text", [
    LOOP,  # built by code
    "{buttons: [{type: 'postback', title: 'A', payload: context.choice}]}",  # a payload from a variable
    "{buttons: [{type: 'postback', title: 'A', payload: 'a' + suffix}]}",
    "{buttons: btns}",
    "{buttons: [{title: 'A', payload: 'a'}",  # cut off
    "{buttons: [{[key]: 'A'}]}",
    "{buttons: [{title: `A ${x}`, payload: 'a'}]}",
])
def test_what_cannot_be_read_gives_up(text):
    assert options(text, "js") is None


@pytest.mark.parametrize("text, kind", [
    ("Please choose one", "uxmap"),
    ('{"buttons": [{"title": "A", "payload": "a"}]}', "basic"),  # plain text is shown as written
    (TABLE, "uxmap"),  # a table: nothing to click
    ("", "js"),
])
def test_no_options(text, kind):
    assert options(text, kind) == ()


def test_decode():
    assert decode("Hi%20there") == "Hi there"
    assert decode("100%") == "100%"
    assert decode("%E9t%E9") == "\ufffdt\ufffd"  # not UTF-8: still decoded, never raises


def test_a_huge_number_or_many_buttons_give_up():
    assert options("{buttons: [{title: 'A', payload: " + "9" * 6000 + "}]}", "js") is None
    many = ", ".join(f"{{title: 'b{i}', payload: 'b{i}'}}" for i in range(500))
    assert options("{buttons: [" + many + "]}", "js") is None


@pytest.mark.parametrize("text", [
    "{buttons: " + "[" * 100_000,
    "{buttons: [" + "{a: " * 20_000 + "1" + "}" * 20_000 + "]}",
    "{buttons: [{title: '" + "x" * 500_000 + "'}]}",
    ("buttons[" + "x" * 30) * 5_000 + "buttons: [",
    ("buttons: [" + "'a'," * 10) * 3_000,
    quote("{buttons: [" * 20_000),
    "/*" * 50_000 + "buttons: [",
])
def test_hostile_text_is_read_in_bounded_time(text):
    start = time.perf_counter()
    options(text, "js")
    assert time.perf_counter() - start < 1.0


_ATOMS = st.sampled_from(["{", "}", "[", "]", ",", ":", "'", '"', "`", "\\", "buttons", "quick_replies",
                          "elements", "payload", "title", "postback", "context.x", " + ", "for (", ".push(",
                          "//", "/*", "*/", "\n", "%", "%22", "${", "1e999", "-", "."])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_ATOMS, st.text(max_size=5)), max_size=80),
       st.sampled_from(["js", "uxmap", "json"]))
def test_never_raises(parts, kind):
    out = options("".join(parts), kind)
    assert out is None or all(isinstance(o, Option) for o in out)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_on_any_text(text):
    options(text, "js")
    options("{buttons: [" + text, "js")
