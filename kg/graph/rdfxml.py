"""The RDF/XML safety check: refuse entity-expansion bombs and external entities before parsing.

Oxigraph's RDF/XML parser expands internal entities with no limit ("billion laughs": a 1 KB
file asks for gigabytes and the process aborts) and refuses external ones with an obscure
message. So kg reads the entity declarations of an RDF/XML file itself, before Oxigraph sees
it: :meth:`kg.graph.store.KGStore.load_file` and :func:`kg.graph.target.locate` (which vets a
file before a query's child process loads it) both call :func:`check_rdf_xml`.
Standard library only.
"""

from __future__ import annotations

import re

__all__ = ["check_rdf_xml", "MAX_ENTITY_EXPANSION"]

_ENTITY_DECL = re.compile(rb"""<!ENTITY\s+(%\s+)?([^\s"'%;&<>]+)\s+(?:"([^"]*)"|'([^']*)'|(SYSTEM|PUBLIC)\b)""")
_ENTITY_REF = re.compile(rb"[&%]([A-Za-z_:][\w.:\-]*);")
MAX_ENTITY_EXPANSION = 64_000_000  # characters that entity references may add to an RDF/XML file


def check_rdf_xml(path) -> None:
    """Refuse an RDF/XML file whose DTD declares external entities or entities that expand
    beyond :data:`MAX_ENTITY_EXPANSION` characters (raises ``ValueError``).

    Plain abbreviations (``<!ENTITY xsd "http://www.w3.org/2001/XMLSchema#">``) pass.

    Examples
    --------
    >>> import tempfile
    >>> bomb = '<!DOCTYPE r [<!ENTITY a0 "lol">' + "".join(
    ...     f'<!ENTITY a{i} "' + f"&a{i - 1};" * 10 + '">' for i in range(1, 10)) + "]><r>&a9;</r>"
    >>> with tempfile.NamedTemporaryFile("w", suffix=".rdf", delete=False) as fh:
    ...     _ = fh.write(bomb)
    >>> check_rdf_xml(fh.name)
    Traceback (most recent call last):
    ...
    ValueError: its entities expand to more than 64,000,000 characters (an "XML bomb")
    """
    with open(path, "rb") as fh:
        head = fh.read(1 << 20)
    if b"<!ENTITY" not in head:
        return
    values: dict[bytes, bytes] = {}
    for match in _ENTITY_DECL.finditer(head):
        if match[5]:
            raise ValueError(f"it declares an external entity ({match[2].decode('utf-8', 'replace')} "
                             f"{match[5].decode()}), which kg does not load")
        values.setdefault(match[2], match[3] if match[3] is not None else match[4])
    sizes: dict[bytes, int] = {}

    def size(name: bytes, depth: int = 0) -> int:
        if name not in values:
            return 0  # a predefined entity (&amp;) or a character reference
        if name not in sizes:
            if depth > 64:
                raise ValueError("its entities refer to each other in a loop or too deeply")
            value = values[name]
            refs = _ENTITY_REF.findall(value)
            sizes[name] = len(value) + sum(size(ref, depth + 1) for ref in refs)
            if sizes[name] > MAX_ENTITY_EXPANSION:
                raise ValueError(f"its entities expand to more than {MAX_ENTITY_EXPANSION:,} characters (an \"XML bomb\")")
        return sizes[name]

    total = 0
    with open(path, "rb") as fh:
        tail = b""
        while chunk := fh.read(1 << 20):
            data = tail + chunk
            cut = max(0, len(data) - 256)  # references starting in the last 256 bytes: next round
            for ref in _ENTITY_REF.finditer(data):
                if ref.start() >= cut:
                    break
                total += size(ref[1])
                if total > MAX_ENTITY_EXPANSION:
                    raise ValueError(f"its entities expand to more than {MAX_ENTITY_EXPANSION:,} characters (an \"XML bomb\")")
            tail = data[cut:]
        for ref in _ENTITY_REF.finditer(tail):
            total += size(ref[1])
    if total > MAX_ENTITY_EXPANSION:
        raise ValueError(f"its entities expand to more than {MAX_ENTITY_EXPANSION:,} characters (an \"XML bomb\")")
