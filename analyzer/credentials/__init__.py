"""Credentials written into a payload: their known formats, and keeping them out of output.

Modules: `formats` (the known formats, each once, and what derives from them), `heuristics`
(credential-like names, random-looking values), `mask` (what korelint shows instead of a
credential). All three are leaves (the payload loader uses `mask.redact_url`); this file imports
nothing, so that importing them imports nothing else.
"""
