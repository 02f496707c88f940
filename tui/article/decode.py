"""A web page's bytes → text, in the encoding the page is really in.

Order: a byte-order mark (it cannot lie; the HTML standard puts it first too),
then bytes that are valid UTF-8 and not plain ASCII are UTF-8 whatever a label
says (servers still send `charset=ISO-8859-1` by default, and Arabic in
windows-1256 is never valid UTF-8 by accident), then the HTTP charset, then
`<meta charset>` / `http-equiv`, then detection (charset-normalizer), then
UTF-8 with replacement characters. A label is used only when it names one of
the encodings web pages are written in: `unicode-escape`, `utf-7` or `rot13`
are Python codecs, not page encodings, and a page could use them to smuggle
controls. Latin-1 labels mean windows-1252, as in browsers.
"""

from __future__ import annotations

import codecs
import re

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
_WEB_ENCODINGS = frozenset(
    """utf-8 utf-16 utf-16-le utf-16-be cp1250 cp1251 cp1252 cp1253 cp1254 cp1255 cp1256
    cp1257 cp1258 cp874 cp866 iso8859-2 iso8859-3 iso8859-4 iso8859-5 iso8859-6 iso8859-7
    iso8859-8 iso8859-10 iso8859-13 iso8859-14 iso8859-15 iso8859-16 koi8-r koi8-u
    mac-cyrillic gbk gb2312 gb18030 big5 big5hkscs euc_jp shift_jis iso2022_jp euc_kr
    cp949 cp932 cp950""".split()
)
_AS_BROWSERS_DO = {"iso8859-1": "cp1252", "ascii": "cp1252",
                   "iso8859-9": "cp1254", "iso8859-11": "cp874", "gb2312": "gb18030",
                   "gbk": "gb18030", "utf-16": "utf-8", "utf-16-le": "utf-8",
                   "utf-16-be": "utf-8"}
"""Labels browsers read as another encoding (WHATWG Encoding): Latin-1 means
windows-1252, and a UTF-16 label in a page whose label could be read is wrong."""
_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.IGNORECASE)
_META = re.compile(rb"<meta\b[^>]{0,600}?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]{1,40})",
                   re.IGNORECASE)
META_SCAN_BYTES = 16 * 1024
"""Where a `<meta charset>` is looked for: the standard says 1 KB; pages put
scripts first, so a little more."""
DETECT_BYTES = 64 * 1024
"""Detection reads this much: enough to tell windows-1256 from ISO-8859-6."""


def encoding_label(label: str | bytes | None) -> str | None:
    """The Python codec for an encoding label, or None for a label that is not
    one of the web's encodings (garbage, `utf-7`, `unicode-escape` …)."""
    if isinstance(label, bytes):
        label = label.decode("ascii", "replace")
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except (LookupError, ValueError):
        return None
    name = _AS_BROWSERS_DO.get(name, name)
    return name if name in _WEB_ENCODINGS else None


def http_charset(content_type: str | None) -> str | None:
    """The codec named by a Content-Type header's charset parameter, if it is usable."""
    m = _CHARSET.search((content_type or "").encode("latin-1", "replace"))
    return encoding_label(m.group(1)) if m else None


def meta_charset(body: bytes) -> str | None:
    """The codec named by the page's `<meta charset>` or `http-equiv` Content-Type."""
    head = body[:META_SCAN_BYTES]
    for m in _META.finditer(head):
        found = encoding_label(m.group(1))
        if found:
            return found
    return None


def decode_page(body: bytes, content_type: str | None = None) -> str:
    """The page as text; never raises, never returns mojibake it could avoid."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body[len(bom):].decode(name, "replace")
    if not body.isascii():
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            pass
    if body.isascii():
        return body.decode("ascii")
    declared = [n for n in (http_charset(content_type), meta_charset(body)) if n and n != "utf-8"]
    for name in declared:
        try:
            return body.decode(name)
        except UnicodeDecodeError:
            continue
    # Nothing usable declared, or every label failed on some byte: ask detection,
    # and accept a few replacement characters rather than a wrong encoding.
    name = _detect(body) or (declared[0] if declared else "utf-8")
    return body.decode(name, "replace")


def _detect(body: bytes) -> str | None:
    from charset_normalizer import from_bytes  # only for pages that declare nothing usable

    best = from_bytes(body[:DETECT_BYTES]).best()
    return encoding_label(best.encoding) if best is not None else None
