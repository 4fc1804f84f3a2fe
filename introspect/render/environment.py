"""The Jinja2 environment over the templates (``site_templates/``, installed as the package
``introspect.templates``): templates only loop over prepared rows."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

TEMPLATES_DIR = Path(str(resources.files("introspect.templates")))


@cache
def environment(templates_dir: Path = TEMPLATES_DIR) -> jinja2.Environment:
    """The environment; no autoescape because every value is escaped for Markdown in Python."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_template(name: str, context: dict[str, Any]) -> str:
    """One page: ``<name>.md.j2`` rendered with a prepared context, one trailing newline."""
    text = environment().get_template(f"{name}.md.j2").render(**context)
    return text.rstrip("\n") + "\n"
