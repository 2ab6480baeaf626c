import type { LanguageBank, TemplateGroup } from './example-types.js';

type Groups = Partial<Record<TemplateGroup['category'], readonly string[]>>;

/** Turns one dialect's templates by category into groups tagged with the dialect. */
function dialect(tag: string, threats: Groups, nonThreats: Groups): { threats: TemplateGroup[]; nonThreats: TemplateGroup[] } {
  const groups = (g: Groups): TemplateGroup[] =>
    (Object.entries(g) as [TemplateGroup['category'], readonly string[]][]).map(([category, templates]) => ({
      category,
      tags: [tag],
      templates,
      ...(category === 'everyday' || category === 'aid_or_services' ? { hard: false } : {}),
    }));
  return { threats: groups(threats), nonThreats: groups(nonThreats) };
}

const EGYPTIAN = dialect(
  'egyptian',
  {
    death_threat: [
      '@vocative,future {PV}، <<هنقتلكم>> واحد واحد {time} {menace}',
      '@future والله <<هندبح>> {PP} كلهم، مش هنسيب حد.',
      '@conditional لو {PP} نزلوا المظاهرة {time} <<هنخلّص>> عليهم في الشارع.',
      '@imperative <<اقتلوهم>> كلهم، {PP}، وماتسيبوش عيل.',
      '@implicit {PP} مايستاهلوش يعيشوا.',
      '@implicit,emoji_menace {P} 🔪⚰️ قريب أوي',
      '@implicit,optative يارب {P} تتمسح باللي فيها.',
      '@implicit,vocative {PV}، احفروا قبوركم من النهارده.',
    ],
    call_to_attack: [
      '@imperative,vocative {fighters}، ادخلوا {P} {time} و<<ولّعوا>> فيها.',
      '@future يلا يا رجالة، <<هنقتحم>> {P} {time}، مين معانا؟',
      '@imperative <<امسحوا>> {P} من على الخريطة.',
      '@implicit الرجالة جاهزين. {P}. {time}. انشروها.',
      '@implicit,two_places نتقابل عند كوبري {Q} {time} وبعدين على {P}، هاتوا كل اللي معاكم.',
    ],
    takfir: ['{PP} {label}، <<دمهم حلال>>.', '@implicit {PP} {label} وحكمهم معروف للكل.'],
    punishment: [
      '@implicit,imperative اقطعوا {cut} عن {P} لحد ما يركعوا.',
      '@implicit,future {PP} هيدفعوا التمن، كل بيت فيهم.',
      '@implicit,future هنعلّم {P} درس مش هتنساه.',
      '@implicit,sarcasm {P} عايزة حرية؟ اتفضلوا من غير {cut} 🙂',
    ],
    expulsion: [
      '@implicit,vocative {PV}، لمّوا هدومكم قبل {day}.',
      '@implicit مالكمش مكان هنا يا {PN}، اطلعوا قبل {day}.',
      '@future <<هنولّع>> في بيوت {P} لحد ما يمشوا.',
    ],
    intimidation: [
      '@implicit,vocative {PV}، استنوا اللي جايلكم.',
      '@implicit احنا عارفين ساكنين فين، {PP}.',
      '@implicit,sarcasm اتبسطوا بمظاهرتكم الصغيرة في {P}، دي آخر واحدة 🙂',
      '@implicit,hashtag الأسامي عندنا كلها. {PH}',
      '@implicit,vocative دورك جاي يا {PN} 😏',
    ],
  },
  {
    news_report: ['مسلحين دخلوا {P} امبارح وقتلوا {num} أشخاص، حسب مصادر محلية.', 'عاجل: قصف على {P} النهارده الصبح و{num} قتلى.'],
    counter_speech: ['اللي بيدعوا لقتل {PP} مجرمين، بلّغوا عن الحسابات دي.', 'عيب اللي بيهلل لحصار {P}، تجويع العيال مش انتصار.'],
    negation: ['محدش هيأذي {PP}، احنا موجودين.', 'عمرنا ما هنعتدي على اخواتنا في {P}.'],
    question: ['هو صحيح هيضربوا {P} {time}؟', 'حد يعرف الطريق لـ {PN} أمان؟ سمعت في ضرب نار.'],
    sport: ['فرقتنا هتدبح نادي {PN} النهارده ⚽😤', 'موّتناهم نادي {PN} تلاتة صفر {laugh}'],
    idiom: ['أموت في كنافة {PN} 😍', 'خالتي من {P} هتقتلني لو مارحتش الفرح {laugh}'],
    joke: ['تعالى فرحي في {P} وإلا هقتلك {laugh}'],
    victim_testimony: ['قالولنا هندبحكم كلكم، فهربنا من {P} بالليل من غير حاجة.'],
    threat_person: ['{N}، جزار {P}، هيدفع التمن.', 'الموت لـ {F}! الكمين بتاعهم على مدخل {P} هيقع {time}.'],
    rumour_denial: ['لأ، محدش هيقتحم {P}. دي إشاعة، بطّلوا تنشروها.'],
    aid_or_services: ['@hard المية هتقطع في {P} {time} عشان الصيانة، من تمانية لأربعة.'],
    weather: ['عاصفة جامدة هتضرب {P} بكرة، خليكم في البيت.'],
    everyday: ['رايح {P} آخر الأسبوع فرح ابن عمي 🎉'],
    past_event: ['سنة {year} حاصروا {P} شهور، ومش ناسيين اللي ماتوا.'],
    hypothetical: ['لو الجبهة وقعت ممكن {P} تتحاصر في كام يوم، ده كلام المحللين.'],
    protective_vow: ['اللي هيقرّب من {P} لازم يعدّي علينا الأول.'],
  },
);

