/**
 * The invented places, factions and people the generated examples talk about. None is a real
 * place: the names are plausible Levantine/Arabic compounds checked against config/places.yaml.
 * `demonymPlural` lists the forms used for "the X people" in texts; they are also written out as
 * demonyms in models/training/generated-places.yaml so that a matcher loaded with it finds them.
 */

export interface InventedPlace {
  readonly id: string;
  readonly name: string;
  readonly name_ar: string;
  readonly kind: 'town' | 'city' | 'village' | 'neighbourhood' | 'camp';
  readonly parent?: string;
  readonly aliases: { readonly en: readonly string[]; readonly ar: readonly string[]; readonly arabizi: readonly string[] };
  readonly demonyms?: { readonly en: readonly string[]; readonly ar: readonly string[] };
  /** Plural/collective demonyms (a subset of `demonyms`) that read as "the people of X". */
  readonly demonymPlural?: { readonly en: readonly string[]; readonly ar: readonly string[] };
}

type Kind = InventedPlace['kind'];

/** Compact constructor: names per script separated by `/`, demonyms as "singular/plural…". */
function place(
  id: string,
  kind: Kind,
  en: string,
  ar: string,
  arabizi: string,
  parent?: string,
  dem?: { en: string; ar: string; enPlural: string; arPlural: string },
): InventedPlace {
  const split = (s: string) =>
    s
      .split('/')
      .map((x) => x.trim())
      .filter(Boolean);
  const enNames = split(en);
  const arNames = split(ar);
  return {
    id,
    kind,
    name: enNames[0]!,
    name_ar: arNames[0]!,
    ...(parent ? { parent } : {}),
    aliases: { en: enNames, ar: arNames, arabizi: split(arabizi) },
    ...(dem
      ? {
          demonyms: { en: [...split(dem.en), ...split(dem.enPlural)], ar: [...split(dem.ar), ...split(dem.arPlural)] },
          demonymPlural: { en: split(dem.enPlural), ar: split(dem.arPlural) },
        }
      : {}),
  };
}

