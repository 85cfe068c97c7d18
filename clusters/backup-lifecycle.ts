// How long the clouds keep backup objects, from the database's retention. Barman expires backups
// itself (ObjectStore retentionPolicy) but keeps the newest base backup the recovery window still
// needs, which can be older than the window by one backup interval; the storage lifecycle is the
// safety net behind it and must never delete first.

/** A week past the retention: longer than any base-backup interval this program accepts. */
export const lifecycleMarginDays = 7;
/** Deleted or overwritten versions stay this long, so a mistaken delete can be undone. */
export const noncurrentVersionDays = 7;

export function backupLifecycleDays(retentionDays: number): number {
    return retentionDays + lifecycleMarginDays;
}
