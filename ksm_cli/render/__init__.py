"""Renderers: they take results and draw them; they never load files or decide anything."""
