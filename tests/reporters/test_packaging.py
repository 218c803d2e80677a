"""The templates ship inside the wheel (templates/ installs as the package korelint_templates),
and no package of analyzer/ is missing from the explicit list that makes that possible."""
from __future__ import annotations

import fnmatch
import tomllib

from analyzer.reporters import html
from helpers import ROOT


def setuptools_config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]


def test_every_package_is_listed():
    listed = set(setuptools_config()["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "analyzer").rglob("__init__.py")
             if "__pycache__" not in p.parts}
    assert found <= listed, f"add {sorted(found - listed)} to [tool.setuptools] packages in pyproject.toml"
    assert "korelint_templates" in listed


def test_templates_are_package_data():
    cfg = setuptools_config()
    assert cfg["package-dir"]["korelint_templates"] == "templates"
    patterns = cfg["package-data"]["korelint_templates"]
    files = [p.name for p in (ROOT / "templates").iterdir() if p.is_file() and p.name != "__init__.py"]
    assert files and all(any(fnmatch.fnmatch(f, pat) for pat in patterns) for f in files), files


def test_templates_found_and_autoescaped():
    assert (html.template_dir() / "report.html.j2").is_file()
    env = html.environment()
    assert env.autoescape is True
    assert str(env.from_string("{{ x }}").render(x="<b>")) == "&lt;b&gt;"
