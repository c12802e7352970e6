"""Bisik's cryptographic core: pure functions and value types on PyNaCl and stdlib hmac/hashlib.

No I/O, no Qt, no requests, and no imports from the rest of `app`. Modules: `keys`, `kdf`, `aead`,
`x3dh`, `ratchet`, `sealed` (sealed sender + padding), `safety`, and `errors`.
"""
