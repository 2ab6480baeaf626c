import json, yaml, collections, sys
D = "/work/main/models/training/written/mixed-2/"
cfg = yaml.safe_load(open("/work/main/config/places.yaml"))
names = {p["name"].lower() for p in cfg["places"]}
mine = yaml.safe_load(open(D + "places.yaml"))
names |= {p["name"].lower() for p in mine}
REQ = ["id","text","lang","label","target_place","category","hard_negative","phenomena"]
TC = {"death_threat","call_to_attack","punishment","expulsion","takfir","intimidation","threat_unmonitored"}
NC = {"news_report","counter_speech","quotation","negation","question","hypothetical","past_event","protective","sport","weather","idiom","aid_or_services","everyday","victim_testimony","threat_person","rumour_denial","joke"}
rows, ids, err = [], set(), 0
for i, ln in enumerate(open(D + "posts.jsonl", encoding="utf-8"), 1):
    r = json.loads(ln)
    for k in REQ:
        if k not in r: print("missing", k, i); err += 1
    if r["id"] in ids: print("dup", r["id"]); err += 1
    ids.add(r["id"])
    if r["target_place"].lower() not in names: print("unknown place", r["target_place"]); err += 1
    if r["label"] == "threat":
        if r["category"] not in TC or r.get("severity") not in ("critical","high","medium") or r["hard_negative"]: print("bad threat", r["id"]); err += 1
    elif r["label"] == "not_threat":
        if r["category"] not in NC or "severity" in r or "implicit" in r["phenomena"]: print("bad nt", r["id"]); err += 1
    else: print("bad label", r["id"]); err += 1
    rows.append(r)
C = collections.Counter
print("rows", len(rows), "errors", err)
print("lang x label", sorted(C((r["lang"], r["label"]) for r in rows).items()))
print("category", sorted(C((r["label"], r["category"]) for r in rows).items()))
print("severity", sorted(C(r.get("severity") for r in rows if r["label"]=="threat").items()))
nt = [r for r in rows if r["label"]=="not_threat"]
print("hard_negative", sum(r["hard_negative"] for r in nt), "of", len(nt))
print("phenomena", sorted(C(p for r in rows for p in r["phenomena"]).items(), key=lambda x:-x[1]))
syr = {p["name"].lower() for p in cfg["places"]}
print("shipped-place rows", sum(r["target_place"].lower() in syr for r in rows))
print("places", sorted(C(r["target_place"] for r in rows).items(), key=lambda x:-x[1]))
sys.exit(1 if err else 0)
