"""The stats screen's widgets."""
