"""The reader's keys, one table: the main screen's bindings and footer, the help
screen and the command palette are all built from it."""

from __future__ import annotations

from dataclasses import dataclass

from tui.i18n import N_


@dataclass(frozen=True)
class Key:
    keys: str
    """The key as Textual names it or, with no action, as the help spells it."""
    action: str
    """The main screen's action ("" for keys a widget handles itself)."""
    title: str
    """Marked for the catalog; translated where shown (`_(key.title)`)."""
    help: str
    footer: bool = False
    """Shown in the footer."""
    narrow: bool = False
    """Shown in the footer under 100 columns, where there is room for fewer keys."""


KEYS: tuple[Key, ...] = (
    Key("j/k, ↓/↑", "", N_("Next / previous"), N_("move in the focused list")),
    Key("enter", "", N_("Open"), N_("open the article in the detail pane (marks it read)")),
    Key("→/←, l/h", "", N_("Expand / collapse"),
        N_("by story: show / hide a story's other sources (enter shows them too)")),
    Key("space", "page_article(1)", N_("Page down"), N_("scroll the article one page down")),
    Key("pagedown", "page_article(1)", N_("Page down"), N_("scroll the article one page down")),
    Key("pageup", "page_article(-1)", N_("Page up"), N_("scroll the article one page up")),
    Key("tab", "next_pane(1)", N_("Feeds"), N_("feeds, headlines, article (shift+tab back); "
        "narrow: pick a feed or tag"), narrow=True),
    Key("r", "toggle_read", N_("Read"), N_("toggle read (on a story row: the whole story)"),
        True, True),
    Key("s", "toggle_star", N_("Star"), N_("toggle starred"), True, True),
    Key("A", "mark_all_read", N_("All read"),
        N_("mark everything in this view read (by story: whole stories)")),
    Key("u", "toggle_unread", N_("Unread"), N_("show only unread / all"), True),
    Key("R", "refresh", N_("Refresh"), N_("refresh all feeds now"), True),
    Key("slash", "search", N_("Search"), N_("search (Arabic-aware); escape clears"), True,
        True),
    Key("o", "open_link", N_("Browser"), N_("open the link in the browser (http/https only)")),
    Key("y", "copy_link", N_("Copy link"), N_("copy the article's link")),
    Key("g", "group", N_("Stories"),
        N_("group by story: one row a story, “+N sources” / ungroup")),
    Key("f", "full_text", N_("Full article"),
        N_("full article: fetch its web page once, then toggle it / the feed's text")),
    Key("M", "show_muted", N_("Muted"),
        N_("show the muted articles in this view for a moment, marked M")),
    Key("ctrl+s", "", N_("Save search"), N_("in the search box: save the query as a feed")),
    Key("b", "cycle_bidi", N_("Bidi"), N_("Arabic display: auto → on → off"), True),
    Key("question_mark", "help", N_("Help"), N_("this help"), True, True),
    Key("escape", "back", N_("Back"), N_("back to the list / clear the search")),
    Key("q", "quit", N_("Quit"), N_("quit"), True, True),
)


def key_label(key: str) -> str:
    return {"slash": "/", "question_mark": "?"}.get(key, key)
