"""Credentials written into a payload: finding them (rule KL501) and keeping them out of output.

What counts as a credential:

- a known key format anywhere in a string (`formats.FORMATS`, the one list of them);
- a random-looking value (`heuristics.random_looking`) under a credential-like key (apiKey,
  x-api-key, x-app-key, token, access_token, secret, client_secret, authorization, ...) or a
  literal password under password/passwd/pwd, in the JSON itself, in JSON held in a string, or
  assigned in script text (`var apiKey = "..."`);
- a random-looking value of a credential-like query parameter of a URL (`appid=`, `key=`,
  `api_key=`, `access_token=`...);
- a credential of a known format used as a JSON object key.

Expressions filled in at run time (`{{context.x}}`, `{{env.apiKey}}`, `env.token`) are
references, not credentials; nor are object ids (`dg-<uuid>`), words, hashes in paths of URLs or
values under other keys.

Modules: `formats` (the known formats and what derives from them), `heuristics` (credential-like
names, random-looking values), `mask` (what korelint shows instead of a credential), and the scan:
`prefilter` (a pass over the input's bytes), `escapes` (places JSON escapes hide), `strings` (what
one string holds), `scan` (the walk down to those strings). `formats`, `heuristics` and `mask` are
leaves (the payload loader uses `mask.redact_url`); this file imports nothing, so that importing
them never imports the scan.
"""
