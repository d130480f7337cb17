"""Our own date formats, read before Django's (``FORMAT_MODULE_PATH``); only what differs is here."""
