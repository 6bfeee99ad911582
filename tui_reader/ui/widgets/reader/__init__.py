"""Widgets of the reader screen: the Line-API article view and its parts."""
