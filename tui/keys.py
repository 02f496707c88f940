"""The reader's keys, one table: the main screen's bindings and footer, the help
screen and the command palette are all built from it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Key:
    keys: str
    """The key as Textual names it or, with no action, as the help spells it."""
    action: str
    """The main screen's action ("" for keys a widget handles itself)."""
    title: str
    help: str
    footer: bool = False
    """Shown in the footer."""
    narrow: bool = False
    """Shown in the footer under 100 columns, where there is room for fewer keys."""


KEYS: tuple[Key, ...] = (
    Key("j/k, ↓/↑", "", "Next / previous", "move in the focused list"),
    Key("enter", "", "Open", "open the article in the detail pane (marks it read)"),
    Key("→/←, l/h", "", "Expand / collapse",
        "by story: show / hide a story's other sources (enter shows them too)"),
    Key("space", "page_article(1)", "Page down", "scroll the article one page down"),
    Key("pagedown", "page_article(1)", "Page down", "scroll the article one page down"),
    Key("pageup", "page_article(-1)", "Page up", "scroll the article one page up"),
    Key("tab", "next_pane(1)", "Feeds", "feeds, headlines, article (shift+tab back); "
        "narrow: pick a feed or tag", narrow=True),
    Key("r", "toggle_read", "Read", "toggle read (on a story row: the whole story)", True,
        True),
    Key("s", "toggle_star", "Star", "toggle starred", True, True),
    Key("A", "mark_all_read", "All read",
        "mark everything in this view read (by story: whole stories)"),
    Key("u", "toggle_unread", "Unread", "show only unread / all", True),
    Key("R", "refresh", "Refresh", "refresh all feeds now", True),
    Key("slash", "search", "Search", "search (Arabic-aware); escape clears", True, True),
    Key("o", "open_link", "Browser", "open the link in the browser (http/https only)"),
    Key("y", "copy_link", "Copy link", "copy the article's link"),
    Key("g", "group", "Stories", "group by story: one row a story, “+N sources” / ungroup"),
    Key("f", "full_text", "Full article",
        "full article: fetch its web page once, then toggle it / the feed's text"),
    Key("M", "show_muted", "Muted",
        "show the muted articles in this view for a moment, marked M"),
    Key("ctrl+s", "", "Save search", "in the search box: save the query as a feed"),
    Key("b", "cycle_bidi", "Bidi", "Arabic display: auto → on → off", True),
    Key("question_mark", "help", "Help", "this help", True, True),
    Key("escape", "back", "Back", "back to the list / clear the search"),
    Key("q", "quit", "Quit", "quit", True, True),
)


def key_label(key: str) -> str:
    return {"slash": "/", "question_mark": "?"}.get(key, key)
