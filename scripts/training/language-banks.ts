import { AR_LEVANTINE } from './ar-levantine.js';
import { AR_MSA } from './ar-msa.js';
import { AR_OTHER_DIALECTS } from './ar-other-dialects.js';
import { ARABIZI } from './arabizi.js';
import { EN } from './en.js';
import type { Lang, LanguageBank } from './example-types.js';

/** The template bank of each language group. */
export const BANKS: Readonly<Record<Lang, LanguageBank>> = {
  en: EN,
  ar: AR_MSA,
  'ar-lev': AR_LEVANTINE,
  'ar-other': AR_OTHER_DIALECTS,
  arabizi: ARABIZI,
};
