"""Printed slips (not fiscal documents): built from the store as blocks (`build`), laid out into
fixed-width lines (`layout`), printed by Qt in ui/ (preview, any printer, PDF) or straight to an
ESC/POS thermal printer (`thermal`). `printer` keeps which printer this terminal uses."""
