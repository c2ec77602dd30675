"""Pure parser for eForms UBL notices (TED and Doffin): XML tree in, :class:`Notice` out."""

from kjopekraft.notices.eforms.parser import is_eforms, parse_eforms

__all__ = ["is_eforms", "parse_eforms"]
