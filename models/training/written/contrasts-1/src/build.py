# Expands the hand-written lines in src/*.txt (lang|T/N|place|category|flags|text) to posts.jsonl.
# flags: phenomena tags, plus H = hard_negative. emoji / long_post are auto-tagged.
import json, random, re, glob, os
D = os.path.dirname(os.path.abspath(__file__))
ORDER = ["obfuscation","misspelled_place","demonym","hashtag_place","vocative","anaphora","village_rollup","nickname",
         "religious_framing","emoji","code_switch","long_post","implicit","optative","conditional","sarcasm"]
EMO = re.compile("[\U0001F300-\U0001FAFF\u2600-\u27BF\u2B50\u2B55]")
rows = []
for f in ["en.txt","ar.txt","lev.txt","other.txt","arabizi.txt"]:
    for ln in open(os.path.join(D, f), encoding="utf-8"):
        ln = ln.rstrip("\n")
        if not ln.strip(): continue
        lang, lab, place, cat, flags, text = ln.split("|", 5)
        fl = [x for x in flags.split(",") if x]
        hard = "H" in fl
        ph = set(x for x in fl if x != "H")
        if EMO.search(text): ph.add("emoji")
        if len(text.split()) >= 45: ph.add("long_post")
        unknown = ph - set(ORDER)
        assert not unknown, (unknown, ln)
        r = {"id": None, "text": text.strip(), "lang": lang, "label": "threat" if lab == "T" else "not_threat",
             "target_place": place, "category": cat}
        if lab == "T":
            if cat in ("death_threat","call_to_attack","takfir"): sev = "critical"
            elif cat in ("punishment","expulsion"): sev = "high"
            elif cat == "intimidation": sev = "medium"
            else: sev = "high" if "implicit" in ph else "critical"   # threat_unmonitored
            if "optative" in ph: sev = "high"
            r["severity"] = sev
            assert not hard, ln
        r["hard_negative"] = hard
        r["phenomena"] = [p for p in ORDER if p in ph]
        rows.append(r)
random.Random(20261201).shuffle(rows)
with open(os.path.join(D, "..", "posts.jsonl"), "w", encoding="utf-8") as out:
    for i, r in enumerate(rows, 1):
        r["id"] = f"wc1-{i:04d}"
        out.write(json.dumps(r, ensure_ascii=False) + "\n")
print(len(rows))
