import type { ColumnType, Generated, JSONColumnType, Kysely, Transaction } from 'kysely';
// The shared vocabulary is a leaf module: the unions are declared there once and typed here.
import type { AlertStatus, Severity } from '../vocabulary/index.js';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
/** bigint columns arrive from pg as strings; ids stay strings end to end so nothing overflows. */
type BigId = ColumnType<string, string | number | bigint, string | number | bigint>;
/** A bigserial primary key: generated, never updated. */
type GeneratedBigId = ColumnType<string, string | number | undefined, never>;
type BigCount = ColumnType<string, string | number | bigint | undefined, string | number | bigint>;

export interface FeedsTable {
  name: string;
  kind: string;
  config: JSONColumnType<Record<string, unknown>>;
  enabled: Generated<boolean>;
  affiliation: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface FeedStateTable {
  feed: string;
  cursor: JSONColumnType<Record<string, unknown>>;
  last_poll_at: Timestamp | null;
  last_success_at: Timestamp | null;
  last_post_at: Timestamp | null;
  last_error: string | null;
  last_error_at: Timestamp | null;
  consecutive_failures: Generated<number>;
  backoff_until: Timestamp | null;
  posts_total: BigCount;
  skipped_total: BigCount;
  updated_at: Generated<Date>;
}

export interface PostsTable {
  id: GeneratedBigId;
  feed: string;
  external_id: string;
  author_id: string | null;
  author_handle: string | null;
  author_name: string | null;
  text: string;
  lang: string | null;
  published_at: Timestamp;
  url: string | null;
  links: JSONColumnType<string[]>;
  media: JSONColumnType<string[]>;
  edited: Generated<boolean>;
  deleted: Generated<boolean>;
  raw: JSONColumnType<Record<string, unknown>> | null;
  content_fingerprint: string | null;
  cluster_id: string | null;
  score: number | null;
  severity: string | null;
  analysis: JSONColumnType<Record<string, unknown>> | null;
  config_version: string | null;
  model_version: string | null;
  ingested_at: Generated<Date>;
  analyzed_at: Timestamp | null;
  /** Set when retention removed the post's content (only ids, times and fingerprints remain). */
  redacted_at: Timestamp | null;
  /** The text was cut to the stored bound (migration 0008). */
  truncated: Generated<boolean>;
  /** source | snowflake | fallback | fetched: where published_at came from (migration 0008). */
  published_at_source: Generated<string>;
}

export interface FailedPostsTable {
  id: GeneratedBigId;
  feed: string;
  external_id: string;
  post: JSONColumnType<Record<string, unknown>>;
  error: string;
  attempts: Generated<number>;
  failed_at: Generated<Date>;
  resolved_at: Timestamp | null;
}

export interface ConfigVersionsTable {
  id: Generated<number>;
  version: string;
  content: JSONColumnType<Record<string, unknown>>;
  author: string;
  comment: string | null;
  parent_id: number | null;
  active: Generated<boolean>;
  created_at: CreatedAt;
  /** yaml | import | ui | api (migration 0005). */
  source: Generated<string>;
  validation: JSONColumnType<Record<string, unknown>> | null;
  activated_at: Timestamp | null;
}

/** Every activation and rollback of a config version, newest last: rollback steps back through it. */
export interface ConfigActivationsTable {
  id: GeneratedBigId;
  version_id: number;
  previous_id: number | null;
  actor: string;
  action: string;
  created_at: Generated<Date>;
}

export interface AlertsTable {
  id: GeneratedBigId;
  place_id: string;
  place_name: string;
  /** The representative (highest-scoring) evidence's category. */
  category: string;
  /** Evidence posts per threat category: the incident's facets (migration 0007). */
  category_counts: ColumnType<Record<string, number>, string | undefined, string>;
  status: Generated<AlertStatus>;
  severity: Severity;
  max_score: number;
  post_count: Generated<number>;
  distinct_authors: Generated<number>;
  distinct_sources: Generated<number>;
  campaign: Generated<boolean>;
  first_seen: Timestamp;
  last_seen: Timestamp;
  representative_post_id: BigId | null;
  assignee: string | null;
  linked_alert_id: BigId | null;
  acknowledged_at: Timestamp | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface AlertPostsTable {
  alert_id: BigId;
  post_id: BigId;
  place_id: string;
  score: number;
  severity: Severity;
  category: string;
  explanation: JSONColumnType<Record<string, unknown>>;
  added_at: Generated<Date>;
  /** The post's, copied when the row is written (migration 0010). */
  published_at: Date;
  author: string | null;
  feed: string;
}

export interface AlertEventsTable {
  id: GeneratedBigId;
  alert_id: BigId;
  actor: string;
  action: string;
  from_status: AlertStatus | null;
  to_status: AlertStatus | null;
  note: string | null;
  data: JSONColumnType<Record<string, unknown>>;
  created_at: Generated<Date>;
}

export interface UsersTable {
  id: Generated<number>;
  email: string;
  role: string;
  password_hash: string | null;
  totp_secret: string | null;
  places: JSONColumnType<string[]>;
  disabled: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface NotificationsTable {
  id: GeneratedBigId;
  /** Null for a digest, which covers many alerts. */
  alert_id: BigId | null;
  route: string;
  channel: string;
  target: string | null;
  event: string;
  payload: JSONColumnType<Record<string, unknown>>;
  status: Generated<string>;
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  last_error: string | null;
  created_at: Generated<Date>;
  delivered_at: Timestamp | null;
  idempotency_key: string;
  leased_until: Timestamp | null;
  claims: Generated<number>;
  digest_key: string | null;
  subscription_id: BigId | null;
}

export interface SubscriptionsTable {
  id: GeneratedBigId;
  name: string;
  owner_user_id: number | null;
  places: ColumnType<'all' | string[], string, string>;
  min_severity: string;
  categories: JSONColumnType<string[]> | null;
  campaigns: Generated<boolean>;
  channel: string;
  target: string | null;
  detail: string | null;
  language: Generated<string>;
  digest: JSONColumnType<{ every: string; below: string }> | null;
  secret_encrypted: string | null;
  previous_secret_encrypted: string | null;
  previous_secret_expires_at: Timestamp | null;
  enabled: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface NotificationAttemptsTable {
  id: GeneratedBigId;
  notification_id: BigId;
  attempt: number;
  outcome: string;
  status_code: number | null;
  error: string | null;
  retry_after_ms: number | null;
  duration_ms: number;
  created_at: Generated<Date>;
}

export interface AlertEscalationsTable {
  alert_id: BigId;
  policy: string;
  step: Generated<number>;
  status: Generated<string>;
  next_at: Timestamp;
  started_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  csrf_token: string;
  stage: string;
  enrol_secret: string | null;
  ip: string | null;
  user_agent: string | null;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: Generated<Date>;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface LoginAttemptsTable {
  id: GeneratedBigId;
  email: string;
  ip: string | null;
  success: boolean;
  created_at: Generated<Date>;
}

export interface SilencesTable {
  id: GeneratedBigId;
  kind: string;
  place_id: string | null;
  phrase: string | null;
  reason: string;
  owner: string;
  created_by: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  ended_at: Timestamp | null;
  ended_by: string | null;
}

export interface AuditLogTable {
  id: GeneratedBigId;
  actor: string;
  action: string;
  subject_type: string;
  subject_id: string;
  before: JSONColumnType<Record<string, unknown>> | null;
  after: JSONColumnType<Record<string, unknown>> | null;
  created_at: Generated<Date>;
}

/** Operational alerts about feeds (failing, silent): "no data" must never look like "no threats". */
/** Guards re-polls and job retries: one row per source item ever stored, kept when its post's partition is dropped (migration 0009). */
export interface PostKeysTable {
  feed: string;
  external_id: string;
  /** The id the item's post was (or is about to be) stored under; from the posts id sequence. */
  post_id: GeneratedBigId;
}

/** A month's partition of posts (migration 0009): ids from_id (null: MINVALUE) up to, not including, to_id. */
export interface PostPartitionsTable {
  /** YYYY-MM, UTC. */
  month: string;
  table_name: string;
  from_id: string | null;
  to_id: string;
  created_at: Generated<Date>;
  /** Set when retention dropped the partition; the row stays as its record. */
  dropped_at: Timestamp | null;
}

export interface FeedAlertsTable {
  id: GeneratedBigId;
  feed: string;
  /** "failing" | "silent" */
  kind: string;
  detail: string;
  opened_at: Generated<Date>;
  last_checked_at: Generated<Date>;
  resolved_at: Timestamp | null;
}

/** The whole database as kysely sees it; one interface per table, named after it. */
export interface Database {
  feeds: FeedsTable;
  feed_state: FeedStateTable;
  posts: PostsTable;
  post_keys: PostKeysTable;
  post_partitions: PostPartitionsTable;
  failed_posts: FailedPostsTable;
  config_versions: ConfigVersionsTable;
  config_activations: ConfigActivationsTable;
  alerts: AlertsTable;
  alert_posts: AlertPostsTable;
  alert_events: AlertEventsTable;
  users: UsersTable;
  notifications: NotificationsTable;
  subscriptions: SubscriptionsTable;
  notification_attempts: NotificationAttemptsTable;
  alert_escalations: AlertEscalationsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_attempts: LoginAttemptsTable;
  silences: SilencesTable;
  audit_log: AuditLogTable;
  feed_alerts: FeedAlertsTable;
}

/** What a repository query runs on: the pool, or the transaction its caller opened. */
export type Db = Kysely<Database> | Transaction<Database>;
