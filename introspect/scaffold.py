"""``schemadoc init``: the skeleton of a documentation project for any PostgreSQL schema.

It writes ``mkdocs.yml``, ``docs_src/overview.md``, ``schema/README.md``, a GitHub Actions workflow
and a pre-commit hook, and refuses to replace a file that exists (``force`` replaces). The
starter overview's statements hold for any schema; when a catalog is given (init found a schema
and deployed it), the overview states that schema's own counts and objects instead, so that
``schemadoc build`` and ``schemadoc check`` pass right away either way.
"""

from __future__ import annotations

from pathlib import Path

from introspect.catalog.model import Catalog
from introspect.catalog.summary import summarize
from introspect.errors import SchemadocError
from introspect.files import write_atomically

MKDOCS_YML = """\
site_name: {title}
docs_dir: docs_src
site_dir: site
strict: true
use_directory_urls: false

theme:
  name: material
  font: false  # no Google Fonts: the site works with no network
  features:
    - navigation.sections
    - navigation.top
    - search.highlight

plugins:
  - search
  # The overview as the home page and the data dictionary in the navigation.
  - schemadoc

markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences

nav:
  - Overview: overview.md
  - Data dictionary: reference/dictionary/index.md
  - ER diagrams: reference/erd/index.md
  - Index inventory: reference/indexes.md
  - Partition inventory: reference/partitions.md
  - Views and materialized views: reference/views.md
  - Functions and triggers: reference/functions.md
  - Roles and grants: reference/roles.md
  - Statistics: reference/statistics.md
  - Lint findings: reference/lint.md
  - Overview claims: claims.md
"""

STARTER_OVERVIEW = """\
# {title}

This is the hand-written overview of the schema. `schemadoc check` reads every statement in it and
checks it against the database: a statement passes only when everything it says was verified.

- Requires PostgreSQL 13 or later.

<!--
Statements the check understands, to adapt to this schema (see the guide "Writing checkable statements"):

- **Tables**: 12
- There are at least 9 views.
- `orders` is partitioned by range on `order_date`, one partition per month.
- `idx_orders_created_brin` is a BRIN index.
- Deleting a customer cascades to addresses.
- `reader` can read `orders` but cannot delete `orders`.
- `orders.status` is not null.
-->
"""

SCHEMA_README = """\
# Schema

`schemadoc build` and `schemadoc check` deploy this directory into a throwaway PostgreSQL:

- every `*.sql` file below this directory, in lexical order of its path (`10_tables.sql` before
  `20_indexes.sql`, `a/x.sql` before `b.sql`), each file on its own connection as `psql -f` would;
- then, when it exists, `sample_data/` in the same order (loaded by `build` and `check`, left out by
  `schemadoc deploy` unless `--sample-data`);
- `queries/` is never deployed: its `<name>.sql` files are the queries behind the overview's
  query-time targets, timed by `schemadoc check --perf`.

Errors name the file, line and column: `schema/20_tables.sql:42:7: ERROR: …`.
"""

WORKFLOW = """\
name: schemadoc
on: [push, pull_request]

jobs:
  docs:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - name: Install PostgreSQL binaries (a throwaway server is started by schemadoc itself)
        run: sudo apt-get update && sudo apt-get install -y postgresql postgresql-contrib
      - name: Install schemadoc
        run: pip install schemadoc
      - name: Build the site
        run: schemadoc build
      - name: Check the docs against the schema
        run: schemadoc check --format github
"""

PRE_COMMIT = """\
repos:
  - repo: local
    hooks:
      - id: schemadoc-check
        name: schemadoc check (the docs agree with the schema)
        entry: schemadoc -q check
        language: system
        pass_filenames: false
        files: ^(schema/|docs_src/)
"""

COUNTED = ("tables", "partitioned_tables", "views", "materialized_views", "indexes", "foreign_keys", "functions")
COUNT_LABELS = {
    "tables": "Tables",
    "partitioned_tables": "Partitioned tables",
    "views": "Views",
    "materialized_views": "Materialized views",
    "indexes": "Indexes",
    "foreign_keys": "Foreign keys",
    "functions": "Routines",
}


def overview_of(catalog: Catalog, title: str) -> str:
    """A starter overview stating the deployed schema's own counts and objects."""
    counts = summarize(catalog)
    lines = [f"# {title}", "", "What the schema holds, checked by `schemadoc check` on every run.", "", "## Counts", ""]
    lines += [f"- **{COUNT_LABELS[kind]}**: {counts[kind]}" for kind in COUNTED]
    tables = [t for t in catalog.top_level_tables() if t.kind in ("table", "partitioned_table")]
    if tables:
        lines += ["", "## Tables", "", "**Tables:**", ""]
        lines += [f"- `{t.key}`" for t in tables]
    views = [v for v in catalog.views if v.kind == "view"]
    if views:
        lines += ["", "**Views:**", ""]
        lines += [f"- `{v.key}`" for v in views]
    lines += ["", "Requires PostgreSQL 13 or later.", ""]
    return "\n".join(lines)


def project_files(title: str, catalog: Catalog | None) -> dict[str, str]:
    """Relative path -> text of every file ``init`` writes."""
    overview = overview_of(catalog, title) if catalog is not None else STARTER_OVERVIEW.format(title=title)
    return {
        "mkdocs.yml": MKDOCS_YML.format(title=title),
        "docs_src/overview.md": overview,
        "schema/README.md": SCHEMA_README,
        ".github/workflows/schemadoc.yml": WORKFLOW,
        ".pre-commit-config.yaml": PRE_COMMIT,
    }


def scaffold(directory: Path, *, title: str, catalog: Catalog | None = None, force: bool = False) -> list[Path]:
    """Write the project skeleton into ``directory``; nothing is written when a file exists (unless force)."""
    files = project_files(title, catalog)
    existing = [relative for relative in files if (directory / relative).exists()]
    if existing and not force:
        raise SchemadocError(
            f"{directory}: not writing, these files exist already: {', '.join(existing)} (use --force to replace them)"
        )
    written = []
    for relative, text in files.items():
        path = directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, text.encode("utf-8"))
        written.append(path)
    return written
