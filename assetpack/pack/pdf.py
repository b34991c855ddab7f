"""A PDF of PNG pages, written page by page.

Each page is one image that fills it: the PNG's compressed pixels go into the PDF as they are
(Flate with PNG predictors, which PDF reads natively), so no page is decoded or compressed
again and the PDF is lossless. img2pdf does the same but builds the whole document in memory
first: 24 MB of pages, held twice, for a 1,050-asset proof, growing with the batch. Here one
page is in memory at a time. No date and no random id: the same pages give the same bytes.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# PNG colour types this writer embeds: grey and RGB, 8 bits, not interlaced (what Pillow
# writes for an "L" or "RGB" image).
_COLOR_SPACES = {0: ("/DeviceGray", 1), 2: ("/DeviceRGB", 3)}
# Objects written after the pages, numbered first: the catalog, the page tree, the info.
_CATALOG, _PAGES, _INFO = 1, 2, 3


def _png_image(data: bytes, source: Path) -> tuple[int, int, str, int, bytes]:
    """(width, height, colour space, components, the concatenated IDAT data) of a PNG."""
    if not data.startswith(PNG_SIGNATURE):
        raise ValueError(f"{source} is not a PNG")
    offset, header, idat = len(PNG_SIGNATURE), b"", []
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat.append(body)
        offset += 12 + length  # length, type, data, CRC
    if len(header) < 13:
        raise ValueError(f"{source}: a PNG without its header (IHDR)")
    width, height, depth, color_type, _, _, interlace = struct.unpack(">IIBBBBB", header[:13])
    if depth != 8 or interlace or color_type not in _COLOR_SPACES:
        raise ValueError(f"{source}: only 8-bit grey or RGB PNGs, not interlaced, can be embedded")
    space, components = _COLOR_SPACES[color_type]
    return width, height, space, components, b"".join(idat)


def _number(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".")


def _text(value: str) -> str:
    """A PDF text string: UTF-16 with its byte order mark, in hex, so any title is safe."""
    return "<FEFF" + value.encode("utf-16-be").hex().upper() + ">"


class _Writer:
    def __init__(self, out: BinaryIO) -> None:
        self._out = out
        self._offsets: dict[int, int] = {}
        self._next = _INFO + 1
        out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")

    def reserve(self) -> int:
        self._next += 1
        return self._next - 1

    def write(self, number: int, body: str, stream: bytes | None = None) -> None:
        self._offsets[number] = self._out.tell()
        self._out.write(f"{number} 0 obj\n{body}\n".encode("ascii"))
        if stream is not None:
            self._out.write(b"stream\n" + stream + b"\nendstream\n")
        self._out.write(b"endobj\n")

    def finish(self) -> None:
        start = self._out.tell()
        count = max(self._offsets) + 1
        lines = [f"xref\n0 {count}\n", "0000000000 65535 f \n"]
        lines += [f"{self._offsets[n]:010d} 00000 n \n" for n in range(1, count)]
        lines.append(f"trailer\n<< /Size {count} /Root {_CATALOG} 0 R /Info {_INFO} 0 R >>\n")
        lines.append(f"startxref\n{start}\n%%EOF\n")
        self._out.write("".join(lines).encode("ascii"))


def write_pdf(path: Path, pages: Iterable[Path], *, dpi: float, title: str, creator: str) -> None:
    """Write `pages` (PNG files, in order) to `path`, each on a page of its size at `dpi`."""
    with path.open("wb") as out:
        pdf = _Writer(out)
        kids = []
        for page in pages:
            width, height, space, components, pixels = _png_image(page.read_bytes(), page)
            image, content, number = pdf.reserve(), pdf.reserve(), pdf.reserve()
            pdf.write(
                image,
                f"<< /Type /XObject /Subtype /Image /Width {width} /Height {height} "
                f"/ColorSpace {space} /BitsPerComponent 8 /Filter /FlateDecode "
                f"/DecodeParms << /Predictor 15 /Colors {components} /BitsPerComponent 8 "
                f"/Columns {width} >> /Length {len(pixels)} >>",
                pixels,
            )
            w, h = _number(width * 72 / dpi), _number(height * 72 / dpi)
            drawing = f"q {w} 0 0 {h} 0 0 cm /Im0 Do Q".encode("ascii")
            pdf.write(content, f"<< /Length {len(drawing)} >>", drawing)
            pdf.write(
                number,
                f"<< /Type /Page /Parent {_PAGES} 0 R /MediaBox [0 0 {w} {h}] "
                f"/Resources << /XObject << /Im0 {image} 0 R >> >> /Contents {content} 0 R >>",
            )
            kids.append(f"{number} 0 R")
        pdf.write(_CATALOG, f"<< /Type /Catalog /Pages {_PAGES} 0 R >>")
        pdf.write(_PAGES, f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>")
        pdf.write(
            _INFO,
            f"<< /Title {_text(title)} /Producer {_text(creator)} /Creator {_text(creator)} >>",
        )
        pdf.finish()
