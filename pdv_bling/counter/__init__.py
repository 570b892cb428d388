"""Services of the counter: recording sales, cancellations and exchanges, the basket being typed, the lookups and read-only views they use, the terminal's numbering."""
