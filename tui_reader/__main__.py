"""``python -m tui_reader`` runs the newsread command line."""

from tui_reader.launch import main

main()
