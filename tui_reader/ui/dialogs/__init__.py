"""Modal dialogs: editors, confirmation, tag filter, add, help."""
