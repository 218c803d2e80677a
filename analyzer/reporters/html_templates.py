"""The report's templates: where they are (templates/ of the source tree, or the package it
installs as), the Jinja environment that renders them (autoescaping every template), and the
page's script with its CSP hash."""
from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import jinja2


def template_dir() -> Path:
    """templates/ of the source tree, or the `korelint_templates` package it installs as."""
    try:
        import korelint_templates  # the wheel maps templates/ to this package

        path = Path(korelint_templates.__file__).resolve().parent
        if (path / "report.html.j2").is_file():
            return path
    except ImportError:
        pass
    return Path(__file__).resolve().parents[2] / "templates"


_env: jinja2.Environment | None = None


def environment() -> jinja2.Environment:
    global _env
    if _env is None:
        _env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(template_dir())),
            autoescape=True,  # every template, whatever its name
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
    return _env


def _script() -> tuple[str, str]:
    """The report's JavaScript and its CSP hash: the page runs that script and no other."""
    text = (template_dir() / "report.js").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return text, f"sha256-{digest}"
