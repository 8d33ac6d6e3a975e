"""Parsing and writing package XML: one hardened lxml parser, and the namespaces we use.

Every XML part careers-xl changes is parsed here: no DTDs, no entities, no network, and a
size bound. (The safety checks have already refused packages that declare a DTD.)
"""

from __future__ import annotations

from lxml import etree

from ..errors import CareersXLError

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
XM = "http://schemas.microsoft.com/office/excel/2006/main"
STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships"

MAX_PART = 256 * 1024 * 1024  # one XML part may not inflate past this

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                          dtd_validation=False, huge_tree=True, remove_blank_text=False)


class XmlError(CareersXLError):
    """A package part that is not well-formed, or not safe to parse."""


class UnsafeXml(XmlError):
    """A package part that declares a DTD (the way entity attacks start)."""


def parse(data: bytes, part: str) -> etree._Element:
    """Parse one part, refusing DTDs and anything over ``MAX_PART``."""
    if len(data) > MAX_PART:
        raise XmlError(f"part {part} is too large to edit safely")
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise XmlError(f"part {part} is damaged ({exc.msg})") from exc
    if root.getroottree().docinfo.doctype:
        raise UnsafeXml(f"part {part} declares a DTD, which workbooks never need")
    return root


def serialize(root: etree._Element) -> bytes:
    """The part's bytes, with the XML declaration Office writes."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def q(tag: str, ns: str = MAIN) -> str:
    """A qualified tag name: q("c") is '{main namespace}c'."""
    return f"{{{ns}}}{tag}"


_LOCAL: dict[object, str] = {}  # tag -> local name: workbooks use a few hundred tags
_LOCAL_MAX = 4096


def local(tag: object) -> str:
    name = _LOCAL.get(tag)
    if name is None:
        name = str(tag).rsplit("}", 1)[-1]
        if len(_LOCAL) < _LOCAL_MAX:
            _LOCAL[tag] = name
    return name
