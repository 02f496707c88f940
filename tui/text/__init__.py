"""Pure text functions: cleaning, normalization, HTML to blocks, bidi layout."""