export const INVENTED_PLACES: readonly InventedPlace[] = [
  place('ras-al-mirwah', 'city', 'Ras al-Mirwah/Ras Mirwah/Ras el-Mirwah', 'راس المرواح/رأس المرواح', 'ras el mirwa7/ras mirwa7/ras el merwa7', undefined, {
    en: 'Mirwahi',
    enPlural: 'Mirwahis',
    ar: 'مرواحي/مرواحية',
    arPlural: 'المراوحة/المرواحية',
  }),
  place('deir-qanateer', 'city', 'Deir Qanateer/Dayr Qanatir/Deir Qanatir', 'دير قناطير/دير القناطير', 'deir 2anater/dayr qanatir/deir qanateer', undefined, {
    en: 'Qanateeri',
    enPlural: 'Qanateeris',
    ar: 'قناطيري',
    arPlural: 'القناطيرية',
  }),
  place('nahr-ghassan', 'city', 'Nahr Ghassan/Nahr Ghasan', 'نهر غسان/نهر غسّان', 'nahr ghassan/na7r 8assan/na7r ghassan', undefined, {
    en: 'Nahri',
    enPlural: 'Nahris',
    ar: 'نهراوي',
    arPlural: 'النهراوية',
  }),
  place('kafr-hasmeen', 'town', 'Kafr Hasmeen/Kafr Hasmin/Kfar Hasmeen', 'كفر حسمين/كفرحسمين', 'kafr 7asmeen/kfr 7asmin/kafr hasmeen', undefined, {
    en: 'Hasmeeni',
    enPlural: 'Hasmeenis',
    ar: 'حسميني',
    arPlural: 'الحسامنة',
  }),
  place('marj-ghazlan', 'town', 'Marj Ghazlan/Marj Ghuzlan', 'مرج غزلان', 'marj ghazlan/marj 8azlan/marj gazlan', undefined, {
    en: 'Ghazlani',
    enPlural: 'Ghazlanis',
    ar: 'غزلاني',
    arPlural: 'الغزالنة',
  }),
  place('beit-sawwan', 'town', 'Beit Sawwan/Bait Sawan/Beit Sawan', 'بيت صوان/بيت صوّان', 'beit sawwan/bet 9awwan/beit 9awan', undefined, {
    en: 'Sawwani',
    enPlural: 'Sawwanis',
    ar: 'صواني',
    arPlural: 'الصوانية',
  }),
  place('jisr-rawdan', 'town', 'Jisr Rawdan/Jisr al-Rawdan/Jsir Rawdan', 'جسر روضان/جسر الروضان', 'jesr rawdan/jisr rawdan/jser rawdan', undefined, {
    en: 'Rawdani',
    enPlural: 'Rawdanis',
    ar: 'روضاني',
    arPlural: 'الروضانية',
  }),
  place('kafr-lubaya', 'town', 'Kafr Lubaya/Kafr Lbaya', 'كفر لبايا', 'kafr lbaya/kafr lubaya/kfr lbaya', undefined, {
    en: 'Lubayawi',
    enPlural: 'Lubayawis',
    ar: 'لبياوي',
    arPlural: 'اللبياوية',
  }),
  place('ain-dafla', 'town', 'Ain Dafla/Ein Dafla/Ayn Difla', 'عين دفلى/عين الدفلى', '3ein defle/3ain dafla/ein difla', undefined, {
    en: 'Daflawi',
    enPlural: 'Daflawis',
    ar: 'دفلاوي',
    arPlural: 'الدفلاوية',
  }),
  place('deir-khattar', 'town', 'Deir Khattar/Dayr Khattar/Deir Khatar', 'دير خطار/دير خطّار', 'deir 5attar/dayr khattar/deir 5atar', undefined, {
    en: 'Khattari',
    enPlural: 'Khattaris',
    ar: 'خطاري',
    arPlural: 'الخطارية',
  }),
  place('kafr-bastoun', 'town', 'Kafr Bastoun/Kafr Bastun', 'كفر بسطون', 'kafr bastoun/kfr bas6oun/kafr bastun', undefined, {
    en: 'Bastouni',
    enPlural: 'Bastounis',
    ar: 'بسطوني',
    arPlural: 'البساطنة',
  }),
  place('sabkhat-marwan', 'town', 'Sabkhat Marwan/Sabkha Marwan', 'سبخة مروان/سبخه مروان', 'sab5et marwan/sabkhat marwan', undefined),
  place(
    'khan-dabbagh',
    'town',
    'Khan Dabbagh/Khan al-Dabbagh/Khan Dabagh',
    'خان الدباغ/خان الدبّاغ/خان دباغ',
    '5an el dabba8/khan dabbagh/5an dabbagh',
    undefined,
    { en: 'Dabbaghi', enPlural: 'Dabbaghis', ar: 'دباغي', arPlural: 'الدباغية' },
  ),
  place('kafr-marsoud', 'town', 'Kafr Marsoud/Kafr Marsud', 'كفر مرصود', 'kafr mar9oud/kafr marsoud/kfr marsud', undefined, {
    en: 'Marsoudi',
    enPlural: 'Marsoudis',
    ar: 'مرصودي',
    arPlural: 'المراصدة',
  }),
  place('mashta-zuhur', 'town', 'Mashta Zuhur/Mashta al-Zuhur/Mashta Zhour', 'مشتى الزهور', 'mashta el zhour/mashta zuhur/meshta zhour', undefined),
  place('qurnat-halwa', 'town', 'Qurnat Halwa/Qornet Halwa', 'قرنة حلوى/قرنة الحلوى', '2ornet 7alwa/qurnat halwa', undefined, {
    en: 'Qurnawi',
    enPlural: 'Qurnawis',
    ar: 'قرناوي',
    arPlural: 'القرناوية',
  }),
  place('tell-wardeh', 'village', 'Tell Wardeh/Tal Wardeh/Tel Warda', 'تل وردة/تل ورده', 'tal warde/tel wardeh/tall wardeh', 'kafr-hasmeen'),
  place('ain-qurmal', 'village', 'Ain Qurmal/Ein Qurmal/Ayn Qurmul', 'عين قرمل', '3ein 2urmol/ain qurmal/3ein qurmal', 'kafr-hasmeen'),
  place('umm-sarawil', 'village', 'Umm Sarawil/Um Sarawel', 'أم سراويل/ام سراويل', 'om sarawel/umm sarawil/im sarawel', 'marj-ghazlan'),
  place(
    'khirbet-nadhur',
    'village',
    'Khirbet Nadhur/Khirbat Nazour/Khirbet Nazur',
    'خربة ناضور/خربة الناضور',
    '5erbet nadour/khirbet nazour/5erbet na9our',
    'marj-ghazlan',
  ),
  place('sawmaat-yunus', 'village', 'Sawmaat Yunus/Sawmaat Younes', 'صومعة يونس', '9awma3et younes/sawma3at yunus', 'marj-ghazlan'),
  place('qasr-bidawi', 'village', 'Qasr Bidawi/Qasr al-Bidawi/Qasr Bedawi', 'قصر البيداوي/قصر بيداوي', '2a9r bidawi/qasr bedawi/2asr el bidawi', 'jisr-rawdan'),
  place('ruwaysat-hilal', 'village', 'Ruwaysat Hilal/Rweiset Hlal', 'رويسة هلال/رويسه هلال', 'rwaiset hlal/ruwaysat hilal', 'jisr-rawdan'),
  place('tell-shahbour', 'village', 'Tell Shahbour/Tal Shahbour/Tel Shahbur', 'تل شهبور', 'tal sha7bour/tel shahbour', 'kafr-lubaya'),
  place('mazraat-al-ruzz', 'village', 'Mazraat al-Ruzz/Mazraet el-Rez', 'مزرعة الرز/مزرعه الرز', 'mazra3et el roz/mazraat al ruzz', 'kafr-lubaya'),
  place('umm-al-qasab', 'village', 'Umm al-Qasab/Um el-Qasab', 'أم القصب/ام القصب', 'om el 2a9ab/umm al qasab', 'ain-dafla'),
  place('jubb-hamdan', 'village', 'Jubb Hamdan/Jeb Hamdan', 'جب حمدان/جبّ حمدان', 'jeb 7amdan/jubb hamdan', 'ain-dafla'),
  place('bir-shamlan', 'village', 'Bir Shamlan/Beer Shamlan', 'بير شملان/بئر شملان', 'bir shamlan/beer shamlan', 'deir-khattar'),
  place('maqam-shihab', 'village', 'Maqam Shihab/Maqam Shehab', 'مقام شهاب', 'ma2am shehab/maqam shihab', 'deir-khattar'),
  place('hammam-nisreen', 'village', 'Hammam Nisreen/Hamam Nisrin', 'حمام نسرين', '7ammam nisreen/hammam nisreen', 'kafr-bastoun'),
  place('tell-kharnoub', 'village', 'Tell Kharnoub/Tal Kharnub', 'تل خرنوب/تل الخرنوب', 'tal 5arnoub/tell kharnoub', 'kafr-bastoun'),
  place('tuffahiyeh', 'village', 'Tuffahiyeh/al-Tuffahiyeh/Toffahiyye', 'التفاحية/تفاحية', 'tuffa7iyye/toffa7iye/tuffahiyeh', 'sabkhat-marwan'),
  place('shiqaq-al-nada', 'village', 'Shiqaq al-Nada/Shqaq el-Nada', 'شقاق الندى', 'shqa2 el nada/shiqaq al nada', 'sabkhat-marwan'),
  place('wadi-sulaf', 'village', 'Wadi Sulaf/Wadi Slaf', 'وادي سلاف', 'wadi slaf/wadi sulaf', 'khan-dabbagh'),
  place('nabe-al-rihan', 'village', 'Nabe al-Rihan/Nabaa el-Rihan', 'نبع الريحان', 'nabe3 el re7an/nabaa el rihan', 'khan-dabbagh'),
  place('tall-ghurab', 'village', 'Tall Ghurab/Tal el-Ghurab', 'تل الغراب/تل غراب', 'tal el 8orab/tall ghurab/tal el ghrab', 'beit-sawwan'),
  place('rujm-safwan', 'village', 'Rujm Safwan/Rujum Safwan', 'رجم صفوان', 'rojm 9afwan/rujm safwan', 'kafr-marsoud'),
  place('dahr-qandila', 'village', 'Dahr Qandila/Dahr el-Qandila', 'ضهر قنديلة/ضهر القنديلة', 'da7r 2andile/dahr qandila', 'kafr-marsoud'),
  place('umm-kharaza', 'village', 'Umm Kharaza/Um Khraze', 'أم خرزة/ام خرزة', 'om 5araze/umm kharaza', 'mashta-zuhur'),
  place(
    'ain-suhaila-camp',
    'camp',
    'Ain Suhaila camp/Ein Suhaila camp/Ain Suhaila',
    'مخيم عين سهيلة/عين سهيلة',
    'mo5ayyam 3ein s7eile/3ein s7eile/ain suhaila',
    'nahr-ghassan',
  ),
  place('hay-al-jawasiq', 'neighbourhood', 'Hay al-Jawasiq/Jawasiq district', 'حي الجواسق', '7ay el jawase2/hay al jawasiq', 'ras-al-mirwah'),
  place('harat-al-sawaqi', 'neighbourhood', 'Harat al-Sawaqi/Haret el-Sawaqi', 'حارة السواقي/حاره السواقي', '7aret el sawa2i/harat al sawaqi', 'ras-al-mirwah'),
  place('tell-al-rumman', 'neighbourhood', 'Tell al-Rumman/Tal el-Rumman', 'تل الرمان/تل الرمّان', 'tal el rommen/tell al rumman', 'deir-qanateer'),
  place('hay-al-mudarraj', 'neighbourhood', 'Hay al-Mudarraj/Mudarraj district', 'حي المدرج/حي المدرّج', '7ay el mdarraj/hay al mudarraj', 'deir-qanateer'),
  place('hay-al-karawan', 'neighbourhood', 'Hay al-Karawan/Karawan district', 'حي الكروان', '7ay el karawan/hay al karawan', 'nahr-ghassan'),
  place('bustan-al-laymun', 'neighbourhood', 'Bustan al-Laymun/Bustan el-Leymoun', 'بستان الليمون', 'bustan el laymoun/bestan el leymoun', 'nahr-ghassan'),
];

