/** Posts: the stored posts (analysed or failed) and their queries. Public face of src/posts. */
export {
  claimPostKeys,
  findStoredKeys,
  insertAnalyzedPosts,
  insertClaimedPosts,
  postKey,
  recordFailedPost,
  updateSourceMarkers,
  type StoredPost,
} from './post-repository.js';
export { POST_ROW_ELEMENTS } from './post-rows-json.js';
export { clearFailedPosts, countFailedPosts, listFailedPosts, readFailedPosts, type FailedPostRecord, type FailedPostView } from './failed-post-repository.js';
export {
  ensurePostPartitions,
  ensurePostPartitionsForMonth,
  listPostPartitions,
  monthBaseId,
  monthOf,
  monthStart,
  nextMonth,
  type PostPartition,
} from './post-partitions.js';
