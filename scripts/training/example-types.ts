/** Shapes shared by the training-example generator's modules. */

export type Lang = 'en' | 'ar' | 'ar-lev' | 'ar-other' | 'arabizi';
export const LANGS: readonly Lang[] = ['en', 'ar', 'ar-lev', 'ar-other', 'arabizi'];

export type ThreatCategory = 'death_threat' | 'call_to_attack' | 'takfir' | 'punishment' | 'expulsion' | 'intimidation';

export type NonThreatCategory =
  | 'news_report'
  | 'counter_speech'
  | 'quotation'
  | 'negation'
  | 'question'
  | 'hypothetical'
  | 'past_event'
  | 'protective_vow'
  | 'sport'
  | 'weather'
  | 'idiom'
  | 'aid_or_services'
  | 'everyday'
  | 'victim_testimony'
  | 'threat_person'
  | 'rumour_denial'
  | 'joke';

/** Non-threats with a threat template's frame and a benign predicate (contrasts.ts). */
export type ContrastCategory = 'contrast';

export type Category = ThreatCategory | NonThreatCategory | ContrastCategory;
export type Severity = 'critical' | 'high' | 'medium';

export const SEVERITY: Readonly<Record<ThreatCategory, Severity>> = {
  death_threat: 'critical',
  call_to_attack: 'critical',
  takfir: 'critical',
  punishment: 'high',
  expulsion: 'high',
  intimidation: 'medium',
};

/**
 * Templates of one category in one language. A template is text with slots:
 * `{P}` the target place, `{PP}` its people, `{PV}` its people addressed (vocative), `{PH}` its hashtag,
 * `{Q}`/`{QP}` a second place (mentioned, never the target), `{F}` a faction, `{N}` a person,
 * `{name}` a slot of the language bank, `[a|b]` an inline choice, `<<word>>` a threat word that may be
 * obfuscated. A leading `@tag,tag ` adds phenomena (`implicit` marks an implicit threat; `soft` and
 * `hard` override the group's hard-negative flag).
 */
export interface TemplateGroup {
  readonly category: Category;
  /** Non-threats only: whether these texts name a place and use violent or threat vocabulary. */
  readonly hard?: boolean;
  /** Phenomena every template of the group shows (a dialect, code-switching). */
  readonly tags?: readonly string[];
  readonly templates: readonly string[];
}

export interface LanguageBank {
  readonly lang: Lang;
  /** Which script and frames place names are written in. */
  readonly script: 'en' | 'ar' | 'arabizi';
  readonly slots: Readonly<Record<string, readonly string[]>>;
  readonly threats: readonly TemplateGroup[];
  readonly nonThreats: readonly TemplateGroup[];
  /** Neutral sentences that pad a long rambling post around its one decisive sentence. */
  readonly fillers: readonly string[];
}

export interface ExampleRow {
  id: string;
  text: string;
  lang: Lang;
  label: 'threat' | 'not_threat';
  category: Category;
  severity?: Severity;
  hard_negative: boolean;
  phenomena: string[];
  target_place: string;
  /** Set on contrast rows: a non-threat built on a threat template's frame (as in the shared datasets). */
  contrast_of?: 'threat';
}
