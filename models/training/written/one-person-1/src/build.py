#!/usr/bin/env python3
"""Expand the hand-written lines in src/*.txt into ../posts.jsonl.

Line format: pair|lang|N/T|target_place|category|severity|flags|text
  N = a threat against one person tied to the place: label not_threat, category threat_person, hard_negative true.
  T = the same scene turned against the town/its people: label threat, hard_negative false.
pair: pNN/aNN/lNN/oNN/zNN = matched pair (N and T lines share it); uNN/uaN/uzN = unpaired.
Rows are shuffled with a fixed seed and numbered wop-0001..wop-0160.
"""
import json, random, pathlib

SRC = pathlib.Path(__file__).parent
rows = []
for name in ("en.txt", "ar.txt", "arabizi.txt"):
    for ln, line in enumerate((SRC / name).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("|", 7)
        assert len(parts) == 8, (name, ln, line)
        pair, lang, nt, place, cat, sev, flags, text = parts
        row = {"id": None, "text": text.strip(), "lang": lang}
        if nt == "N":
            row.update(label="not_threat", target_place=place, category=cat)
            assert not sev, (name, ln)
            row["hard_negative"] = True
        elif nt == "T":
            row.update(label="threat", target_place=place, category=cat, severity=sev)
            row["hard_negative"] = False
        else:
            raise SystemExit(f"{name}:{ln}: bad N/T {nt!r}")
        row["phenomena"] = [f for f in flags.split(",") if f]
        row["_pair"] = pair
        rows.append(row)

random.Random(20261217).shuffle(rows)
out = SRC.parent / "posts.jsonl"
pairs = {}
with out.open("w", encoding="utf-8") as fh:
    for i, row in enumerate(rows, 1):
        row["id"] = f"wop-{i:04d}"
        pairs.setdefault(row.pop("_pair"), []).append(row["id"])
        fh.write(json.dumps(row, ensure_ascii=False) + "\n")
# pair -> ids map, for reviewers
(SRC / "pairs.json").write_text(json.dumps(pairs, indent=0, ensure_ascii=False), encoding="utf-8")
print(f"wrote {len(rows)} rows to {out}")
