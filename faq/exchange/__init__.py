"""Import and export of FAQ entries (JSON and CSV); the format is in docs/import-format.md."""
