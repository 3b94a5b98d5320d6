"""Pages of another PDF drawn into a reportlab document, as Form XObjects (the case file's attachments).

pypdf reads the attachment; every object a page needs (its content and its resources: fonts, images, colour
spaces…) is copied into the reportlab document as it is, streams still encoded, so nothing is decoded and
re-encoded and the main document is never parsed again. A page is drawn upright (its /Rotate is applied) on a
page of its own visible size (CropBox). Annotations and form fields are not carried over: the archive keeps what
the page shows.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PageObject
from pypdf import generic as g
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFObjectReference, PDFStream

_PRIMITIVES = (g.NameObject, g.NumberObject, g.FloatObject, g.BooleanObject, g.NullObject, g.TextStringObject,
               g.ByteStringObject)


class UnsupportedObject(Exception):
    """An object of a kind a PDF page cannot hold (a broken or exotic file). facts: kind."""


def _raw(obj) -> bytes:
    buf = io.BytesIO()
    obj.write_to_stream(buf)
    return buf.getvalue()


def _walk(obj, seen: set) -> None:
    """Resolves every object reachable from ``obj`` (raises on a broken reference or an unknown kind)."""
    stack = [obj]
    while stack:
        o = stack.pop()
        if isinstance(o, g.IndirectObject):
            key = (o.idnum, o.generation)
            if key in seen:
                continue
            seen.add(key)
            target = o.get_object()
            if target is None:
                raise UnsupportedObject(f"dangling reference {key}")
            stack.append(target)
        elif isinstance(o, g.StreamObject):
            stack.extend(v for k, v in o.items() if k != "/Length")
        elif isinstance(o, g.DictionaryObject):
            stack.extend(o.values())
        elif isinstance(o, g.ArrayObject):
            stack.extend(o)
        elif not isinstance(o, _PRIMITIVES):
            raise UnsupportedObject(type(o).__name__)


def check_page(page: PageObject) -> None:
    """Raises if something the page shows cannot be read; run before committing to attach the file."""
    seen: set = set()
    for key in ("/Contents", "/Resources", "/Group"):
        if key in page:
            _walk(page.get(key), seen)
    _ = page.cropbox


@dataclass(frozen=True)
class ImportedPage:
    form: str  # the form's name in the reportlab document (for canvas.doForm)
    width: float  # of the upright page
    height: float
    matrix: tuple[float, float, float, float, float, float]  # maps the form's space onto the upright page


class Importer:
    """Copies pages of one attachment into a reportlab document; objects shared by several pages go in once."""

    def __init__(self, document, prefix: str):
        self.doc = document
        self.prefix = prefix
        self.names: dict[tuple[int, int], str] = {}
        self.count = 0

    def _convert(self, obj):
        if isinstance(obj, g.IndirectObject):
            key = (obj.idnum, obj.generation)
            name = self.names.get(key)
            if name is None:
                name = self.names[key] = f"{self.prefix}.{key[0]}.{key[1]}"
                self.doc.Reference(self._direct(obj.get_object(), top=True), name)
            return PDFObjectReference(name)
        return self._direct(obj)

    def _direct(self, obj, top: bool = False):
        if isinstance(obj, g.StreamObject):
            stream = self._stream(obj)
            if top:
                return stream
            name = f"{self.prefix}.s{self.count}"  # a stream must be an indirect object
            self.count += 1
            self.doc.Reference(stream, name)
            return PDFObjectReference(name)
        if isinstance(obj, g.DictionaryObject):
            return PDFDictionary({k[1:]: self._convert(v) for k, v in obj.items()})
        if isinstance(obj, g.ArrayObject):
            return PDFArray([self._convert(v) for v in obj])
        if isinstance(obj, _PRIMITIVES):
            return _raw(obj)
        raise UnsupportedObject(type(obj).__name__)

    def _stream(self, obj: g.StreamObject, extra: dict | None = None) -> PDFStream:
        d = {k[1:]: self._convert(v) for k, v in obj.items() if k != "/Length"}
        if extra:
            d.update(extra)
        encoded = isinstance(obj, g.EncodedStreamObject) and "/Filter" in obj
        # still-encoded data keeps its /Filter (reportlab then leaves it alone); plain data is compressed anew
        return PDFStream(PDFDictionary(d), obj._data if encoded else obj.get_data(), filters=None)

    def page(self, page: PageObject, number: int) -> ImportedPage:
        box = page.cropbox
        llx, lly, urx, ury = (float(v) for v in (box.left, box.bottom, box.right, box.top))
        w, h = urx - llx, ury - lly
        form = {
            "Type": b"/XObject", "Subtype": b"/Form", "FormType": 1,
            "BBox": PDFArray([llx, lly, urx, ury]), "Matrix": PDFArray([1, 0, 0, 1, 0, 0]),
            "Resources": self._convert(page["/Resources"]) if "/Resources" in page else PDFDictionary({}),
        }
        if "/Group" in page:
            form["Group"] = self._convert(page["/Group"])
        contents = page.get("/Contents")
        target = contents.get_object() if contents is not None else None
        if isinstance(target, g.StreamObject):
            stream = self._stream(target, form)
        else:
            parts = [c.get_object().get_data() for c in (target or [])]
            for k in [k for k in ("Filter", "DecodeParms") if k in form]:
                del form[k]
            stream = PDFStream(PDFDictionary(form), b"\n".join(parts), filters=None)
        name = f"{self.prefix}.page{number}"
        self.doc.addForm(name, stream)
        rotate = int(page.get("/Rotate", 0) or 0) % 360
        # move the visible box to the origin, then turn it as a viewer would (clockwise)
        if rotate == 90:
            matrix, size = (0, -1, 1, 0, -lly, w + llx), (h, w)
        elif rotate == 180:
            matrix, size = (-1, 0, 0, -1, w + llx, h + lly), (w, h)
        elif rotate == 270:
            matrix, size = (0, 1, -1, 0, h + lly, -llx), (h, w)
        else:
            matrix, size = (1, 0, 0, 1, -llx, -lly), (w, h)
        return ImportedPage(name, size[0], size[1], matrix)


def draw_page(canv, page: ImportedPage) -> None:
    canv.saveState()
    canv.transform(*page.matrix)
    canv.doForm(page.form)
    canv.restoreState()
