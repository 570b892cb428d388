"""Pure domain code: money, documents, NFC-e keys, coupons, sale rules. Imports nothing of ours
outside this package."""
