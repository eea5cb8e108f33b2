"""Settings files that cannot be read, each in its own way; the app and the command line must
name the file in one line and change nothing."""

BROKEN_SETTINGS = {
    "not-toml": b'lang = "nl\n',
    "not-utf-8": b"\xff\xfelang = 'nl'\n",
    "nested-too-deeply": b"a = " + b"[" * 5000 + b"]" * 5000,
    "wrong-value": b'retention_months = "many"\n',
}
