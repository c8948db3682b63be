"""The RDF/XML safety check: refuse entity-expansion bombs and external entities before parsing.

Oxigraph's RDF/XML parser expands internal entities with no limit ("billion laughs": a 1 KB
file asks for gigabytes and the process aborts) and refuses external ones with an obscure
message. So kg reads the entity declarations of an RDF/XML file itself, before Oxigraph sees
it: :meth:`kg.graph.store.KGStore.load_file` and :func:`kg.graph.target.locate` (which vets a
file before a query's child process loads it) both call :func:`check_rdf_xml`.

The whole file is read, not its head: the check used to read the first MiB only, and a 1 MiB
comment before the ``<!DOCTYPE`` let a bomb through (3.3 GB, then an allocation failure,
issue 20). Every ``<!ENTITY`` declaration anywhere in the file counts (in a comment too, and
after the root element, where a lenient parser might still read one), and a name declared
twice counts with its larger value (XML keeps the first, but which one a parser sees first
depends on what it takes for a comment). One declaration longer than
:data:`MAX_DECLARATION` characters is refused. The file is read in 1 MiB chunks; memory
holds the declarations, not the file. Standard library only.
"""

from __future__ import annotations

import re

__all__ = ["check_rdf_xml", "MAX_ENTITY_EXPANSION", "MAX_DECLARATION"]

_ENTITY_DECL = re.compile(rb"""<!ENTITY\s+(%\s+)?([^\s"'%;&<>]+)\s+(?:"([^"]*)"|'([^']*)'|(SYSTEM|PUBLIC)\b)""")
_ENTITY_REF = re.compile(rb"[&%]([A-Za-z_:][\w.:\-]*);")
MAX_ENTITY_EXPANSION = 64_000_000  # characters that entity references may add to an RDF/XML file
MAX_DECLARATION = 16 << 20  # characters of one entity declaration
_CHUNK = 1 << 20
_BOMB = f"its entities expand to more than {MAX_ENTITY_EXPANSION:,} characters (an \"XML bomb\")"


def _declarations(path) -> dict[bytes, list[bytes]]:
    """Every entity declaration in the file, wherever it is: name -> its values (external: raises)."""
    values: dict[bytes, list[bytes]] = {}
    with open(path, "rb") as fh:
        data, eof = b"", False
        while not eof:
            chunk = fh.read(_CHUNK)
            eof = not chunk
            data += chunk
            pos = keep = 0
            while True:
                start = data.find(b"<!ENTITY", pos)
                if start < 0:
                    keep = max(pos, len(data) - 7)  # a "<!ENTITY" cut by the chunk's end
                    break
                match = _ENTITY_DECL.match(data, start)
                if not eof and (match is None or match.end() == len(data)):  # it may go on in the next chunk
                    if len(data) - start > MAX_DECLARATION:
                        raise ValueError(f"an entity declaration is longer than {MAX_DECLARATION:,} characters")
                    keep = start
                    break
                if match is None:  # no quoted value kg can read: nothing to expand
                    pos = start + 8
                    continue
                if match[5]:
                    raise ValueError(f"it declares an external entity ({match[2].decode('utf-8', 'replace')} "
                                     f"{match[5].decode()}), which kg does not load")
                values.setdefault(match[2], []).append(match[3] if match[3] is not None else match[4])
                pos = match.end()
            data = data[keep:]
    return values


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
    values = _declarations(path)
    if not values:
        return
    sizes: dict[bytes, int] = {}

    def size(name: bytes, depth: int = 0) -> int:
        if name not in values:
            return 0  # a predefined entity (&amp;) or a character reference
        if name not in sizes:
            if depth > 64:
                raise ValueError("its entities refer to each other in a loop or too deeply")
            sizes[name] = max(len(value) + sum(size(ref, depth + 1) for ref in _ENTITY_REF.findall(value))
                              for value in values[name])
            if sizes[name] > MAX_ENTITY_EXPANSION:
                raise ValueError(_BOMB)
        return sizes[name]

    total = 0
    with open(path, "rb") as fh:
        tail = b""
        while chunk := fh.read(_CHUNK):
            data = tail + chunk
            cut = max(0, len(data) - 256)  # references starting in the last 256 bytes: next round
            for ref in _ENTITY_REF.finditer(data):
                if ref.start() >= cut:
                    break
                total += size(ref[1])
                if total > MAX_ENTITY_EXPANSION:
                    raise ValueError(_BOMB)
            tail = data[cut:]
        for ref in _ENTITY_REF.finditer(tail):
            total += size(ref[1])
    if total > MAX_ENTITY_EXPANSION:
        raise ValueError(_BOMB)
