"""Check the XML parts of an Excel package against the Office Open XML schemas.

Excel is stricter than LibreOffice: an element out of schema order or an attribute it does not
know makes Excel offer to "recover" the file and drop what it dislikes, while LibreOffice opens
it without a word. ``schema_errors(path)`` checks a .xlsx/.xlsm/.xlam against the schemas kept
in ``tests/ooxml/`` (see the README there) and returns one line per problem, ``[]`` if valid:

- SpreadsheetML parts (workbook, worksheets, styles, sharedStrings, comments, tables, ...),
  drawings, charts, the theme, ``[Content_Types].xml``, every ``.rels`` part and docProps
  (app, custom, core): lxml against the ECMA-376 transitional schemas;
- ribbon parts (``customUI/customUI14.xml``, ``customUI/customUI.xml``, or wherever the package
  relates them): ``xmlschema`` against Microsoft's customUI schemas, which libxml2 cannot load.
  Office silently drops a ribbon whose XML fails its schema;
- a few package rules Excel also enforces: every part has a content type, every internal
  relationship points at a part that exists, a ribbon uses the namespace its relationship
  type requires.

A part's schema is chosen by its content type, else by its root element's namespace. Markup
compatibility is applied as an Office version that knows no extensions would: elements and
attributes in a namespace marked ``mc:Ignorable`` are dropped (unless it is one of ECMA-376's
own namespaces, which are understood), ``mc:AlternateContent`` is replaced by its
``mc:Fallback``, and ``xml:`` attributes are dropped (the schemas do not declare
``xml:space``). ``extLst`` stays in place, so its position is checked; its extensions are
validated laxly (only where a schema here declares them). Not checked: legacy VML parts, and
parts in the Strict conformance namespaces (only the transitional schemas are kept here).
Schemas are compiled once per process.
"""

from __future__ import annotations

import posixpath
import sys
import threading
import zipfile
import zlib
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from lxml import etree

__all__ = ["schema_errors"]

HERE = Path(__file__).resolve().parent / "ooxml"
ECMA = HERE / "schemas"
CUSTOMUI = HERE / "customui"
MAX_ERRORS_PER_PART = 25

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
XML_NS = "http://www.w3.org/XML/1998/namespace"
OOXML_NS_PREFIX = "http://schemas.openxmlformats.org/"  # ECMA-376's own (understood) namespaces
STRICT_NS_PREFIX = "http://purl.oclc.org/ooxml/"  # Strict conformance: no schemas here
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

SML_TYPE_PREFIX = "application/vnd.openxmlformats-officedocument.spreadsheetml."
SCHEMA_BY_TYPE = {
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": "sml.xsd",
    "application/vnd.ms-excel.template.macroEnabled.main+xml": "sml.xsd",
    "application/vnd.ms-excel.addin.macroEnabled.main+xml": "sml.xsd",
    "application/vnd.openxmlformats-officedocument.drawing+xml": "dml-spreadsheetDrawing.xsd",
    "application/vnd.openxmlformats-officedocument.drawingml.chart+xml": "dml-chart.xsd",
    "application/vnd.openxmlformats-officedocument.drawingml.chartshapes+xml":
        "dml-chartDrawing.xsd",
    "application/vnd.openxmlformats-officedocument.theme+xml": "dml-main.xsd",
    "application/vnd.openxmlformats-officedocument.extended-properties+xml":
        "shared-documentPropertiesExtended.xsd",
    "application/vnd.openxmlformats-officedocument.custom-properties+xml":
        "shared-documentPropertiesCustom.xsd",
    "application/vnd.openxmlformats-package.core-properties+xml":
        "opc-xsd/opc-coreProperties.xsd",
    "application/vnd.openxmlformats-package.relationships+xml": "opc-xsd/opc-relationships.xsd",
}
# For parts whose content type says nothing (e.g. "application/xml").
SCHEMA_BY_ROOT_NS = {
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main": "sml.xsd",
    "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing":
        "dml-spreadsheetDrawing.xsd",
    "http://schemas.openxmlformats.org/drawingml/2006/chart": "dml-chart.xsd",
    "http://schemas.openxmlformats.org/drawingml/2006/main": "dml-main.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties":
        "shared-documentPropertiesExtended.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties":
        "shared-documentPropertiesCustom.xsd",
    "http://schemas.openxmlformats.org/package/2006/metadata/core-properties":
        "opc-xsd/opc-coreProperties.xsd",
    REL_NS: "opc-xsd/opc-relationships.xsd",
}

