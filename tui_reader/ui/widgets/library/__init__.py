"""Widgets of the library screen: the Line-API article list and its columns."""
