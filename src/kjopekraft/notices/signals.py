"""Signals other apps listen to, so that the notices app does not depend on them."""

from django.dispatch import Signal

# Sent after an ingest has stored notices, with ``procedure_ids``: the procedures whose notices
# changed, and ``workers``: how many processes the receiver may use for its own work.
notices_stored = Signal()
