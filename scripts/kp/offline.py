"""The offline copy: the website in one zip, to open from a USB stick or a shared folder.

It is made from the website's own files, not from a second build, and holds every language
with its PDFs, so that no link in it points at a file it lacks: a browser that opens files
(``file://``) does not look for a folder's ``index.html``, so every relative link to a
folder (``../fir/``, ``..``) gets ``index.html`` added (the search script does the same for
its results); the link to the zip itself and to the web app manifest (which a browser
cannot read from files) are taken out, and so are the PDFs' links in a site built without
them (``kp site --no-pdf``). Each file's compressed form is kept in ``.kp-cache/offline/`` by a digest of
the file, so a rebuild compresses only what changed (and reads only files it has not seen),
and the zip is written directly from those pieces (the same bytes for the same site).
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import zlib
from pathlib import Path

import regex

from .sitecache import LANGUAGES_RECORD

NAME = "knowledge-products-offline"
DOWNLOADS = ("offline", "pdf")
"""Top-level folders of the site's downloads: this copy and the PDFs."""
LEFT_OUT = ("offline",)
"""Top-level folders of the site that the offline copy does not carry (itself), nor does it
carry the record of what the languages' builds read (kp.sitecache)."""

_ATTRIBUTE = regex.compile(r'\b(href|src)="([^"]*)"')
_ABSOLUTE = regex.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|/|#)")
_DOS_DATE = ((2024 - 1980) << 9) | (7 << 5) | 1  # 1 July 2024, as the zip format writes dates
_VERSION = b"kp-offline-2"
_MANIFEST = regex.compile(r'<link rel="manifest" href="[^"]*">\n?')
_DOWNLOADS = regex.compile(r'<p class="kp-downloads">(?:(?!</p>).)*</p>\n?', regex.S)


def offline_html(text: str, *, pdfs: bool = True) -> str:
    """``text`` with relative links to folders pointing at their ``index.html``, without the
    links to what the copy lacks: itself, the web app manifest, and the PDFs if not ``pdfs``."""

    def download(match):
        paragraph = match.group(0)
        if f"offline/{NAME}.zip" in paragraph or (not pdfs and ".pdf" in paragraph):
            return ""
        return paragraph

    text = _DOWNLOADS.sub(download, _MANIFEST.sub("", text))

    def local(match):
        value = match.group(2)
        if not value or _ABSOLUTE.match(value):
            return match.group(0)
        cut = min((i for i in (value.find("#"), value.find("?")) if i >= 0), default=len(value))
        path, rest = value[:cut], value[cut:]
        if path.endswith("/"):
            path += "index.html"
        elif path in (".", "..") or path.endswith(("/.", "/..")):
            path += "/index.html"
        else:
            return match.group(0)
        return f'{match.group(1)}="{path}{rest}"'

    return _ATTRIBUTE.sub(local, text)


def _files(site: Path) -> list[tuple[str, Path]]:
    found = []
    for folder, dirs, names in os.walk(site, followlinks=False):
        relative = Path(folder).relative_to(site)
        if relative == Path("."):
            dirs[:] = [d for d in dirs if d not in LEFT_OUT]
            names = [n for n in names if n != LANGUAGES_RECORD]
        dirs.sort()
        for name in names:
            found.append(((relative / name).as_posix(), Path(folder) / name))
    return sorted(found)


