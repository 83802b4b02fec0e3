"""IATI: reading what partners publish (`reading.py`). The files Sharaka writes are in `portal/iati/`."""
