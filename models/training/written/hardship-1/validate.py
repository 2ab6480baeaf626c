#!/usr/bin/env python3
"""Check hardship-1/posts.jsonl: 240 rows, JSON, ids, key order, allowed values, severity by category,
places (known in config/places.yaml or ./places.yaml; threat_unmonitored iff unmonitored), every text names
its target place (an alias, demonym or, for Darat Izza, a village alias, after the matcher's basic folding),
unique texts. Prints counts. Exit code 1 on any error."""
import json, re, sys, unicodedata
from collections import Counter, defaultdict
from pathlib import Path
import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
N_ROWS, PREFIX = 240, 'wh1-'
KEYS = ['id', 'text', 'lang', 'label', 'target_place', 'category', 'severity', 'hard_negative', 'phenomena']
LANGS = ['ar', 'ar-lev', 'ar-other', 'arabizi', 'en']
T_CATS = ['death_threat', 'call_to_attack', 'punishment', 'expulsion', 'takfir', 'intimidation', 'threat_unmonitored']
N_CATS = ['news_report', 'counter_speech', 'quotation', 'negation', 'question', 'hypothetical', 'past_event',
          'protective', 'sport', 'weather', 'idiom', 'aid_or_services', 'everyday', 'victim_testimony',
          'threat_person', 'rumour_denial', 'joke']
SEV = {'death_threat': {'critical'}, 'call_to_attack': {'critical'}, 'takfir': {'critical'},
       'punishment': {'high'}, 'expulsion': {'high'}, 'intimidation': {'medium'},
       'threat_unmonitored': {'critical', 'high', 'medium'}}
PHEN = ['obfuscation', 'misspelled_place', 'demonym', 'hashtag_place', 'vocative', 'anaphora', 'village_rollup',
        'nickname', 'religious_framing', 'emoji', 'code_switch', 'long_post', 'implicit', 'optative',
        'conditional', 'sarcasm']
EMOJI = re.compile('[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF]')


def fold(s):
    s = unicodedata.normalize('NFKC', s).lower()
    s = re.sub(r"['’]s\b", '', s)                          # possessive: Idlib's
    s = re.sub('[\u064b-\u0652\u0670\u0640]', '', s)          # diacritics, tatweel
    s = s.translate(str.maketrans({'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا', 'ة': 'ه', 'ى': 'ي', 'گ': 'ك',
                                   "'": '', '’': '', 'ʿ': '', 'ʾ': '', '‘': ''}))
    s = ''.join(unicodedata.normalize('NFD', c)[0] for c in s)  # Dārat -> darat
    s = re.sub(r'[#_\-]', ' ', s)
    return re.sub(r'\s+', ' ', s).strip()


def load_places():
    cfg = yaml.safe_load((ROOT / 'config' / 'places.yaml').read_text(encoding='utf-8'))
    extra = yaml.safe_load((HERE / 'places.yaml').read_text(encoding='utf-8')) or []
    by_id, names = {}, {}
    for src, lst in (('config', cfg['places']), ('set', extra)):
        for p in lst:
            p = dict(p, _src=src)
            by_id[p['id']] = p
    forms = defaultdict(set)
    for p in by_id.values():
        top = p
        while top.get('parent'):
            top = by_id[top['parent']]
        names[top['name']] = top
        fs = forms[top['name']]
        fs.update([p['name'], p.get('name_ar', '')])
        for d in (p.get('aliases') or {}, p.get('demonyms') or {}):
            for v in d.values():
                fs.update(v or [])
    for k in forms:
        forms[k] = {fold(x) for x in forms[k] if x}
        forms[k] |= {f.replace(' ', '') for f in forms[k]}      # joined hashtag forms
        forms[k] |= {f[3:] for f in forms[k] if f.startswith(('al ', 'el ', 'ad '))}
        forms[k] |= {f[2:] for f in forms[k] if f.startswith('ال')}
    return names, forms, {p['name'] for p in by_id.values() if p['_src'] == 'set'}


def names_place(text, fs):
    t = fold(text)
    for f in fs:
        if re.search('[\u0600-\u06ff]', f):
            if f in t:
                return True
        elif re.search(r'(?<![a-z0-9])' + re.escape(f) + r'(?![a-z0-9])', t):
            return True
    return False


