"""The workbook as a package of parts, opened once and written back with every untouched part
byte for byte.

A ``Package`` holds each part's bytes as read. careers-xl asks for the parts it edits as XML
trees (``xml``), adds its own parts (``add_part``), and ``save`` writes the package out: parts
nobody asked to change are copied exactly as they came, in their original order.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..errors import UnreadableWorkbook
from .names import part_name, relative, rels_name, resolve
from .safety import BIG_MEMBER, DAMAGED, MAX_RATIO, DecryptedZip, atomic_output, checked_zip
from .xml import CONTENT_TYPES, PKG_REL, REL, parse, q, serialize

RELS_NS = PKG_REL
RELS_CT = "application/vnd.openxmlformats-package.relationships+xml"
OFFICE_DOCUMENT = f"{REL}/officeDocument"


@dataclass(frozen=True)
class Relationship:
    id: str
    type: str  # the full type URI
    target: str  # resolved part name, or the URL of an external target
    external: bool = False

    @property
    def kind(self) -> str:
        """The type's last segment: worksheet, drawing, hyperlink..."""
        return self.type.rsplit("/", 1)[-1]


class Package:
    """Every part of one .xlsx/.xlsm, with lazily parsed XML for the parts careers-xl edits."""

    def __init__(self, path: Path, parts: dict[str, bytes], infos: dict[str, zipfile.ZipInfo],
                 *, default_encrypted: bool = False):
        self.path = path
        # Excel had encrypted it with its built-in password; careers-xl writes it unencrypted.
        self.default_encrypted = default_encrypted
        self._bytes = parts  # name -> bytes as read (or as last written by add_part)
        self._original = dict(parts)  # name -> bytes as read
        self._infos = infos
        self._trees: dict[str, etree._Element] = {}
        self._dirty: set[str] = set()
        self._order = list(parts)
        self._folded = {name.lower(): name for name in parts}  # part names are case-blind

    @classmethod
    def open(cls, path: str | Path) -> Package:
        """Open ``path`` behind careers-xl's safety checks (raises UnreadableWorkbook)."""
        p = Path(path)
        with checked_zip(p) as zf:
            infos = {part_name(i.filename): i for i in zf.infolist() if not i.is_dir()}
            try:
                parts = {name: zf.read(info) for name, info in infos.items()}
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
                raise UnreadableWorkbook(p, DAMAGED) from exc  # a part fails its CRC
        return cls(p, parts, infos, default_encrypted=isinstance(zf, DecryptedZip))

    @classmethod
    def from_bytes(cls, data: bytes, path: str | Path = "workbook.xlsx") -> Package:
        """A package careers-xl just wrote itself (not checked again for safety)."""
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = {i.filename: i for i in zf.infolist() if not i.is_dir()}
            parts = {name: zf.read(name) for name in infos}
        return cls(Path(path), parts, infos)

    def pristine(self) -> Package:
        """The package as it was read, before any edit (nothing is read or checked again)."""
        return Package(self.path, dict(self._original), self._infos,
                       default_encrypted=self.default_encrypted)

    # -- parts ---------------------------------------------------------------------------------
    @property
    def names(self) -> list[str]:
        return list(self._order)

    def _key(self, name: str) -> str:
        """The stored name of part ``name``: OPC part names ignore case (a package may hold
        xl/WorkBook.xml where its relationships say xl/workbook.xml)."""
        if name in self._bytes:
            return name
        return self._folded.get(name.lower(), name)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self._key(name) in self._bytes

    def read(self, name: str) -> bytes:
        """A part's current bytes (an edited XML part is serialized first)."""
        name = self._key(name)
        if name in self._dirty:
            return serialize(self._trees[name])
        return self._bytes[name]

    def xml(self, name: str, *, edit: bool = False) -> etree._Element:
        """A part parsed as XML; with ``edit`` the part is written back from the tree."""
        name = self._key(name)
        tree = self._trees.get(name)
        if tree is None:
            tree = self._trees[name] = parse(self._bytes[name], name)
        if edit:
            self._dirty.add(name)
        return tree

    def touched(self) -> set[str]:
        """Parts whose bytes will differ from what was read."""
        return set(self._dirty) | {n for n in self._order if n not in self._infos}

    def add_part(self, name: str, data: bytes | etree._Element, content_type: str | None = None
                 ) -> None:
        """Add (or replace) a part; ``content_type`` adds an Override for it."""
        name = self._key(name)
        self._folded.setdefault(name.lower(), name)
        if isinstance(data, bytes):
            self._bytes[name] = data
            self._trees.pop(name, None)
            self._dirty.discard(name)
        else:
            self._bytes[name] = b""
            self._trees[name] = data
            self._dirty.add(name)
        if name not in self._order:
            self._order.append(name)
        if content_type:
            self.set_override(name, content_type)

    def remove_part(self, name: str) -> None:
        """Drop a part, its relationships part and its content-type override."""
        for gone in (self._key(name), self._key(rels_name(name))):
            self._folded.pop(gone.lower(), None)
            self._bytes.pop(gone, None)
            self._trees.pop(gone, None)
            self._dirty.discard(gone)
            if gone in self._order:
                self._order.remove(gone)
        types = self.xml("[Content_Types].xml", edit=True)
        for item in types.findall(q("Override", CONTENT_TYPES)):
            if item.get("PartName", "").lower() == "/" + name.lower():
                types.remove(item)

    def free_name(self, pattern: str) -> str:
        """The first part name for ``pattern`` ("xl/worksheets/sheet{}.xml") that no part has
        and no relationship points at: a damaged file may point at parts it lacks, and a new
        part there would take their place."""
        pointed = {r.target.lower() for name in self._order if name.endswith(".rels")
                   for r in self.rels(_source(name)) if not r.external}
        n = 1
        while pattern.format(n) in self or pattern.format(n).lower() in pointed:
            n += 1
        return pattern.format(n)

    # -- content types -------------------------------------------------------------------------
    def set_override(self, name: str, content_type: str) -> None:
        types = self.xml("[Content_Types].xml", edit=True)
        for item in types.findall(q("Override", CONTENT_TYPES)):
            if item.get("PartName") == "/" + name:
                item.set("ContentType", content_type)
                return
        etree.SubElement(types, q("Override", CONTENT_TYPES), PartName="/" + name,
                         ContentType=content_type)

    def content_type(self, name: str) -> str | None:
        types = self.xml("[Content_Types].xml")
        for item in types.findall(q("Override", CONTENT_TYPES)):
            if item.get("PartName", "").lstrip("/").lower() == name.lower():
                return item.get("ContentType")
        suffix = name.rsplit(".", 1)[-1].lower()
        for item in types.findall(q("Default", CONTENT_TYPES)):
            if item.get("Extension", "").lower() == suffix:
                return item.get("ContentType")
        return None

    def ensure_default(self, extension: str, content_type: str) -> None:
        types = self.xml("[Content_Types].xml")
        if any(d.get("Extension", "").lower() == extension
               for d in types.findall(q("Default", CONTENT_TYPES))):
            return
        types = self.xml("[Content_Types].xml", edit=True)
        default = etree.Element(q("Default", CONTENT_TYPES), Extension=extension,
                                ContentType=content_type)
        types.insert(0, default)

    # -- relationships -------------------------------------------------------------------------
    def rels(self, source: str) -> list[Relationship]:
        """The relationships of part ``source`` ("" for the package itself)."""
        name = rels_name(source)
        if name not in self:
            return []
        out = []
        for rel in self.xml(name).findall(q("Relationship", RELS_NS)):
            external = rel.get("TargetMode") == "External"
            target = rel.get("Target", "")
            out.append(Relationship(rel.get("Id", ""), rel.get("Type", ""),
                                    target if external else resolve(source, target), external))
        return out

    def add_rel(self, source: str, rel_type: str, target: str) -> str:
        """Relate ``source`` to part ``target``; returns the new relationship id."""
        name = rels_name(source)
        if name not in self:
            self.add_part(name, etree.Element(q("Relationships", RELS_NS), nsmap={None: RELS_NS}),
                          None)
            self.ensure_default("rels", RELS_CT)  # some writers give each .rels an Override
        root = self.xml(name, edit=True)
        # Ids the source already uses count too: a damaged file may name ids it never defined.
        used = re.findall(rb'"(rId\d+)"', self.read(source)) if source in self else []
        taken = {r.get("Id") for r in root} | {found.decode() for found in used}
        n = 1
        while f"rId{n}" in taken:
            n += 1
        etree.SubElement(root, q("Relationship", RELS_NS), Id=f"rId{n}", Type=rel_type,
                         Target=relative(source, target))
        return f"rId{n}"

    def remove_rel(self, source: str, rel_id: str) -> None:
        root = self.xml(rels_name(source), edit=True)
        for rel in root.findall(q("Relationship", RELS_NS)):
            if rel.get("Id") == rel_id:
                root.remove(rel)

    def main_part(self) -> str:
        """The workbook part named by the package relationships (usually xl/workbook.xml)."""
        for rel in self.rels(""):
            if rel.type.endswith("/officeDocument"):
                return rel.target
        return "xl/workbook.xml"

    # -- writing -------------------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        """The whole package as zip bytes: untouched parts exactly as read."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as out:
            for name in self._order:
                info = self._infos.get(name)
                data = self.read(name)
                if info is not None:
                    kept = zipfile.ZipInfo(name, info.date_time)
                    kept.compress_type = info.compress_type
                    kept.external_attr = info.external_attr
                    deflated = info.compress_type == zipfile.ZIP_DEFLATED
                    out.writestr(kept, data, compresslevel=_level(data) if deflated else None)
                else:
                    fresh = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
                    fresh.compress_type = zipfile.ZIP_DEFLATED
                    out.writestr(fresh, data)
        return buffer.getvalue()

    def save(self, path: str | Path) -> Path:
        """Write the package to ``path`` atomically: a complete file or none at all."""
        target = Path(path)
        data = self.to_bytes()
        with atomic_output(target) as tmp:
            tmp.write_bytes(data)
        return target


def _level(data: bytes) -> int:
    """Deflate's usual level 6, or less for a big part that would then compress so well
    that careers-xl's zip-bomb check would refuse its own output."""
    if len(data) > BIG_MEMBER:
        for level in (6, 1):
            if len(data) // max(len(zlib.compress(data, level)), 1) <= MAX_RATIO:
                return level
        return 0  # stored as it is
    return 6


def _source(rels_part: str) -> str:
    """The part a relationships part belongs to: xl/_rels/workbook.xml.rels -> xl/workbook.xml
    (the package's own, _rels/.rels, -> "")."""
    folder, _, leaf = rels_part.rpartition("_rels/")
    return folder + leaf.removesuffix(".rels")
