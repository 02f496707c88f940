"""A web page's HTML → the article it carries, as blocks, cleaned like feed text.

trafilatura finds the article (the best-measured open-source extractor; it
does not depend on the page's language) and hands back its paragraphs,
headings, lists and quotes as HTML; tui.text.html turns that into blocks
(controls, shortcodes, scripts, forms and iframes go there, as for feed text).
Then akhbar's own rule, which no extractor knows: an Arabic news article ends
at its trailer (المصدر, كلمات دلالية, related articles …); what follows is
another article or a list of them. A "read also" pointer inside the text is a
box to step over, not the end.

The stored form is `Extracted.html`: plain `<p>`/`<h2>`/`<ul>` HTML of the
cleaned blocks, so whatever renders or indexes a feed's HTML body (the detail
pane, the digest lead, the search index) takes a full article unchanged.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass

from tui.text.blocks import Block, Body
from tui.text.clean import clean_field, is_read_also, strip_controls, trailer_kind
from tui.text.html import html_to_blocks
from tui.text.normalize import normalize

MAX_PAGE_CHARS = 3_000_000
"""Longer pages are cut before parsing: an article is never this far down a page."""


@dataclass(frozen=True, slots=True)
class Extracted:
    """The article found on a page (an empty body when there was none)."""

    title: str | None
    """The page's own headline (og:title, else its h1, else <title>), if any."""
    body: Body
    """Cleaned blocks, in reading order, ending before the trailer."""

    @property
    def blocks(self) -> tuple[Block, ...]:
        return self.body.blocks

    @property
    def text(self) -> str:
        """Plain logical text, blocks separated by blank lines."""
        return self.body.text

    @property
    def html(self) -> str:
        """The form to store: html_to_blocks(html) gives these blocks back."""
        return blocks_html(self.body.blocks)


def extract(page: str, url: str | None = None) -> Extracted:
    """The article of a decoded page. Never raises: a page with no article
    (or one that breaks the parser) gives an empty body."""
    try:
        return _extract(page, url)
    except Exception:  # noqa: BLE001 - a hostile page must not break a refresh
        return Extracted(None, Body())


def _extract(page: str, url: str | None) -> Extracted:
    import trafilatura  # 0.25 s to import: only once a page is read
    from lxml import etree

    # lxml refuses NUL and friends; escape sequences go before they can be split
    # by the parser into harmless-looking text (references are stripped later).
    text = strip_controls(_CHAR_REF.sub(_char_ref, page[:MAX_PAGE_CHARS]))
    tree = trafilatura.load_html(text)
    if tree is None:
        return Extracted(None, Body())
    title = _title(tree)
    # Fast and precise first: no comparison with readability and jusText, no
    # recall retries, on the tree without the parts trafilatura deletes first
    # anyway; its whole cascade, on the whole page, runs only when that finds
    # no article (measured per 100 KB page: 3 ms against 6.4 ms for the fast
    # pass on the whole tree and 25 ms for the cascade).
    etree.strip_elements(tree, *NEVER_ARTICLE, with_tail=False)
    for script in [s for s in tree.iter("script") if s.get("type") != _FORUM_DATA]:
        script.drop_tree()  # its tail stays
    for fast in (True, False):
        found = _trafilatura_html(trafilatura, tree if fast else trafilatura.load_html(text),
                                  url, fast)
        blocks = article_blocks(html_to_blocks(found, url).blocks, title) if found else []
        # A menu or a list of headlines is not an article.
        if any(_is_paragraph(b) for b in blocks):
            return Extracted(title, Body(tuple(blocks)))
    return Extracted(title, Body())


NEVER_ARTICLE = ("style", "noscript", "nav", "aside", "footer",
                 "menu", "iframe", "object", "embed", "svg", "canvas", "video", "audio",
                 "select", "textarea", "button")
"""Elements trafilatura deletes before it looks for the article (its MANUALLY_CLEANED):
deleted here straight after parsing, so that its copies of the tree and its scans
for comments and infinite-scroll boxes walk half the page. Their tails stay, as
trafilatura keeps them. Forms stay: a page wrapped in one <form> is its article.
Scripts go too, but for the JSON-LD that tells trafilatura a page is a forum thread."""
_FORUM_DATA = "application/ld+json"


def _trafilatura_html(trafilatura, tree, url: str | None, fast: bool) -> str | None:
    """The article trafilatura finds in `tree`, as its simple HTML, or None.

    `bare_extraction` rather than `extract`: `extract` also computes a content
    fingerprint for HTML output (a simhash, 2 ms a page) that akhbar never uses."""
    from trafilatura.htmlprocessing import build_html_output

    document = trafilatura.bare_extraction(
        tree, url=url, output_format="html", fast=fast, favor_precision=fast,
        include_comments=False, include_tables=True, include_images=False, include_links=False,
        include_formatting=False, with_metadata=False, deduplicate=False,
    )
    return build_html_output(document) if document is not None else None


_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")


def _char_ref(m: re.Match[str]) -> str:
    """A reference to a control (`&#x1b;`) becomes the control, so that
    strip_controls takes the whole escape sequence with it (libxml2 would keep
    it, and trafilatura then fails on the tree). C1 references mean
    windows-1252 characters, as the HTML standard reads them."""
    code = int(m.group(1), 16) if m.group(1) else int(m.group(2))
    if 0x80 <= code <= 0x9F:
        return bytes([code]).decode("cp1252", "ignore")
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return ""
    return chr(code) if code < 0x20 or code == 0x7F else m.group(0)


