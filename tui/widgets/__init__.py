"""What the user sees. Widgets are given data and post messages; none opens the
database or the network."""