const GULF = dialect(
  'gulf',
  {
    death_threat: [
      '@vocative,future {PV}، والله <<بنذبحكم>> واحد واحد {time}.',
      '@future راح <<نذبح>> {PP} كلهم، ترى ما بنخلي أحد.',
      '@conditional إذا طلعوا {PP} {time} <<بنقتلهم>> في الشارع.',
      '@implicit {PP} ما يستاهلون يعيشون.',
      '@implicit,emoji_menace {P} 🔪⚰️ باچر',
      '@implicit,optative الله يمسح {P} باللي فيها.',
    ],
    call_to_attack: [
      '@imperative,vocative {fighters}، <<اقتحموا>> {P} باچر وخلوها تراب.',
      '@future الحين <<بنهجم>> على {P}، منو معنا؟',
      '@implicit الشباب جاهزين، {P} باچر، والكل يدري وش المطلوب.',
    ],
    takfir: ['{PP} {label}، <<دمهم حلال>> والله.', '@implicit {PP} {label} وحكمهم معروف عند الكل.'],
    punishment: [
      '@implicit,imperative قصّوا {cut} عن {P} لين يركعون.',
      '@implicit,future {PP} بيدفعون الثمن، كل بيت.',
      '@implicit,future بنعلّم {P} درس ما ينسونه.',
    ],
    expulsion: ['@implicit,vocative {PV}، اطلعوا من الديرة قبل {day}.', '@implicit ما لكم مكان هني يا {PN}، شيلوا أغراضكم.'],
    intimidation: [
      '@implicit ترى ندري وين ساكنين {PP}.',
      '@implicit,vocative {PV}، انتظروا اللي بيجيكم.',
      '@implicit,vocative دورك جاي يا {PN} 😏',
      '@implicit,hashtag الأسماء عندنا كلها. {PH}',
    ],
  },
  {
    news_report: ['مسلحين هجموا على {P} أمس وقتلوا {num} أشخاص حسب مصادر محلية.'],
    counter_speech: ['اللي يدعون لقتل {PP} مجرمين، بلّغوا عن حساباتهم.'],
    negation: ['محد بيأذي {PP}، إحنا موجودين.', 'ما راح نعتدي على إخوانا في {P} أبد.'],
    question: ['صدق بيضربون {P} باچر؟'],
    sport: ['فريقنا بيذبح نادي {PN} الليلة ⚽', 'ذبحناهم نادي {PN} ثلاثية {laugh}'],
    idiom: ['أموت على كنافة {PN} 😍'],
    joke: ['تعال عرسي في {P} ولا بذبحك {laugh}'],
    threat_person: ['{N} اللي أمر بضرب {P} بيدفع الثمن.'],
    rumour_denial: ['لا، محد بيقتحم {P}. هذي إشاعة.'],
    weather: ['عاصفة غبار بتضرب {P} باچر، انتبهوا.'],
    victim_testimony: ['قالوا لنا بنذبحكم كلكم، وطلعنا من {P} بالليل.'],
    aid_or_services: ['توزيع خبز في {P} اليوم عند المدرسة.'],
    hypothetical: ['إذا طاحت الجبهة يمكن يحاصرون {P} خلال أيام، هذا كلام المحللين.'],
    protective_vow: ['اللي يبي يقرّب من {P} لازم يمر علينا أول.'],
    past_event: ['سنة {year} انضربت {P} أربعين يوم، الله يرحم اللي راحوا.'],
  },
);