def _title(tree) -> str | None:
    for path in ('//meta[@property="og:title"]/@content', "//h1", "//title"):
        for found in tree.xpath(path)[:1]:
            value = found if isinstance(found, str) else found.text_content()
            value = clean_field(value)
            if value:
                return value[:500]
    return None


# --- akhbar's cleaning of the extracted blocks -----------------------------------

_SHARE_WORDS = frozenset(
    normalize(w)
    for w in """شارك شاركها مشاركة المقال الخبر عبر على فيسبوك فيس بوك تويتر إكس واتساب واتس آب
    تلغرام تيليجرام تليجرام لينكدإن لينكد إن انستغرام بريد إلكتروني البريد الإلكتروني طباعة نسخ
    الرابط share this article on facebook twitter x whatsapp telegram linkedin email e-mail print
    copy link pinterest reddit""".split()
)
_WORD = re.compile(r"\w+")
_ENDS_SENTENCE = re.compile(r"[.!…:؛][\"'”»’)\]]*\s*$")
_MENU_SEP = re.compile(r"\s[-|•·/»›>]\s|\s*\|\s*")
_SHARE_START = 40
POINTER_WORDS = 20
"""A block this short after a "read also" label is the headline it points to."""


def article_blocks(blocks: tuple[Block, ...] | list[Block], title: str | None) -> list[Block]:
    """The article's own blocks: a repeated title, share bars and "read also"
    boxes dropped, and nothing from the first source/tags/related trailer on.
    A trailer above the article's first paragraph ("المصدر: وكالات") is dropped,
    not taken for the end."""
    out: list[Block] = []
    i = _start(blocks, title)
    while i < len(blocks):
        block = blocks[i]
        kind = trailer_kind(block.text)
        if kind is None:
            lead_in = not any(_is_paragraph(b) for b in out)
            if not (_is_share_bar(block.text) or (lead_in and _is_menu(block.text))):
                out.append(Block(block.kind, block.text))
            i += 1
            continue
        if is_read_also(block.text):
            if kind == "block":
                i += 1  # "اقرأ أيضا: <headline>" inline: step over it
                continue
            j = i + 1
            while j < len(blocks) and _is_pointer(blocks[j]):
                j += 1
            if j < len(blocks) and _is_paragraph(blocks[j]):
                i = j  # a label, the headlines it points to (if kept), and the text goes on
                continue
        if not any(_is_paragraph(b) for b in out):
            i += 1
            continue
        break
    return out


def _start(blocks, title: str | None) -> int:
    """After the page's headline when the extractor kept it (and the menu or
    breadcrumbs above it), else the first block."""
    if not title:
        return 0
    ntitle = normalize(title)
    for i, block in enumerate(blocks):
        if _is_paragraph(block) and len(block.text.split()) > POINTER_WORDS:
            break
        text = normalize(block.text)
        if text == ntitle or (block.kind == "h" and len(text) >= 15 and text in ntitle):
            return i + 1
    return 0


def _is_menu(text: str) -> bool:
    """A row of links ("الرئيسية - محليات - رياضة"), above the article."""
    parts = [p for p in _MENU_SEP.split(text) if p.strip()]
    return len(parts) >= 3 and all(len(p.split()) <= 3 for p in parts)


def _is_pointer(block: Block) -> bool:
    """A headline a "read also" label points to: short, no full stop."""
    return (block.kind != "h" and len(block.text.split()) <= POINTER_WORDS
            and not _ENDS_SENTENCE.search(block.text) and trailer_kind(block.text) is None)


def _is_paragraph(block: Block) -> bool:
    """Running text: long, or a sentence of some length (a headline is neither)."""
    words = len(block.text.split())
    return block.kind in ("p", "quote") and (
        words > POINTER_WORDS or (words > POINTER_WORDS // 2
                                  and bool(_ENDS_SENTENCE.search(block.text))))


def _is_share_bar(text: str) -> bool:
    if len(text) > _SHARE_START:
        # Most blocks are running text: its first word says so, no need to fold it all.
        words = _WORD.findall(normalize(text[:_SHARE_START]))
        if len(words) > 1 and words[0] not in _SHARE_WORDS:
            return False
    words = _WORD.findall(normalize(text))
    return bool(words) and len(words) <= 16 and all(w in _SHARE_WORDS for w in words)


# --- the stored form -------------------------------------------------------------

_TAG = {"p": "p", "h": "h2", "quote": "blockquote", "pre": "pre"}


def blocks_html(blocks: tuple[Block, ...] | list[Block]) -> str:
    """Blocks as plain HTML that html_to_blocks reads back into the same blocks."""
    out: list[str] = []
    in_list = False
    for block in blocks:
        if (block.kind == "li") != in_list:
            out.append("<ul>" if not in_list else "</ul>")
            in_list = not in_list
        text = html_lib.escape(block.text, quote=False)
        tag = "li" if in_list else _TAG.get(block.kind, "p")
        out.append(f"<{tag}>{text}</{tag}>")
    if in_list:
        out.append("</ul>")
    return "\n".join(out)
