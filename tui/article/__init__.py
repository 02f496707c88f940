"""Full articles (SPEC §9): a web page's bytes → text → the article, cleaned.

`decode_page` and `extract` need no network; `tui.article.page` fetches
(through tui.fetch, so it loads aiohttp) and is imported from there:

    from tui.article.page import fetch_article, PageLimits, FullText
"""

from .decode import decode_page
from .extract import Extracted, blocks_html, extract

__all__ = ["Extracted", "blocks_html", "decode_page", "extract"]