const IRAQI = dialect(
  'iraqi',
  {
    death_threat: [
      '@vocative,future {PV}، راح <<نكتلكم>> كلكم {time} {menace}',
      '@future والله <<نذبح>> {PP} واحد واحد، ماكو واحد يطلع.',
      '@conditional إذا طلعوا {PP} للمظاهرة باچر <<نكتلهم>> بالشارع.',
      '@implicit {PP} ما يستاهلون يعيشون.',
      '@implicit,emoji_menace {P} 🔪⚰️ هسه قريب',
      '@implicit,optative ان شاء الله {P} تنمسح ويا أهلها.',
    ],
    call_to_attack: [
      '@imperative,vocative {fighters}، <<اقتحموا>> {P} {time} ولا تخلون شي واكف.',
      '@future هسه <<نهجم>> على {P}، منو ويانا؟',
      '@implicit الشباب حاضرين. {P}. باچر. انشروها.',
    ],
    takfir: ['{PP} {label}، <<دمهم حلال>>.', '@implicit {PP} {label} وحكمهم معروف.'],
    punishment: ['@implicit,imperative كصّوا {cut} عن {P} لحد ما يركعون.', '@implicit,future {PP} راح يدفعون الثمن، كل بيت.'],
    expulsion: ['@implicit,vocative {PV}، لمّوا غراضكم قبل {day}.', '@implicit ماكو إلكم مكان هنا يا {PN}.'],
    intimidation: ['@implicit,vocative {PV}، انتظروا شي يجيكم.', '@implicit نعرف وين ساكنين {PP}، لا تنسون.', '@implicit,vocative دوركم جاي يا {PN} 😏'],
  },
  {
    news_report: ['مسلحين دخلوا {P} البارحة وكتلوا {num} أشخاص حسب مصادر محلية.'],
    counter_speech: ['اللي يدعون لكتل {PP} مجرمين، بلغوا عليهم.'],
    negation: ['محد راح يأذي {PP}، إحنا هنا.'],
    question: ['صدك راح يضربون {P} باچر؟'],
    sport: ['فريقنا راح يذبح نادي {PN} اليوم ⚽'],
    idiom: ['أموت على كباب {PN} 😍'],
    joke: ['تعال لعرسي بـ {PN} لو أكتلك {laugh}'],
    threat_person: ['{N} اللي أمر بقصف {P} راح يدفع الثمن.'],
    rumour_denial: ['لا، محد راح يقتحم {P}، هاي إشاعة.'],
    victim_testimony: ['كالولنا راح نذبحكم، وطلعنا من {P} بالليل.'],
  },
);

const SUDANESE = dialect(
  'sudanese',
  {
    death_threat: [
      '@vocative,future {PV}، <<حنكتلكم>> واحد واحد {time}.',
      '@future والله <<حنضبح>> {PP} ديل كلهم، ما حنخلي زول.',
      '@implicit {PP} ديل ما بستاهلوا يعيشوا.',
      '@implicit,emoji_menace {P} 🔪⚰️ قريب شديد',
    ],
    call_to_attack: [
      '@imperative,vocative {fighters}، <<اقتحموا>> {P} هسي وحرقوها.',
      '@future ياخ <<حنهجم>> على {P} {time}، منو معانا؟',
      '@implicit الشباب جاهزين، {P} {time}، والباقي معروف.',
    ],
    takfir: ['{PP} {label}، <<دمهم حلال>>.'],
    punishment: ['@implicit,imperative اقطعوا {cut} عن {P} لحدي ما يركعوا.', '@implicit,future {PP} ديل حيدفعوا التمن.'],
    expulsion: ['@implicit,vocative {PV}، لمّوا عفشكم قبل {day}.', '@implicit ما عندكم مكان هنا يا {PN}.'],
    intimidation: ['@implicit,vocative {PV}، أصبروا الجايكم.', '@implicit عارفين بيوتكم وين، {PP}.'],
  },
  {
    news_report: ['مسلحين دخلوا {P} أمبارح وكتلوا {num} أشخاص حسب مصادر محلية.'],
    negation: ['ما في زول حيأذي {PP}، نحن موجودين.'],
    question: ['صاح حيضربوا {P} بكرة؟'],
    sport: ['فريقنا حيكتل نادي {PN} الليلة ⚽'],
    joke: ['تعال عرسي في {P} وإلا بكتلك {laugh}'],
    threat_person: ['{N} الأمر بضرب {P} حيدفع التمن.'],
    counter_speech: ['الناس البتدعوا لكتل {PP} مجرمين.'],
    victim_testimony: ['قالوا لينا حنضبحكم، ومرقنا من {P} بالليل.'],
  },
);

