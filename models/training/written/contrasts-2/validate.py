# Checks posts.jsonl and places.yaml of the written contrast set `contrasts-2` and prints counts.
# Adapted from models/training/written/contrasts-1/validate.py. Overlap is checked against contrasts-1 and the
# scenarios dev set only (this set's author did not read test/fixtures; see README).
import json, yaml, collections, sys, re, glob, os
D = os.path.dirname(os.path.abspath(__file__)) + "/"
MAIN = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../..")) + "/"
cfg = yaml.safe_load(open(MAIN + "config/places.yaml"))
mine = yaml.safe_load(open(D + "places.yaml"))
err = 0
def bad(*a):
    global err; err += 1; print("ERROR", *a)
# places.yaml: list of entries, ids unique, no clash with config ids or names
cfg_ids = {p["id"] for p in cfg["places"]}; cfg_names = {p["name"].lower() for p in cfg["places"]}
if not isinstance(mine, list): bad("places.yaml is not a list")
my_ids = [p["id"] for p in mine]
for k, n in collections.Counter(my_ids).items():
    if n > 1: bad("duplicate place id", k)
for p in mine:
    for k in ("id","name","name_ar","kind","aliases","demonyms"):
        if k not in p: bad("place field missing", p.get("id"), k)
    if p["id"] in cfg_ids or p["name"].lower() in cfg_names: bad("place clashes with config/places.yaml", p["id"])
monitored = {p["name"].lower() for p in cfg["places"] if p.get("monitored", True)} | {p["name"].lower() for p in mine}
names = cfg_names | {p["name"].lower() for p in mine}
KEYS_T = ["id","text","lang","label","target_place","category","severity","hard_negative","phenomena"]
KEYS_N = ["id","text","lang","label","target_place","category","hard_negative","phenomena"]
LANGS = {"ar","ar-lev","ar-other","arabizi","en"}
TC = {"death_threat","call_to_attack","punishment","expulsion","takfir","intimidation","threat_unmonitored"}
NC = {"news_report","counter_speech","quotation","negation","question","hypothetical","past_event","protective","sport","weather","idiom","aid_or_services","everyday","victim_testimony","threat_person","rumour_denial","joke"}
PH = {"obfuscation","misspelled_place","demonym","hashtag_place","vocative","anaphora","village_rollup","nickname","religious_framing","emoji","code_switch","long_post","implicit","optative","conditional","sarcasm"}
def norm(s):
    s = s.lower()
    s = re.sub("[\u064B-\u0652\u0640]", "", s)
    s = re.sub("[أإآ]", "ا", s).replace("ة", "ه").replace("ى", "ي")
    return re.sub(r"[#_\-'’.]", " ", s)
spell = {}
for p in mine:
    al = [a for v in p["aliases"].values() for a in v] + [d for v in p["demonyms"].values() for d in v] + [p["name"], p["name_ar"]]
    spell[p["name"].lower()] = {re.sub(r"\s+", " ", norm(a)).strip() for a in al}
rows, ids, texts = [], [], set()
for i, ln in enumerate(open(D + "posts.jsonl", encoding="utf-8"), 1):
    try: r = json.loads(ln)
    except Exception as e: bad("json", i, e); continue
    want = KEYS_T if r.get("label") == "threat" else KEYS_N
    if list(r.keys()) != want: bad("keys/order", i, list(r.keys()))
    if r.get("id") != f"wc2-{i:04d}": bad("id not in order", i, r.get("id"))
    ids.append(r.get("id"))
    t = r.get("text", "")
    if not t.strip(): bad("empty text", r["id"])
    if t in texts: bad("duplicate text", r["id"])
    texts.add(t)
    if r.get("lang") not in LANGS: bad("lang", r["id"])
    tp = r.get("target_place", "").lower()
    if tp not in names: bad("unknown place", r["id"], r.get("target_place"))
    ph = r.get("phenomena", [])
    if not isinstance(ph, list) or set(ph) - PH or len(set(ph)) != len(ph): bad("phenomena", r["id"], ph)
    if r["label"] == "threat":
        if r["category"] not in TC or r.get("severity") not in ("critical","high","medium") or r["hard_negative"] is not False: bad("bad threat", r["id"])
        if (r["category"] == "threat_unmonitored") == (tp in monitored): bad("threat_unmonitored vs monitored place", r["id"])
    elif r["label"] == "not_threat":
        if r["category"] not in NC or "severity" in r or "implicit" in ph or "optative" in ph: bad("bad nt", r["id"])
        if not isinstance(r["hard_negative"], bool) or (r["hard_negative"] and tp not in monitored): bad("hard_negative on unmonitored", r["id"])
    else: bad("bad label", r["id"])
    if tp in spell:   # invented places: the post must use a listed spelling
        nt = " " + re.sub(r"\s+", " ", norm(t)) + " "
        if not any(s in nt for s in spell[tp]): bad("no listed spelling of", r["target_place"], "in", r["id"])
    rows.append(r)
if len(set(ids)) != len(ids): bad("duplicate ids")
# no copied text: flag any 6-word sequence shared with the fresh challenge batches or mixed-2
def grams(s, n=6):
    w = norm(s).split(); return {" ".join(w[k:k+n]) for k in range(len(w)-n+1)}
ref = set()
for f in [MAIN + "models/training/written/contrasts-1/posts.jsonl", os.path.join(MAIN, "../shared/datasets/scenarios/dev.jsonl")]:
    for ln in open(f, encoding="utf-8"):
        ref |= grams(json.loads(ln)["text"])
for r in rows:
    o = grams(r["text"]) & ref
    if o: bad("6-gram overlap with contrasts-1/scenarios", r["id"], sorted(o)[:2])
# severity by category (same rule as contrasts-1/src/build.py)
for r in rows:
    if r["label"] != "threat": continue
    c, ph = r["category"], r["phenomena"]
    want = {"death_threat":"critical","call_to_attack":"critical","takfir":"critical","punishment":"high","expulsion":"high","intimidation":"medium"}.get(c, "high" if "implicit" in ph else "critical")
    if "optative" in ph: want = "high"
    if r["severity"] != want: bad("severity", r["id"], c, r["severity"])
C = collections.Counter
print("rows", len(rows), "errors", err)
print("label", dict(C(r["label"] for r in rows)))
print("lang x label x category", sorted(C((r["lang"], r["label"], r["category"]) for r in rows).items()))
print("lang x label", sorted(C((r["lang"], r["label"]) for r in rows).items()))
print("category", sorted(C((r["label"], r["category"]) for r in rows).items()))
print("severity", sorted(C(r.get("severity") for r in rows if r["label"]=="threat").items()))
nt = [r for r in rows if r["label"]=="not_threat"]
print("hard_negative", sum(r["hard_negative"] for r in nt), "of", len(nt))
print("phenomena", sorted(C(p for r in rows for p in r["phenomena"]).items(), key=lambda x:-x[1]))
print("invented-place rows", sum(r["target_place"].lower() in spell for r in rows))
print("places", sorted(C((r["target_place"], r["label"]) for r in rows).items()))
sys.exit(1 if err else 0)