class _Pieces:
    """Compressed files by digest: (crc32, size, deflated bytes).

    A file whose identity (device, inode, size, modification time) was seen before is not
    read again: the website's pages are hard links to kp's site store, which never changes a
    file in place, so an unchanged page keeps its identity from build to build.
    """

    def __init__(self, folder: Path, version: str = "", pdfs: bool = True):
        self.folder = folder
        self.pdfs = pdfs
        self.version = f"{version}:{'pdf' if pdfs else 'no-pdf'}"  # of kp's code, which rewrites the pages' links
        self.used: set[str] = set()
        self.seen: dict[str, str] = {}  # file identity -> digest
        try:
            self.known = json.loads((folder / "seen.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.known = {}

    def get(self, name: str, path: Path) -> tuple[int, int, bytes]:
        status = path.stat()
        identity = f"{self.version}:{name}:{status.st_dev}:{status.st_ino}:{status.st_size}:{status.st_mtime_ns}"
        key = self.known.get(identity)
        if key is not None:
            found = self._read(key)
            if found is not None:
                self.used.add(key)
                self.seen[identity] = key
                return found
        data = path.read_bytes()
        key = hashlib.sha1(_VERSION + self.version.encode() + b"\0" + name.encode() + b"\0" + data).hexdigest()
        self.used.add(key)
        self.seen[identity] = key
        found = self._read(key)
        return found if found is not None else self._compress(name, key, data)

    def _read(self, key: str) -> tuple[int, int, bytes] | None:
        try:
            stored = (self.folder / key[:2] / key).read_bytes()
            crc, size = struct.unpack("<IQ", stored[:12])
            return crc, size, stored[12:]
        except (OSError, struct.error):
            return None

    def _compress(self, name: str, key: str, data: bytes) -> tuple[int, int, bytes]:
        path = self.folder / key[:2] / key
        if name.endswith(".html"):
            data = offline_html(data.decode("utf-8"), pdfs=self.pdfs).encode("utf-8")
        compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
        deflated = compressor.compress(data) + compressor.flush()
        crc, size = zlib.crc32(data), len(data)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f".{key}.{os.getpid()}.tmp")
            temporary.write_bytes(struct.pack("<IQ", crc, size) + deflated)
            os.replace(temporary, path)
        except OSError:
            pass  # a cache that cannot be written only costs time
        return crc, size, deflated

    def prune(self) -> None:
        """Drop the pieces this zip did not use, and remember the files it read."""
        for path in self.folder.glob("*/*"):
            if path.name not in self.used:
                path.unlink(missing_ok=True)
        try:
            temporary = self.folder / f".seen.{os.getpid()}.tmp"
            temporary.write_text(json.dumps(self.seen), encoding="utf-8")
            os.replace(temporary, self.folder / "seen.json")
        except OSError:
            pass


def write_offline_zip(site: Path, target: Path, cache: Path, *, version: str = "") -> int:
    """Zip ``site`` (without the folders in :data:`LEFT_OUT`) into ``target``; return its file count.

    The PDFs are carried if ``site`` has them (``pdf/``); if not, neither are their links.

    Written aside and renamed into place. Entries are sorted and dated 1 July 2024, so the
    same site gives the same bytes. Compressed files are kept in ``cache`` for the next zip,
    under ``version`` (of kp's code: the links it rewrites), with the files' contents.
    """
    pieces = _Pieces(cache, version, pdfs=(site / "pdf").is_dir())
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    central = []
    offset = 0
    with open(temporary, "wb") as out:
        for relative, path in _files(site):
            crc, size, deflated = pieces.get(relative, path)
            name = f"{NAME}/{relative}".encode("utf-8")
            flags = 0x800 if not name.isascii() else 0  # UTF-8 names
            if max(size, len(deflated), offset) >= 0xFFFFFFFF:
                raise ValueError(f"{relative}: the offline copy has grown past 4 GB, more than a zip without extensions holds")
            header = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, 8, 0, _DOS_DATE, crc, len(deflated), size, len(name), 0)
            out.write(header + name + deflated)
            central.append(struct.pack(
                "<IHHHHHHIIIHHHHHII", 0x02014B50, (3 << 8) | 20, 20, flags, 8, 0, _DOS_DATE, crc, len(deflated), size,
                len(name), 0, 0, 0, 0, 0o100644 << 16, offset,
            ) + name)
            offset += len(header) + len(name) + len(deflated)
        directory = b"".join(central)
        if len(central) >= 0xFFFF:
            raise ValueError("the offline copy has more than 65,534 files, more than a zip without extensions holds")
        out.write(directory + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), len(directory), offset, 0))
    os.replace(temporary, target)
    pieces.prune()
    return len(central)