export interface InventedActor {
  readonly id: string;
  readonly en: readonly string[];
  readonly ar: readonly string[];
  readonly arabizi: readonly string[];
}

/** Invented armed factions: the targets of the threat_person negatives (a threat to a faction is not one to a place). */
export const INVENTED_FACTIONS: readonly InventedActor[] = [
  {
    id: 'black-storm-brigade',
    en: ['the Black Storm Brigade', 'Liwa al-Asifa al-Sawda'],
    ar: ['لواء العاصفة السوداء'],
    arabizi: ['liwa2 el 3asifa el sawda', 'liwa el 3asfe'],
  },
  { id: 'valley-shield', en: ['the Valley Shield companies', 'Saraya Dir al-Wadi'], ar: ['سرايا درع الوادي'], arabizi: ['saraya dir3 el wadi'] },
  { id: 'red-dawn', en: ['the Red Dawn battalions', 'Kataib al-Fajr al-Ahmar'], ar: ['كتائب الفجر الأحمر'], arabizi: ['kata2eb el fajr el a7mar'] },
  { id: 'army-of-spears', en: ['the Army of Spears', 'Jaysh al-Rimah'], ar: ['جيش الرماح'], arabizi: ['jaysh el rma7', 'jesh el rima7'] },
  { id: 'coast-falcons', en: ['the Coast Falcons division', 'Firqat Suqur al-Sahil'], ar: ['فرقة صقور الساحل'], arabizi: ['fer2et s2oor el sa7el'] },
];

