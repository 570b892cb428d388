"""Services a running process starts: the sync service (client, drainer, puller, scheduler) and demo mode's wiring to the stand-in."""
