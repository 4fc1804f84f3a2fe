"""Theme templates compiled ahead of the build are used only where the build would compile the same code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from jinja2 import Environment, TemplateSyntaxError

from introspect.render.compiled_templates import CompiledTemplates, compile_theme_templates

_THEME = {
    "main.html": '{% extends "base.html" %}{% block body %}{{ title | upper }}|{% include "partials/line.html" %}'
    "{% endblock %}",
    "base.html": "<body>{% block body %}{% endblock %}</body>",
    "partials/line.html": "{{ title }} line",
    "partials/chosen.html": "chosen",
    "computed.html": "{% include chosen %}",
}


def _theme(tmp_path: Path, templates: dict[str, str]) -> dict[str, Any]:
    for name, text in templates.items():
        path = tmp_path / "theme" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return {"theme": {"name": None, "custom_dir": "theme"}}


def _environment(config: dict[str, Any], config_file: Path, cache: CompiledTemplates | None) -> Environment:
    from mkdocs.config.config_options import Theme

    option = Theme(default="mkdocs")
    option.config_file_path = str(config_file)
    environment = option.validate(dict(config["theme"])).get_env()  # validating makes custom_dir absolute
    environment.bytecode_cache = cache
    return environment


def _counting_compiles(environment: Environment) -> list[str]:
    compiled: list[str] = []
    original = environment.compile

    def compile(source: Any, name: str | None = None, filename: str | None = None, *args: Any, **kwargs: Any) -> Any:
        compiled.append(str(name))
        return original(source, name, filename, *args, **kwargs)

    environment.compile = compile  # type: ignore[method-assign]
    return compiled


def test_the_page_template_and_what_it_names_are_compiled_once(tmp_path: Path) -> None:
    config = _theme(tmp_path, _THEME)
    config_file = tmp_path / "mkdocs.yml"
    cache = CompiledTemplates()
    # the page template, its parent and include, and MkDocs' sitemap; not what is named only when rendering
    assert compile_theme_templates(config, config_file, cache) == [
        "base.html",
        "main.html",
        "partials/line.html",
        "sitemap.xml",
    ]
    plain = _environment(config, config_file, None)
    ahead = _environment(config, config_file, cache)
    compiled = _counting_compiles(ahead)
    assert ahead.get_template("main.html").render(title="t") == plain.get_template("main.html").render(title="t")
    assert ahead.get_template("main.html").render(title="t") == "<body>T|t line</body>"
    assert compiled == []
    ahead.get_template("computed.html").render(chosen="partials/chosen.html")
    assert compiled == ["computed.html", "partials/chosen.html"]  # named only when rendered: the build compiles them


def test_a_template_changed_since_is_compiled_again(tmp_path: Path) -> None:
    config = _theme(tmp_path, _THEME)
    config_file = tmp_path / "mkdocs.yml"
    cache = CompiledTemplates()
    compile_theme_templates(config, config_file, cache)
    (tmp_path / "theme" / "partials" / "line.html").write_text("{{ title }} changed", encoding="utf-8")
    ahead = _environment(config, config_file, cache)
    compiled = _counting_compiles(ahead)
    assert ahead.get_template("main.html").render(title="t") == "<body>T|t changed</body>"
    assert compiled == ["partials/line.html"]


@pytest.mark.parametrize(
    "change",
    [
        lambda environment: environment.filters.update(upper=lambda value: f"<{value}>"),
        lambda environment: setattr(environment, "autoescape", True),
        lambda environment: setattr(environment, "trim_blocks", True),
        lambda environment: environment.add_extension("jinja2.ext.loopcontrols"),
    ],
    ids=["another filter", "autoescape", "trim_blocks", "an extension"],
)
def test_an_environment_set_up_differently_compiles_its_own(tmp_path: Path, change: Any) -> None:
    config = _theme(tmp_path, _THEME)
    config_file = tmp_path / "mkdocs.yml"
    cache = CompiledTemplates()
    compile_theme_templates(config, config_file, cache)
    other = _environment(config, config_file, cache)
    change(other)
    compiled = _counting_compiles(other)
    other.get_template("main.html")
    assert "main.html" in compiled


def test_a_broken_template_is_left_to_the_build(tmp_path: Path) -> None:
    config = _theme(tmp_path, {**_THEME, "partials/line.html": "{% if %}"})
    config_file = tmp_path / "mkdocs.yml"
    cache = CompiledTemplates()
    assert compile_theme_templates(config, config_file, cache) == ["base.html", "main.html", "sitemap.xml"]
    with pytest.raises(TemplateSyntaxError):
        _environment(config, config_file, cache).get_template("main.html").render(title="t")
