"""Check posts.jsonl: parses, required fields, unique ids, known target places; print counts."""
import json, sys, collections, pathlib
import yaml
here = pathlib.Path(__file__).resolve().parent
root = here.parents[3]
names = {p["name"] for p in yaml.safe_load(open(root / "config/places.yaml", encoding="utf-8"))["places"]}
names |= {p["name"] for p in yaml.safe_load(open(here / "places.yaml", encoding="utf-8"))}
THREAT = {"death_threat", "call_to_attack", "punishment", "expulsion", "takfir", "intimidation", "threat_unmonitored"}
NON = {"news_report", "counter_speech", "quotation", "negation", "question", "hypothetical", "past_event", "protective", "sport",
       "weather", "idiom", "aid_or_services", "everyday", "victim_testimony", "threat_person", "rumour_denial", "joke"}
PHEN = {"obfuscation", "misspelled_place", "demonym", "hashtag_place", "vocative", "anaphora", "village_rollup", "nickname",
        "religious_framing", "emoji", "code_switch", "long_post", "implicit", "optative", "conditional", "sarcasm"}
UNMON = {"Aleppo", "Damascus", "Homs", "Hama", "Raqqa"}
ids, texts, errs, rows = set(), set(), [], []
for n, line in enumerate(open(here / "posts.jsonl", encoding="utf-8"), 1):
    try:
        r = json.loads(line)
    except Exception as e:
        errs.append(f"line {n}: {e}"); continue
    rows.append(r)
    for k in ("id", "lang", "text", "label", "target_place", "category", "hard_negative", "phenomena"):
        if k not in r: errs.append(f"{n}: missing {k}")
    if r["id"] in ids: errs.append(f"{n}: dup id")
    ids.add(r["id"])
    if r["text"] in texts: errs.append(f"{n}: dup text")
    texts.add(r["text"])
    if r["lang"] not in {"arabizi", "ar-lev", "en"}: errs.append(f"{n}: lang")
    if r["target_place"] not in names: errs.append(f"{n}: unknown place {r['target_place']}")
    if r["label"] == "threat":
        if r["category"] not in THREAT or r.get("severity") not in {"critical", "high", "medium"} or r["hard_negative"]:
            errs.append(f"{n}: threat fields")
        if (r["category"] == "threat_unmonitored") != (r["target_place"] in UNMON): errs.append(f"{n}: unmonitored mismatch")
    elif r["label"] == "not_threat":
        if r["category"] not in NON or "severity" in r: errs.append(f"{n}: non-threat fields")
        if r["hard_negative"] and r["target_place"] in UNMON: errs.append(f"{n}: hard negative on unmonitored place")
    else:
        errs.append(f"{n}: label")
    if set(r["phenomena"]) - PHEN: errs.append(f"{n}: phenomena {set(r['phenomena']) - PHEN}")
print("rows", len(rows), "errors", len(errs)); [print(" ", e) for e in errs]
C = collections.Counter
print("lang×label", sorted(C((r["lang"], r["label"]) for r in rows).items()))
print("label", dict(C(r["label"] for r in rows)))
print("category", sorted(C((r["label"], r["category"]) for r in rows).items()))
nt = [r for r in rows if r["label"] == "not_threat"]
print("hard_negative", sum(r["hard_negative"] for r in nt), "of", len(nt))
print("phenomena", sorted(C(p for r in rows for p in r["phenomena"]).items()))
th = [r for r in rows if r["label"] == "threat"]
print("implicit threats", sum("implicit" in r["phenomena"] for r in th), "of", len(th))
shipped = {p for p in names} & ({r["target_place"] for r in rows})
print("places", sorted(C(r["target_place"] for r in rows).items()))
sys.exit(1 if errs else 0)
