"""The ``schemadoc`` command line: ``main(argv) -> int`` in ``main``, one module per subcommand, the
options they share in ``options``. It sits on top of the library and nothing below imports it."""

from introspect.cli.main import SUBCOMMANDS, build_parser, entry_point, main

__all__ = ["SUBCOMMANDS", "build_parser", "entry_point", "main"]
