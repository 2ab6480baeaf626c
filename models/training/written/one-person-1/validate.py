#!/usr/bin/env python3
"""Check one-person-1/posts.jsonl: JSON, ids, key order, allowed values, label/category/severity consistency,
places (known; a listed spelling, demonym or child village present unless misspelled_place), unique texts,
pair structure (src/pairs.json), and print counts. Exit 1 on any error."""
import json, pathlib, re, sys, unicodedata
from collections import Counter, defaultdict
import yaml

HERE = pathlib.Path(__file__).parent
CONFIG = HERE.parents[3] / "config" / "places.yaml"
N_EXPECTED = 160
KEYS_T = ["id", "text", "lang", "label", "target_place", "category", "severity", "hard_negative", "phenomena"]
KEYS_N = ["id", "text", "lang", "label", "target_place", "category", "hard_negative", "phenomena"]
LANGS = {"en", "ar", "ar-lev", "ar-other", "arabizi"}
SEV = {"death_threat": {"critical"}, "call_to_attack": {"critical"}, "takfir": {"critical"},
       "punishment": {"high"}, "expulsion": {"high"}, "intimidation": {"medium", "high"}}
PHEN = {"implicit", "conditional", "misspelled_place", "religious_framing", "demonym", "vocative", "emoji",
        "hashtag_place", "obfuscation", "long_post", "village_rollup", "nickname"}

def norm(s):
    s = unicodedata.normalize("NFKD", s.lower())
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub("[\u0640\u064b-\u065f]", "", s)              # tatweel, harakat
    s = s.translate(str.maketrans("أإآةى", "اااهي"))
    return re.sub(r"[\-'’ʿ]", " ", s)

def spellings(p):
    out = {p["name"], p.get("name_ar", "")}
    for d in (p.get("aliases") or {}, p.get("demonyms") or {}):
        for v in d.values():
            out.update(v or [])
    return {norm(x) for x in out if x}

errors = []
cfg = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))["places"]
inv = yaml.safe_load((HERE / "places.yaml").read_text(encoding="utf-8"))
names = {}
for p in cfg + inv:
    names[p["name"]] = p
by_id = {p["id"]: p for p in cfg + inv}
child_spell = defaultdict(set)
for p in cfg:
    if p.get("parent"):
        child_spell[by_id[p["parent"]]["name"]] |= spellings(p)

rows, texts = [], Counter()
for ln, line in enumerate((HERE / "posts.jsonl").read_text(encoding="utf-8").splitlines(), 1):
    try:
        r = json.loads(line)
    except json.JSONDecodeError as e:
        errors.append(f"line {ln}: bad JSON {e}"); continue
    rows.append(r)
    rid = r.get("id")
    if rid != f"wop-{ln:04d}":
        errors.append(f"line {ln}: id {rid!r} out of order")
    keys = list(r)
    if r.get("label") == "threat":
        if keys != KEYS_T: errors.append(f"{rid}: key order {keys}")
        if r["category"] not in SEV: errors.append(f"{rid}: threat category {r['category']}")
        elif r["severity"] not in SEV[r["category"]]: errors.append(f"{rid}: severity {r['severity']} for {r['category']}")
        if r["hard_negative"] is not False: errors.append(f"{rid}: threat with hard_negative")
    elif r.get("label") == "not_threat":
        if keys != KEYS_N: errors.append(f"{rid}: key order {keys}")
        if r["category"] != "threat_person": errors.append(f"{rid}: not_threat category {r['category']}")
        if r["hard_negative"] is not True: errors.append(f"{rid}: threat_person without hard_negative")
    else:
        errors.append(f"{rid}: label {r.get('label')!r}")
    if r.get("lang") not in LANGS: errors.append(f"{rid}: lang {r.get('lang')!r}")
    if not isinstance(r.get("text"), str) or not r["text"].strip(): errors.append(f"{rid}: empty text")
    bad = set(r.get("phenomena", [])) - PHEN
    if bad: errors.append(f"{rid}: unknown phenomena {bad}")
    if len(set(r["phenomena"])) != len(r["phenomena"]): errors.append(f"{rid}: duplicate phenomena")
    place = names.get(r.get("target_place"))
    if not place:
        errors.append(f"{rid}: unknown place {r.get('target_place')!r}"); continue
    if place.get("monitored") is False: errors.append(f"{rid}: unmonitored place")
    t = norm(r["text"])
    direct = any(s in t for s in spellings(place))
    child = any(s in t for s in child_spell.get(place["name"], ()))
    if "village_rollup" in r["phenomena"]:
        if not child or not place["name"] == "Darat Izza": errors.append(f"{rid}: village_rollup without a child village")
    elif "misspelled_place" in r["phenomena"]:
        if direct: errors.append(f"{rid}: misspelled_place but a listed spelling is present")
    elif not direct:
        errors.append(f"{rid}: no listed spelling of {place['name']} in text")
    if r["lang"] == "arabizi" and not re.search(r"[2357]", r["text"]): errors.append(f"{rid}: arabizi without digits")
    if r["lang"] in {"ar", "ar-lev", "ar-other"} and not re.search("[\u0600-\u06ff]", r["text"]): errors.append(f"{rid}: not Arabic script")
    texts[r["text"]] += 1

