"""Widgets of the highlights browser."""