CUSTOMUI_2006 = "http://schemas.microsoft.com/office/2006/01/customui"
CUSTOMUI_2009 = "http://schemas.microsoft.com/office/2009/07/customui"
RIBBON_SCHEMAS = {CUSTOMUI_2009: "customui14.xsd", CUSTOMUI_2006: "customUI.xsd"}
# Relationship type (from the package root) -> the customUI namespace Office expects there.
RIBBON_REL_TYPES = {
    "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility": CUSTOMUI_2009,
    "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility": CUSTOMUI_2006,
}

# opc-coreProperties.xsd imports the Dublin Core schemas from dublincore.org. They are not
# vendored, and nothing is fetched: these stand-ins declare what core.xml may use, shaped like
# DCMI's dc.xsd/dcterms.xsd (SimpleLiteral elements; dcterms:W3CDTF for created/modified).
_DC_ELEMENTS = ("title creator subject description publisher contributor date type format "
                "identifier source language relation coverage rights").split()
_DC_XSD = f"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns="http://purl.org/dc/elements/1.1/" targetNamespace="http://purl.org/dc/elements/1.1/"
  elementFormDefault="qualified">
  <xs:complexType name="SimpleLiteral" mixed="true">
    <xs:complexContent mixed="true"><xs:restriction base="xs:anyType">
      <xs:sequence><xs:any processContents="lax" minOccurs="0" maxOccurs="0"/></xs:sequence>
    </xs:restriction></xs:complexContent>
  </xs:complexType>
  {"".join(f'<xs:element name="{n}" type="SimpleLiteral"/>' for n in _DC_ELEMENTS)}
</xs:schema>""".encode()
_DCTERMS_XSD = b"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:dc="http://purl.org/dc/elements/1.1/" targetNamespace="http://purl.org/dc/terms/"
  elementFormDefault="qualified">
  <xs:import namespace="http://purl.org/dc/elements/1.1/"
    schemaLocation="http://dublincore.org/schemas/xmls/qdc/2003/04/02/dc.xsd"/>
  <xs:element name="created" type="dc:SimpleLiteral"/>
  <xs:element name="modified" type="dc:SimpleLiteral"/>
  <xs:complexType name="W3CDTF"><xs:simpleContent><xs:restriction base="dc:SimpleLiteral">
    <xs:simpleType><xs:union memberTypes="xs:gYear xs:gYearMonth xs:date xs:dateTime"/>
    </xs:simpleType>
  </xs:restriction></xs:simpleContent></xs:complexType>
</xs:schema>"""
# opc-coreProperties.xsd also imports the xml: namespace without saying from where.
XML_XSD_URL = "http://www.w3.org/2001/xml.xsd"
_XML_XSD = b"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
  targetNamespace="http://www.w3.org/XML/1998/namespace">
  <xs:attribute name="lang" type="xs:string"/>
  <xs:attribute name="space"><xs:simpleType><xs:restriction base="xs:NCName">
    <xs:enumeration value="default"/><xs:enumeration value="preserve"/>
  </xs:restriction></xs:simpleType></xs:attribute>
  <xs:attribute name="base" type="xs:anyURI"/>
  <xs:attribute name="id" type="xs:ID"/>
