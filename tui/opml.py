"""OPML 2.0 in and out: import adds feeds to feeds.toml keeping its comments."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import quoteattr

import tomlkit
from lxml import etree

from tui import __version__
from tui.config import ConfigError, parse
from tui.models import FeedConfig
from tui.text.clean import clean_field


class OPMLError(Exception):
    pass


def read_opml(path: Path) -> list[FeedConfig]:
    """The feeds an OPML file lists; a folder outline's text becomes a tag."""
    # No entities, no network, no huge trees: an OPML file is as untrusted as a feed.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             load_dtd=False, recover=False)
    try:
        root = etree.parse(str(path), parser).getroot()
    except OSError as e:
        raise OPMLError(f"{path}: cannot read ({e})") from None
    except etree.XMLSyntaxError as e:
        raise OPMLError(f"{path}:{e.lineno}: not valid OPML: {e.msg}") from None
    feeds: list[FeedConfig] = []

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
                feeds.append(FeedConfig(url=url, title=label or None, tags=tuple(tags)))
            else:
                walk(outline, folders + ((label,) if label else ()))

    body = root.find("body")
    walk(body if body is not None else root, ())
    return feeds


def import_opml(opml_path: Path, config_path: Path) -> tuple[int, int]:
    """Append the OPML's feeds to config_path; returns (added, skipped as duplicates)."""
    incoming = read_opml(opml_path)
    text = config_path.read_text(encoding="utf-8") if config_path.exists() else ""
    doc = tomlkit.parse(text)
    existing = {str(f.get("url", "")).rstrip("/") for f in doc.get("feeds", [])}
    if "feeds" not in doc:
        doc.append("feeds", tomlkit.aot())
    added = skipped = 0
    for feed in incoming:
        if feed.url.rstrip("/") in existing:
            skipped += 1
            continue
        table = tomlkit.table()
        table.add("url", feed.url)
        if feed.title:
            table.add("title", feed.title)
        if feed.tags:
            table.add("tags", list(feed.tags))
        doc["feeds"].append(table)
        existing.add(feed.url.rstrip("/"))
        added += 1
    new_text = tomlkit.dumps(doc)
    try:  # refuse to write a file akhbar itself would then reject
        parse(tomlkit.parse(new_text).unwrap(), config_path)
    except ConfigError as e:
        raise OPMLError(f"{opml_path}: {e.message}") from None
    config_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = config_path.with_suffix(".toml.tmp")
    tmp.write_text(new_text, encoding="utf-8")
    tmp.replace(config_path)
    return added, skipped


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
