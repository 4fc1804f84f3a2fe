"""``python -m introspect.cli``: the ``schemadoc`` command."""

from introspect.cli.main import entry_point

entry_point()
