"""The operator console: the answer in seconds while the caller is still on the line."""
