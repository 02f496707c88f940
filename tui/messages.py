"""App-level messages: what the background refresh reports to the app.

Widget messages (a headline chosen, a feed picked) live on their widgets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

from tui.models import RefreshSummary

if TYPE_CHECKING:  # tui.refresh pulls in httpx and feedparser: not needed for a first frame
    from tui.refresh import Progress


class RefreshStarted(Message):
    """A refresh of `total` feeds began."""

    def __init__(self, total: int, force: bool) -> None:
        super().__init__()
        self.total = total
        self.force = force


class RefreshProgress(Message):
    """One more feed is done. Bursts collapse: only the latest count matters,
    per-feed errors arrive complete in RefreshFinished."""

    def __init__(self, progress: Progress) -> None:
        super().__init__()
        self.progress = progress

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, RefreshProgress)


class RefreshFinished(Message):
    """The refresh ended: `summary` when it ran, `failure` when it could not run at all."""

    def __init__(self, summary: RefreshSummary | None, failure: str | None = None) -> None:
        super().__init__()
        self.summary = summary
        self.failure = failure


class SearchFinished(Message):
    """Ids matching `text`, newest first (None: the search failed with `failure`)."""

    def __init__(self, text: str, ids: list[int] | None, failure: str | None = None) -> None:
        super().__init__()
        self.text = text
        self.ids = ids
        self.failure = failure


class CountsLoaded(Message):
    """Unread counts per feed URL and of starred articles, counted off the UI thread."""

    def __init__(self, counts: dict[str, int], starred_unread: int) -> None:
        super().__init__()
        self.counts = counts
        self.starred_unread = starred_unread

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, CountsLoaded)


class FullTextFetched(Message):
    """An article's web page was fetched (`f`): its full text is stored, or `error` says
    why there is none."""

    def __init__(self, article_id: int, error: str | None) -> None:
        super().__init__()
        self.article_id = article_id
        self.error = error
