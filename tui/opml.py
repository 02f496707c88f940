"""OPML 2.0 in and out: import adds feeds to feeds.toml keeping its comments."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import quoteattr

import tomlkit
from lxml import etree

from tui import __version__
from tui.config import ConfigError, parse
from tui.i18n import _
from tui.models import FeedConfig
from tui.text.clean import clean_field


class OPMLError(Exception):
    pass


@dataclass(frozen=True)
class Outline:
    """A feed an OPML file lists, with where it stands in the file."""

    feed: FeedConfig
    line: int | None


@dataclass(frozen=True)
class Imported:
    """What an import did: counts, and the outlines left out with why."""

    added: int
    duplicates: int
    skipped: tuple[str, ...] = ()
    """One line each: `file:line: the outline, why it was not imported`."""


def _parse(path: Path) -> etree._Element:
    # No entities, no network, no huge trees: an OPML file is as untrusted as a feed.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             load_dtd=False, recover=False)
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise OPMLError(_("{path}: cannot read: {error}").format(
            path=path, error=e.strerror or e)) from None
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as e:
        raise OPMLError(_("{path}: not valid OPML: {error}").format(path=f"{path}:{e.lineno}",
                                                                  error=e.msg)) from None
    if root is None or not isinstance(root.tag, str) or etree.QName(root).localname != "opml":
        what = etree.QName(root).localname if root is not None else "nothing"
        hint = _("; to follow a feed, add its url to feeds.toml") if what in (
            "rss", "feed", "RDF") else ""
        raise OPMLError(_("{path}: not an OPML file (it holds <{what}>, not <opml>)").format(
            path=path, what=what) + hint)
    return root


def read_outlines(path: Path) -> list[Outline]:
    """The feeds an OPML file lists; a folder outline's text becomes a tag."""
    root = _parse(path)
    found: list[Outline] = []

    def walk(node, folders: tuple[str, ...]) -> None:
        for outline in node.iterchildren("outline"):
            # Titles and folders end up in feeds.toml and on screen: no controls.
            url = clean_field(outline.get("xmlUrl") or outline.get("xmlurl"))
            label = clean_field(outline.get("title") or outline.get("text"))
            if url:
                tags = list(folders)
                for raw in clean_field(outline.get("category")).replace("/", ",").split(","):
                    if raw.strip() and raw.strip() not in tags:
                        tags.append(raw.strip())
                found.append(Outline(FeedConfig(url=url, title=label or None,
                                                tags=tuple(tags)), outline.sourceline))
            else:
                walk(outline, folders + ((label,) if label else ()))

    body = root.find("body")
    walk(body if body is not None else root, ())
    return found


def _unreadable(feed: FeedConfig) -> str | None:
    """Why akhbar could not follow this feed, or None."""
    parts = urlsplit(feed.url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return _("akhbar reads http:// and https:// feeds only")
    return None


def _feed_toml(feed: FeedConfig) -> str:
    table = tomlkit.table()
    table.add("url", feed.url)
    if feed.title:
        table.add("title", feed.title)
    if feed.tags:
        table.add("tags", list(feed.tags))
    doc = tomlkit.document()
    doc.append("feeds", tomlkit.aot())
    doc["feeds"].append(table)
    return tomlkit.dumps(doc).strip() + "\n"


def import_opml(opml_path: Path, config_path: Path) -> Imported:
    """Append the OPML's feeds to config_path, one blank line before each; an outline
    akhbar cannot follow is skipped and named, the others are imported."""
    outlines = read_outlines(opml_path)
    text = config_path.read_text(encoding="utf-8") if config_path.exists() else ""
    try:
        feeds = tomlkit.parse(text).unwrap().get("feeds", [])
    except tomlkit.exceptions.ParseError as e:
        raise OPMLError(_("{path}: bad TOML, fix it first: {error}").format(
            path=config_path, error=e)) from None
    existing = {str(f.get("url", "")).rstrip("/") for f in feeds if isinstance(f, dict)}
    blocks: list[str] = []
    duplicates = 0
    skipped: list[str] = []
    for outline in outlines:
        feed = outline.feed
        if feed.url.rstrip("/") in existing:
            duplicates += 1
            continue
        if why := _unreadable(feed):
            where = f"{opml_path}:{outline.line}" if outline.line else str(opml_path)
            name = f"{feed.title!r} ({feed.url})" if feed.title else feed.url
            skipped.append(_("{where}: skipped {name}: {why}").format(where=where, name=name,
                                                                           why=why))
            continue
        blocks.append(_feed_toml(feed))
        existing.add(feed.url.rstrip("/"))
    if not blocks:
        return Imported(0, duplicates, tuple(skipped))
    head = text.rstrip("\n") + "\n\n" if text.strip() else ""
    new_text = head + "\n".join(blocks)
    try:  # refuse to write a file akhbar itself would then reject
        parse(tomlkit.parse(new_text).unwrap(), config_path)
    except ConfigError as e:
        raise OPMLError(f"{opml_path}: {e.message}") from None
    config_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = config_path.with_suffix(".toml.tmp")
    tmp.write_text(new_text, encoding="utf-8")
    tmp.replace(config_path)
    return Imported(len(blocks), duplicates, tuple(skipped))


def export_opml(feeds: list[tuple[FeedConfig, str]]) -> str:
    """OPML 2.0 for (feed, display title) pairs; tags become the category attribute."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        f"  <head><title>akhbar feeds</title><docs>http://opml.org/spec2.opml</docs>"
        f"<generator>akhbar {__version__}</generator></head>",
        "  <body>",
    ]
    for feed, title in feeds:
        attrs = f'type="rss" text={quoteattr(title)} title={quoteattr(title)} ' \
                f"xmlUrl={quoteattr(feed.url)}"
        if feed.tags:
            attrs += f" category={quoteattr(','.join(feed.tags))}"
        lines.append(f"    <outline {attrs}/>")
    lines += ["  </body>", "</opml>"]
    return "\n".join(lines) + "\n"
