#!/usr/bin/env python3
"""Check the public audit ledger of Sharaka (the commune of Aourir's partnerships platform).

Download the ledger from the portal (/portal/ledger.csv or /portal/ledger.json), then run:

    python3 verify_ledger.py aourir-ledger.csv      # or aourir-ledger.json

Standard library only. For each entry, in order of id: its previous_hash must equal the hash of the
entry before it ("" for the first), and its hash must equal SHA-256 of "previous_hash:content_hash".
Prints the head hash when the chain holds, or the id of the first broken entry (exit status 1).
Compare the head hash with the one shown on the portal's ledger page.
"""

import csv
import hashlib
import json
import sys


def entries(path):
    if path.endswith(".json"):
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)["entries"]
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def verify(rows):
    """Return (True, head hash) or (False, id of the first broken entry)."""
    previous = ""
    for row in sorted(rows, key=lambda r: int(r["id"])):
        expected = hashlib.sha256(f"{row['previous_hash']}:{row['content_hash']}".encode()).hexdigest()
        if row["previous_hash"] != previous or row["hash"] != expected:
            return False, row["id"]
        previous = row["hash"]
    return True, previous


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    ok, where = verify(entries(sys.argv[1]))
    if not ok:
        sys.exit(f"BROKEN at entry {where}")
    print(f"chain ok, head {where or '(empty)'}")