</xs:schema>"""
_OFFLINE_SCHEMAS = {
    XML_XSD_URL: _XML_XSD,
    "http://dublincore.org/schemas/xmls/qdc/2003/04/02/dc.xsd": _DC_XSD,
    "http://dublincore.org/schemas/xmls/qdc/2003/04/02/dcterms.xsd": _DCTERMS_XSD,
}


class _OfflineResolver(etree.Resolver):
    def resolve(self, url, pubid, context):  # type: ignore[no-untyped-def]
        if url in _OFFLINE_SCHEMAS:
            return self.resolve_string(_OFFLINE_SCHEMAS[url], context)
        return None


# One lock: an lxml XMLSchema keeps its error log on the object, so it must not validate two
# documents at once; holding the lock while compiling also keeps the caches single-entry.
_LOCK = threading.RLock()
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@cache
def _ecma_schema(name: str) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_OfflineResolver())
    doc = etree.parse(str(ECMA / name), parser)
    for imp in doc.iter("{http://www.w3.org/2001/XMLSchema}import"):
        if imp.get("namespace") == XML_NS and not imp.get("schemaLocation"):
            imp.set("schemaLocation", XML_XSD_URL)
    return etree.XMLSchema(doc)


@cache
def _ribbon_schema(name: str) -> Any:
    import xmlschema

    return xmlschema.XMLSchema10(str(CUSTOMUI / name))


def _ns(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


# ---------------------------------------------------------------- markup compatibility

# Inside an extension (extLst/ext) nothing is touched: the schema checks its content laxly.
_OUTSIDE_EXT = "not(ancestor::*[local-name()='ext'][parent::*[local-name()='extLst']])"
_MC_NS = {"mc": MC}


def _apply_markup_compatibility(root: etree._Element) -> None:
    """Reduce the part, in place, to what a consumer that knows no extensions reads.

    XPath (in C) finds the few nodes concerned, so large sheets are not walked in Python.
    """
    for alt in root.xpath(f"//mc:AlternateContent[{_OUTSIDE_EXT}]", namespaces=_MC_NS):
        parent = alt.getparent()
        if parent is None:
            continue
        fallback = alt.find(f"{{{MC}}}Fallback")
        position = parent.index(alt)
        for offset, chosen in enumerate([] if fallback is None else list(fallback)):
            parent.insert(position + offset, chosen)
        parent.remove(alt)
    for holder in root.xpath(f"//*[@mc:Ignorable][{_OUTSIDE_EXT}]", namespaces=_MC_NS):
        prefixes = holder.get(f"{{{MC}}}Ignorable", "").split()
        uris = {holder.nsmap.get(prefix) for prefix in prefixes} - {None}
        for uri in sorted(u for u in uris if not u.startswith(OOXML_NS_PREFIX)):
            for el in holder.xpath(f"descendant::*[namespace-uri()=$u][{_OUTSIDE_EXT}]", u=uri):
                if el.getparent() is not None:
                    el.getparent().remove(el)
            for attr in holder.xpath(f"descendant-or-self::*/@*[namespace-uri()=$u]"
                                     f"[{_OUTSIDE_EXT}]", u=uri):
                del attr.getparent().attrib[attr.attrname]
    for attr in root.xpath(f"//@*[namespace-uri()=$mc or namespace-uri()=$xml][{_OUTSIDE_EXT}]",
                           mc=MC, xml=XML_NS):
        del attr.getparent().attrib[attr.attrname]


# ---------------------------------------------------------------- reporting

def _short_names(root: etree._Element) -> list[tuple[str, str]]:
    """``{uri}`` -> prefix (or nothing for the default namespace) for this part's namespaces."""
    pairs = [(f"{{{uri}}}", f"{prefix}:" if prefix else "")
             for prefix, uri in root.nsmap.items()]
    return sorted(pairs, key=lambda p: len(p[1]))  # prefer the default namespace


def _shorten(message: str, names: list[tuple[str, str]]) -> str:
    for uri, prefix in names:
        message = message.replace(uri, prefix)
    return message


def _readable_path(el: etree._Element) -> str:
    steps = []
    while el is not None:
        step = _local(el.tag)
        parent = el.getparent()
        if parent is not None:
            same = [s for s in parent if s.tag == el.tag]
            if len(same) > 1:
                step += f"[{same.index(el) + 1}]"
        steps.append(step)
        el = parent
    return "/" + "/".join(reversed(steps))


def _lxml_errors(part: str, root: etree._Element, schema: etree.XMLSchema) -> list[str]:
    if schema.validate(root):
        return []
    names = _short_names(root)
    lines = []
    for entry in schema.error_log:
        where = ""
        try:
            found = root.getroottree().xpath(entry.path) if entry.path else []
        except etree.XPathError:
            found = []
        if found and isinstance(found[0], etree._Element):
            where = _readable_path(found[0]) + ": "
        lines.append(f"{part}: line {entry.line}: {where}{_shorten(entry.message, names)}")
    return lines


def _ribbon_errors(part: str, root: etree._Element) -> list[str]:
    ns = _ns(root.tag)
    if ns not in RIBBON_SCHEMAS:
        return [f"{part}: line {root.sourceline}: root element {_local(root.tag)!r} is not in a "
                f"customUI namespace ({CUSTOMUI_2009} or {CUSTOMUI_2006})"]
    schema = _ribbon_schema(RIBBON_SCHEMAS[ns])
    return [f"{part}: line {err.sourceline or root.sourceline}: {err.path}: {err.reason}"
            for err in schema.iter_errors(root)]


# ---------------------------------------------------------------- the package

def _content_types(zf: zipfile.ZipFile, name: str) -> tuple[dict[str, str], dict[str, str]]:
    """(Default: extension -> type, Override: part name -> type), both keys lower-case."""
    root = etree.fromstring(zf.read(name), _PARSER)
    defaults = {el.get("Extension", "").lower(): el.get("ContentType", "")
                for el in root.iter(f"{{{CT_NS}}}Default")}
    overrides = {el.get("PartName", "").lstrip("/").lower(): el.get("ContentType", "")
                 for el in root.iter(f"{{{CT_NS}}}Override")}
    return defaults, overrides


def _schema_name(content_type: str) -> str | None:
    if content_type.startswith(SML_TYPE_PREFIX) and content_type.endswith("+xml"):
        return "sml.xsd"
    return SCHEMA_BY_TYPE.get(content_type)


