"""The relay server: FastAPI on uvicorn over a `RelayStore` (SQLite by default). Imports app.wire
only from the rest of Bisik; see docs/relay-api.md for the HTTP API."""
