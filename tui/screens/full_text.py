"""`f` on the main screen: the full article fetched once from its web page, then
toggled with the feed's text; what the status line says meanwhile."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from tui.i18n import _, translated
from tui.text.bidi import isolate

if TYPE_CHECKING:
    from tui.screens.main import MainScreen


def toggle_full_text(main: MainScreen) -> None:
    article = main.current_article()
    if article is None:
        return
    view = main.article_view
    if view.article is None or view.article.id != article.id:
        main.open_article(article)
    shown = view.article
    if shown is None:
        return
    if shown.full_text:
        view.show_full(not view.full)
        main.status.show_note(_("full article") if view.showing_full else _("the feed's text"))
    elif not shown.link:
        main.status.show_note(_("this article has no web page to fetch"), error=True)
    else:
        main.status.show_note(_("fetching the full article…"))
        main.akhbar.start_full_text(shown)


def full_text_fetched(main: MainScreen, article_id: int, error: str | None) -> None:
    view = main.article_view
    if view.article is None or view.article.id != article_id:
        main.status.show_note(None)
        return
    fresh = main.akhbar.library.store.article(article_id)
    if fresh is not None:
        view.article = replace(fresh, read=view.article.read, starred=view.article.starred)
        view.show_full(True)
    if error:
        main.status.show_note(_("full article failed: {error}").format(
            error=isolate(translated(error))),
                              error=True)
    else:
        main.status.show_note(_("full article"))