def _relationships(zf: zipfile.ZipFile, rels_part: str, parts: dict[str, str]
                   ) -> tuple[list[str], list[tuple[str, str]]]:
    """(errors for missing targets, [(relationship type, target part)]) of one .rels part."""
    try:
        root = etree.fromstring(zf.read(rels_part), _PARSER)
    except etree.XMLSyntaxError:
        return [], []  # reported when the part itself is checked
    folder = posixpath.dirname(posixpath.dirname(rels_part))  # xl/_rels/x.rels -> xl
    errors, found = [], []
    for rel in root.iter(f"{{{REL_NS}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = unquote(rel.get("Target", "").split("#", 1)[0])
        if not target:
            continue
        target = posixpath.normpath(target.lstrip("/") if target.startswith("/")
                                    else posixpath.join(folder, target))
        if target.lower() not in parts:
            errors.append(f"{rels_part}: line {rel.sourceline}: relationship {rel.get('Id')} "
                          f"points at {target}, which is not in the package")
        else:
            found.append((rel.get("Type", ""), parts[target.lower()]))
    return errors, found


def _check_package(zf: zipfile.ZipFile) -> list[str]:
    names = [n for n in zf.namelist() if not n.endswith("/")]
    parts = {n.lower(): n for n in names}
    errors: list[str] = []
    if len(parts) != len(names):
        errors.append("(package): some part names occur more than once in the zip")
    if "[content_types].xml" not in parts:
        return errors + ["[Content_Types].xml: missing, so no part has a content type"]
    try:
        defaults, overrides = _content_types(zf, parts["[content_types].xml"])
    except etree.XMLSyntaxError as exc:
        return errors + [f"[Content_Types].xml: line {exc.lineno}: not well-formed XML: {exc.msg}"]

    ribbon_expected: dict[str, str] = {}  # ribbon part -> namespace its relationship requires
    if "_rels/.rels" in parts:
        _, package_rels = _relationships(zf, parts["_rels/.rels"], parts)
        for rel_type, target in package_rels:
            if rel_type in RIBBON_REL_TYPES:
                ribbon_expected[target] = RIBBON_REL_TYPES[rel_type]

    for name in names:
        lower = name.lower()
        if lower == "[content_types].xml":
            schema_name: str | None = "opc-xsd/opc-contentTypes.xsd"
        else:
            extension = lower.rsplit(".", 1)[-1] if "." in posixpath.basename(lower) else ""
            content_type = overrides.get(lower) or defaults.get(extension)
            if content_type is None:
                errors.append(f"{name}: has no content type in [Content_Types].xml")
                continue
            schema_name = _schema_name(content_type)
        if lower.endswith(".rels"):
            errors += _relationships(zf, name, parts)[0]
        if schema_name is None and name not in ribbon_expected and not (
                lower.endswith(".xml") or lower.endswith(".rels")):
            continue
        try:
            root = etree.fromstring(zf.read(name), _PARSER)
        except etree.XMLSyntaxError as exc:
            errors.append(f"{name}: line {exc.lineno}: not well-formed XML: {exc.msg}")
            continue
        ns = _ns(root.tag)
        if name in ribbon_expected or ns in RIBBON_SCHEMAS:
            found = _ribbon_errors(name, root)
            expected = ribbon_expected.get(name)
            if expected is None:
                found.append(f"{name}: a ribbon part not related from _rels/.rels with a ribbon "
                             "relationship type, so Office never loads it")
            elif ns in RIBBON_SCHEMAS and ns != expected:
                found.append(f"{name}: line {root.sourceline}: namespace {ns} does not match its "
                             f"relationship type, which needs {expected}; Office ignores it")
        else:
            schema_name = schema_name or SCHEMA_BY_ROOT_NS.get(ns)
            if schema_name is None or ns.startswith(STRICT_NS_PREFIX):
                continue
            _apply_markup_compatibility(root)
            found = _lxml_errors(name, root, _ecma_schema(schema_name))
        if len(found) > MAX_ERRORS_PER_PART:
            more = len(found) - MAX_ERRORS_PER_PART
            found = found[:MAX_ERRORS_PER_PART] + [f"{name}: ... and {more} more"]
        errors += found
    return errors


def schema_errors(path: str | Path) -> list[str]:
    """One line per problem ("part: line N: message") in the package at ``path``; [] if valid."""
    try:
        with zipfile.ZipFile(path) as zf, _LOCK:
            return _check_package(zf)
    except (OSError, EOFError, zlib.error, zipfile.BadZipFile) as exc:
        return [f"(package): cannot be opened as a zip package: {exc}"]


if __name__ == "__main__":  # python tests/ooxml_check.py FILE...
    status = 0
    for arg in sys.argv[1:]:
        problems = schema_errors(arg)
        status |= bool(problems)
        print("\n".join(f"{arg}: {p}" for p in problems) or f"{arg}: valid")
    sys.exit(status)