errors += [f"duplicate text: {t[:60]}" for t, c in texts.items() if c > 1]
if len(rows) != N_EXPECTED: errors.append(f"{len(rows)} rows, expected {N_EXPECTED}")
if len({r['id'] for r in rows}) != len(rows): errors.append("duplicate ids")

# pairs: each matched pair = one not_threat + one threat, same place and language
idx = {r["id"]: r for r in rows}
pairs = json.loads((HERE / "src" / "pairs.json").read_text(encoding="utf-8"))
n_pairs = 0
for key, ids in pairs.items():
    rs = [idx[i] for i in ids]
    if key.startswith("u"):
        if len(rs) != 1: errors.append(f"unpaired {key} has {len(rs)} rows")
        continue
    n_pairs += 1
    if sorted(r["label"] for r in rs) != ["not_threat", "threat"]: errors.append(f"pair {key}: labels")
    if len({r["target_place"] for r in rs}) != 1 or len({r["lang"] for r in rs}) != 1: errors.append(f"pair {key}: place/lang differ")

# counts
lab = Counter(r["label"] for r in rows)
print("rows", len(rows), "| labels", dict(lab), "| matched pairs", n_pairs, "| unpaired", len(pairs) - n_pairs)
langs = ["en", "ar", "ar-lev", "ar-other", "arabizi"]
print("\n| label | category | severity | " + " | ".join(langs) + " | total |")
tab = Counter((r["label"], r["category"], r.get("severity", "-"), r["lang"]) for r in rows)
for key in sorted({k[:3] for k in tab}, key=lambda k: (k[0] != "threat", k[1], k[2])):
    print(f"| {key[0]} | {key[1]} | {key[2]} | " + " | ".join(str(tab[key + (l,)]) for l in langs) + f" | {sum(tab[key + (l,)] for l in langs)} |")
lc = Counter(r["lang"] for r in rows)
print("| all | | | " + " | ".join(str(lc[l]) for l in langs) + f" | {len(rows)} |")
print("\nlanguage shares:", {l: f"{100*lc[l]/len(rows):.0f}%" for l in langs})
for lb in ("threat", "not_threat"):
    print(f"phenomena ({lb}):", dict(Counter(p for r in rows if r["label"] == lb for p in r["phenomena"]).most_common()))
pl = Counter((r["target_place"], r["label"]) for r in rows)
print("\nper place (threat/not_threat):")
for p in sorted({r["target_place"] for r in rows}):
    print(f"  {p}: {pl[(p, 'threat')]}/{pl[(p, 'not_threat')]}")
unused = [n for n, p in names.items() if p.get("monitored") is not False and not p.get("parent") and n not in {r['target_place'] for r in rows}]
print("monitored towns not used:", unused)
print(f"\n{len(errors)} errors")
for e in errors:
    print("  ", e)
sys.exit(1 if errors else 0)
