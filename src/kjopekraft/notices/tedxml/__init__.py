"""Pure parser for legacy TED XML notices (TED_EXPORT, R2.0.8 and R2.0.9).

XML tree in, :class:`~kjopekraft.notices.model.Notice` out; see :mod:`.parser`.
"""

from kjopekraft.notices.tedxml.parser import is_ted_xml, parse_ted_xml

__all__ = ["is_ted_xml", "parse_ted_xml"]
