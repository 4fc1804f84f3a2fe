"""Text that diagram sources can carry whatever a name or comment holds."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def visible_controls(text: str) -> str:
    """Control characters as their Unicode pictures (BEL as ␇): Graphviz's XML parser and Mermaid's
    lexer reject the raw characters, and a reader should see that they are there."""
    return _CONTROL.sub(
        lambda match: chr(0x2421) if match.group(0) == "\x7f" else chr(0x2400 + ord(match.group(0))), text
    )
