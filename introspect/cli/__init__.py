"""The ``schemadoc`` command line: ``main(argv) -> int`` in ``main``, one module per subcommand, the
options they share in ``options``. It sits on top of the library and nothing below imports it."""

import gc

# A command builds hundreds of thousands of small objects, next to none of them in reference cycles:
# the default young generation (700 allocations) made the collector a twentieth of `inspect`'s time at
# 1,000 tables. Set before the imports below, which allocate too.
gc.set_threshold(20_000, 10, 10)

from introspect.cli.main import SUBCOMMANDS, build_parser, entry_point, main  # noqa: E402

__all__ = ["SUBCOMMANDS", "build_parser", "entry_point", "main"]
