"""Widgets of the feeds screen."""