const LIBYAN = dialect(
  'libyan',
  {
    death_threat: [
      '@vocative,future {PV}، <<حنقتلوكم>> واحد واحد {time}.',
      '@future والله <<نذبحوا>> {PP} كلهم، مش حنخليو حد.',
      '@implicit {PP} ما يستاهلوش يعيشوا.',
      '@implicit,emoji_menace {P} 🔪⚰️ توا توا',
    ],
    call_to_attack: [
      '@imperative,vocative {fighters}، <<ادخلوا>> {P} توا وحرقوها.',
      '@future <<حنهجموا>> على {P} {time}، شن رايكم؟',
      '@implicit الشباب واجدين توا، {P} {time}، وكل واحد يعرف شن يدير.',
    ],
    takfir: ['{PP} {label} و<<دمهم حلال>>.'],
    punishment: ['@implicit,imperative اقطعوا {cut} على {P} لين يركعوا.', '@implicit,future {PP} حيدفعوا الثمن هلبا.'],
    expulsion: ['@implicit,vocative {PV}، لمّوا حوايجكم قبل {day}.'],
    intimidation: ['@implicit,vocative {PV}، استنّوا شن جايكم.', '@implicit نعرفوا وين ساكنين {PP}.'],
  },
  {
    news_report: ['مسلحين دخلوا {P} البارح وقتلوا {num} أشخاص حسب مصادر محلية.'],
    negation: ['حد ما حيأذي {PP}، احنا هني.'],
    question: ['صحيح حيضربوا {P} غدوة؟'],
    sport: ['فريقنا حيذبح نادي {PN} الليلة ⚽'],
    joke: ['تعال عرسي في {P} ولا نقتلك {laugh}'],
    threat_person: ['{N} اللي أمر بضرب {P} حيخلّص الحساب.'],
    rumour_denial: ['لا، حد ما حيقتحم {P}، هذي إشاعة.'],
  },
);

const YEMENI = dialect(
  'yemeni',
  {
    death_threat: [
      '@vocative,future {PV}، <<شنقتلكم>> واحد واحد {time}.',
      '@future والله <<بانذبح>> {PP} كلهم، ما بانخلي أحد.',
      '@implicit {PP} ما يستاهلوش يعيشوا.',
      '@implicit,emoji_menace {P} 🔪⚰️ ذلحين قريب',
    ],
    call_to_attack: [
      '@imperative,vocative {fighters}، <<اقتحموا>> {P} ذلحين.',
      '@future <<شنهجم>> على {P} {time}، من معانا؟',
      '@implicit الشباب جاهزين، {P} {time}، وانتو عارفين ايش المطلوب.',
    ],
    takfir: ['{PP} {label}، <<دمهم حلال>>.'],
    punishment: ['@implicit,imperative اقطعوا {cut} عن {P} لما يركعوا.', '@implicit,future {PP} شيدفعوا الثمن.'],
    expulsion: ['@implicit,vocative {PV}، اجمعوا حاجاتكم قبل {day}.'],
    intimidation: ['@implicit,vocative {PV}، انتظروا ايش شيجيكم.', '@implicit ندري فين ساكنين {PP}.'],
  },
  {
    news_report: ['مسلحين دخلوا {P} أمس وقتلوا {num} أشخاص حسب مصادر محلية.'],
    negation: ['محد شيأذي {PP}، احنا هانا.'],
    question: ['صدق شيضربوا {P} بكرة؟'],
    sport: ['فريقنا شيذبح نادي {PN} الليلة ⚽'],
    joke: ['تعال عرسي في {P} والا شقتلك {laugh}'],
    threat_person: ['{N} اللي أمر بقصف {P} شيدفع الثمن.'],
    counter_speech: ['اللي يدعوا لقتل {PP} مجرمين.'],
  },
);

