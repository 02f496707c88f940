"""`akhbar --headlines --search` and `--digest --search` end to end: real server, store, CLI."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from conftest import write_config

from tui.cli import main


def rss(title: str, items: list[tuple[str, str, str]]) -> str:
    """items: (guid, title, description) published 1, 2, 3... hours ago."""
    now = datetime.now(UTC)
    parts = []
    for n, (guid, headline, body) in enumerate(items, start=1):
        when = format_datetime(now - timedelta(hours=n))
        parts.append(f"<item><guid>{guid}</guid><title>{headline}</title>"
                     f"<link>https://news.example/{guid}</link><pubDate>{when}</pubDate>"
                     f"<description><![CDATA[{body}]]></description></item>")
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>{title}</title><link>https://news.example/</link>"
            + "".join(parts) + "</channel></rss>")


def test_headlines_search_end_to_end(feed_server, tmp_path, capsys):
    a = feed_server.add("/a.xml", rss("صحيفة أ", [
        ("a1", "لافرُوف يصل إلى أنقرة", "<p>زيارة تستمر يومين</p>"),
        ("a2", "أمطار غزيرة على الساحل", "<p>قال <b>سيرجي</b> إن الطقس سيتحسن</p>"),
    ]))
    b = feed_server.add("/b.xml", rss("Harbour Wire", [
        ("b1", "Port workers end strike", "<p>Talks in Ankara with Lavrov</p>"),
        ("b2", "العلاقات بين ترکیا وسوریا", "<p>مباحثات</p>"),
    ]))
    config = write_config(tmp_path / "feeds.toml", [
        {"url": a, "tags": ["عربي"]}, {"url": b, "tags": ["world"]}])

    def run(*args: str) -> list[list[str]]:
        assert main(["--headlines", "--config", str(config), *args]) == 0
        return [line.split("\t") for line in capsys.readouterr().out.splitlines()]

    assert [r[2] for r in run("--search", "لافروف")] == ["لافرُوف يصل إلى أنقرة"]
    assert [r[2] for r in run("--offline", "--search", "تركيا وسوريا")] == [
        "العلاقات بين ترکیا وسوریا"]
    assert run("--offline", "--search", "سيرغي") == []
    assert [r[2] for r in run("--offline", "--search", "سيرجي")] == ["أمطار غزيرة على الساحل"]
    assert [r[2] for r in run("--offline", "--search", "ankara OR أنقرة tag:world")] == [
        "Port workers end strike"]
    assert len(run("--offline", "--search", '"unbalanced NEAR(')) == 0
    rows = run("--offline", "--search", "أنقرة OR ankara", "--sort", "rank")
    assert rows[0][2] == "لافرُوف يصل إلى أنقرة"  # a title hit outranks a body hit

    assert main(["--digest", "--json", "--offline", "--config", str(config),
                 "--search", "strike"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [a["title"] for g in doc["groups"] for a in g["articles"]] == [
        "Port workers end strike"]
