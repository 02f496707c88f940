from tui.text.html import Block, Body, html_to_blocks


def test_structure_links_and_drops() -> None:
    html = """<h2>عنوان</h2><p>نص <a href="/a">رابط</a> و<a href="/a">مرة أخرى</a>
    و<a href="javascript:alert(1)">خبيث</a>.</p><ul><li>أول</li><li>ثان</li></ul>
    <blockquote><p>اقتباس</p></blockquote><pre>x  = 1\n  y</pre>
    <script>bad()</script><style>p{}</style><form>f</form><noscript>n</noscript>
    <img src="https://x.org/p.gif" width="1" height="1" alt="pixel">
    <img src="https://feeds.feedburner.com/~r/x/~4/y" alt="fb"><img src="a.jpg">"""
    body = html_to_blocks(html, "https://site.example/news/")
    assert body.links == ("https://site.example/a",)
    assert body.blocks == (
        Block("h", "عنوان"),
        Block("p", "نص رابط [1] ومرة أخرى [1] وخبيث."),
        Block("li", "أول"),
        Block("li", "ثان"),
        Block("quote", "اقتباس"),
        Block("pre", "x  = 1\n  y"),
    )


def test_plain_text_paragraphs() -> None:
    body = html_to_blocks("فقرة أولى.\n\nفقرة ثانية\nتكمل هنا.\n\n- بند")
    assert [b.text for b in body.blocks] == ["فقرة أولى.", "فقرة ثانية تكمل هنا.", "بند"]
    assert body.blocks[-1].kind == "li"


def test_garbage_never_raises() -> None:
    for junk in [
        "",
        None,
        "<",
        "<<>>",
        "\x00<p>\x00",
        "<p>" * 50_000,
        "<" * 10_000,
        '<?xml version="1.0" encoding="utf-8"?><p>x</p>',
        "\ud800<b>",
        "&#0;&#x1b;",
        "<a href='http://[::1'>x</a>",
        "x" * 3_000_000,
    ]:
        assert isinstance(html_to_blocks(junk), Body)
    # HTML maps &#x9b; to "›" (windows-1252), not to the C1 control.
    assert html_to_blocks("<p>&#x1b;[31mأحمر&#x9b;</p>").blocks[0].text == "أحمر›"