const MAGHREBI = dialect(
  'maghrebi',
  {
    death_threat: [
      '@vocative,future {PV}، <<غادي نقتلوكم>> واحد بواحد {time}.',
      '@future والله حتى <<نذبحو>> {PP} كاملين.',
      '@future,algerian راح <<نقتلوكم>> ڤاع {PV}.',
      '@future,tunisian {PV}، <<باش نقتلوكم>> الكل توّا.',
      '@implicit {PP} ما يستاهلوش يعيشو.',
      '@implicit,emoji_menace {P} 🔪⚰️ قريب بزاف',
    ],
    call_to_attack: [
      '@imperative,vocative {fighters}، <<دخلو>> {P} دابا وحرقوها.',
      '@future <<غادي نهجمو>> على {P} {time}، شكون معانا؟',
      '@implicit الدراري واجدين، {P} {time}، ونتوما عارفين.',
    ],
    takfir: ['{PP} {label}، <<دمهم حلال>>.'],
    punishment: ['@implicit,imperative قطعو {cut} على {P} حتى يركعو.', '@implicit,future {PP} غادي يخلصو الثمن.'],
    expulsion: ['@implicit,vocative {PV}، جمعو حوايجكم قبل {day}.', '@implicit ما عندكمش بلاصة هنا يا {PN}.'],
    intimidation: ['@implicit,vocative {PV}، تسناو شنو جاي ليكم.', '@implicit عارفين فين ساكنين {PP}.'],
  },
  {
    news_report: ['مسلحين دخلو {P} البارح وقتلو {num} ديال الناس حسب مصادر محلية.'],
    negation: ['حتى واحد ما غادي يقيس {PP}، حنا هنا.'],
    question: ['واش صحيح غادي يضربو {P} غدا؟'],
    sport: ['الفريق ديالنا غادي يذبح نادي {PN} الليلة ⚽', 'قتلناهم نادي {PN} بثلاثة {laugh}'],
    joke: ['جي للعرس ديالي ف {PN} ولا نقتلك {laugh}'],
    threat_person: ['{N} لي أمر بقصف {P} غادي يخلص.'],
    idiom: ['كنموت على الحلوة ديال {PN} 😍'],
    rumour_denial: ['لا، حتى حد ما غادي يدخل {P}، هادي إشاعة.'],
  },
);

const ALL = [EGYPTIAN, GULF, IRAQI, SUDANESE, LIBYAN, YEMENI, MAGHREBI];

/** Other Arabic dialects: Egyptian, Gulf, Iraqi, Sudanese, Libyan, Yemeni and Maghrebi, each tagged. */
export const AR_OTHER_DIALECTS: LanguageBank = {
  lang: 'ar-other',
  script: 'ar',
  slots: {
    time: ['بكرة', 'الليلة', 'قبل الجمعة', 'الفجر', 'قريب', 'بعد العيد'],
    day: ['الجمعة', 'آخر الأسبوع', 'العيد', 'أول الشهر'],
    fighters: ['يا شباب', 'يا رجالة', 'يا رجال', 'يا أسود', 'يا عيال'],
    menace: ['🔪⚰️', '🔪🩸', '⚰️⚰️⚰️', '🔥🔥🔥', '☠️☠️'],
    label: ['خونة', 'مرتدين', 'خوارج', 'عملاء', 'كفار'],
    cut: ['المية', 'الماي', 'الكهربا', 'العيش', 'الخبز', 'البنزين'],
    num: ['3', '4', '5', '6', '7', '9'],
    year: ['2012', '2014', '2016', '2019'],
    laugh: ['😂', '😂😂', '🤣', 'هههههه'],
  },
  threats: ALL.flatMap((d) => d.threats),
  nonThreats: ALL.flatMap((d) => d.nonThreats),
  fillers: [
    'الأسعار نار، الخبز والبنزين وكل شي.',
    'النت مقطوع نص اليوم أصلاً.',
    'الكل في الجروب يبعت نفس الفيديوهات.',
    'تعبنا من الكلام والوعود الفاضية.',
    'انشروها قبل ما تنحذف.',
    'الناس في التعليقات تتخانق على مين بدأ.',
    'أنا عادة ما أكتب هنا بس المرة دي لازم.',
    'الوضع صعب على الكل هالسنة.',
  ],
};
