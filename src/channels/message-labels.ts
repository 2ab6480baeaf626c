/** Words of messages in each language officers read; Arabic is rendered right-to-left. */
export interface MessageLabels {
  readonly severity: Readonly<Record<string, string>>;
  readonly category: Readonly<Record<string, string>>;
  readonly event: Readonly<Record<string, string>>;
  readonly place: string;
  readonly severityLabel: string;
  readonly threat: string;
  readonly evidence: (posts: number, accounts: number) => string;
  readonly open: string;
  readonly openMinimal: string;
  readonly unacknowledged: (minutes: number, tier: number) => string;
  readonly digestTitle: (count: number, every: string) => string;
  readonly more: (count: number) => string;
}

export const EN: MessageLabels = {
  severity: { critical: 'CRITICAL', high: 'HIGH', medium: 'MEDIUM', low: 'LOW', none: 'NONE' },
  category: {
    death_threat: 'death threat',
    call_to_attack: 'call to attack',
    punishment: 'threat of punishment',
    expulsion: 'threat of expulsion',
    takfir: 'takfir',
    intimidation: 'intimidation',
  },
  event: { opened: 'New alert', escalated: 'Escalated: coordinated campaign', reopened: 'Reopened', escalation: 'Not acknowledged' },
  place: 'Place',
  severityLabel: 'Severity',
  threat: 'Threat',
  evidence: (posts, accounts) => `${posts} post${posts === 1 ? '' : 's'} from ${accounts} account${accounts === 1 ? '' : 's'}`,
  open: 'Open the alert',
  openMinimal: 'Details (sign-in required)',
  unacknowledged: (minutes, tier) => `not acknowledged after ${minutes} min (escalation tier ${tier})`,
  digestTitle: (count, every) => `${every === 'daily' ? 'Daily' : 'Hourly'} summary: ${count} alert${count === 1 ? '' : 's'}`,
  more: (count) => `and ${count} more`,
};

export const AR: MessageLabels = {
  severity: { critical: 'حرجة', high: 'مرتفعة', medium: 'متوسطة', low: 'منخفضة', none: 'لا شيء' },
  category: {
    death_threat: 'تهديد بالقتل',
    call_to_attack: 'دعوة إلى الهجوم',
    punishment: 'تهديد بالعقاب',
    expulsion: 'تهديد بالتهجير',
    takfir: 'تكفير',
    intimidation: 'ترهيب',
  },
  event: { opened: 'تنبيه جديد', escalated: 'تصعيد: حملة منسّقة', reopened: 'إعادة فتح', escalation: 'لم يُستلم' },
  place: 'المكان',
  severityLabel: 'الخطورة',
  threat: 'التهديد',
  evidence: (posts, accounts) => `${posts} منشور من ${accounts} حساب`,
  open: 'فتح التنبيه',
  openMinimal: 'التفاصيل (يتطلب تسجيل الدخول)',
  unacknowledged: (minutes, tier) => `لم يُستلم بعد ${minutes} دقيقة (مستوى التصعيد ${tier})`,
  digestTitle: (count, every) => `${every === 'daily' ? 'ملخص يومي' : 'ملخص كل ساعة'}: ${count} تنبيه`,
  more: (count) => `و${count} غيرها`,
};