/** Invented commanders and officials. */
export const INVENTED_PERSONS: readonly InventedActor[] = [
  { id: 'abu-sakhr', en: ['Abu Sakhr al-Hadidi', 'Abu Sakhr'], ar: ['أبو صخر الحديدي', 'ابو صخر'], arabizi: ['abu sa5r', 'abu sa5r el 7adidi'] },
  { id: 'nizar-hawwash', en: ['Colonel Nizar Hawwash', 'Hawwash'], ar: ['العقيد نزار حواش', 'حواش'], arabizi: ['nizar 7awwash', '7awwash'] },
  { id: 'ayman-qandaqji', en: ['Ayman Qandaqji', 'Sheikh Ayman Qandaqji'], ar: ['الشيخ أيمن قنداقجي', 'قنداقجي'], arabizi: ['ayman 2anda2ji', '2anda2ji'] },
  { id: 'khaled-burhum', en: ['Khaled Burhum', 'commander Burhum'], ar: ['خالد برهوم', 'القائد برهوم'], arabizi: ['5aled barhoum', 'barhoum'] },
  { id: 'abu-hamza-tarrab', en: ['Abu Hamza Tarrab', 'Tarrab'], ar: ['أبو حمزة طراب', 'طراب'], arabizi: ['abu 7amza 6arrab', '6arrab'] },
  { id: 'wissam-daqqaq', en: ['Wissam Daqqaq', 'the mayor Daqqaq'], ar: ['وسام دقاق', 'المختار دقاق'], arabizi: ['wissam da22a2', 'da22a2'] },
];