def main():
    errs = []
    names, forms, invented = load_places()
    path = HERE / 'posts.jsonl'
    lines = path.read_text(encoding='utf-8').splitlines()
    if len(lines) != N_ROWS:
        errs.append(f'{len(lines)} lines, expected {N_ROWS}')
    rows, texts = [], Counter()
    for i, line in enumerate(lines, 1):
        try:
            r = json.loads(line)
        except json.JSONDecodeError as e:
            errs.append(f'line {i}: bad JSON {e}'); continue
        rows.append(r)
        where = f"line {i} ({r.get('id')})"
        if list(r) != KEYS:
            errs.append(f'{where}: keys {list(r)}')
        if r.get('id') != f'{PREFIX}{i:04d}':
            errs.append(f'{where}: id out of order')
        if r['lang'] not in LANGS:
            errs.append(f'{where}: lang {r["lang"]}')
        if r['label'] == 'threat':
            if r['category'] not in T_CATS:
                errs.append(f'{where}: category {r["category"]}')
            elif r['severity'] not in SEV[r['category']]:
                errs.append(f'{where}: severity {r["severity"]} for {r["category"]}')
            if r['hard_negative'] is not False:
                errs.append(f'{where}: hard_negative on a threat')
        elif r['label'] == 'not_threat':
            if r['category'] not in N_CATS:
                errs.append(f'{where}: category {r["category"]}')
            if r['severity'] is not None:
                errs.append(f'{where}: severity on a non-threat')
            if not isinstance(r['hard_negative'], bool):
                errs.append(f'{where}: hard_negative not bool')
        else:
            errs.append(f'{where}: label {r["label"]}')
        place = r['target_place']
        if place not in names:
            errs.append(f'{where}: unknown place {place}')
        else:
            unmon = names[place].get('monitored') is False
            if (r['category'] == 'threat_unmonitored') != (unmon and r['label'] == 'threat'):
                errs.append(f'{where}: threat_unmonitored vs monitored mismatch for {place}')
            if r['hard_negative'] and unmon:
                errs.append(f'{where}: hard_negative on an unmonitored place')
            if not names_place(r['text'], forms[place]):
                errs.append(f'{where}: text does not name {place}')
        ph = r['phenomena']
        if not isinstance(ph, list) or any(p not in PHEN for p in ph) or len(set(ph)) != len(ph):
            errs.append(f'{where}: phenomena {ph}')
        if ('emoji' in ph) != bool(EMOJI.search(r['text'])):
            errs.append(f'{where}: emoji tag mismatch')
        if ('long_post' in ph) != (len(r['text'].split()) >= 45):
            errs.append(f'{where}: long_post tag mismatch')
        if 'implicit' in ph and r['label'] != 'threat':
            errs.append(f'{where}: implicit on a non-threat')
        texts[r['text']] += 1
    errs += [f'duplicate text: {t[:60]}' for t, c in texts.items() if c > 1]
    used = {r['target_place'] for r in rows}
    errs += [f'places.yaml entry {p} not used' for p in invented - used]

    # ---- counts
    print(f'{len(rows)} rows')
    lab = Counter(r['label'] for r in rows)
    print('labels:', dict(lab), ' hard_negative:', sum(r['hard_negative'] for r in rows))
    print('\nlabel/category x lang')
    tab = Counter((r['label'], r['category'], r['lang']) for r in rows)
    print(f'{"":34}' + ''.join(f'{l:>9}' for l in LANGS) + f'{"total":>8}')
    for lb in ('threat', 'not_threat'):
        for c in sorted({k[1] for k in tab if k[0] == lb}):
            print(f'{lb + " " + c:34}' + ''.join(f'{tab[(lb, c, l)]:>9}' for l in LANGS)
                  + f'{sum(tab[(lb, c, l)] for l in LANGS):>8}')
        print(f'{lb + " ALL":34}' + ''.join(f'{sum(v for k, v in tab.items() if k[0] == lb and k[2] == l):>9}'
                                             for l in LANGS) + f'{lab[lb]:>8}')
    lc = Counter(r['lang'] for r in rows)
    print(f'{"all":34}' + ''.join(f'{lc[l]:>9}' for l in LANGS) + f'{len(rows):>8}')
    print('\nseverity:', dict(Counter(r['severity'] for r in rows if r['label'] == 'threat')))
    print('\nphenomena (threat / not_threat):')
    for p in PHEN:
        a = sum(p in r['phenomena'] for r in rows if r['label'] == 'threat')
        b = sum(p in r['phenomena'] for r in rows if r['label'] != 'threat')
        if a or b:
            print(f'  {p:18} {a:4} {b:4}')
    print('\nplaces (threat / not_threat / hard_negative):')
    pc = defaultdict(lambda: [0, 0, 0])
    for r in rows:
        pc[r['target_place']][0 if r['label'] == 'threat' else 1] += 1
        pc[r['target_place']][2] += r['hard_negative']
    for p, (a, b, h) in sorted(pc.items(), key=lambda x: -sum(x[1][:2])):
        print(f'  {p + (" *" if p in invented else ""):22} {a:4} {b:4} {h:4}')
    print('\n' + (f'{len(errs)} errors' if errs else '0 errors'))
    for e in errs:
        print('  ' + e)
    return 1 if errs else 0


if __name__ == '__main__':
    sys.exit(main())
