"""Part names inside a package: where a part's relationships live, and how targets resolve
(OPC rules). Shared by the safety checks and the package layer."""

from __future__ import annotations

import functools
from pathlib import PurePosixPath


def part_name(member: str) -> str:
    """The part name a zip member stands for: some writers store xl\\workbook.xml with
    Windows separators, which Excel and LibreOffice read as xl/workbook.xml."""
    return member.replace("\\", "/").lstrip("/")


def rels_name(source: str) -> str:
    """The relationships part of ``source``: xl/workbook.xml -> xl/_rels/workbook.xml.rels."""
    if not source:
        return "_rels/.rels"
    folder, _, name = source.rpartition("/")
    return f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"


@functools.lru_cache(maxsize=4096)
def resolve(source: str, target: str) -> str:
    """Resolve a relationship target against the part that owns it (OPC rules)."""
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = []
    base = source.rpartition("/")[0]
    for seg in f"{base}/{target}".split("/"):
        if seg == "..":
            if parts:
                parts.pop()
        elif seg not in ("", "."):
            parts.append(seg)
    return "/".join(parts)


def relative(source: str, target: str) -> str:
    """The relative target that ``resolve(source, ...)`` turns back into ``target``."""
    if not source:
        return target
    base = PurePosixPath(source).parent.parts
    goal = PurePosixPath(target).parts
    common = 0
    while common < min(len(base), len(goal)) and base[common] == goal[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + list(goal[common:]))
