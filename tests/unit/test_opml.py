from __future__ import annotations

from tests.support import write_config
from tui import config
from tui.cli import main


def test_export_then_import_into_an_empty_config_gives_the_same_feeds(tmp_path, capsys):
    source = write_config(tmp_path / "a.toml", [
        {"url": "https://a.example/rss", "title": "الجزيرة & co", "tags": ["أخبار", "world"]},
        {"url": "https://b.example/atom.xml", "title": "B <wire>"},
        {"url": "https://c.example/feed.json", "tags": ["tech"]},
    ])
    assert main(["--export-opml", "--config", str(source)]) == 0
    opml = capsys.readouterr().out
    assert opml.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">')
    (tmp_path / "out.opml").write_text(opml, encoding="utf-8")
    target = tmp_path / "b.toml"
    target.write_text("# my feeds, with a comment that must stay\n", encoding="utf-8")
    assert main(["--import-opml", str(tmp_path / "out.opml"), "--config", str(target)]) == 0
    assert f"added 3 feeds to {target}" in capsys.readouterr().out
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# my feeds, with a comment that must stay")
    before, after = config.load(source), config.load(target)
    assert [(f.url, f.tags) for f in after.feeds] == [(f.url, f.tags) for f in before.feeds]
    assert [f.title for f in after.feeds] == ["الجزيرة & co", "B <wire>",
                                              "https://c.example/feed.json"]
    # Importing again adds nothing.
    assert main(["--import-opml", str(tmp_path / "out.opml"), "--config", str(target)]) == 0
    assert "added 0 feeds" in capsys.readouterr().out
    assert len(config.load(target).feeds) == 3


def test_import_refuses_external_entities(tmp_path, capsys):
    opml = tmp_path / "x.opml"
    opml.write_text("""<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<opml version="1.0"><body><outline text="&secret;" xmlUrl="https://d.example/rss"/>
</body></opml>""", encoding="utf-8")
    target = tmp_path / "c.toml"
    assert main(["--import-opml", str(opml), "--config", str(target)]) == 2
    assert "external entity" in capsys.readouterr().err
    assert not target.exists() or "root:" not in target.read_text(encoding="utf-8")


def test_import_reads_folders_as_tags(tmp_path, capsys):
    opml = tmp_path / "x.opml"
    opml.write_text("""<?xml version="1.0"?>
<opml version="1.0"><body>
  <outline text="عربي">
    <outline text="D" xmlUrl="https://d.example/rss"/>
  </outline>
  <outline text="Plain" xmlUrl="https://e.example/rss" category="/tech/news"/>
</body></opml>""", encoding="utf-8")
    target = tmp_path / "c.toml"
    assert main(["--import-opml", str(opml), "--config", str(target)]) == 0
    feeds = config.load(target).feeds
    assert [(f.url, f.tags) for f in feeds] == [("https://d.example/rss", ("عربي",)),
                                                ("https://e.example/rss", ("tech", "news"))]


def test_import_of_a_broken_file_is_a_usage_error(tmp_path, capsys):
    bad = tmp_path / "bad.opml"
    bad.write_text("<opml><body><outline", encoding="utf-8")
    assert main(["--import-opml", str(bad), "--config", str(tmp_path / "c.toml")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"akhbar: {bad}:") and err.count("\n") == 1


OPML_WITH_FTP = """<?xml version="1.0"?>
<opml version="2.0"><body>
  <outline text="A" xmlUrl="https://a.example/rss"/>
  <outline text="Old FTP" xmlUrl="ftp://files.example/feed.xml"/>
  <outline text="B" xmlUrl="https://b.example/rss"/>
</body></opml>
"""


def test_a_bad_outline_is_skipped_and_named_the_rest_imported(tmp_path, capsys):
    opml = tmp_path / "subs.opml"
    opml.write_text(OPML_WITH_FTP, encoding="utf-8")
    target = tmp_path / "c.toml"
    target.write_text('[[feeds]]\nurl = "https://mine.example/rss"  # my own\n',
                      encoding="utf-8")
    assert main(["--import-opml", str(opml), "--config", str(target)]) == 0
    out, err = capsys.readouterr()
    assert out == f"added 2 feeds to {target}; 1 skipped\n"
    assert err == (f"akhbar: {opml}:4: skipped 'Old FTP' (ftp://files.example/feed.xml): "
                   "akhbar reads http:// and https:// feeds only\n")
    assert [f.url for f in config.load(target).feeds] == [
        "https://mine.example/rss", "https://a.example/rss", "https://b.example/rss"]
    text = target.read_text(encoding="utf-8")
    assert "# my own" in text
    # Every [[feeds]] block stands apart, the user's and the imported ones.
    assert text.count("\n\n[[feeds]]") == 2 and text.endswith('"\n')


def test_a_feed_given_as_opml_says_it_is_not_opml(tmp_path, capsys):
    from tests.support import fixture_bytes

    rss = tmp_path / "feed.xml"
    rss.write_bytes(fixture_bytes("arabic_rss.xml"))
    assert main(["--import-opml", str(rss), "--config", str(tmp_path / "c.toml")]) == 2
    err = capsys.readouterr().err
    assert err == (f"akhbar: {rss}: not an OPML file (it holds <rss>, not <opml>); "
                   "to follow a feed, add its url to feeds.toml\n")


def test_a_missing_file_is_named_once(tmp_path, capsys):
    missing = tmp_path / "nowhere.opml"
    assert main(["--import-opml", str(missing), "--config", str(tmp_path / "c.toml")]) == 2
    err = capsys.readouterr().err
    assert err == f"akhbar: {missing}: cannot read: No such file or directory\n"


def test_an_opml_without_feeds_says_so(tmp_path, capsys):
    opml = tmp_path / "empty.opml"
    opml.write_text('<opml version="2.0"><body><outline text="folder"/></body></opml>',
                    encoding="utf-8")
    target = tmp_path / "c.toml"
    assert main(["--import-opml", str(opml), "--config", str(target)]) == 0
    assert "the file lists no feeds" in capsys.readouterr().out
